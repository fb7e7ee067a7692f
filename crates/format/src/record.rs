//! The record: everything a cable (or any other document) says, as one value.
//!
//! Field names are a contract: later tools (the archive, the web API, external
//! checks) read them from JSON. The first block of fields is the core record
//! named by the format issue; the rest is everything else the text holds.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// What kind of document a record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A diplomatic cable (telegram), whole or in part.
    Cable,
    /// A news article or similar prose document about cables.
    Article,
    /// Anything else; the record still keeps its text.
    #[default]
    Other,
}

/// The form in which a document reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// Plain teletype text (with or without the transmission envelope).
    #[default]
    Text,
    /// A WikiLeaks cablegate page (`/cable/YYYY/MM/ID.html`), any 2010-2011 layout.
    WikileaksPage,
    /// A WikiLeaks PlusD page.
    PlusdPage,
    /// One row of a `cables.csv` file.
    CsvRow,
    /// One JSON object (a JSON file or one line of JSON Lines).
    Json,
    /// A web page (news site) that republishes a cable inside site chrome.
    WebPage,
    /// Text extracted from a PDF (pdftotext).
    PdfText,
}

/// The origin (sending post) of a cable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Origin {
    /// The id used in reference ids, e.g. `KUALALUMPUR`.
    pub id: String,
    /// The archive's display name as `cables.csv` writes it, e.g. `Embassy Kuala Lumpur`.
    pub name: Option<String>,
    /// The post's routing indicator, e.g. `RUEHKL`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ri: Option<String>,
    /// Country where the post is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 code of that country.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub iso2: Option<String>,
    /// Where the origin was read from (`de_line`, `fm_line`, `first_line`, `page_header`, `id`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub evidence: Option<String>,
}

/// What kind of document a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    /// Another cable (telegram); `id` is its canonical reference id.
    Cable,
    /// An e-mail message.
    Email,
    /// A telephone conversation (telcon).
    Telcon,
    /// A meeting, conversation or memcon.
    Memcon,
    /// A report, airgram, memo, fax, letter or other document.
    Document,
    /// Something the parser could not classify; the text is kept.
    Unknown,
}

/// One entry of a cable's REF block (or a reference found in its text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Canonical id (`08STATE30452`) when the reference is a cable, else null.
    pub id: Option<String>,
    /// The reference as written.
    pub text: String,
    /// What it points at.
    pub kind: RefKind,
    /// Letter or number of the entry (`A`, `B`, `1`) where given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// Qualifiers written beside it (`NOTAL`, `EXDIS`, ...).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub qualifiers: Vec<String>,
    /// Where the year of `id` comes from (cable references with an id).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub year_from: Option<RefYear>,
}

/// Where the year of a cable reference's id comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefYear {
    /// The reference writes its year (`07 STATE 1234`, `STATE 1234 (07)`).
    Written,
    /// The citing cable's year, from its date-time group: a reference
    /// written without a year is from the year of the cable citing it.
    Citing,
    /// A weak inference from the text (the declassification date, the
    /// years other references write); a diagnostic names it.
    Inferred,
    /// The citing cable's year, which the release list gave (its text has
    /// no date-time group; the id's diagnostic names the evidence).
    Release,
    /// The date the source shows beside the text (a `cables.csv` date
    /// column, a page's Created field), used only when the text gives no
    /// date; a diagnostic names it.
    Source,
}

/// The classification authority line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClassifiedBy {
    /// The person's name as written (`Christopher LaFleur`), or null.
    pub name: Option<String>,
    /// Title or position (`Ambassador`, `Political Section Chief`).
    pub title: Option<String>,
    /// Agency or office where written (`DOS`, `Department of State`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub agency: Option<String>,
    /// Reasons as `1.4(b)`, `1.5(d)`, ... in order of appearance.
    pub reasons: Vec<String>,
    /// The whole line(s) as written.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub text: String,
}

/// A numbered or unnumbered block of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The number as the cable means it (`15.` read as 5 after ¶4), or null for unnumbered blocks.
    pub n: Option<u32>,
    /// Portion marking without parentheses (`C`, `SBU`, `S/NF`), or null.
    pub marking: Option<String>,
    /// The paragraph text, page-break lines and section headers removed, lines joined.
    pub text: String,
    /// The number as written (`¶1.`, `15.`, `1.`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// Byte spans of redaction runs (`XXXXXXXXXXXX`) inside `text`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub redactions: Vec<Span>,
}

