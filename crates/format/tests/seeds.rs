//! Golden tests for the four seed documents (`samples/seeds/`, exact copies of
//! `../shared/seeds/`), written from reading them: the acceptance of the
//! format issue. Every input goes through [`cablescope_format::parse`], the
//! entry point a user's file takes, so form recognition is tested too.

use cablescope_format::{Input, Kind, Record, parse};

fn seed(name: &str) -> Record {
    let path = format!("{}/../../samples/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut recs = parse(Input {
        path: &path,
        bytes: &bytes,
    });
    assert_eq!(recs.len(), 1, "{name}: one document, one record");
    recs.remove(0)
}

fn seed000() -> Record {
    seed("000_8515c49259933246.txt")
}
fn seed001() -> Record {
    seed("001_e3296b0ebb0cb90d.txt")
}
fn seed002() -> Record {
    seed("002_7e2625c9c323301a.txt")
}
fn seed003() -> Record {
    seed("003_e5b127d38b66f16b.txt")
}

fn numbers(r: &Record) -> Vec<Option<u32>> {
    r.paragraphs.iter().map(|p| p.n).collect()
}

fn para(r: &Record, n: u32) -> &cablescope_format::Paragraph {
    r.paragraphs
        .iter()
        .find(|p| p.n == Some(n))
        .unwrap_or_else(|| panic!("no paragraph {n}: {:?}", numbers(r)))
}

/// Text with all whitespace runs collapsed to one space (paragraph text may
/// keep the line breaks of the cable).
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_diag(r: &Record, field: &str, needle: &str) -> bool {
    r.diagnostics
        .iter()
        .any(|d| d.field == field && d.message.contains(needle))
}

// ---------------------------------------------------------------------------
// Seed 000: 07KUALALUMPUR1145, full teletype copy with Markdown debris.

#[test]
fn seed000_identity() {
    let r = seed000();
    assert_eq!(r.kind, Kind::Cable);
    assert_eq!(r.id.as_deref(), Some("07KUALALUMPUR1145"));
    assert_eq!(r.created.as_deref(), Some("2007-07-16T01:38:00Z"));
    let o = r.origin.as_ref().expect("origin");
    assert_eq!(o.id, "KUALALUMPUR");
    assert_eq!(o.name.as_deref(), Some("Embassy Kuala Lumpur"));
    assert_eq!(r.classification.as_deref(), Some("CONFIDENTIAL"));
    assert_eq!(
        r.subject.as_deref(),
        Some("EMBASSY SENIOR-LEVEL ENGAGEMENT ON TRAFFICKING IN PERSONS"),
        "two-line subject joined"
    );
}

#[test]
fn seed000_tags_free_of_link_debris() {
    let r = seed000();
    assert_eq!(
        r.tags,
        ["PREL", "PHUM", "PGOV", "ELAB", "KCRM", "KWMN", "MY"],
        "tags"
    );
}

#[test]
fn seed000_classified_by_and_declassification() {
    let r = seed000();
    let cb = r.classified_by.as_ref().expect("classified_by");
    assert_eq!(cb.name.as_deref(), Some("Christopher LaFleur"));
    assert_eq!(cb.title.as_deref(), Some("Ambassador"));
    assert_eq!(cb.reasons, ["1.4(b)", "1.4(d)"]);
    assert_eq!(r.declassify_on.as_deref(), Some("2017-07-16"));
    assert_eq!(r.signers, ["LAFLEUR"]);
}

#[test]
fn seed000_sections_joined_page_breaks_removed() {
    let r = seed000();
    for p in &r.paragraphs {
        assert!(
            !p.text.contains("KUALA LUMP 0000"),
            "page-break line left in paragraph {:?}: {}",
            p.n,
            p.text
        );
    }
    for page in ["002 OF 003", "003 OF 003"] {
        let line = format!("KUALA LUMP 00001145 {page}");
        assert!(
            r.removed.iter().any(|x| x.text.trim() == line),
            "`{line}` not in removed: {:?}",
            r.removed
        );
    }
    // The paragraphs split by the page breaks are whole again.
    assert!(
        flat(&para(&r, 6).text).contains("Tan at the time replied that he did not know"),
        "¶6 not joined across the page break: {}",
        para(&r, 6).text
    );
    assert!(
        flat(&para(&r, 11).text).contains("PolCouns raised TIP with the Home Affairs SecGen"),
        "¶11 not joined across the page break: {}",
        para(&r, 11).text
    );
    // Paragraphs split by a stray blank line are whole again.
    assert!(
        flat(&para(&r, 4).text).contains("He continued that in other areas, such as"),
        "¶4 not joined across the blank line: {}",
        para(&r, 4).text
    );
    assert!(
        flat(&para(&r, 8).text).contains("an Amb. Lagon visit to KL before September"),
        "¶8 not joined across the blank line: {}",
        para(&r, 8).text
    );
    // The signature is not paragraph text.
    assert!(!para(&r, 11).text.contains("LAFLEUR"));
    assert!(
        flat(&para(&r, 11).text).ends_with("providing expert speakers."),
        "{}",
        para(&r, 11).text
    );
}

