//! The real `cablescope` binary on temporary files: every form, standard
//! input, directories, broken csv rows, unreadable paths, invalid UTF-8.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const CABLE: &str = "VZCZCXRO3118\nOO RUEHCHI\nDE RUEHKL #1145/01 1970138\nZNY CCCCC ZZH\nO 160138Z JUL 07\nFM AMEMBASSY KUALA LUMPUR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9638\nBT\nC O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145\n\nSIPDIS\n\nE.O. 12958: DECL: 07/16/2017\nTAGS: PREL PHUM MY\nSUBJECT: TRAFFICKING IN PERSONS\n\nClassified By: Ambassador Christopher LaFleur, reasons 1.4 (b) and (d).\n\n1. (C) Summary: text. End Summary.\n\n2. (C) More text.\n\nLAFLEUR\n";

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cablescope-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cablescope"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    // Feed standard input from a thread: the binary writes while it reads.
    let mut sin = child.stdin.take().unwrap();
    let data = stdin.map(<[u8]>::to_vec).unwrap_or_default();
    let feeder = std::thread::spawn(move || {
        let _ = sin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn records(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn teletype_file_json_and_summary() {
    let d = tmpdir("text");
    let f = d.join("c.txt");
    std::fs::write(&f, CABLE).unwrap();
    let o = run(&["parse", "--json", p(&f)], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = records(&o);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["kind"], "cable");
    assert_eq!(r[0]["id"], "07KUALALUMPUR1145");
    assert_eq!(r[0]["created"], "2007-07-16T01:38:00Z");
    assert_eq!(r[0]["path"], p(&f));
    let o = run(&["parse", p(&f)], None);
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.contains("id: 07KUALALUMPUR1145"), "{s}");
    assert!(s.contains("classification: CONFIDENTIAL"), "{s}");
    assert!(s.contains("paragraphs: 2"), "{s}");
}

#[test]
fn stdin_is_read() {
    let o = run(&["parse", "--json", "-"], Some(CABLE.as_bytes()));
    assert!(o.status.success());
    let r = records(&o);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["path"], "-");
    assert_eq!(r[0]["id"], "07KUALALUMPUR1145");
}

#[test]
fn directory_walked_sorted() {
    let d = tmpdir("dir");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("b.txt"), CABLE).unwrap();
    std::fs::write(d.join("a.txt"), CABLE).unwrap();
    std::fs::write(d.join("sub").join("c.txt"), CABLE).unwrap();
    let o = run(&["parse", "--json", p(&d)], None);
    assert!(o.status.success());
    let paths: Vec<String> = records(&o)
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            p(&d.join("a.txt")).to_string(),
            p(&d.join("b.txt")).to_string(),
            p(&d.join("sub").join("c.txt")).to_string()
        ]
    );
}

/// One `cables.csv` row (real newlines inside fields, MySQL-style escapes); 9 lines.
fn csv_row(n: u32, id: &str) -> String {
    format!(
        "\"{n}\",\"7/16/2007 1:38\",\"{id}\",\"Embassy Kuala Lumpur\",\"CONFIDENTIAL\",\"\",\"O 160138Z JUL 07\nFM AMEMBASSY KUALA LUMPUR\",\"C O N F I D E N T I A L KUALA LUMPUR 001145\n\nE.O. 12958: DECL: 07/16/2017\nTAGS: PREL\nSUBJECT: IT\\'S \\\"X\\\"\n\n1. (C) Text.\n\"\n"
    )
}

#[test]
fn csv_broken_row_in_the_middle() {
    // A row cut short (three fields, its last quote missing) is kept, not
    // dropped: read with warnings naming its line, and the rows after it are
    // read intact.
    let d = tmpdir("csv");
    let f = d.join("cables.csv");
    let mut s = String::new();
    s.push_str(&csv_row(1, "07KUALALUMPUR1145"));
    s.push_str("\"2\",\"7/16/2007 1:38\",\"broken\"\n");
    s.push_str(&csv_row(3, "07KUALALUMPUR1145"));
    std::fs::write(&f, s).unwrap();
    let o = run(&["parse", "--json", p(&f)], None);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(csv_row(1, "X").lines().count(), 9);
    let r = records(&o);
    assert_eq!(r.len(), 3);
    assert_eq!(r[0]["path"], format!("{}:line 1", p(&f)));
    assert_eq!(r[1]["path"], format!("{}:line 10", p(&f)));
    let said = r[1]["diagnostics"].to_string();
    assert!(
        said.contains("line 10") && said.contains("missing"),
        "{said}"
    );
    assert_eq!(r[2]["path"], format!("{}:line 11", p(&f)));
    assert_eq!(r[2]["subject"], "IT'S \"X\"");
    assert_eq!(r[2]["source"]["from"], "csv_columns");
}

#[test]
fn csv_on_stdin_streams() {
    let mut s = String::new();
    for n in 1..=600 {
        s.push_str(&csv_row(n, "07KUALALUMPUR1145"));
    }
    let o = run(&["parse", "--json", "-"], Some(s.as_bytes()));
    assert!(o.status.success());
    let r = records(&o);
    assert_eq!(r.len(), 600);
    assert_eq!(r[599]["path"], "-:line 5392");
}

#[test]
fn unreadable_path_reported_and_others_parsed() {
    let d = tmpdir("missing");
    let f = d.join("c.txt");
    std::fs::write(&f, CABLE).unwrap();
    let missing = d.join("nope.txt");
    let o = run(&["parse", "--json", p(&missing), p(&f)], None);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(p(&missing)) && err.contains("cannot read"),
        "{err}"
    );
    assert_eq!(records(&o).len(), 1);
}

