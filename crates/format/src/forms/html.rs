//! HTML inputs other than WikiLeaks cable pages: PlusD pages (in
//! [`super::plusd`]), HTML body fragments (`<code><pre>` with `¶` anchors, no
//! header), web pages that carry a cable inside site chrome, and news articles.
//!
//! Generic pages are read with `scraper`. The cable, if any, is looked for in
//! the `<pre>` blocks first, then in the page text (navigation, headers,
//! footers, asides, scripts and elements whose class or id names site chrome
//! left out). A page without a cable is read as an article: headline from
//! `og:title` / `<h1>` / `<title>`, date from `article:published_time` /
//! `<time datetime>` / JSON-LD `datePublished`, byline from author metadata,
//! source from `og:site_name` / JSON-LD publisher, body from `<article>` or the
//! page's main `<p>` text.

use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use crate::record::{ArticleMeta, Form, Kind, Record};

/// Whether text looks like HTML.
pub fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start();
    if !t.starts_with('<') {
        return false;
    }
    let head = prefix(t, 4096).to_ascii_lowercase();
    [
        "<html",
        "<!doctype html",
        "<pre",
        "<code",
        "<body",
        "<head",
        "<div",
        "<p>",
        "<p ",
        "<article",
        "<meta",
        "<?xml",
        "<table",
        "<span",
        "<h1",
    ]
    .iter()
    .any(|m| head.contains(m))
}

/// The first `n` bytes of `s`, shortened to a character boundary.
pub fn prefix(s: &str, n: usize) -> &str {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    &s[..n]
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("*").expect("valid selector"))
}

const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select", "nav",
    "aside", "footer", "header", "head", "title", "option", "input", "textarea",
];
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "pre",
    "section",
    "article",
    "blockquote",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "main",
    "figure",
    "figcaption",
    "hr",
    "center",
    "code",
];
const CHROME_TOKENS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "sidebar",
    "related",
    "share",
    "sharing",
    "social",
    "comments",
    "comment",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "newsletter",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
    "cookies",
    "subscribe",
    "popular",
    "trending",
    "widget",
    "banner",
    "masthead",
    "toolbar",
    "headlines",
    "outbrain",
    "taboola",
];

/// Whether an element starts a block of text (its text stands on lines of its own).
pub(crate) fn is_block_tag(name: &str) -> bool {
    BLOCK_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
}

/// Whether an element is site chrome by its tag, class or id.
fn is_chrome_element(e: &scraper::node::Element) -> bool {
    if SKIP_TAGS.contains(&e.name()) {
        return true;
    }
    let names = e.classes().chain(e.id());
    for n in names {
        let low = n.to_ascii_lowercase();
        if low
            .split(['-', '_', ' '])
            .any(|tok| CHROME_TOKENS.contains(&tok))
        {
            return true;
        }
    }
    e.attr("role")
        .is_some_and(|r| matches!(r, "navigation" | "banner" | "contentinfo" | "complementary"))
}

/// The text of an element, block elements on their own lines, `<pre>` kept as is,
/// chrome elements left out when `skip_chrome`.
pub fn element_text(root: ElementRef<'_>, skip_chrome: bool) -> String {
    let mut out = String::new();
    walk(*root, &mut out, skip_chrome, false, 0);
    tidy(&out)
}

/// Nesting below which the walk stops recursing and takes the text as it is.
const MAX_DEPTH: usize = 200;

