//! What an HTML document may cost, bounded before html5ever reads it.
//!
//! html5ever's tree builder looks through the stack of open elements for
//! many tags (scope checks, implied end tags), and its tokenizer compares
//! each attribute of a tag with the ones before it (duplicates are
//! dropped): 200,000 nested `<div>`s, or one tag of a million attributes,
//! cost the square of their size (a 2 MB page did not parse in two minutes).
//! So a cheap scanner first measures the page: how deep its elements nest
//! and how many attributes a tag has. A page within [`MAX_DEPTH`] and
//! [`MAX_ATTRIBUTES`] (every real page) goes to html5ever unchanged. Beyond
//! them, the page is rewritten first: the tags of elements nested deeper
//! than [`MAX_DEPTH`] are left out (a block element's tag becomes a line
//! break, so its text stays on its own line), and the attributes of a tag
//! past the first [`MAX_ATTRIBUTES`]. A page of more than [`MAX_ELEMENTS`]
//! elements (whose DOM alone would cost some 300 bytes an element) is read
//! as text without a DOM instead: its tags, scripts, styles and comments
//! left out, block elements on lines of their own, entities decoded. The
//! text is all kept; a diagnostic says what was left out.
//!
//! The scanner reads tags as the HTML tokenizer does where it matters for
//! the count: comments, doctypes and processing instructions are passed,
//! attribute values may be quoted, and the text of `script`, `style`,
//! `textarea`, `title` and the like holds no tags. Its depth is an estimate
//! from above: elements whose end tag may be left out (`p`, `li`, `td`,
//! ...) and void elements (`br`, `img`, ...) are not counted, every other
//! start tag opens one level (a self-closing one only inside `svg` or
//! `math`) and every end tag of such an element closes one.

use std::borrow::Cow;

use memchr::{memchr, memmem};

/// Elements nested deeper than this lose their tags before html5ever reads
/// the page (real pages nest a few dozen levels).
pub const MAX_DEPTH: usize = 256;
/// Attributes of one tag past this many are left out before html5ever
/// reads the page (real tags have a few dozen at most).
pub const MAX_ATTRIBUTES: usize = 256;

/// How to read a page: as HTML (itself or its bounded rewrite), or, when it
/// holds more elements than a DOM should ([`MAX_ELEMENTS`]), as its text
/// without a DOM; with a note saying what was left out.
pub struct Bounded<'a> {
    /// The HTML to read, or `None` when the page is read as text.
    pub html: Option<Cow<'a, str>>,
    /// The page's text (tags left out, block elements on lines of their
    /// own, scripts, styles and comments left out, entities decoded), when
    /// the page is read as text.
    pub text: Option<String>,
    /// What was left out, for a diagnostic (`None`: the page is unchanged).
    pub note: Option<String>,
}

/// Pages with more elements than this are read as text, without a DOM
/// (a DOM node costs some 300 bytes: 100,000 elements are some 30 MB; a
/// real page has a few thousand).
pub const MAX_ELEMENTS: usize = 100_000;

/// Bound the cost of reading `html` (see the module documentation).
pub fn bound(html: &str) -> Bounded<'_> {
    let measured = scan(html, Out::Measure);
    if measured.elements > MAX_ELEMENTS {
        let mut text = String::with_capacity(html.len() / 2);
        scan(html, Out::Text(&mut text));
        return Bounded {
            html: None,
            text: Some(super::entities::decode_entities(&text)),
            note: Some(format!(
                "HTML of {} elements (more than {MAX_ELEMENTS}): read as text without its markup (tags, scripts, styles and comments left out, the text kept)",
                measured.elements
            )),
        };
    }
    if measured.max_depth <= MAX_DEPTH && measured.max_attributes <= MAX_ATTRIBUTES {
        return Bounded {
            html: Some(Cow::Borrowed(html)),
            text: None,
            note: None,
        };
    }
    let mut out = String::with_capacity(html.len());
    let done = scan(html, Out::Bounded(&mut out));
    let mut left_out = Vec::new();
    if done.dropped_elements > 0 {
        left_out.push(format!(
            "the tags of {} elements nested deeper than {MAX_DEPTH} levels (the markup nests about {} levels)",
            done.dropped_elements, measured.max_depth
        ));
    }
    if done.dropped_attributes > 0 {
        left_out.push(format!(
            "{} attributes of tags that have more than {MAX_ATTRIBUTES} (the largest has {})",
            done.dropped_attributes, measured.max_attributes
        ));
    }
    Bounded {
        html: Some(Cow::Owned(out)),
        text: None,
        note: Some(format!(
            "HTML too costly to read as it is: {} left out before reading it (their text is kept)",
            left_out.join(", and ")
        )),
    }
}

