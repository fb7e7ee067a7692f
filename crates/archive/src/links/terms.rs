//! An article's words as the index sees them (stemmed terms with positions
//! and the surface word), with how rare each is in the archive.

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term, schema::Field};

use crate::error::Result;

/// One term of a text.
pub struct Tok {
    /// The stemmed term.
    pub term: String,
    /// The word as written.
    pub surface: String,
}

/// A text's terms in order, and their document frequencies.
pub struct Terms {
    /// Terms in order.
    pub toks: Vec<Tok>,
    /// Documents holding each distinct term.
    pub df: HashMap<String, u64>,
    /// Documents in the index.
    pub n: u64,
}

/// Run `text` through the analyzer.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut ts = analyzer.token_stream(text);
    while ts.advance() {
        let t = ts.token();
        out.push(Tok {
            term: t.text.clone(),
            surface: text[t.offset_from..t.offset_to].to_lowercase(),
        });
    }
    out
}

impl Terms {
    /// Analyze a text and look up its terms' frequencies in `field`.
    pub fn read(
        analyzer: &mut TextAnalyzer,
        searcher: &Searcher,
        field: Field,
        text: &str,
    ) -> Result<Self> {
        let toks = analyze(analyzer, text);
        let mut df = HashMap::new();
        for t in &toks {
            if !df.contains_key(&t.term) {
                let n = searcher.doc_freq(&Term::from_field_text(field, &t.term))?;
                df.insert(t.term.clone(), n);
            }
        }
        Ok(Terms {
            toks,
            df,
            n: searcher.num_docs().max(1),
        })
    }

    /// Inverse document frequency of a term (0 for a term no document holds).
    pub fn idf(&self, term: &str) -> f64 {
        let d = self.df.get(term).copied().unwrap_or(0);
        if d == 0 {
            return 0.0;
        }
        ((self.n as f64 + 1.0) / (d as f64 + 0.5)).ln()
    }
}