fn walk(
    node: ego_tree::NodeRef<'_, Node>,
    out: &mut String,
    skip_chrome: bool,
    pre: bool,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        // Absurdly deep markup: its text, without structure (no recursion).
        for d in node.descendants() {
            if let Node::Text(t) = d.value() {
                out.push_str(t);
            }
        }
        return;
    }
    match node.value() {
        Node::Text(t) => {
            if pre {
                out.push_str(t);
            } else {
                let mut last_space = out.ends_with([' ', '\n']);
                for c in t.chars() {
                    if c.is_whitespace() {
                        if !last_space {
                            out.push(' ');
                            last_space = true;
                        }
                    } else {
                        out.push(c);
                        last_space = false;
                    }
                }
            }
        }
        Node::Element(e) => {
            let name = e.name();
            if skip_chrome && is_chrome_element(e)
                || (!skip_chrome && matches!(name, "script" | "style" | "head"))
            {
                return;
            }
            let block = BLOCK_TAGS.contains(&name);
            if block && !out.ends_with('\n') && !out.is_empty() {
                out.push('\n');
            }
            if matches!(name, "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6") && !out.is_empty() {
                out.push('\n');
            }
            let in_pre = pre || name == "pre";
            for c in node.children() {
                walk(c, out, skip_chrome, in_pre, depth + 1);
            }
            if block && !out.ends_with('\n') {
                out.push('\n');
            }
        }
        _ => {
            for c in node.children() {
                walk(c, out, skip_chrome, pre, depth + 1);
            }
        }
    }
}

/// Trim trailing spaces of lines and collapse runs of blank lines to one.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blanks = 0;
    for l in s.split('\n') {
        let l = l.trim_end();
        if l.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blanks > 0 { "\n\n" } else { "\n" });
        }
        blanks = 0;
        out.push_str(l);
    }
    out.push('\n');
    out
}

/// Whether the text holds `<body` in any ASCII case (as
/// `text.to_ascii_lowercase().contains("<body")`, without the copy).
fn has_body_tag(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'<', b).any(|i| {
        b.get(i + 1..i + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"body"))
    })
}

/// Parse an HTML document, its cost bounded first ([`super::html_bounds`]:
/// markup nested too deep, or tags of too many attributes, are flattened
/// before html5ever reads the page, with a diagnostic; the text is kept).
pub fn parse_html(path: &str, text: &str) -> Record {
    let bounded = super::html_bounds::bound(text);
    let mut rec = match (&bounded.html, &bounded.text) {
        (Some(html), _) => parse_bounded_html(path, html),
        (None, t) => {
            let mut rec = super::parse_text_as(path, t.as_deref().unwrap_or(""), Form::WebPage);
            rec.form = Form::WebPage;
            rec
        }
    };
    if let Some(note) = bounded.note {
        rec.diagnostics
            .push(crate::Diagnostic::repair("document", note));
    }
    crate::clean::short_fields(&mut rec);
    rec
}

/// [`parse_html`] of a page whose cost is bounded.
fn parse_bounded_html(path: &str, text: &str) -> Record {
    if super::plusd::is_plusd_page(text) {
        return super::plusd::parse_plusd_page(path, text);
    }
    let doc = Html::parse_document(text);
    let low_head = prefix(text, 400).trim_start().to_ascii_lowercase();
    let fragment =
        (low_head.starts_with("<code") || low_head.starts_with("<pre")) && !has_body_tag(text);
    let b = text.as_bytes();
    let wikileaks_markup = memchr::memmem::find(b, b"id='par").is_some()
        || memchr::memmem::find(b, b"id=\"par").is_some()
        || memchr::memmem::find(b, b"href='/tag/").is_some();

    // 1. The cable in <pre> blocks.
    let pres: Vec<String> = doc
        .select(&sel("pre"))
        .map(|p| p.text().collect::<String>())
        .filter(|t| !t.trim().is_empty())
        .collect();
    if !pres.is_empty() {
        let joined = pres.join("\n\n");
        let form = if fragment && wikileaks_markup {
            Form::WikileaksPage
        } else if fragment {
            Form::Text
        } else {
            Form::WebPage
        };
        let mut rec = super::parse_text_as(path, &joined, form);
        if rec.kind == Kind::Cable {
            rec.diagnostics.push(crate::Diagnostic::repair(
                "document",
                if fragment {
                    "HTML fragment: text of its <pre> block read, tags and anchors removed"
                } else {
                    "web page: cable read from its <pre> blocks"
                },
            ));
            if !fragment {
                rec.form = Form::WebPage;
            }
            return rec;
        }
    }

    // 2. The cable in the page text, chrome elements left out.
    let root = doc.root_element();
    let page_text = element_text(root, true);
    let mut rec = super::parse_text_as(path, &page_text, Form::WebPage);
    if rec.kind == Kind::Cable {
        rec.form = Form::WebPage;
        rec.diagnostics.push(crate::Diagnostic::repair(
            "document",
            "web page: cable read from the page text, navigation and chrome elements left out",
        ));
        return rec;
    }

    // 3. An article (or another document).
    let meta = article_meta(&doc);
    let mut rec2 = Record {
        path: path.to_string(),
        form: Form::WebPage,
        ..Default::default()
    };
    if let Some(mut m) = meta.filter(|m| m.title.is_some() && !m.text.trim().is_empty()) {
        let body = std::mem::take(&mut m.text);
        let lines: Vec<&str> = body.lines().map(str::trim).collect::<Vec<_>>();
        super::article::fill_from_text(&mut m, &lines);
        if m.text.trim().is_empty() {
            m.text = body;
        }
        rec2.text = m.text.clone();
        rec2.article = Some(m);
        rec2.kind = Kind::Article;
        return rec2;
    }
    rec.form = Form::WebPage;
    rec
}