/// What a scan found (and, when rewriting, left out).
#[derive(Debug, Default)]
struct Scan {
    max_depth: usize,
    max_attributes: usize,
    /// Start tags: the elements a DOM of the page would hold.
    elements: usize,
    /// Elements nested too deep: their start tags left out.
    dropped_elements: usize,
    dropped_attributes: usize,
}

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
];
/// Elements whose end tag may be left out (the next sibling closes them)
/// or that the tree builder places itself: not counted in the depth.
const OPTIONAL_END: &[&str] = &[
    "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
];
/// Elements whose text holds no tags, up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// What a scan writes besides measuring.
enum Out<'o> {
    /// Nothing.
    Measure,
    /// The bounded page.
    Bounded(&'o mut String),
    /// The page's text, without its tags (block elements on lines of their
    /// own; scripts, styles and comments left out; entities not decoded yet).
    Text(&'o mut String),
}

/// Raw-text elements whose text is page text (the others are code).
const TEXT_RAW_TEXT: &[&str] = &["title", "textarea", "xmp"];

/// Walk the tags of `html`, measuring, and write what `out` asks for.
fn scan(html: &str, mut out: Out<'_>) -> Scan {
    let b = html.as_bytes();
    let mut found = Scan::default();
    let mut depth = 0usize;
    // Depth at which an `svg` or `math` element opened (self-closing tags count there).
    let mut foreign_at: Option<usize> = None;
    // `html[copied..]` is not written to `out` yet.
    let mut copied = 0;
    // Write the text before a tag and what replaces the tag (`html[lt..end]`).
    let replace = |out: &mut Out<'_>, copied: &mut usize, lt: usize, end: usize, with: &str| {
        if let Out::Bounded(o) | Out::Text(o) = out {
            o.push_str(&html[*copied..lt]);
            o.push_str(with);
            *copied = end;
        }
    };
    let block = |name: &str| {
        if super::html::is_block_tag(name) {
            "\n"
        } else {
            ""
        }
    };
    let text_only = matches!(out, Out::Text(_));
    let mut i = 0;
    while let Some(k) = memchr(b'<', &b[i..]) {
        let lt = i + k;
        match b.get(lt + 1) {
            Some(b'!') => {
                // A comment (to `-->`), else a doctype or bogus comment (to `>`).
                i = if b[lt..].starts_with(b"<!--") {
                    memmem::find(&b[lt + 4..], b"-->").map_or(b.len(), |e| lt + 4 + e + 3)
                } else {
                    memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1)
                };
                if text_only {
                    replace(&mut out, &mut copied, lt, i, "");
                }
            }
            Some(b'?') => {
                i = memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1);
                if text_only {
                    replace(&mut out, &mut copied, lt, i, "");
                }
            }
            Some(b'/') if b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                let name_end = name_end(b, lt + 2);
                let tag = Tag::read(b, name_end);
                let Some(gt) = tag.gt else {
                    break; // a tag cut by the end of the text: html5ever drops it
                };
                let name = &html[lt + 2..name_end];
                if text_only || (counted(name) && depth > MAX_DEPTH) {
                    replace(&mut out, &mut copied, lt, gt + 1, block(name));
                }
                if counted(name) {
                    depth = depth.saturating_sub(1);
                    if foreign_at.is_some_and(|d| depth < d) {
                        foreign_at = None;
                    }
                }
                i = gt + 1;
            }
            Some(b'/') => {
                i = memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1);
                if text_only {
                    replace(&mut out, &mut copied, lt, i, "");
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = name_end(b, lt + 1);
                let tag = Tag::read(b, name_end);
                let Some(gt) = tag.gt else {
                    break;
                };
                let name = &html[lt + 1..name_end];
                found.elements += 1;
                found.max_attributes = found.max_attributes.max(tag.attributes);
                let opens = counted(name) && (!tag.self_closing || foreign_at.is_none());
                if opens {
                    depth += 1;
                    found.max_depth = found.max_depth.max(depth);
                    if foreign_at.is_none()
                        && (name.eq_ignore_ascii_case("svg") || name.eq_ignore_ascii_case("math"))
                    {
                        foreign_at = Some(depth);
                    }
                }
                if text_only {
                    replace(&mut out, &mut copied, lt, gt + 1, block(name));
                } else if opens && depth > MAX_DEPTH {
                    found.dropped_elements += 1;
                    replace(&mut out, &mut copied, lt, gt + 1, block(name));
                } else if let Some(cut) = tag.cut {
                    found.dropped_attributes += tag.attributes - MAX_ATTRIBUTES;
                    if let Out::Bounded(o) = &mut out {
                        o.push_str(&html[copied..cut]);
                        o.push('>');
                        copied = gt + 1;
                    }
                }
                i = gt + 1;
                if RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
                    // Its text, to its end tag (read next as any end tag).
                    let Some(e) = raw_text_end(b, i, name.as_bytes()) else {
                        break;
                    };
                    if text_only && !TEXT_RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
                        replace(&mut out, &mut copied, i, e, "");
                    }
                    i = e;
                } else if name.eq_ignore_ascii_case("plaintext") {
                    break; // the rest is text
                }
            }
            _ => i = lt + 1, // a `<` that starts no tag is text
        }
        if i >= b.len() {
            break;
        }
    }
    if let Out::Bounded(o) | Out::Text(o) = out {
        o.push_str(&html[copied.min(html.len())..]);
    }
    found
}

