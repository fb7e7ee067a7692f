//! Scaling: the time to parse an input grows near-linearly with its size,
//! for every form [`cablescope_format::forms::detect`] recognises (teletype
//! text, PDF text, HTML fragments, web pages and articles, WikiLeaks and
//! PlusD pages, `cables.csv`, JSON and JSON Lines) and for the shapes a
//! hostile or damaged file takes (one huge line, many short lines, many
//! paragraphs, REFs, TAGS, redactions, page breaks, deep or unclosed markup,
//! NUL bytes, random bytes).
//!
//! Each shape is generated at a size N large enough to measure (doubled from
//! a small start until one parse costs 20 ms of CPU) and at 4N; the cost at
//! 4N must stay under ten times the cost at N (linear is 4, quadratic 16).
//! Costs are the parsing thread's CPU time (`/proc/thread-self/schedstat`,
//! else wall time), the least of a few runs, so other processes on the
//! machine do not count. All shapes run in one test, one after another, and
//! the table is printed (`--nocapture`).

use std::time::{Duration, Instant};

use cablescope_format::{Input, parse};

/// CPU time of the calling thread (nanoseconds on the CPU, from the
/// scheduler's statistics), `None` where the kernel does not show it.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The cost of parsing `bytes` once: CPU time where known, else wall time.
fn cost_once(bytes: &[u8]) -> Duration {
    let (c0, w0) = (thread_cpu(), Instant::now());
    let recs = parse(Input {
        path: "scaling",
        bytes,
    });
    std::hint::black_box(&recs);
    let wall = w0.elapsed();
    drop(recs);
    match (c0, thread_cpu()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    }
}

/// The least cost of `runs` parses.
fn cost(bytes: &[u8], runs: usize) -> Duration {
    (0..runs)
        .map(|_| cost_once(bytes))
        .min()
        .unwrap_or_default()
}

/// A deterministic pseudo-random sequence (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The envelope, first line and preamble of a cable, before its body.
const HEAD: &str = "DE RUEHKL #1145/01 1970138\nO 160138Z JUL 07\nFM AMEMBASSY KUALA LUMPUR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9638\n\nC O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145\n\nE.O. 12958: DECL: 07/16/2017\nTAGS: PREL PHUM MY\nSUBJECT: TRAFFICKING IN PERSONS\n\n";

/// The head without its SUBJECT line's blank line, so that a field can follow.
const HEAD_OPEN: &str = "DE RUEHKL #1145/01 1970138\nO 160138Z JUL 07\nFM AMEMBASSY KUALA LUMPUR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9638\n\nC O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145\n\nE.O. 12958: DECL: 07/16/2017\nTAGS: PREL PHUM MY\nSUBJECT: TRAFFICKING IN PERSONS\n";

const PARA: &str = "The minister said that the talks would go on next week in the capital, and that the government expects progress.";

/// `n` numbered, portion-marked paragraphs.
fn paragraphs(n: usize) -> String {
    let mut s = String::new();
    for k in 1..=n {
        s.push_str(&format!("{}. (C) {PARA}\n\n", k % 1000));
    }
    s
}

fn cable(body: &str) -> Vec<u8> {
    format!("{HEAD}{body}\nLAFLEUR\n").into_bytes()
}

fn csv_row(number: usize, header: &str, body: &str, refs: &str) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "\"{number}\",\"7/16/2007 1:38\",\"07KUALALUMPUR{number}\",\"Embassy Kuala Lumpur\",\"CONFIDENTIAL\",\"{}\",\"{}\",\"{}\"\n",
        esc(refs),
        esc(header),
        esc(body)
    )
}

const ENVELOPE: &str =
    "O 160138Z JUL 07\nFM AMEMBASSY KUALA LUMPUR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9638";
const FIRST: &str = "C O N F I D E N T I A L KUALA LUMPUR 001145\n\nE.O. 12958: DECL: 07/16/2017\nTAGS: PREL PHUM MY\nSUBJECT: TRAFFICKING IN PERSONS\n\n";