#[test]
fn invalid_utf8_names_the_line() {
    let d = tmpdir("latin1");
    let f = d.join("c.txt");
    let mut bytes = CABLE
        .replace("1. (C) Summary", "\u{0}1. (C) Summary")
        .into_bytes();
    let at = bytes.iter().position(|&b| b == 0).unwrap();
    bytes[at] = 0xB6; // Latin-1 pilcrow
    std::fs::write(&f, &bytes).unwrap();
    let o = run(&["parse", "--json", p(&f)], None);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{}:line 19", p(&f))), "{err}");
    let r = records(&o);
    assert_eq!(r[0]["id"], "07KUALALUMPUR1145");
    assert!(r[0]["text"].as_str().unwrap().contains("¶1. (C)"));
}

#[test]
fn every_form() {
    let d = tmpdir("forms");
    let body_html = CABLE.replace("1. (C)", "<a id='par1' href='#par1'>¶</a>1. (C)");
    let files: Vec<(&str, String)> = vec![
        (
            "page.html",
            format!(
                "<html><body><h3>Viewing cable 07KUALALUMPUR1145, TRAFFICKING IN PERSONS</h3><table class='cable'><tr><td><a>07KUALALUMPUR1145</a></td><td><a>2007-07-16 01:38</a></td><td>2011-01-01 00:00</td><td><a>CONFIDENTIAL</a></td><td><a>Embassy Kuala Lumpur</a></td></tr></table><code><pre>{}</pre></code></body></html>",
                CABLE.replace('\n', "&#x000A;")
            ),
        ),
        ("fragment.txt", format!("<code><pre>{body_html}</pre></code>")),
        (
            "plusd.html",
            format!(
                "<html><body><a href=\"/plusd/\">PlusD</a><table id=\"synopsis\"><tr><td><div class=\"s_key\"><a>Canonical ID:</a></div><div class=\"s_val\">07KUALALUMPUR1145_a</div></td></tr></table><div class=\"pane-tab\"><div class=\"pane-header\">Raw content</div><div class=\"pane-content\"><div class=\"text-content\">{CABLE}</div></div></div></body></html>"
            ),
        ),
        (
            "export.json",
            serde_json::json!({"_id": "07STATE1|07STATE2", "origin": "Embassy Kuala Lumpur", "date_time": "7/16/2007 1:38", "classification": "CONFIDENTIAL", "body": CABLE.lines().skip(8).collect::<Vec<_>>().join("  ")}).to_string(),
        ),
        ("page.pdf.txt", format!("Page header\n{}\u{c}Page header\nmore\n", CABLE).replace('\n', "\r\n")),
        (
            "web.txt",
            format!("Cablegate: A Site Headline\n\n{CABLE}\n© Scoop Media\n\nWorld Headlines\nOther story More>>\n"),
        ),
    ];
    for (name, content) in &files {
        std::fs::write(d.join(name), content).unwrap();
    }
    let o = run(&["parse", "--json", p(&d)], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let recs = records(&o);
    let by = |name: &str| {
        recs.iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("no record for {name}"))
            .clone()
    };
    for (name, form) in [
        ("page.html", "wikileaks_page"),
        ("fragment.txt", "wikileaks_page"),
        ("plusd.html", "plusd_page"),
        ("export.json", "json"),
        ("page.pdf.txt", "pdf_text"),
        ("web.txt", "web_page"),
    ] {
        let r = by(name);
        assert_eq!(r["kind"], "cable", "{name}");
        assert_eq!(r["form"], form, "{name}");
        assert_eq!(r["subject"], "TRAFFICKING IN PERSONS", "{name}");
    }
    assert_eq!(by("export.json")["source"]["id"], "07STATE1|07STATE2");
    assert_eq!(by("plusd.html")["source"]["from"], "plusd_page");
    let web = by("web.txt");
    let last = web["paragraphs"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert!(!last["text"].as_str().unwrap().contains("Headlines"));
    assert!(
        web["removed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "site_chrome" && x["text"] == "World Headlines")
    );
}

#[test]
fn article_and_other() {
    let d = tmpdir("article");
    let a = d.join("a.txt");
    std::fs::write(&a, "Kerry notes Malaysian trafficking steps\n\nPHOTO: Reuters\n\nKUALA LUMPUR - U.S. Secretary of State John Kerry met Malaysian Prime Minister Najib Razak on Wednesday, August 5, 2015, and noted steps his government has taken.\n\nThe U.S. official said Kerry and Najib also discussed progress on the Trans-Pacific Partnership trade pact, which both support.\n\nHuman rights groups called for an investigation into why strategically important countries were upgraded in the report.\n").unwrap();
    let o2 = d.join("o.txt");
    std::fs::write(&o2, "just some words\n").unwrap();
    let o = run(&["parse", "--json", p(&a), p(&o2)], None);
    assert!(o.status.success());
    let r = records(&o);
    assert_eq!(r[0]["kind"], "article");
    assert_eq!(r[0]["article"]["date"], "2015-08-05");
    assert_eq!(r[0]["article"]["source"], "Reuters");
    assert_eq!(r[1]["kind"], "other");
}

#[test]
fn json_lines_bad_line() {
    let d = tmpdir("jsonl");
    let f = d.join("x.jsonl");
    let obj = serde_json::json!({"body": CABLE}).to_string();
    std::fs::write(&f, format!("{obj}\n{{not json\n{obj}\n")).unwrap();
    let o = run(&["parse", "--json", p(&f)], None);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{}:line 2", p(&f))), "{err}");
    let r = records(&o);
    assert_eq!(r.len(), 2);
    assert_eq!(r[1]["path"], format!("{}:line 3", p(&f)));
}

#[test]
fn help_documents_exit_codes() {
    let o = run(&["parse", "--help"], None);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("Exit status"), "{s}");
}