/// Whether a start tag of this element opens a level of the depth.
fn counted(name: &str) -> bool {
    !VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
        && !OPTIONAL_END.iter().any(|v| v.eq_ignore_ascii_case(name))
        && !RAW_TEXT.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// The end of a tag name starting at `from`.
fn name_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() && !matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
        j += 1;
    }
    j
}

/// The rest of a tag after its name, read as the tokenizer reads attributes.
struct Tag {
    /// The `>` that ends the tag (`None`: the text ends first).
    gt: Option<usize>,
    /// How many attributes it has.
    attributes: usize,
    /// Where its attribute number `MAX_ATTRIBUTES + 1` starts, if it has that many.
    cut: Option<usize>,
    /// Whether it ends in `/>`.
    self_closing: bool,
}

impl Tag {
    fn read(b: &[u8], from: usize) -> Tag {
        let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        let mut tag = Tag {
            gt: None,
            attributes: 0,
            cut: None,
            self_closing: false,
        };
        let mut j = from;
        loop {
            let mut slash = false;
            while j < b.len() && (ws(b[j]) || b[j] == b'/') {
                slash = b[j] == b'/';
                j += 1;
            }
            if j >= b.len() {
                return tag;
            }
            if b[j] == b'>' {
                tag.gt = Some(j);
                tag.self_closing = slash;
                return tag;
            }
            // An attribute: its name (an `=` may start one), then maybe `=` and a value.
            tag.attributes += 1;
            if tag.attributes == MAX_ATTRIBUTES + 1 {
                tag.cut = Some(j);
            }
            j += 1;
            while j < b.len() && !(ws(b[j]) || matches!(b[j], b'/' | b'>' | b'=')) {
                j += 1;
            }
            while j < b.len() && ws(b[j]) {
                j += 1;
            }
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && ws(b[j]) {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        j = memchr(q, &b[j + 1..]).map_or(b.len(), |e| j + 1 + e + 1);
                    }
                    _ => {
                        while j < b.len() && !(ws(b[j]) || b[j] == b'>') {
                            j += 1;
                        }
                    }
                }
            }
        }
    }
}