fn json_object(body: &str) -> String {
    serde_json::json!({
        "reference_id": "07KUALALUMPUR1145",
        "date_time": "2007-07-16 01:38",
        "header": ENVELOPE,
        "body": body,
    })
    .to_string()
}

fn html_entities(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('\n', "&#x000A;")
}

fn wikileaks_page(header: &str, body_html: &str) -> Vec<u8> {
    format!(
        "<html><head><title>Cable 07KUALALUMPUR1145</title></head><body><h3>Viewing cable 07KUALALUMPUR1145, TRAFFICKING IN PERSONS</h3>\n<table class='cable'><tr><td><a href='/cable/2007/07/07KUALALUMPUR1145.html'>07KUALALUMPUR1145</a></td><td><a>2007-07-16 01:38</a></td><td>2011-08-30 01:44</td><td><a>CONFIDENTIAL</a></td><td><a>Embassy Kuala Lumpur</a></td></tr></table>\n<code><pre>{}</pre></code>\n<code><pre>{body_html}</pre></code></body></html>",
        html_entities(header)
    )
    .into_bytes()
}

fn plusd_page(text: &str) -> Vec<u8> {
    format!(
        "<html><body><div class=\"s_key\">Canonical ID:</div><div class=\"s_val\">07KUALALUMPUR1145_a</div><div class=\"s_key\">Date:</div><div class=\"s_val\">2007 July 16, 01:38 (Monday)</div><div class=\"pane-tab\"><div class=\"pane-header\">Raw content</div><div class=\"pane-content\"><div class=\"text-content\">{}</div></div></div><a href=\"/plusd/cables/07KUALALUMPUR1145_a.html\">x</a></body></html>",
        html_entities(text).replace("&#x000A;", "<br />")
    )
    .into_bytes()
}

