//! WikiLeaks PlusD pages (`/plusd/cables/1974ATHENS02959_b.html`): a synopsis
//! table of `s_key`/`s_val` pairs (Date, Canonical ID, Original and Current
//! Classification, TAGS, From, To, ...) and tabbed panes ("Content", "Raw
//! content", "Metadata"). The cable text is read from the "Raw content" pane
//! (the "Content" pane splits the header from the text); the table is kept as
//! [`SourceMeta`] with `from: "plusd_page"`.

use scraper::{ElementRef, Html, Selector};

use crate::record::{Form, Record, SourceMeta};

/// Whether the text is a PlusD page.
pub fn is_plusd_page(html: &str) -> bool {
    let has = |s: &str| memchr::memmem::find(html.as_bytes(), s.as_bytes()).is_some();
    (has("class=\"s_key\"") && has("class=\"pane-header\""))
        || (has("/plusd/") && has("s_val") && has("Canonical ID"))
}

/// The parts of a PlusD page.
#[derive(Debug, Clone, Default)]
pub struct PlusdParts {
    /// The cable text ("Raw content" pane, else "Content").
    pub text: String,
    /// Which pane the text came from (`raw_content`, `content`, or empty).
    pub pane: &'static str,
    /// The synopsis table.
    pub meta: SourceMeta,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("*").expect("valid selector"))
}

fn text_of(e: ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `1974 May 17, 16:00 (Friday)` -> `1974-05-17T16:00:00Z`.
pub fn plusd_date(s: &str) -> Option<String> {
    let mut it = s.split_whitespace();
    let y: i32 = it.next()?.parse().ok()?;
    let m = crate::dtg::month_number(it.next()?)?;
    let d: u32 = it.next()?.trim_end_matches(',').parse().ok()?;
    let (h, mi) = match it.next().and_then(|t| t.split_once(':')) {
        Some((h, mi)) => (h.parse::<u32>().ok()?, mi.parse::<u32>().ok()?),
        None => (0, 0),
    };
    (crate::dtg::valid_date(y, m, d) && h < 24 && mi < 60)
        .then(|| format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:00Z"))
}

/// Split a PlusD page into its text and metadata.
pub fn split_page(html: &str) -> PlusdParts {
    let doc = Html::parse_document(html);
    let mut parts = PlusdParts {
        meta: SourceMeta {
            from: "plusd_page".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let key_sel = sel("div.s_key");
    let a_sel = sel("a");
    for key in doc.select(&key_sel) {
        let k = squeeze(&text_of(key));
        let k = k.trim_end_matches(':').trim();
        // The value is the next sibling element with class s_val.
        let Some(val) = key
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().classes().any(|c| c == "s_val"))
        else {
            continue;
        };
        let v = squeeze(&text_of(val));
        let v = (!v.is_empty() && !v.starts_with("-- N/A")).then_some(v);
        match k {
            "Canonical ID" => parts.meta.id = v,
            "Date" => parts.meta.created = v.as_deref().and_then(plusd_date),
            "Original Classification" => parts.meta.classification = v,
            "Current Classification" if parts.meta.classification.is_none() => {
                parts.meta.classification = v
            }
            "From" => parts.meta.origin = v,
            "TAGS" => {
                let mut seen: std::collections::HashSet<String> =
                    parts.meta.tags.iter().cloned().collect();
                for a in val.select(&a_sel) {
                    // The tag is the link's own text; a nested span holds its description.
                    let own: String = a
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    let t = squeeze(&own);
                    if !t.is_empty() && seen.insert(t.clone()) {
                        parts.meta.tags.push(t);
                    }
                }
            }
            "Subject" => parts.meta.subject = v,
            _ => {}
        }
    }
    // The heading row of the synopsis table holds the subject.
    if parts.meta.subject.is_none()
        && let Some(td) = doc.select(&sel("table#synopsis td[colspan]")).next()
    {
        let s = squeeze(&text_of(td));
        if !s.is_empty() {
            parts.meta.subject = Some(s);
        }
    }
    // The panes.
    let header_sel = sel("div.pane-header");
    let content_sel = sel("div.text-content");
    let mut content: Option<String> = None;
    for tab in doc.select(&sel("div.pane-tab")) {
        let Some(h) = tab.select(&header_sel).next() else {
            continue;
        };
        let name = squeeze(&text_of(h));
        if name.eq_ignore_ascii_case("Raw content") {
            if let Some(c) = tab.select(&content_sel).next() {
                parts.text = text_of(c);
                parts.pane = "raw_content";
            }
        } else if name.eq_ignore_ascii_case("Content") && content.is_none() {
            let hdr = tab
                .select(&sel("div.text-header"))
                .next()
                .map(text_of)
                .unwrap_or_default();
            let body = tab
                .select(&sel("div#tagged-text"))
                .next()
                .or_else(|| tab.select(&content_sel).next())
                .map(text_of)
                .unwrap_or_default();
            content = Some(format!("{hdr}\n{body}"));
        }
    }
    if parts.text.trim().is_empty()
        && let Some(c) = content
    {
        parts.text = c;
        parts.pane = "content";
    }
    parts
}

/// Parse a PlusD page.
pub fn parse_plusd_page(path: &str, html: &str) -> Record {
    let p = split_page(html);
    let text = p.text.replace("\r\n", "\n");
    let mut rec = super::parse_parts(path, Form::PlusdPage, None, &text, p.meta);
    match p.pane {
        "" => rec.diagnostics.push(crate::Diagnostic::warning(
            "document",
            "PlusD page without a Content or Raw content pane",
        )),
        "content" => rec.diagnostics.push(crate::Diagnostic::repair(
            "document",
            "PlusD page has no Raw content pane: text read from the Content pane",
        )),
        _ => {}
    }
    rec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            plusd_date("1974 May 17, 16:00 (Friday)").as_deref(),
            Some("1974-05-17T16:00:00Z")
        );
        assert_eq!(plusd_date("garbage"), None);
        assert_eq!(plusd_date("1974 M 17"), None);
    }

    #[test]
    fn page() {
        let html = r##"<html><body><a href="/plusd/">x</a><table id="synopsis"><tr><td colspan="2">SUBJ</td></tr><tr><td><div class="s_key"><a class="i" title="Date">Date:</a></div><div class="s_val">1974 May 17, 16:00 (Friday)</div></td><td><div class="s_key"><a>Canonical ID:</a></div><div class="s_val">1974ATHENS02959_b</div></td></tr>
<tr><td><div class="s_key"><a>TAGS:</a></div><div class="s_val"><a href="#">GR<span> - Greece</span></a> | <a href="#">PINS<span> - x</span></a></div></td></tr></table>
<div class="pane-tab"><div class="pane-header">Raw content</div><div class="pane-content"><div class="text-content">
LIMITED OFFICIAL USE ATHENS 2959
TAGS: PINS, GR
SUBJECT: SUBJ &quot;Q&quot;
</div></div></div></body></html>"##;
        let p = split_page(html);
        assert_eq!(p.meta.id.as_deref(), Some("1974ATHENS02959_b"));
        assert_eq!(p.meta.created.as_deref(), Some("1974-05-17T16:00:00Z"));
        assert_eq!(p.meta.tags, ["GR", "PINS"]);
        assert_eq!(p.meta.subject.as_deref(), Some("SUBJ"));
        assert!(p.text.contains("SUBJECT: SUBJ \"Q\""));
        assert_eq!(p.pane, "raw_content");
    }
}