#[test]
fn seed000_ocr_slips_read_as_paragraphs_5_to_8() {
    let r = seed000();
    for (written, n, marking) in [
        ("15.", 5, "U"),
        ("16.", 6, "C"),
        ("17.", 7, "C"),
        ("18.", 8, "C"),
    ] {
        let p = para(&r, n);
        assert_eq!(p.label.as_deref(), Some(written), "label of ¶{n}");
        assert_eq!(p.marking.as_deref(), Some(marking), "marking of ¶{n}");
        assert!(
            has_diag(&r, "paragraphs", &format!("`{written}` read as ¶{n}")),
            "no diagnostic for `{written}` read as ¶{n}: {:?}",
            r.diagnostics
        );
    }
    assert!(
        para(&r, 5)
            .text
            .starts_with("The Ambassador plans to discuss TIP")
    );
}

#[test]
fn seed000_all_paragraphs() {
    let r = seed000();
    // Paragraphs 1-11 in order, with the three sub-headings of the cable as
    // unnumbered blocks where they stand.
    assert_eq!(
        numbers(&r),
        [
            Some(1),
            None,
            Some(2),
            Some(3),
            Some(4),
            Some(5),
            None,
            Some(6),
            Some(7),
            Some(8),
            Some(9),
            Some(10),
            None,
            Some(11)
        ],
        "paragraph numbers"
    );
    let headings: Vec<String> = r
        .paragraphs
        .iter()
        .filter(|p| p.n.is_none())
        .map(|p| flat(&p.text))
        .collect();
    assert_eq!(
        headings,
        [
            "Deputy Prime Minister Najib on TIP",
            "Ministry of Foreign Affairs",
            "Other Discussants"
        ],
        "headings (Markdown `####` and `-----` underlines removed)"
    );
    for p in &r.paragraphs {
        assert!(!p.text.trim().is_empty(), "empty paragraph {p:?}");
        assert!(!p.text.contains("-----"), "underline in {:?}", p.n);
        assert!(
            !p.text.contains("####"),
            "Markdown heading mark in {:?}",
            p.n
        );
        if p.n.is_some() {
            assert_ne!(p.marking, None, "¶{:?} has a portion mark", p.n);
        }
    }
    for n in (1..=11).filter(|n| *n != 5) {
        assert_eq!(para(&r, n).marking.as_deref(), Some("C"), "¶{n}");
    }
    assert!(
        para(&r, 1)
            .text
            .starts_with("Summary: Senior Malaysian officials")
    );
    assert!(para(&r, 1).text.ends_with("End Summary."));
}

// ---------------------------------------------------------------------------
// Seed 001: a news article, not a cable.

#[test]
fn seed001_is_an_article() {
    let r = seed001();
    assert_eq!(r.kind, Kind::Article);
    let a = r.article.as_ref().expect("article metadata");
    assert_eq!(a.date.as_deref(), Some("2015-08-05"));
    assert_eq!(
        a.title.as_deref(),
        Some("Kerry 'notes' Malaysian trafficking steps, urges more")
    );
    assert!(
        a.source.as_deref().is_some_and(|s| s.contains("Reuters")),
        "source: {:?}",
        a.source
    );
    assert!(
        a.text
            .contains("U.S. Secretary of State John Kerry met Malaysian Prime Minister")
    );
    assert!(
        a.text
            .contains("negotiators failed to reach an accord in marathon talks in Hawaii.")
    );
    // Nothing invented: the article is no cable.
    assert_eq!(r.id, None);
    assert_eq!(r.created, None);
    assert_eq!(r.classification, None);
    assert!(r.tags.is_empty());
}

// ---------------------------------------------------------------------------
// Seed 002: 08PHNOMPENH416 republished on a news site.

const CHROME: [&str; 9] = [
    "World Headlines",
    "Scoop",
    "Werewolf",
    "Pacific.Scoop",
    "Gordon Campbell",
    "More>>",
    "Cafe Pacific",
    "Cablegate: Un Ct Body",
    "Mosul",
];