/// Where the end tag of a raw-text element named `name` starts, searching
/// from `from` (`</name` followed by white space, `/` or `>`, any case).
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(k) = memmem::find(&b[i..], b"</") {
        let at = i + k;
        let after = at + 2 + name.len();
        if b.get(at + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && b.get(after)
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
        {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_pages_pass_unchanged() {
        let page = "<!DOCTYPE html><html><head><title>a <b> title</title><script>if (a<b) { x('<div>') }</script></head>\
                    <body><!-- <div><div> --><div class=\"a\" data-x='>'><p>One<p>Two<br/><img src=x />\
                    <svg><path d='M0'/><path/></svg><ul><li>a<li>b</ul></div></body></html>";
        let m = scan(page, Out::Measure);
        assert_eq!(m.max_depth, 2, "{m:?}"); // div, then ul or svg
        let b = bound(page);
        assert!(b.note.is_none());
        assert!(matches!(b.html, Some(Cow::Borrowed(_))));
    }

    #[test]
    fn deep_markup_is_flattened_and_its_text_kept() {
        let n = 2_000;
        let page = format!(
            "<html><body>{}deep text{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let b = bound(&page);
        let note = b.note.unwrap();
        let html = b.html.unwrap();
        assert!(note.contains("the tags of 1744 elements nested deeper than 256 levels (the markup nests about 2000 levels)"), "{note}");
        assert!(html.contains("deep text"));
        assert_eq!(scan(&html, Out::Measure).max_depth, MAX_DEPTH);
        assert_eq!(html.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(html.matches("</div>").count(), MAX_DEPTH);
    }

    #[test]
    fn attributes_past_the_limit_are_left_out() {
        let attrs: String = (0..1_000).map(|k| format!(" a{k}=\"v>{k}\"")).collect();
        let page = format!("<div{attrs}>text</div>");
        let b = bound(&page);
        assert!(b.note.unwrap().contains("744 attributes"));
        let html = b.html.unwrap();
        assert_eq!(scan(&html, Out::Measure).max_attributes, MAX_ATTRIBUTES);
        assert!(
            html.ends_with("a255=\"v>255\" >text</div>"),
            "{}",
            &html[html.len() - 40..]
        );
    }

    #[test]
    fn pages_of_too_many_elements_are_read_as_text() {
        let page = format!(
            "<html><head><title>The title</title><style>p {{ x }}</style></head><body>{}<script>var a = '<p>';</script><!-- note --></body></html>",
            "<p>word &amp; more".repeat(MAX_ELEMENTS)
        );
        let b = bound(&page);
        assert!(b.html.is_none());
        assert!(b.note.unwrap().contains("read as text without its markup"));
        let text = b.text.unwrap();
        assert!(
            text.starts_with("The title\nword & more\nword & more"),
            "{}",
            &text[..60]
        );
        assert_eq!(text.matches("word & more").count(), MAX_ELEMENTS);
        assert!(!text.contains("var a") && !text.contains("note") && !text.contains("x }"));
    }

    #[test]
    fn unterminated_pieces_do_not_hang() {
        for page in [
            "<div",
            "<div a='",
            "<!--",
            "<script>x",
            "</",
            "<",
            "<a b=c",
            "<?x",
        ] {
            let b = bound(page);
            assert!(b.note.is_none(), "{page}");
        }
    }
}
