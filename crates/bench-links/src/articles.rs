//! Synthetic articles written from real cables in the ways the press uses
//! them: quoting a passage (in sentence case), naming the id, describing the
//! cable without quoting it, or writing about the leak in general. Each
//! article knows the link it should have, so the benchmark also reports how
//! many it found at scale.

use cablescope_format::Record;
use cablescope_format::tables::origins;

/// What an article does with its cable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// Quotes a passage.
    Quotes,
    /// Names the id.
    Names,
    /// Describes it without quoting.
    Describes,
    /// Writes about the leak in general (no cable).
    General,
}

/// One synthetic article.
pub struct Article {
    /// The text (headline, byline, date, body).
    pub text: String,
    /// What it does.
    pub uses: Use,
    /// The cable it uses.
    pub cable: String,
}

const FILLER: &str = "The document was among hundreds of thousands of diplomatic \
cables released by WikiLeaks, which published them together with several newspapers. \
Officials declined to comment on the contents of the leaked material on Tuesday, and \
the embassy did not respond to written questions sent by our correspondent.";

const GENERAL: &str = "The State Department said the release of the cables was \
reckless and could put lives at risk, and the prime minister said the government would \
review its procedures. Human rights groups were divided over the publication, while \
supporters of the leak held vigils in several cities over the weekend.";

fn sentence_case(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => lower,
    }
}

/// Write the article of kind `k` about `rec` (stored under `id`).
pub fn write(k: usize, id: &str, rec: &Record) -> Option<Article> {
    let uses = match k % 10 {
        0..=3 => Use::Quotes,
        4 | 5 => Use::Names,
        6..=8 => Use::Describes,
        _ => Use::General,
    };
    let origin = rec.origin.as_ref()?;
    let place = origins()
        .by_id(&origin.id)
        .map(|e| e.header_name.clone())
        .unwrap_or_else(|| origin.id.clone());
    let place = sentence_case(&place);
    let country = origin.country.clone().unwrap_or_else(|| place.clone());
    let subject = rec.subject.clone().unwrap_or_default().to_lowercase();
    let year = rec
        .created
        .as_deref()
        .and_then(|d| d.get(..4))
        .unwrap_or("2008");
    let para = rec
        .paragraphs
        .iter()
        .find(|p| p.text.split_whitespace().count() >= 30 && !p.text.contains("XXXX"))?;
    let words: Vec<&str> = para.text.split_whitespace().collect();
    let body = match uses {
        Use::Quotes => {
            let quote = sentence_case(&words[4..22].join(" "));
            format!(
                "{place} - American diplomats in {country} reported in {year} that \"{quote}\", according to a cable seen by this newspaper.\n\n{FILLER}"
            )
        }
        Use::Names => {
            let named = if k.is_multiple_of(2) {
                id.to_string()
            } else {
                let serial: String = id
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                format!("cable {} {place} {serial}", &id[..2])
            };
            format!(
                "{place} - Our report draws on {named}, sent by the embassy in {year}, which readers can find in the archive.\n\n{FILLER}"
            )
        }
        Use::Describes => {
            // Content words of the paragraph, in another order, lower case: a paraphrase.
            let mut content: Vec<String> = words
                .iter()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .filter(|w| w.len() > 5)
                .collect();
            content.dedup();
            content.reverse();
            content.truncate(14);
            format!(
                "{place} - A cable from {year} about {subject} shows how diplomats in {country} saw events. It speaks of {}.\n\n{FILLER}",
                content.join(", ")
            )
        }
        Use::General => format!("WASHINGTON - {GENERAL}\n\n{FILLER}"),
    };
    let text = format!(
        "What the cables said about {country}\n\nBy Bench Writer\nJune {}, 2011\n\n{body}\n",
        k % 28 + 1
    );
    Some(Article {
        text,
        uses,
        cable: id.to_string(),
    })
}
