//! Diagnostics: every repair and every uncertainty, named.

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A repair or inference that was made (the value is probably right).
    Repair,
    /// Something the parser is unsure of.
    Warning,
    /// Something the parser could not read; the text is kept.
    Error,
}

/// One note about how a record was derived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// Record field it concerns (`id`, `paragraphs`, `tags`, ...), or `document`.
    pub field: String,
    /// Human-readable message, e.g. "`15.` read as ¶5".
    pub message: String,
    /// 1-based line of the cable text it concerns, where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
}

impl Diagnostic {
    /// A repair that was made.
    pub fn repair(field: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Repair,
            field: field.to_string(),
            message: message.into(),
            line: None,
        }
    }
    /// An uncertainty.
    pub fn warning(field: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            field: field.to_string(),
            message: message.into(),
            line: None,
        }
    }
    /// Something unreadable.
    pub fn error(field: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            field: field.to_string(),
            message: message.into(),
            line: None,
        }
    }
    /// Attach a line number.
    pub fn at(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }
}
