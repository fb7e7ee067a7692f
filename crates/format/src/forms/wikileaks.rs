//! WikiLeaks cablegate pages (`/cable/YYYY/MM/ID.html`), every 2010-2011 layout:
//! a metadata table (Reference ID, Created, Released, Classification, Origin),
//! an `<h3>Viewing cable ID, SUBJECT</h3>` heading, and one or two
//! `<code><pre>` blocks (transmission header, body).
//!
//! The pages are machine-generated with a fixed structure, so they are read
//! with substring search (memchr) rather than a DOM: this keeps page parsing
//! at memory speed. Text inside the blocks is decoded by [`super::entities`].

use memchr::memmem;

use super::entities::{decode_entities, html_text};
use crate::record::SourceMeta;

/// The parts of a WikiLeaks page.
#[derive(Debug, Default, Clone)]
pub struct PageParts {
    /// The transmission header block (`VZCZC...`), if the page has one.
    pub header: Option<String>,
    /// The body block.
    pub body: String,
    /// What the page shows beside the text.
    pub meta: SourceMeta,
}

/// Whether the text is a WikiLeaks cable page.
pub fn is_wikileaks_page(html: &str) -> bool {
    cable_table(html).is_some()
}

/// Where the page's metadata table starts (`<table class='cable'>`, else
/// with double quotes).
pub(crate) fn cable_table(html: &str) -> Option<usize> {
    let b = html.as_bytes();
    FINDERS
        .table_single
        .find(b)
        .or_else(|| FINDERS.table_double.find(b))
}

/// Split a page into header, body and metadata.
pub fn split_page(html: &str) -> PageParts {
    split_page_at(html, cable_table(html))
}

