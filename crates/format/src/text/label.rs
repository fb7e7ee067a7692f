//! Conventions of the release's classification labels that the banner alone
//! does not spell.
//!
//! The archive's label (`CONFIDENTIAL//NOFORN`, `UNCLASSIFIED//FOR OFFICIAL
//! USE ONLY`) mostly follows the first line and the captions. Where the
//! release labels a kind of cable by a convention of its own, the convention
//! enters here only when `../shared/corpus` supports it by a clear majority
//! (`corpus_accuracy` prints each one's support, and that of the candidates
//! that were measured and rejected). Each one applied is named in a
//! diagnostic.

use crate::classification::Level;
use crate::record::Record;

/// What a label convention looks at.
#[derive(Debug, Clone, Copy)]
pub struct LabelFacts {
    /// The level the banner gives.
    pub level: Level,
    /// Whether NOFORN is written (first line or caption).
    pub noforn: bool,
    /// Whether the cable carries the SENSITIVE caption.
    pub sensitive: bool,
    /// Sections the cable has (`SECTION 01 OF 03`: 3; 1 when none is written).
    pub sections: u32,
    /// Whether the copy is one of the release's partial extracts.
    pub partial_extract: bool,
}

impl LabelFacts {
    /// The facts of a parsed record (for tools and tests; the parser builds
    /// them from its own evidence).
    pub fn of(rec: &Record) -> Option<Self> {
        let level = Level::parse(rec.classification.as_deref()?.split("//").next()?)?;
        let first: String = rec
            .classification_line
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        Some(LabelFacts {
            level,
            noforn: first.contains("NOFORN") || rec.captions.iter().any(|c| c == "NOFORN"),
            sensitive: rec.captions.iter().any(|c| c == "SENSITIVE"),
            sections: rec.sections.map_or(1, |s| s.of.max(1)),
            partial_extract: super::year::is_partial_extract(&rec.text),
        })
    }
}

/// What a convention does to the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The label takes `//NOFORN`.
    Noforn,
    /// The label is `UNCLASSIFIED//FOR OFFICIAL USE ONLY`.
    OfficialUseOnly,
}

/// One convention: when it applies and what it does.
#[derive(Debug, Clone, Copy)]
pub struct Convention {
    /// Short name, used in diagnostics.
    pub name: &'static str,
    /// The rule in words.
    pub rule: &'static str,
    /// What it does.
    pub effect: Effect,
    applies: fn(&LabelFacts) -> bool,
}

impl Convention {
    /// Whether the convention applies to a cable with these facts.
    pub fn applies(&self, f: &LabelFacts) -> bool {
        (self.applies)(f)
    }
    /// Whether an archive label follows the convention.
    pub fn followed_by(&self, label: &str) -> bool {
        match self.effect {
            Effect::Noforn => label.ends_with("//NOFORN"),
            Effect::OfficialUseOnly => label == "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        }
    }
}

fn classified(l: Level) -> bool {
    matches!(l, Level::Confidential | Level::Secret | Level::TopSecret)
}

/// The conventions the parser applies.
pub const CONVENTIONS: [Convention; 2] = [
    Convention {
        name: "unclassified NOFORN",
        rule: "an unclassified cable with a NOFORN caveat is labelled UNCLASSIFIED//FOR OFFICIAL USE ONLY (the archive has no UNCLASSIFIED//NOFORN label)",
        effect: Effect::OfficialUseOnly,
        applies: |f| !classified(f.level) && f.noforn,
    },
    Convention {
        name: "sectioned SENSITIVE partial extract",
        rule: "a classified cable kept as a partial extract, sent in sections, with the SENSITIVE caption and no NOFORN written, is labelled NOFORN",
        effect: Effect::Noforn,
        applies: |f| {
            classified(f.level) && f.partial_extract && f.sensitive && !f.noforn && f.sections > 1
        },
    },
];

/// Apply the conventions to `(noforn, sbu)`; returns those applied.
pub(crate) fn apply(f: &LabelFacts, noforn: &mut bool, sbu: &mut bool) -> Vec<&'static Convention> {
    let mut used = Vec::new();
    for c in &CONVENTIONS {
        if c.applies(f) {
            match c.effect {
                Effect::Noforn => *noforn = true,
                Effect::OfficialUseOnly => *sbu = true,
            }
            used.push(c);
        }
    }
    used
}
