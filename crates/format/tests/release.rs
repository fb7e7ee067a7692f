//! The release as evidence (issue #15): ids and years of texts without a
//! date, the release's own ids, the post names of their time, and the label
//! conventions. Each case is a short text shaped like the real copies; the
//! release list is compiled into the parser, so these need no corpus.

use cablescope_format::{RefYear, Severity, parse_text};

const PARTIAL: &str = "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\n";

fn id_diagnostics(rec: &cablescope_format::Record) -> Vec<String> {
    rec.diagnostics
        .iter()
        .filter(|d| d.field == "id")
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn the_one_cable_of_a_post_and_serial_gives_the_id_and_year() {
    let text = format!(
        "{PARTIAL}C O N F I D E N T I A L BERLIN 001642\n\nE.O. 12958: N/A\nTAGS: PREL, GM\nSUBJECT: TEST\n\n1. (C) Text.\n"
    );
    let rec = parse_text("row", &text);
    assert_eq!(rec.id.as_deref(), Some("99BERLIN1642"));
    assert_eq!(rec.year, Some(1999));
    assert_eq!(
        rec.created, None,
        "no date-time group: no created date is invented"
    );
    let d = id_diagnostics(&rec);
    assert!(
        d.iter()
            .any(|m| m.contains("release's only cable of BERLIN with serial 1642")),
        "{d:?}"
    );
}

#[test]
fn a_post_and_serial_no_release_cable_has_keeps_the_id_unknown() {
    let text = "C O N F I D E N T I A L BERLIN 009999\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: TEST\n\n1. (C) Text.\n";
    let rec = parse_text("row", text);
    assert_eq!(rec.id, None);
    assert_eq!(rec.year, None);
    assert!(
        id_diagnostics(&rec)
            .iter()
            .any(|m| m.contains("no cable of BERLIN with serial 9999"))
    );
    // With a declassification date the weak inference stands, and says so.
    let text = "C O N F I D E N T I A L BERLIN 009999\n\nE.O. 12958: DECL: 03/01/2014\nTAGS: PREL\nSUBJECT: TEST\n\n1. (C) Text.\n";
    let rec = parse_text("row", text);
    assert_eq!(rec.id.as_deref(), Some("04BERLIN9999"));
    let d = id_diagnostics(&rec);
    assert!(
        d.iter()
            .any(|m| m.contains("declassification date") && m.contains("no cable of BERLIN")),
        "{d:?}"
    );
}

#[test]
fn several_cables_are_told_apart_by_the_evidence_or_not_at_all() {
    // ZAGREB 1661 is in the release twice: 91ZAGREB1661 and 04ZAGREB1661.
    let old_order = format!(
        "{PARTIAL}UNCLAS ZAGREB 001661\n\nE.O. 12356: N/A\nTAGS: PREL, HR\nSUBJECT: TEST\n\n1. Text.\n"
    );
    let rec = parse_text("row", &old_order);
    assert_eq!(rec.id.as_deref(), Some("91ZAGREB1661"));
    let d = id_diagnostics(&rec);
    assert!(
        d.iter().any(|m| m.contains("E.O. 12356 was in force")),
        "{d:?}"
    );

    let recent = format!(
        "{PARTIAL}C O N F I D E N T I A L ZAGREB 001661\n\nE.O. 12958: DECL: 08/01/2014\nTAGS: PREL, HR\nSUBJECT: TEST\n\n1. (C) On July 12, 2004 the minister spoke.\n"
    );
    let rec = parse_text("row", &recent);
    assert_eq!(rec.id.as_deref(), Some("04ZAGREB1661"));
    assert!(
        id_diagnostics(&rec)
            .iter()
            .any(|m| m.contains("declassification in 2014"))
    );

    // Nothing tells them apart: no id, and both candidates named.
    let bare =
        format!("{PARTIAL}UNCLAS ZAGREB 001661\n\nTAGS: PREL, HR\nSUBJECT: TEST\n\n1. Text.\n");
    let rec = parse_text("row", &bare);
    assert_eq!(rec.id, None);
    let mut c = rec.id_candidates.clone();
    c.sort();
    assert_eq!(c, ["04ZAGREB1661", "91ZAGREB1661"]);
    assert!(rec.diagnostics.iter().any(|d| d.field == "id"
        && d.severity == Severity::Warning
        && d.message.contains("does not tell them apart")));
}

#[test]
fn the_release_id_is_kept_beside_the_repaired_one() {
    let text = "R 121200Z AUG 08\nFM AMEMBASSY LONDON\nTO SECSTATE WASHDC 1234\n\nUNCLAS E F T O LONDON 002883\n\nE.O. 12958: N/A\nTAGS: PREL, UK\nSUBJECT: TEST\n\n1. Text.\n";
    let rec = parse_text("cable", text);
    assert_eq!(rec.id.as_deref(), Some("08LONDON2883"));
    assert_eq!(rec.release_id.as_deref(), Some("08EFTOLONDON2883"));
    // The same post and serial a year before is another cable, named as released.
    let text = text.replace("AUG 08", "AUG 07");
    let rec = parse_text("cable", &text);
    assert_eq!(rec.id.as_deref(), Some("07LONDON2883"));
    assert_eq!(rec.release_id, None);
}

#[test]
fn ids_keep_the_post_name_of_their_time() {
    // AIT Taipei's cables of 2004 are TAIPEI in the release.
    let text = "R 121200Z DEC 04\nFM AIT TAIPEI\nTO SECSTATE WASHDC 1234\n\nUNCLAS TAIPEI 003043\n\nE.O. 12958: N/A\nTAGS: PREL, TW\nSUBJECT: TEST\n\n1. Text.\n";
    let rec = parse_text("cable", text);
    assert_eq!(rec.id.as_deref(), Some("04TAIPEI3043"));
    assert_eq!(rec.origin.as_ref().map(|o| o.id.as_str()), Some("TAIPEI"));
    // Kiev in 2006 was KIEV on the first line and in the release.
    let text = "R 121200Z MAR 06\nFM AMEMBASSY KIEV\nTO SECSTATE WASHDC 1234\n\nC O N F I D E N T I A L KIEV 001261\n\nE.O. 12958: N/A\nTAGS: PREL, UP\nSUBJECT: TEST\n\n1. (C) Text.\n";
    let rec = parse_text("cable", text);
    assert_eq!(rec.id.as_deref(), Some("06KIEV1261"));
    // A regional office keeps its own id where it shares a routing indicator.
    let text = "VZCZCXRO1234\nPP RUEHDE\nDE RUEHDIR #0018 0551200\nZNY SSSSS ZZH\nP 241200Z FEB 07\nFM IRAN RPO DUBAI\nTO SECSTATE WASHDC 1234\n\nS E C R E T IRAN RPO DUBAI 000018\n\nE.O. 12958: DECL: 02/24/2017\nTAGS: PREL, IR\nSUBJECT: TEST\n\n1. (S) Text.\n";
    let rec = parse_text("cable", text);
    assert_eq!(rec.id.as_deref(), Some("07IRANRPODUBAI18"));
}

#[test]
fn the_remaining_misreads() {
    // A year written before the post is no serial.
    let text = "O R 181205Z NOV 75\nFM AMEMBASSY LIBREVILLE\nTO SECSTATE WASHDC IMMEDIATE 7102\n\nC O N F I D E N T I A L 75 LIBREVILLE 1895\n\nE.O. 11652: GDS\nTAGS: PFOR, GB\nSUBJECT: TEST\n\n1. TEXT.\n";
    let rec = parse_text("cable", text);
    assert_eq!(rec.id.as_deref(), Some("75LIBREVILLE1895"));
    // A travel-party serial after the STATE serial is not the serial.
    let text = "O 312200Z DEC 90\nFM SECSTATE WASHDC\nTO AMEMBASSY RIYADH IMMEDIATE\n\nS E C R E T STATE 255195 TOSEC 140301\n\nE.O. 12356: DECL: OADR\nTAGS: PREL, SA\nSUBJECT: TEST\n\n1. (S) TEXT.\n";
    let rec = parse_text("cable", text);
    assert_eq!(rec.id.as_deref(), Some("90STATE255195"));
    assert_eq!(rec.release_id.as_deref(), Some("90STATE255195TOSEC140301"));
    // A STATE cable printed without a first line: the page header names post and serial.
    let text = "                           UNCLASSIFIED     PTO6976\n\nPAGE 01        STATE   228772  012054Z\nORIGIN PER-01\n\nINFO  LOG-00   MFS-01\n\n228772\nSOURCE: DISKETTE.013542\nDRAFTED BY: HR/CDA/AO:SKRIX -- 12/01/00 EXT. 7-4213\n\n1. TEXT.\n";
    let rec = parse_text("row", text);
    assert_eq!(rec.id.as_deref(), Some("00STATE228772"));
}

#[test]
fn references_take_the_year_the_release_gives_the_citing_cable() {
    let text = format!(
        "{PARTIAL}C O N F I D E N T I A L BERLIN 001642\n\nE.O. 12958: N/A\nTAGS: PREL, GM\nSUBJECT: TEST\n\nREF: A. STATE 185591 B. BERLIN 1700\n\n1. (C) Text.\n"
    );
    let rec = parse_text("row", &text);
    let refs: Vec<_> = rec
        .references
        .iter()
        .map(|r| (r.id.as_deref().unwrap_or(""), r.year_from))
        .collect();
    // BERLIN 1700, above the citing cable's own serial 1642, is of the year before.
    assert_eq!(
        refs,
        [
            ("99STATE185591", Some(RefYear::Release)),
            ("98BERLIN1700", Some(RefYear::Release))
        ]
    );
}

#[test]
fn label_conventions_are_named() {
    // An unclassified cable with a NOFORN caveat: the archive's FOUO label.
    let text = "R 121200Z AUG 09\nFM AMEMBASSY TRIPOLI\nTO SECSTATE WASHDC 1234\n\nUNCLAS SECTION 01 OF 02 TRIPOLI 000868\n\nNOFORN\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL, LY\nSUBJECT: TEST\n\n1. (SBU) Text.\n";
    let rec = parse_text("cable", text);
    assert_eq!(
        rec.classification.as_deref(),
        Some("UNCLASSIFIED//FOR OFFICIAL USE ONLY")
    );
    assert!(
        rec.diagnostics
            .iter()
            .any(|d| d.field == "classification" && d.message.contains("unclassified NOFORN"))
    );
    // A sectioned partial extract with the SENSITIVE caption.
    let text = format!(
        "{PARTIAL}C O N F I D E N T I A L SECTION 01 OF 03 SANTO DOMINGO 006671\n\nSIPDIS\n\nSENSITIVE\n\nE.O. 12958: DECL: 11/20/2013\nTAGS: PREL, DR\nSUBJECT: TEST\n\n1. (C) Text.\n"
    );
    let rec = parse_text("row", &text);
    assert_eq!(rec.classification.as_deref(), Some("CONFIDENTIAL//NOFORN"));
    // The same cable as a full copy keeps its banner's label.
    let full = text.replace(PARTIAL, "");
    let rec = parse_text("row", &full);
    assert_eq!(rec.classification.as_deref(), Some("CONFIDENTIAL"));
}