/// [`split_page`] with the page's [`cable_table`] already found.
pub(crate) fn split_page_at(html: &str, table_at: Option<usize>) -> PageParts {
    let mut parts = PageParts {
        meta: SourceMeta {
            from: "wikileaks_page".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let b = html.as_bytes();
    // The heading: "Viewing cable 07ANKARA1822, TURKEY: ALEVI GROUPS ...".
    if let Some(h) = memmem::find(b, b"<h3>Viewing cable ") {
        let start = h + "<h3>Viewing cable ".len();
        if let Some(end) = memmem::find(&b[start..], b"</h3>") {
            let t = html_text(&html[start..start + end]);
            if let Some((id, subject)) = t.split_once(", ") {
                parts.meta.id = Some(id.trim().to_string());
                let s = crate::text::ws::join_words(subject);
                if !s.is_empty() {
                    parts.meta.subject = Some(s);
                }
            } else {
                parts.meta.id = Some(t.trim().to_string());
            }
        }
    }
    // The metadata table.
    let mut after_table = 0;
    if let Some(t) = table_at
        && let Some(end) = memmem::find(&b[t..], b"</table>")
    {
        let table = &html[t..t + end];
        after_table = t + end;
        let cells: Vec<String> = pieces_after(table, &FINDERS.td)
            .map(|c| {
                let c = c.split_once('>').map(|x| x.1).unwrap_or(c);
                let c = FINDERS.td_end.find(c.as_bytes()).map_or(c, |e| &c[..e]);
                crate::text::ws::join_words(&html_text(c))
            })
            .collect();
        let get = |i: usize| cells.get(i).filter(|s| !s.is_empty()).cloned();
        if let Some(id) = get(0) {
            parts.meta.id = Some(id);
        }
        parts.meta.created = get(1).map(|d| to_iso(&d));
        parts.meta.released = get(2).map(|d| to_iso(&d));
        parts.meta.classification = get(3);
        parts.meta.origin = get(4);
    }
    // The <pre> blocks after the table.
    let mut blocks: Vec<String> = Vec::new();
    // The tags found so far, by hashing (not a scan of the list per link).
    let mut seen_tags: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut pos = after_table;
    while let Some(p) = memmem::find(&b[pos..], b"<pre>") {
        let start = pos + p + 5;
        let Some(e) = memmem::find(&b[start..], b"</pre>") else {
            break;
        };
        let raw = &html[start..start + e];
        // Tags linked inside the block.
        if FINDERS.tag.find(raw.as_bytes()).is_some() {
            for seg in
                pieces_after(raw, &FINDERS.tag_single).chain(pieces_after(raw, &FINDERS.tag_double))
            {
                if let Some(gt) = memchr::memchr(b'>', seg.as_bytes())
                    && let Some(end) = FINDERS.a_end.find(&seg.as_bytes()[gt + 1..])
                {
                    let tag = decode_entities(&seg[gt + 1..gt + 1 + end])
                        .trim()
                        .to_string();
                    if !tag.is_empty() && seen_tags.insert(tag.clone()) {
                        parts.meta.tags.push(tag);
                    }
                }
            }
        }
        blocks.push(html_text(raw));
        pos = start + e;
    }
    match blocks.len() {
        0 => {}
        1 => parts.body = blocks.pop().unwrap_or_default(),
        _ => {
            let body = blocks.pop().unwrap_or_default();
            parts.header = Some(blocks.join("\n\n"));
            parts.body = body;
        }
    }
    parts
}

/// The fixed strings searched for in every page, each searcher built once.
struct Finders {
    td: memmem::Finder<'static>,
    td_end: memmem::Finder<'static>,
    tag: memmem::Finder<'static>,
    tag_single: memmem::Finder<'static>,
    tag_double: memmem::Finder<'static>,
    a_end: memmem::Finder<'static>,
    table_single: memmem::Finder<'static>,
    table_double: memmem::Finder<'static>,
}

static FINDERS: std::sync::LazyLock<Finders> = std::sync::LazyLock::new(|| Finders {
    td: memmem::Finder::new("<td"),
    td_end: memmem::Finder::new("</td>"),
    tag: memmem::Finder::new("/tag/"),
    tag_single: memmem::Finder::new("href='/tag/"),
    tag_double: memmem::Finder::new("href=\"/tag/"),
    a_end: memmem::Finder::new("</a>"),
    table_single: memmem::Finder::new("<table class='cable'>"),
    table_double: memmem::Finder::new("<table class=\"cable\">"),
});

/// `s.split(pattern).skip(1)`: the pieces after each occurrence of the
/// pattern (which cannot overlap itself).
fn pieces_after<'a>(s: &'a str, f: &'a memmem::Finder<'static>) -> impl Iterator<Item = &'a str> {
    let n = f.needle().len();
    let mut at = f.find(s.as_bytes()).map(|i| i + n);
    std::iter::from_fn(move || {
        let start = at?;
        match f.find(&s.as_bytes()[start..]) {
            Some(i) => {
                at = Some(start + i + n);
                Some(&s[start..start + i])
            }
            None => {
                at = None;
                Some(&s[start..])
            }
        }
    })
}

/// `2007-07-18 08:08` -> `2007-07-18T08:08:00Z`.
fn to_iso(d: &str) -> String {
    let d = d.trim();
    match d.split_once(' ') {
        Some((day, time)) if time.len() == 5 => format!("{day}T{time}:00Z"),
        _ => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page() {
        let html = "<h3>Viewing cable 07X1, SUBJ ONE</h3><table class='cable'><tr><td>\n<a href='/cable/2007/07/07X1.html'>07X1</a>\n</td><td>\n<a>2007-07-18 08:08</a></td><td>2011-04-06 21:09</td><td><a title='unclassified'>CONFIDENTIAL</a></td><td><a>Embassy Ankara</a></td></tr></table><code><pre>VZCZC&#x000A;DE RUEHAK</pre></code><code><pre>TAGS: <a href='/tag/PGOV_0.html'>PGOV</a>&#x000A;1. (C) Hi</pre></code>";
        let p = split_page(html);
        assert_eq!(p.meta.id.as_deref(), Some("07X1"));
        assert_eq!(p.meta.created.as_deref(), Some("2007-07-18T08:08:00Z"));
        assert_eq!(p.meta.classification.as_deref(), Some("CONFIDENTIAL"));
        assert_eq!(p.meta.origin.as_deref(), Some("Embassy Ankara"));
        assert_eq!(p.meta.subject.as_deref(), Some("SUBJ ONE"));
        assert_eq!(p.meta.tags, ["PGOV"]);
        assert_eq!(p.header.as_deref(), Some("VZCZC\nDE RUEHAK"));
        assert_eq!(p.body, "TAGS: PGOV\n1. (C) Hi");
    }
}