/// A half-open byte range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Text removed from the body as furniture, so that nothing is lost silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// What it was: `page_break`, `section_header`, `link_debris`, `site_chrome`, `partial_note`, `classification_line`, `distribution`, `end_of_message`.
    pub kind: String,
    /// The removed text as it stood.
    pub text: String,
    /// 1-based line number in the cable text, where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
}

/// Precedence, as declared in the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Precedence {
    /// For action addressees (`IMMEDIATE`, `PRIORITY`, `ROUTINE`, `FLASH`, `NIACT IMMEDIATE`).
    pub action: Option<String>,
    /// For info addressees, where a second precedence is given.
    pub info: Option<String>,
}

/// The ACP-127 transmission envelope (format lines 1-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Envelope {
    /// FL1 channel (`XRO` in `VZCZCXRO3118`).
    pub channel: Option<String>,
    /// FL1 sequence (`3118`).
    pub sequence: Option<String>,
    /// FL2 relay routing indicators.
    pub relay: Vec<String>,
    /// FL2 precedence prosign (`OO`).
    pub relay_precedence: Option<String>,
    /// FL3 originating station routing indicator (`RUEHKL`).
    pub station_ri: Option<String>,
    /// FL3 station serial (`1145`).
    pub station_serial: Option<String>,
    /// FL3 section (`01`).
    pub section: Option<String>,
    /// FL3 Julian date-time (`1970138`).
    pub julian: Option<String>,
    /// FL4 security line (`ZNY CCCCC`).
    pub security: Option<String>,
    /// FL4 operating signals (`ZZH`) and those after the DTG.
    pub operating_signals: Vec<String>,
    /// FL5 date-time group as written (`160138Z JUL 07`).
    pub dtg: Option<String>,
    /// FM line address as written (`AMEMBASSY KUALA LUMPUR`).
    pub from: Option<String>,
    /// The envelope lines as they stood.
    pub raw: Vec<String>,
}

/// An addressee on a TO, INFO or XMT line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressee {
    /// `to`, `info` or `xmt`.
    pub role: String,
    /// Routing indicator (`RUEHC`), where given.
    pub ri: Option<String>,
    /// Plain-language address (`SECSTATE WASHDC`).
    pub address: String,
    /// Precedence on this line (`IMMEDIATE`).
    pub precedence: Option<String>,
    /// Per-addressee serial (`9638`, `7721-7722`).
    pub serial: Option<String>,
    /// Resolved post id (`STATE`), where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub post: Option<String>,
    /// Resolved country, where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
}

/// The E.O. line: which order, and the declassification instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ExecutiveOrder {
    /// `12958`, `13526`, `12356`, `11652`, ...
    pub number: Option<String>,
    /// Whether written "as amended".
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub amended: bool,
    /// Declassification instruction: `date`, `X1`..`X8`, `25X1`.., `OADR`, `MR`, `N/A`, `DECLASSIFIED`, `DNG`, ...
    pub instructions: Vec<String>,
    /// Date from the instruction (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The line as written.
    pub text: String,
}

/// A summary or comment block of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// `summary` or `comment`.
    pub kind: String,
    /// The block's text.
    pub text: String,
}

/// Section information from the first line (`SECTION 01 OF 03`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sections {
    /// Sections seen in this copy.
    pub seen: u32,
    /// Sections the cable has.
    pub of: u32,
}

/// Metadata that a source carries beside the text (the WikiLeaks page table,
/// the `cables.csv` columns, JSON fields), kept apart from what the text says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SourceMeta {
    /// Where it came from: `wikileaks_page`, `csv_columns`, `json_fields`, `plusd_page`.
    pub from: String,
    /// Reference id the source gives.
    pub id: Option<String>,
    /// Creation date-time the source gives (ISO-8601).
    pub created: Option<String>,
    /// Release date-time (WikiLeaks pages).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub released: Option<String>,
    /// Classification the source shows.
    pub classification: Option<String>,
    /// Origin display name the source shows.
    pub origin: Option<String>,
    /// Subject the source shows (page heading).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subject: Option<String>,
    /// TAGS the source lists.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tags: Vec<String>,
    /// References the source lists (the csv `references` column).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub references: Vec<String>,
    /// What the source's reader repaired in the record's shape (a
    /// `cables.csv` row whose body held a quote the export did not escape),
    /// each a diagnostic of the record.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
}

