//! The search index's schema: one document per cable (or article), with the
//! fields users search and facet by.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// Canonical id (raw, stored).
    pub id: Field,
    /// `cable`, `article` or `other`.
    pub kind: Field,
    /// Subject (stemmed text, stored).
    pub subject: Field,
    /// Body text (stemmed, not stored: see [`super::body`]).
    pub body: Field,
    /// Hash of the reading copy, whose text holds the body (stored).
    pub reading: Field,
    /// Byte range of the body in the reading copy's text (stored).
    pub body_start: Field,
    /// End of that range (stored).
    pub body_end: Field,
    /// The body itself, kept only when it is not a stretch of the reading
    /// copy's text (stored).
    pub body_kept: Field,
    /// The body's first [`super::body::HEAD`] bytes otherwise (stored): most
    /// snippets are cut from them without reading the store.
    pub body_head: Field,
    /// Origin id (`KUALALUMPUR`).
    pub origin: Field,
    /// Origin display name (stored).
    pub origin_name: Field,
    /// Country of the origin (lower case).
    pub country: Field,
    /// TAGS (upper case, one term each).
    pub tag: Field,
    /// Classification label (stored).
    pub class: Field,
    /// Classification level (`SECRET`, ...).
    pub class_level: Field,
    /// Captions and caveats (`NOFORN`, `SIPDIS`, `EXDIS`, ...).
    pub caveat: Field,
    /// FM address, origin id and name (word-tokenised).
    pub from: Field,
    /// TO/INFO addresses and resolved posts (word-tokenised).
    pub to: Field,
    /// Signers (upper case).
    pub signer: Field,
    /// Classified-by name and title (word-tokenised).
    pub classified_by: Field,
    /// Cited reference ids.
    pub refs: Field,
    /// Created date-time (fast, for sorting and ranges).
    pub created: Field,
    /// Year of creation.
    pub year: Field,
    /// Created date-time as ISO text (stored, for display).
    pub created_text: Field,
    /// Number of copies (stored).
    pub copies: Field,
    /// Origin display name, columnar (facet counts).
    pub fast_origin: Field,
    /// Country name, columnar.
    pub fast_country: Field,
    /// Classification label, columnar.
    pub fast_class: Field,
    /// Captions and caveats, columnar.
    pub fast_caveat: Field,
}

/// Build the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = |stored: bool| {
        let idx = TextFieldIndexing::default()
            .set_tokenizer(super::stem::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let o = TextOptions::default().set_indexing_options(idx);
        if stored { o.set_stored() } else { o }
    };
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fast = TextOptions::default().set_fast(None);
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED | FAST),
        kind: b.add_text_field("kind", STRING | STORED),
        subject: b.add_text_field("subject", stemmed(true)),
        body: b.add_text_field("body", stemmed(false)),
        reading: b.add_text_field("reading", STORED),
        body_start: b.add_u64_field("body_start", STORED),
        body_end: b.add_u64_field("body_end", STORED),
        body_kept: b.add_text_field("body_kept", STORED),
        body_head: b.add_text_field("body_head", STORED),
        origin: b.add_text_field("origin", STRING | STORED),
        origin_name: b.add_text_field("origin_name", STORED),
        country: b.add_text_field("country", STRING),
        tag: b.add_text_field("tag", STRING | STORED | FAST),
        class: b.add_text_field("class", STRING | STORED),
        class_level: b.add_text_field("class_level", STRING),
        caveat: b.add_text_field("caveat", STRING),
        from: b.add_text_field("from", words.clone()),
        to: b.add_text_field("to", words.clone()),
        signer: b.add_text_field("signer", STRING),
        classified_by: b.add_text_field("classified_by", words),
        refs: b.add_text_field("ref", STRING),
        created: b.add_date_field("created", INDEXED | FAST),
        year: b.add_u64_field("year", INDEXED | FAST),
        created_text: b.add_text_field("created_text", STORED),
        copies: b.add_u64_field("copies", STORED),
        fast_origin: b.add_text_field("fast_origin", fast.clone()),
        fast_country: b.add_text_field("fast_country", fast.clone()),
        fast_class: b.add_text_field("fast_class", fast.clone()),
        fast_caveat: b.add_text_field("fast_caveat", fast),
    };
    (b.build(), fields)
}