/// One shape of input: a name, the size to start from and its generator.
type Shape = (&'static str, usize, Box<dyn Fn(usize) -> Vec<u8>>);

fn shapes() -> Vec<Shape> {
    let mut v: Vec<Shape> = Vec::new();
    let mut add = |name: &'static str, start: usize, g: Box<dyn Fn(usize) -> Vec<u8>>| {
        v.push((name, start, g));
    };
    // Teletype text.
    add("text: paragraphs", 100, Box::new(|n| cable(&paragraphs(n))));
    add(
        "text: short lines",
        500,
        Box::new(|n| cable(&format!("1. (C) Summary.\n{}", "AB CD\n".repeat(n)))),
    );
    add(
        "text: one long line",
        500,
        Box::new(|n| cable(&format!("1. (C) {}\n", "word ".repeat(n)))),
    );
    add(
        "text: one line, no newline",
        500,
        Box::new(|n| "WORD ".repeat(n).into_bytes()),
    );
    add(
        "text: one token",
        5_000,
        Box::new(|n| "A".repeat(n).into_bytes()),
    );
    add(
        "text: blank lines",
        1_000,
        Box::new(|n| cable(&format!("{}1. (C) X.\n", "\n".repeat(n)))),
    );
    add(
        "text: lines of spaces",
        1_000,
        Box::new(|n| cable(&format!("1. (C) X.\n{}", "   \n".repeat(n)))),
    );
    add(
        "text: REF items on one line",
        100,
        Box::new(|n| {
            let items: Vec<String> = (0..n).map(|k| format!("STATE {}", 100_000 + k)).collect();
            cable(&format!("REF: {}\n\n1. (C) X.\n", items.join("; ")))
        }),
    );
    add(
        "text: REF items on lines",
        100,
        Box::new(|n| {
            let items: Vec<String> = (0..n)
                .map(|k| format!("{}. 07 STATE {}", (b'A' + (k % 26) as u8) as char, k + 1))
                .collect();
            let mut s = String::from(HEAD_OPEN);
            s.push_str(&format!("REF: {}\n\n1. (C) X.\n", items.join("\n")));
            s.into_bytes()
        }),
    );
    add(
        "text: REF lines",
        100,
        Box::new(|n| {
            let mut s = String::from(HEAD_OPEN);
            for k in 0..n {
                s.push_str(&format!("REF: STATE {}\n", k + 1));
            }
            s.push_str("\n1. (C) X.\n");
            s.into_bytes()
        }),
    );
    add(
        "text: REF items between blank lines",
        100,
        Box::new(|n| {
            let mut s = String::from(HEAD_OPEN);
            s.push_str("REF: A. STATE 1");
            for k in 0..n {
                s.push_str(&format!("\n\nB. KUALA LUMPUR {}", k + 1));
            }
            s.push_str("\n\n1. (C) X.\n");
            s.into_bytes()
        }),
    );
    add(
        "text: one REF repeated",
        100,
        Box::new(|n| {
            cable(&format!(
                "REF: {}\n\n1. (C) X.\n",
                "STATE 123456, ".repeat(n)
            ))
        }),
    );
    add(
        "text: REFs in the body",
        100,
        Box::new(|n| {
            cable(&"1. (C) As REFTEL: STATE 123 said, see KUALA LUMPUR 142.\n\n".repeat(n))
        }),
    );
    add(
        "text: REF keywords in one line",
        100,
        Box::new(|n| {
            cable(&format!(
                "{}\n\n1. (C) X.\n",
                "PRIMEREF: STATE 1 ".repeat(n)
            ))
        }),
    );
    add(
        "text: REF with runs of blank lines",
        100,
        Box::new(|n| {
            let mut s = String::from(HEAD_OPEN);
            s.push_str("REF: A. STATE 1");
            s.push_str(&"\n".repeat(n * 10));
            s.push_str("B. STATE 2\n\n1. (C) X.\n");
            s.into_bytes()
        }),
    );
    add(
        "text: SIPDIS lines",
        100,
        Box::new(|n| {
            cable(&format!(
                "1. (C) X.\n{}",
                "SIPDIS\nText of the paragraph.\n".repeat(n)
            ))
        }),
    );
    add(
        "text: TAGS continuation lines",
        100,
        Box::new(|n| {
            format!(
                "UNCLAS STATE 000123\n\nE.O. 12958: N/A\nTAGS: PREL,\n{}SUBJECT: X\n\n1. (U) Text.\n",
                "PGOV PHUM\n".repeat(n)
            )
            .into_bytes()
        }),
    );
    add(
        "text: TAGS without a field before them",
        100,
        Box::new(|n| {
            format!(
                "Some text first.\nTAGS: PREL,\n{}SUBJECT: X\n",
                "PGOV PHUM\n".repeat(n)
            )
            .into_bytes()
        }),
    );
    add(
        "text: TAGS of unclosed parentheses",
        100,
        Box::new(|n| {
            format!(
                "UNCLAS STATE 000123\n\nE.O. 12958: N/A\nTAGS: {}\nSUBJECT: X\n\n1. (U) Text.\n",
                "(PREL ".repeat(n)
            )
            .into_bytes()
        }),
    );
    add(
        "text: caption lines",
        100,
        Box::new(|n| {
            let mut s = String::from("C O N F I D E N T I A L KUALA LUMPUR 001145\n\n");
            for k in 0..n {
                s.push_str(&format!("NOFORN SIPDIS STADIS K{k}\n"));
            }
            s.push_str("SUBJECT: X\n\n1. (C) X.\n");
            s.into_bytes()
        }),
    );
    add(
        "text: TAGS",
        100,
        Box::new(|n| {
            let tags: Vec<String> = (0..n).map(|k| format!("K{k}")).collect();
            format!(
                "UNCLAS STATE 000123\n\nE.O. 12958: N/A\nTAGS: {}\nSUBJECT: X\n\n1. (U) Text.\n",
                tags.join(", ")
            )
            .into_bytes()
        }),
    );
    add(
        "text: XXXX redactions",
        100,
        Box::new(|n| {
            cable(
                &"1. (S) XXXXXXXXXXXX told XXXXXXXXXXXX that XXXXXXXXXXXX would go.\n\n".repeat(n),
            )
        }),
    );
    add(
        "text: page breaks",
        100,
        Box::new(|n| {
            cable(&format!(
                "1. (C) {PARA}\n{}",
                format!("{PARA}\nPAGE 02 KUALA L 01145 01 OF 03 160138Z\n").repeat(n)
            ))
        }),
    );
    add(
        "text: section headers",
        100,
        Box::new(|n| {
            cable(&format!(
                "1. (C) {PARA}\n{}",
                format!(
                    "{PARA}\n\nC O N F I D E N T I A L SECTION 02 OF 03 KUALA LUMPUR 001145\n\n"
                )
                .repeat(n)
            ))
        }),
    );
    add(
        "text: addressees",
        100,
        Box::new(|n| {
            let mut s = String::from(
                "DE RUEHKL #1145/01 1970138\nO 160138Z JUL 07\nFM AMEMBASSY KUALA LUMPUR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9638\nINFO ",
            );
            for k in 0..n {
                s.push_str(&format!("RUEHBK/AMEMBASSY BANGKOK {:04}\n", k % 10_000));
            }
            s.push_str(
                "BT\nC O N F I D E N T I A L KUALA LUMPUR 001145\n\nSUBJECT: X\n\n1. (C) X.\n",
            );
            s.into_bytes()
        }),
    );
    add(
        "text: classified-by lines",
        100,
        Box::new(|n| {
            cable(&format!(
                "{}1. (C) X.\n",
                "Classified By: Ambassador James R. Keith for reasons 1.4 (b) and (d).\n".repeat(n)
            ))
        }),
    );
    add(
        "text: E.O. and SUBJECT lines",
        100,
        Box::new(|n| {
            let mut s = String::from("C O N F I D E N T I A L KUALA LUMPUR 001145\n\n");
            s.push_str(&"E.O. 12958: DECL: 07/16/2017\nSUBJECT: X Y Z\n".repeat(n));
            s.push_str("\n1. (C) X.\n");
            s.into_bytes()
        }),
    );
    add(
        "text: signature lines",
        100,
        Box::new(|n| cable(&format!("1. (C) X.\n\n{}", "KEITH\n".repeat(n)))),
    );
    add(
        "text: paragraph numbers only",
        200,
        Box::new(|n| {
            cable(
                &(1..=n)
                    .map(|k| format!("{}.\n", k % 1000))
                    .collect::<String>(),
            )
        }),
    );
    add(
        "text: portion marks only",
        200,
        Box::new(|n| cable(&"(C) (S) (U)\n".repeat(n))),
    );
    add(
        "text: site chrome between paragraphs",
        100,
        Box::new(|n| {
            cable(&format!(
                "{}© 2010 Scoop Media\nWorld Headlines\n",
                format!("1. (C) {PARA}\nShare\n").repeat(n)
            ))
        }),
    );
    add(
        "text: article",
        50,
        Box::new(|n| {
            format!(
                "Kerry notes steps on trafficking\n\nBy Jane Roe\n\n{}",
                format!(
                    "KUALA LUMPUR - {PARA} He added, on August 5, 2015, that more was to come.\n\n"
                )
                .repeat(n)
            )
            .into_bytes()
        }),
    );
    add(
        "text: flattened header",
        100,
        Box::new(|n| {
            format!(
                "C O N F I D E N T I A L KUALA LUMPUR 001145 E.O. 12958: DECL: 07/16/2017 TAGS: PREL PHUM MY SUBJECT: TRAFFICKING {}\n",
                "1. (C) word word word. ".repeat(n)
            )
            .into_bytes()
        }),
    );
    add("text: NUL bytes", 10_000, Box::new(|n| vec![0u8; n]));
    add(
        "text: random bytes",
        10_000,
        Box::new(|n| {
            let mut r = Rng(0x5eed_0001);
            (0..n).map(|_| r.next() as u8).collect()
        }),
    );
    add(
        "text: random words and control bytes",
        2_000,
        Box::new(|n| {
            let mut r = Rng(0x5eed_0002);
            let pieces = [
                "REF",
                "A.",
                "STATE",
                "123",
                "\n",
                "\n\n",
                "TAGS:",
                "(C)",
                "1.",
                "XXXX",
                "\u{0}",
                "\t",
                "SUBJECT:",
                "E.O.",
                "PAGE",
                "Classified",
                "By:",
                "\u{1b}",
                "the",
                "said",
            ];
            let mut s = String::new();
            for _ in 0..n {
                s.push_str(pieces[r.below(pieces.len() as u64) as usize]);
                s.push(' ');
            }
            s.into_bytes()
        }),
    );
    add(
        "pdf text: pages",
        50,
        Box::new(|n| {
            format!(
                "{HEAD}{}",
                format!("1. (C) {PARA}\nPage 2 of 9\n\u{c}Running Title\n").repeat(n)
            )
            .into_bytes()
        }),
    );
    // HTML.
    add(
        "html: nested divs",
        500,
        Box::new(|n| {
            format!(
                "<html><body>{}text{}</body></html>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            )
            .into_bytes()
        }),
    );
    add(
        "html: unclosed divs",
        500,
        Box::new(|n| format!("<html><body>{}", "<div>x".repeat(n)).into_bytes()),
    );
    add(
        "html: unclosed p",
        500,
        Box::new(|n| format!("<html><body>{}", "<p>x".repeat(n)).into_bytes()),
    );
    add(
        "html: unclosed tables",
        500,
        Box::new(|n| format!("<html><body>{}", "<table>".repeat(n)).into_bytes()),
    );
    add(
        "html: unclosed formatting",
        500,
        Box::new(|n| format!("<html><body>{}", "<b><i><a href=x>x".repeat(n)).into_bytes()),
    );
    add(
        "html: misnested formatting",
        200,
        Box::new(|n| format!("<html><body>{}", "<b><p>x</b>y</p>".repeat(n)).into_bytes()),
    );
    add(
        "html: unclosed lists",
        500,
        Box::new(|n| format!("<html><body>{}", "<ul><li>x".repeat(n)).into_bytes()),
    );
    add(
        "html: attributes",
        2_000,
        Box::new(|n| {
            let attrs: String = (0..n).map(|k| format!(" a{k}=\"v\"")).collect();
            format!("<html><body><div{attrs}>text</div></body></html>").into_bytes()
        }),
    );
    add(
        "html: one attribute repeated",
        2_000,
        Box::new(|n| {
            format!(
                "<html><body><div{}>text</div></body></html>",
                " class=\"a\"".repeat(n)
            )
            .into_bytes()
        }),
    );
    add(
        "html: many elements",
        2_000,
        Box::new(|n| {
            format!("<html><body>{}</body></html>", "<span>x</span> ".repeat(n)).into_bytes()
        }),
    );
    add(
        "html: paragraphs",
        200,
        Box::new(|n| {
            format!(
                "<html><body>{}</body></html>",
                format!("<p>{PARA}</p>\n").repeat(n)
            )
            .into_bytes()
        }),
    );
    add(
        "html: article",
        100,
        Box::new(|n| {
            format!(
                "<html><head><title>Kerry notes steps</title><meta property=\"og:site_name\" content=\"The Paper\"></head><body><article><h1>Kerry notes steps</h1>{}</article></body></html>",
                format!("<p>{PARA}</p>\n").repeat(n)
            )
            .into_bytes()
        }),
    );
    add(
        "html: cable in pre",
        100,
        Box::new(|n| {
            format!(
                "<html><body><nav>Home</nav><pre>{}</pre></body></html>",
                html_entities(&String::from_utf8_lossy(&cable(&paragraphs(n))))
                    .replace("&#x000A;", "\n")
            )
            .into_bytes()
        }),
    );
    add(
        "html: many pre blocks",
        200,
        Box::new(|n| {
            format!("<html><body>{}</body></html>", "<pre>x y</pre>".repeat(n)).into_bytes()
        }),
    );
    add(
        "html: fragment",
        100,
        Box::new(|n| {
            format!(
                "<code><pre>UNCLAS HARARE 005461\n\nE.O. 12958: N/A\nTAGS: PGOV, ZI\nSUBJECT: X\n\n{}</pre></code>",
                (1..=n)
                    .map(|k| format!("<a id='par{k}' href='#par{k}'>¶</a>{}. (U) Text &amp; more.\n\n", k % 1000))
                    .collect::<String>()
            )
            .into_bytes()
        }),
    );
    add(
        "html: page text without cable",
        200,
        Box::new(|n| {
            format!(
                "<html><body>{}</body></html>",
                "<span>word</span> <b>bold</b><br>".repeat(n)
            )
            .into_bytes()
        }),
    );
    // WikiLeaks and PlusD pages.
    add(
        "wikileaks page: paragraphs",
        100,
        Box::new(|n| {
            let body: String = (1..=n)
                .map(|k| {
                    format!(
                        "<a id='par{k}' href='#par{k}'>¶</a>{}. (C) {PARA}&#x000A;&#x000A;",
                        k % 1000
                    )
                })
                .collect();
            wikileaks_page(ENVELOPE, &format!("{}{body}LAFLEUR", html_entities(FIRST)))
        }),
    );
    add(
        "wikileaks page: tag links",
        100,
        Box::new(|n| {
            let tags: String = (0..n)
                .map(|k| format!("<a href='/tag/K{k}_0.html'>K{k}</a> "))
                .collect();
            wikileaks_page(
                ENVELOPE,
                &format!(
                    "C O N F I D E N T I A L KUALA LUMPUR 001145&#x000A;TAGS: {tags}&#x000A;SUBJECT: X&#x000A;&#x000A;1. (C) X."
                ),
            )
        }),
    );
    add(
        "wikileaks page: pre blocks",
        100,
        Box::new(|n| {
            wikileaks_page(
                &"VZCZC</pre></code><code><pre>".repeat(n),
                &html_entities(&String::from_utf8_lossy(&cable("1. (C) X."))),
            )
        }),
    );
    add(
        "plusd page: paragraphs",
        100,
        Box::new(|n| plusd_page(&String::from_utf8_lossy(&cable(&paragraphs(n))))),
    );
    // cables.csv.
    add(
        "cables.csv: rows",
        50,
        Box::new(|n| {
            (0..n)
                .map(|k| {
                    csv_row(
                        k + 1,
                        ENVELOPE,
                        &format!("{FIRST}1. (C) {PARA}\n"),
                        "07STATE1",
                    )
                })
                .collect::<String>()
                .into_bytes()
        }),
    );
    add(
        "cables.csv: one long body",
        100,
        Box::new(|n| csv_row(1, ENVELOPE, &format!("{FIRST}{}", paragraphs(n)), "").into_bytes()),
    );
    add(
        "cables.csv: references column",
        200,
        Box::new(|n| {
            let refs: Vec<String> = (0..n).map(|k| format!("07STATE{}", k + 1)).collect();
            csv_row(1, ENVELOPE, &format!("{FIRST}1. (C) X.\n"), &refs.join("|")).into_bytes()
        }),
    );
    add(
        "cables.csv: rows with stray quotes",
        50,
        Box::new(|n| {
            (0..n)
                .map(|k| {
                    csv_row(k + 1, ENVELOPE, &format!("{FIRST}1. (C) {PARA}\n"), "")
                        .replace("minister said", "minister \"said")
                })
                .collect::<String>()
                .into_bytes()
        }),
    );
    add(
        "cables.csv: rows that swallow the next",
        50,
        Box::new(|n| {
            (0..n)
                .map(|k| {
                    let row = csv_row(k + 1, ENVELOPE, &format!("{FIRST}1. (C) {PARA}\n"), "");
                    // The body's closing quote escaped (a trailing backslash of the export).
                    format!("{}\\\"\n", row.trim_end().trim_end_matches('"'))
                })
                .collect::<String>()
                .into_bytes()
        }),
    );
    add(
        "cables.csv: short rows",
        200,
        Box::new(|n| {
            let mut s = csv_row(1, ENVELOPE, "1. (C) X.\n", "");
            s.push_str(&"\"2\",\"bad\"\n".repeat(n));
            s.into_bytes()
        }),
    );
    // JSON.
    add(
        "json: array",
        50,
        Box::new(|n| {
            let items: Vec<String> = (0..n)
                .map(|_| json_object(&format!("{FIRST}1. (C) {PARA}\n")))
                .collect();
            format!("[{}]", items.join(",\n")).into_bytes()
        }),
    );
    add(
        "json lines",
        50,
        Box::new(|n| {
            (0..n)
                .map(|_| json_object(&format!("{FIRST}1. (C) {PARA}\n")) + "\n")
                .collect::<String>()
                .into_bytes()
        }),
    );
    add(
        "json: body without line breaks",
        100,
        Box::new(|n| {
            json_object(&format!("{FIRST}{}", paragraphs(n)).replace('\n', " ")).into_bytes()
        }),
    );
    add(
        "json: nested arrays",
        1_000,
        Box::new(|n| format!("{}{{\"a\":1}}{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
    );
    v
}

/// Inputs are not made larger than this to reach a measurable cost.
const MAX_BYTES: usize = 24 << 20;
/// The cost at N that is enough to measure.
const ENOUGH: Duration = Duration::from_millis(20);
/// How much more 4N may cost than N.
const MAX_RATIO: f64 = 10.0;

#[test]
fn parsing_time_grows_near_linearly_for_every_form_and_shape() {
    let only = std::env::var("SCALING_ONLY").ok();
    let mut failed = Vec::new();
    println!(
        "{:<42} {:>10} {:>10} {:>10} {:>7}",
        "shape", "bytes N", "cost N", "cost 4N", "ratio"
    );
    for (name, start, gen_input) in shapes() {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let mut n = start;
        let (mut bytes, mut t1);
        loop {
            bytes = gen_input(n);
            t1 = cost(&bytes, 1);
            if t1 >= ENOUGH || bytes.len() * 8 > MAX_BYTES {
                break;
            }
            n *= 2;
        }
        let t1 = t1.min(cost(&bytes, 2));
        let big = gen_input(4 * n);
        let t4 = cost(&big, 2);
        let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-6);
        // Below a millisecond at N the ratio is noise: such a shape is fast at any size.
        let measurable = t1 >= Duration::from_millis(1);
        let verdict = if measurable && ratio >= MAX_RATIO {
            failed.push(format!("{name}: {ratio:.1}x"));
            "  SUPER-LINEAR"
        } else {
            ""
        };
        println!(
            "{name:<42} {:>10} {:>8.1}ms {:>8.1}ms {ratio:>6.1}x{verdict}",
            bytes.len(),
            t1.as_secs_f64() * 1e3,
            t4.as_secs_f64() * 1e3,
        );
    }
    assert!(
        failed.is_empty(),
        "parsing 4N costs {MAX_RATIO}x N or more: {failed:?}"
    );
}