/// Metadata of a news article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ArticleMeta {
    /// Headline.
    pub title: Option<String>,
    /// Publication date (`YYYY-MM-DD`), where found.
    pub date: Option<String>,
    /// Site or agency (`Reuters`).
    pub source: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Body text without navigation and chrome.
    pub text: String,
}

/// One parsed document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Record {
    /// The input as given, plus `:row N` / `:line N` for multi-record files.
    pub path: String,
    /// `cable`, `article` or `other`.
    pub kind: Kind,
    /// Canonical reference id such as `07KUALALUMPUR1145`, or null: the
    /// repaired form that references cite and the archive keys the cable by.
    /// The post part is the post's name of the time as the release writes it
    /// (`87MADRAS3155`, `04TAIPEI3043`).
    pub id: Option<String>,
    /// The id the Cablegate release gives the cable where it differs from
    /// `id` (`08EFTOLONDON2883` for `08LONDON2883`,
    /// `08SECTION01OF02CHISINAU976` for `08CHISINAU976`): what WikiLeaks'
    /// pages, URLs and the press write. Null when they agree or the release
    /// does not hold the cable. Both are findable in the archive.
    pub release_id: Option<String>,
    /// ISO-8601 UTC date-time from the date-time group, or null.
    pub created: Option<String>,
    /// The cable's year: the date-time group's, or, for a text without one,
    /// the year the release list gives its post and serial (a diagnostic
    /// names the evidence), or null.
    pub year: Option<i32>,
    /// When the id is unknown because the release holds several cables of
    /// this post and serial that the text does not tell apart: their ids,
    /// most likely first.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub id_candidates: Vec<String>,
    /// The sending post.
    pub origin: Option<Origin>,
    /// The archive label (`CONFIDENTIAL//NOFORN`, ...).
    pub classification: Option<String>,
    /// Whole subject, multi-line subjects joined.
    pub subject: Option<String>,
    /// TAGS in order.
    pub tags: Vec<String>,
    /// References (REF block and references in the text).
    pub references: Vec<Reference>,
    /// Signers' surnames.
    pub signers: Vec<String>,
    /// Classification authority.
    pub classified_by: Option<ClassifiedBy>,
    /// Declassification date (`YYYY-MM-DD`).
    pub declassify_on: Option<String>,
    /// Body paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Every repair and uncertainty.
    pub diagnostics: Vec<Diagnostic>,

    /// The form the document came in.
    pub form: Form,
    /// The transmission envelope, when present.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub envelope: Option<Envelope>,
    /// Precedence for action and info addressees.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub precedence: Option<Precedence>,
    /// TO, INFO and XMT addressees.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub addressees: Vec<Addressee>,
    /// Classification as written on the first text line (`C O N F I D E N T I A L`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub classification_line: Option<String>,
    /// Sections (`SECTION 01 OF 03`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sections: Option<Sections>,
    /// Captions and handling caveats (`SIPDIS`, `NOFORN`, `SENSITIVE`, `EXDIS`, ...).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub captions: Vec<String>,
    /// Passing and attention lines (`DEPARTMENT FOR EAP/MTS AND G/TIP`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub passing: Vec<String>,
    /// The E.O. line.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub executive_order: Option<ExecutiveOrder>,
    /// Summary and comment blocks.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub blocks: Vec<Block>,
    /// Lines between the first line and the first paragraph that are none of the above.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub preamble: Vec<String>,
    /// Text removed as envelope furniture, page breaks, link debris or site chrome.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub removed: Vec<Removed>,
    /// Metadata the source carried beside the text.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<SourceMeta>,
    /// Article metadata (kind `article`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub article: Option<ArticleMeta>,
    /// The cable text as read (envelope + body), after decoding the form.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub text: String,
}

impl Record {
    /// The reason, when this record stands for a document that could not be
    /// read at all (no text and an error on the whole document); `None` for
    /// every record that holds text, however damaged.
    pub fn failure(&self) -> Option<&str> {
        if !self.text.is_empty() || self.article.is_some() || self.kind != Kind::Other {
            return None;
        }
        self.diagnostics
            .iter()
            .find(|d| d.severity == crate::diagnostic::Severity::Error && d.field == "document")
            .map(|d| d.message.as_str())
    }
}