fn meta_content(doc: &Html, selectors: &[&str]) -> Option<String> {
    selectors.iter().find_map(|s| {
        doc.select(&sel(s)).find_map(|e| {
            e.value()
                .attr("content")
                .or_else(|| e.value().attr("datetime"))
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|v| !v.is_empty())
        })
    })
}

fn json_ld(doc: &Html) -> Vec<Value> {
    doc.select(&sel("script[type=\"application/ld+json\"]"))
        .filter_map(|s| serde_json::from_str::<Value>(&s.text().collect::<String>()).ok())
        .collect()
}

fn find_key<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(o) => o
            .get(key)
            .or_else(|| o.values().find_map(|x| find_key(x, key))),
        Value::Array(a) => a.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => o.get("name").and_then(name_of),
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// What an HTML page's markup says about it as an article.
pub fn article_meta(doc: &Html) -> Option<ArticleMeta> {
    let ld = json_ld(doc);
    let ld_str = |key: &str| ld.iter().find_map(|v| find_key(v, key)).and_then(name_of);
    let site = meta_content(
        doc,
        &[
            "meta[property=\"og:site_name\"]",
            "meta[name=\"application-name\"]",
        ],
    )
    .or_else(|| {
        ld.iter()
            .find_map(|v| find_key(v, "publisher"))
            .and_then(name_of)
    });
    let mut title = meta_content(
        doc,
        &[
            "meta[property=\"og:title\"]",
            "meta[name=\"twitter:title\"]",
        ],
    )
    .or_else(|| ld_str("headline"))
    .or_else(|| {
        doc.select(&sel("h1"))
            .map(|h| {
                h.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .find(|t| !t.is_empty())
    })
    .or_else(|| {
        doc.select(&sel("title"))
            .map(|h| {
                h.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .find(|t| !t.is_empty())
    });
    if let (Some(t), Some(s)) = (&title, &site) {
        for sep in [" | ", " - ", " – ", " — "] {
            if let Some(x) = t.strip_suffix(&format!("{sep}{s}")) {
                title = Some(x.to_string());
                break;
            }
        }
    }
    let date = meta_content(
        doc,
        &[
            "meta[property=\"article:published_time\"]",
            "meta[itemprop=\"datePublished\"]",
            "meta[name=\"pubdate\"]",
            "meta[name=\"publishdate\"]",
            "meta[name=\"date\"]",
            "meta[name=\"DC.date.issued\"]",
            "meta[name=\"dc.date\"]",
            "meta[name=\"sailthru.date\"]",
            "meta[name=\"parsely-pub-date\"]",
            "time[datetime]",
        ],
    )
    .or_else(|| ld_str("datePublished"))
    .and_then(|d| super::article::normalize_date(&d));
    let author = meta_content(
        doc,
        &[
            "meta[name=\"author\"]",
            "meta[name=\"byl\"]",
            "meta[property=\"article:author\"]",
        ],
    )
    .filter(|a| !a.starts_with("http"))
    .map(|a| {
        a.trim_start_matches("By ")
            .trim_start_matches("by ")
            .to_string()
    })
    .or_else(|| {
        ld.iter()
            .find_map(|v| find_key(v, "author"))
            .and_then(name_of)
    })
    .or_else(|| {
        doc.select(&sel("[rel=\"author\"], .byline, .author"))
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .map(|a| {
                a.trim_start_matches("By ")
                    .trim_start_matches("by ")
                    .to_string()
            })
            .find(|a| !a.is_empty() && a.split_whitespace().count() <= 8)
    });
    // Body: the <article> with the most paragraph text, else the page's paragraphs.
    let p_sel = sel("p");
    let para_texts = |root: ElementRef<'_>| -> Vec<String> {
        root.select(&p_sel)
            .filter(|p| {
                !p.ancestors()
                    .filter_map(ElementRef::wrap)
                    .take_while(|a| *a != root)
                    .any(|a| is_chrome_element(a.value()))
            })
            .map(|p| {
                p.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|t| t.split_whitespace().count() >= 5)
            .collect()
    };
    let best_article = doc
        .select(&sel("article"))
        .map(&para_texts)
        .max_by_key(|ps| ps.iter().map(String::len).sum::<usize>())
        .filter(|ps| !ps.is_empty());
    let paras = best_article.unwrap_or_else(|| para_texts(doc.root_element()));
    let text = paras.join("\n\n");
    if title.is_none() && text.is_empty() {
        return None;
    }
    Some(ArticleMeta {
        title,
        date,
        source: site,
        author,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_page() {
        let html = r##"<!DOCTYPE html><html><head><title>Kerry notes steps | The Paper</title>
<meta property="og:site_name" content="The Paper"><meta property="article:published_time" content="2015-08-05T10:00:00+08:00">
<meta name="author" content="Jane Roe"></head><body><nav><p>Home News Sport and other navigation links here</p></nav>
<article><h1>Kerry notes steps</h1><p>KUALA LUMPUR - U.S. Secretary of State John Kerry met the Prime Minister on Wednesday.</p>
<div class="related-headlines"><p>Another story about something else entirely here</p></div>
<p>The official said the two leaders also discussed progress on the trade pact.</p></article></body></html>"##;
        let rec = parse_html("x.html", html);
        assert_eq!(rec.kind, Kind::Article);
        let a = rec.article.unwrap();
        assert_eq!(a.title.as_deref(), Some("Kerry notes steps"));
        assert_eq!(a.date.as_deref(), Some("2015-08-05"));
        assert_eq!(a.source.as_deref(), Some("The Paper"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert!(a.text.contains("trade pact"));
        assert!(!a.text.contains("Another story"));
        assert!(!a.text.contains("navigation"));
    }

    #[test]
    fn deep_markup_does_not_overflow() {
        let html = format!(
            "<html><body>{}text{}</body></html>",
            "<div>".repeat(1_000),
            "</div>".repeat(1_000)
        );
        let rec = parse_html("deep.html", &html);
        assert_eq!(rec.kind, Kind::Other);
    }

    #[test]
    fn fragment() {
        let html = "<code><pre>UNCLAS HARARE 005461 \n\nE.O. 12958: N/A\nTAGS: PGOV, ZI\nSUBJECT: X\n\n<a id='par1' href='#par1'>¶</a>1. (U) Text &amp; more.\n</pre></code>";
        let rec = parse_html("f.txt", html);
        assert_eq!(rec.kind, Kind::Cable);
        assert_eq!(rec.form, Form::WikileaksPage);
        assert_eq!(rec.paragraphs.len(), 1);
        assert!(rec.paragraphs[0].text.contains("Text & more."));
    }
}