#[test]
fn seed002_identity() {
    let r = seed002();
    assert_eq!(r.kind, Kind::Cable);
    assert_eq!(r.id.as_deref(), Some("08PHNOMPENH416"));
    assert_eq!(r.created.as_deref(), Some("2008-05-20T11:24:00Z"));
    let o = r.origin.as_ref().expect("origin");
    assert_eq!(o.id, "PHNOMPENH");
    assert_eq!(o.name.as_deref(), Some("Embassy Phnom Penh"));
    // "Unclassified with SBU paragraphs": the copy has lost its first line and
    // captions, so the text shows an unclassified level and SBU portion marks;
    // whether the archive adds the FOUO label is not evidenced by this copy.
    let class = r.classification.as_deref().unwrap_or("");
    assert!(class.starts_with("UNCLASSIFIED"), "{class}");
    let sbu = r
        .paragraphs
        .iter()
        .filter(|p| p.marking.as_deref() == Some("SBU"))
        .count();
    assert!(sbu >= 4, "SBU paragraphs: {sbu}");
}

#[test]
fn seed002_sbu_paragraphs() {
    let r = seed002();
    assert_eq!(
        numbers(&r),
        [Some(1), Some(2), Some(3), Some(4), Some(5)],
        "paragraph numbers"
    );
    for n in 1..=4 {
        assert_eq!(para(&r, n).marking.as_deref(), Some("SBU"), "¶{n}");
    }
    assert_eq!(para(&r, 5).marking.as_deref(), Some("U"));
    assert!(
        flat(&para(&r, 5).text)
            .ends_with("(including a copy of the report when it is released to SC members.)"),
        "{}",
        para(&r, 5).text
    );
    for p in &r.paragraphs {
        assert!(!p.text.trim().is_empty(), "empty paragraph {p:?}");
    }
}

#[test]
fn seed002_no_site_chrome_in_body() {
    let r = seed002();
    for p in &r.paragraphs {
        for c in CHROME {
            assert!(
                !p.text.contains(c),
                "site chrome `{c}` in paragraph {:?}: {}",
                p.n,
                p.text
            );
        }
    }
    for b in &r.blocks {
        for c in CHROME {
            assert!(!b.text.contains(c), "site chrome `{c}` in {} block", b.kind);
        }
    }
    assert!(
        r.signers
            .iter()
            .all(|s| !s.contains("PMC") && !s.contains("Scoop"))
    );
}

// ---------------------------------------------------------------------------
// Seed 003: 08KUALALUMPUR224, REF list and link debris.

#[test]
fn seed003_identity_and_references() {
    let r = seed003();
    assert_eq!(r.kind, Kind::Cable);
    assert_eq!(r.id.as_deref(), Some("08KUALALUMPUR224"));
    assert_eq!(r.created.as_deref(), Some("2008-03-30T23:43:00Z"));
    assert_eq!(
        r.origin.as_ref().and_then(|o| o.name.as_deref()),
        Some("Embassy Kuala Lumpur")
    );
    assert_eq!(r.classification.as_deref(), Some("CONFIDENTIAL"));
    let ids: Vec<Option<&str>> = r.references.iter().map(|x| x.id.as_deref()).collect();
    assert_eq!(
        ids,
        [
            Some("08STATE30452"),
            Some("08KUALALUMPUR142"),
            Some("08KUALALUMPUR121"),
            Some("08KUALALUMPUR111")
        ],
        "references: {:?}",
        r.references
    );
    let labels: Vec<Option<&str>> = r.references.iter().map(|x| x.label.as_deref()).collect();
    assert_eq!(labels, [Some("A"), Some("B"), Some("C"), Some("D")]);
    assert_eq!(r.signers, ["KEITH"]);
}

#[test]
fn seed003_preamble_and_body() {
    let r = seed003();
    assert_eq!(r.tags, ["PREL", "PGOV", "UN", "UNMIK", "EU", "MY"]);
    assert_eq!(
        r.subject.as_deref(),
        Some("MALAYSIA NOT READY YET TO FORMALLY RECOGNIZE KOSOVO")
    );
    assert_eq!(r.declassify_on.as_deref(), Some("2018-03-29"));
    let cb = r.classified_by.as_ref().expect("classified_by");
    assert_eq!(cb.name.as_deref(), Some("Mark D. Clark"));
    assert_eq!(cb.title.as_deref(), Some("Political Section Chief"));
    assert_eq!(cb.reasons, ["1.4(b)", "1.4(d)"]);
    assert_eq!(numbers(&r), [Some(1), Some(2)]);
    assert_eq!(para(&r, 1).marking.as_deref(), Some("C"));
    assert_eq!(para(&r, 2).marking.as_deref(), Some("SBU"));
    for p in &r.paragraphs {
        assert!(!p.text.contains("[1](#)"), "link debris in ¶{:?}", p.n);
        assert!(!p.text.trim().is_empty());
    }
    assert!(para(&r, 1).text.starts_with("With the unavailability"));
    assert!(r.captions.iter().any(|c| c == "SIPDIS"));
    assert!(r.captions.iter().any(|c| c == "SENSITIVE"));
}
