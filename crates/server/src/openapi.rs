//! The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json`.
//! Its component schemas are JSON Schema (2020-12), so the API tests
//! validate every answer against them.

use std::sync::OnceLock;

use serde_json::{Value, json};

fn nullable(t: &str) -> Value {
    json!({"type": [t, "null"]})
}

fn ok(schema: &str, description: &str) -> Value {
    json!({
        "200": {"description": description, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "404": {"$ref": "#/components/responses/NotFound"}
    })
}

fn id_param() -> Value {
    json!({"name": "id", "in": "path", "required": true, "description": "Cable or document id (07KUALALUMPUR1145; spaced and zero-padded forms are accepted)", "schema": {"type": "string", "maxLength": 200}})
}

fn search_params() -> Value {
    json!([
        {"name": "q", "in": "query", "description": "Query: words (all must match), \"phrases\", prefix*, fuzzy~, AND/OR/NOT, -word, parentheses, fields subject: tag: origin: country: class: caveat: from: to: signer: classified_by: ref: id: kind: year: date:, ranges year:2005..2007, date:>=2008-01", "schema": {"type": "string", "maxLength": 1000}},
        {"name": "f", "in": "query", "description": "Facet filter facet:value (origin, country, tag, classification, caveat, year; reported:yes|no and quoted:yes|no filter by news links); repeatable", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
        {"name": "x", "in": "query", "description": "Excluded facet value facet:value; repeatable", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
        {"name": "from", "in": "query", "description": "First month, YYYY-MM", "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}},
        {"name": "to", "in": "query", "description": "Last month, YYYY-MM", "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "date", "date_asc"]}},
        {"name": "page", "in": "query", "description": "Page from 1; page*per may not pass 10000", "schema": {"type": "integer", "minimum": 1}},
        {"name": "per", "in": "query", "description": "Hits a page (default 20)", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}
    ])
}

fn schemas() -> Value {
    json!({
        "Error": {
            "type": "object", "required": ["error"], "additionalProperties": false,
            "properties": {"error": {"type": "object", "required": ["code", "message"], "additionalProperties": false,
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}
        },
        "Hit": {
            "type": "object", "required": ["id", "kind", "created", "origin", "classification", "subject", "score", "snippet"],
            "properties": {
                "id": {"type": "string"}, "kind": {"type": "string"},
                "created": nullable("string"), "origin": nullable("string"), "classification": nullable("string"),
                "subject": {"type": "string"}, "score": {"type": "number"},
                "snippet": {"type": "string", "description": "HTML-escaped text with matches in <b>"}
            }
        },
        "FacetValue": {
            "type": "object", "required": ["value", "count"],
            "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}, "description": {"type": "string"}}
        },
        "Facet": {
            "type": "object", "required": ["name", "values"],
            "properties": {"name": {"type": "string", "enum": ["origin", "country", "tag", "classification", "caveat", "year"]},
                "values": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}}
        },
        "MonthCount": {
            "type": "object", "required": ["month", "count"],
            "properties": {"month": {"type": "string", "pattern": "^-?[0-9]{4}-[0-9]{2}$"}, "count": {"type": "integer", "minimum": 0}}
        },
        "Histogram": {
            "type": "object", "required": ["months", "undated"],
            "properties": {"months": {"type": "array", "items": {"$ref": "#/components/schemas/MonthCount"}}, "undated": {"type": "integer", "minimum": 0}}
        },
        "SearchResults": {
            "type": "object", "required": ["query", "effective_query", "total", "page", "per", "sort", "hits", "facets", "histogram"],
            "properties": {
                "query": {"type": "string"}, "effective_query": {"type": "string"},
                "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
                "per": {"type": "integer", "minimum": 1}, "sort": {"type": "string", "enum": ["relevance", "date", "date_asc"]},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {"type": "array", "items": {"$ref": "#/components/schemas/Facet"}},
                "histogram": {"$ref": "#/components/schemas/Histogram"}
            }
        },
        "CitedRef": {
            "type": "object", "required": ["id", "text", "kind", "status"],
            "properties": {
                "id": nullable("string"), "text": {"type": "string"},
                "kind": {"type": "string", "enum": ["cable", "email", "telcon", "memcon", "document", "unknown"]},
                "status": {"enum": ["in_archive", "in_cablegate", "unknown", null]}
            }
        },
        "Refs": {
            "type": "object", "required": ["id", "cites", "cited_by"],
            "properties": {"id": {"type": "string"}, "cites": {"type": "array", "items": {"$ref": "#/components/schemas/CitedRef"}},
                "cited_by": {"type": "array", "items": {"type": "string"}}}
        },
        "Explained": {
            "type": "object", "required": ["value"],
            "properties": {"value": {"type": "string"}, "meaning": {"type": "string"}}
        },
        "Header": {
            "type": "object",
            "required": ["from", "addressees", "precedence", "dtg", "created_utc", "classification", "level", "captions", "tags", "classified_by", "declassify"],
            "properties": {
                "from": {"type": ["object", "null"], "required": ["id"], "properties": {"id": {"type": "string"}, "name": nullable("string"), "country": nullable("string"), "ri": nullable("string")}},
                "addressees": {"type": "array", "items": {"type": "object", "required": ["role", "address"],
                    "properties": {"role": {"type": "string"}, "address": {"type": "string"}, "post": nullable("string"), "country": nullable("string"),
                        "precedence": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Explained"}]}}}},
                "precedence": {"type": "array", "items": {"$ref": "#/components/schemas/Explained"}},
                "dtg": nullable("string"), "created_utc": nullable("string"), "classification": nullable("string"),
                "level": {"type": "string", "enum": ["unclassified", "confidential", "secret", "top-secret", "unknown"]},
                "captions": {"type": "array", "items": {"$ref": "#/components/schemas/Explained"}},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Explained"}},
                "classified_by": {"type": ["object", "null"], "properties": {"reasons": {"type": "array", "items": {"$ref": "#/components/schemas/Explained"}}, "text": {"type": "string"}}},
                "declassify": {"type": ["object", "null"], "required": ["value", "date", "passed"],
                    "properties": {"value": {"type": "string"}, "date": nullable("string"), "passed": nullable("boolean"), "meaning": nullable("string")}}
            }
        },
        "Paragraph": {
            "type": "object", "required": ["n", "marking", "text"],
            "properties": {"n": nullable("integer"), "marking": nullable("string"), "text": {"type": "string"}, "label": {"type": "string"},
                "redactions": {"type": "array", "items": {"type": "object", "required": ["start", "end"], "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}}}}}
        },
        "Record": {
            "type": "object", "description": "The parsed record (field names as cablescope-format's Record)",
            "required": ["path", "kind", "id", "created", "classification", "subject", "tags", "references", "paragraphs", "diagnostics", "form"],
            "properties": {
                "path": {"type": "string"}, "kind": {"type": "string", "enum": ["cable", "article", "other"]},
                "id": nullable("string"), "created": nullable("string"), "classification": nullable("string"), "subject": nullable("string"),
                "release_id": nullable("string"), "year": nullable("integer"),
                "id_candidates": {"type": "array", "items": {"type": "string"}},
                "tags": {"type": "array", "items": {"type": "string"}},
                "references": {"type": "array"}, "signers": {"type": "array", "items": {"type": "string"}},
                "paragraphs": {"type": "array", "items": {"$ref": "#/components/schemas/Paragraph"}},
                "diagnostics": {"type": "array"}, "form": {"type": "string"}
            }
        },
        "Copy": {
            "type": "object", "required": ["hash", "path", "form", "size", "reading", "differences"],
            "properties": {"hash": {"type": "string"}, "path": {"type": "string"}, "form": {"type": "string"}, "size": {"type": "integer"},
                "reading": {"type": "boolean"}, "differences": {"type": "array", "items": {"type": "string"}}}
        },
        "Cable": {
            "type": "object", "required": ["id", "record", "copies", "header", "refs"],
            "properties": {
                "id": {"type": "string"}, "record": {"$ref": "#/components/schemas/Record"},
                "copies": {"type": "array", "items": {"$ref": "#/components/schemas/Copy"}},
                "header": {"$ref": "#/components/schemas/Header"}, "refs": {"$ref": "#/components/schemas/Refs"}
            }
        },
        "Raw": {
            "type": "object", "required": ["id", "copies"],
            "properties": {"id": {"type": "string"}, "copies": {"type": "array", "items": {"type": "object", "required": ["hash", "path", "form", "text"],
                "properties": {"hash": {"type": "string"}, "path": {"type": "string"}, "form": {"type": "string"}, "text": {"type": "string"}}}}}
        },
        "Count": {
            "type": "object", "required": ["value", "count"],
            "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}, "description": {"type": "string"}}
        },
        "Counts": {"type": "array", "items": {"$ref": "#/components/schemas/Count"}},
        "Dates": {
            "type": "object", "required": ["years", "months", "undated"],
            "properties": {"years": {"$ref": "#/components/schemas/Counts"}, "months": {"type": "array", "items": {"$ref": "#/components/schemas/MonthCount"}}, "undated": {"type": "integer"}}
        },
        "Stats": {
            "type": "object",
            "required": ["documents", "copies", "cables", "articles", "other", "by_year", "by_origin", "by_classification", "by_tag", "cablegate_present", "cablegate_total"],
            "properties": {
                "documents": {"type": "integer"}, "copies": {"type": "integer"}, "cables": {"type": "integer"}, "articles": {"type": "integer"}, "other": {"type": "integer"},
                "by_year": {"type": "object", "additionalProperties": {"type": "integer"}},
                "by_origin": {"type": "array", "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}},
                "by_classification": {"type": "array", "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}},
                "by_tag": {"type": "array", "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}},
                "cablegate_present": {"type": "integer"}, "cablegate_total": {"type": "integer"}
            }
        },
        "Overview": {
            "type": "object", "required": ["stats", "cablegate_coverage", "origins", "tags", "classifications", "dates"],
            "properties": {
                "stats": {"$ref": "#/components/schemas/Stats"}, "cablegate_coverage": {"type": "number", "minimum": 0, "maximum": 1},
                "origins": {"$ref": "#/components/schemas/Counts"}, "tags": {"$ref": "#/components/schemas/Counts"},
                "classifications": {"$ref": "#/components/schemas/Counts"}, "dates": {"$ref": "#/components/schemas/Dates"}
            }
        },
        "Articles": {
            "type": "array", "items": {"type": "object", "required": ["id", "title", "date"],
                "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "date": nullable("string")}}
        },
        "Collection": {
            "type": "object", "required": ["title", "items"],
            "properties": {
                "title": nullable("string"),
                "items": {"type": "array", "items": {"type": "object", "required": ["id", "found", "kind", "created", "origin", "classification", "subject"],
                    "properties": {"id": {"type": "string"}, "found": {"type": "boolean"}, "kind": {"type": "string"}, "created": nullable("string"),
                        "origin": nullable("string"), "classification": nullable("string"), "subject": {"type": "string"}}}}
            }
        },
        "Passage": {
            "type": "object", "description": "Quoted words: byte offsets in the article text and in the cable paragraph (0-based index `paragraph`, number `paragraph_n`)",
            "required": ["article_start", "article_end", "article_text", "paragraph", "paragraph_n", "cable_start", "cable_end", "cable_text", "matched", "content"],
            "properties": {
                "article_start": {"type": "integer", "minimum": 0}, "article_end": {"type": "integer", "minimum": 0}, "article_text": {"type": "string"},
                "paragraph": {"type": "integer", "minimum": 0}, "paragraph_n": nullable("integer"),
                "cable_start": {"type": "integer", "minimum": 0}, "cable_end": {"type": "integer", "minimum": 0}, "cable_text": {"type": "string"},
                "matched": {"type": "integer", "minimum": 0}, "content": {"type": "integer", "minimum": 0}, "cables_holding": {"type": "integer", "minimum": 0}
            }
        },
        "Mention": {
            "type": "object", "required": ["text", "start", "end"],
            "properties": {"text": {"type": "string"}, "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0},
                "origin": {"type": "string"}, "serial": {"type": "integer"}, "year": nullable("string"), "id": nullable("string")}
        },
        "Link": {
            "type": "object", "required": ["id", "evidence", "score", "passages", "in_archive"],
            "properties": {
                "id": {"type": "string", "description": "The other end: a cable id seen from an article; an article id (or a web page's path, for republishes) seen from a cable"},
                "evidence": {"type": "string", "enum": ["republishes", "quotes", "names", "concerns"]},
                "score": {"type": "number"},
                "passages": {"type": "array", "items": {"$ref": "#/components/schemas/Passage"}},
                "mentions": {"type": "array", "items": {"$ref": "#/components/schemas/Mention"}},
                "reasons": {"type": "array", "items": {"type": "string"}},
                "in_archive": {"type": "boolean"},
                "title": {"type": "string"}, "date": {"type": "string"}, "source": {"type": "string"}
            }
        },
        "Links": {
            "type": "object", "required": ["id", "kind", "links"], "additionalProperties": false,
            "properties": {
                "id": {"type": "string"}, "kind": {"type": "string", "enum": ["cable", "article", "other"]},
                "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}
            }
        },
        "IngestSummary": {"type": "object", "description": "The archive's ingest summary (see `cablescope ingest --json`)"},
        "IngestRun": {
            "type": "object", "required": ["name", "seconds"],
            "properties": {
                "name": {"type": "string"}, "seconds": {"type": "number"},
                "summary": {"$ref": "#/components/schemas/IngestSummary"},
                "error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
            }
        },
        "IngestStatus": {
            "type": "object", "required": ["running", "last"],
            "properties": {
                "running": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["name", "seconds"], "properties": {"name": {"type": "string"}, "seconds": {"type": "number"}}}]},
                "last": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/IngestRun"}]}
            }
        },
        "Upload": {
            "type": "object", "required": ["name", "bytes"],
            "properties": {"name": {"type": "string"}, "bytes": {"type": "integer"}}
        }
    })
}

/// The OpenAPI document.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let admin = |schema: &str, summary: &str, extra: Value| {
            let mut op = json!({
                "summary": summary,
                "security": [{"bearer": []}],
                "responses": {
                    "200": {"description": "done", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "401": {"$ref": "#/components/responses/Error"},
                    "403": {"$ref": "#/components/responses/Error"},
                    "413": {"$ref": "#/components/responses/Error"},
                    "409": {"$ref": "#/components/responses/Error"}
                }
            });
            if let (Some(o), Some(e)) = (op.as_object_mut(), extra.as_object()) {
                o.extend(e.clone());
            }
            op
        };
        json!({
            "openapi": "3.1.0",
            "info": {
                "title": "cablescope reading room API",
                "version": env!("CARGO_PKG_VERSION"),
                "description": "Read-only JSON API over a cablescope archive of US diplomatic cables. Errors are {\"error\": {\"code\", \"message\"}} with a 4xx status for bad requests."
            },
            "paths": {
                "/api/search": {"get": {"summary": "Search with facets and a histogram of hits over time", "parameters": search_params(), "responses": ok("SearchResults", "hits, facets, histogram")}},
                "/api/cable/{id}": {"get": {"summary": "A cable: record, decoded header, copies and their differences, references both ways", "parameters": [id_param()], "responses": ok("Cable", "the cable")}},
                "/api/cable/{id}/refs": {"get": {"summary": "What a cable cites (with archive status) and what cites it", "parameters": [id_param()], "responses": ok("Refs", "references")}},
                "/api/cable/{id}/raw": {"get": {"summary": "The raw text of every copy", "parameters": [id_param()], "responses": ok("Raw", "raw copies")}},
                "/api/browse/origins": {"get": {"summary": "Documents by origin", "responses": ok("Counts", "counts")}},
                "/api/browse/tags": {"get": {"summary": "Documents by TAGS, with descriptions", "responses": ok("Counts", "counts")}},
                "/api/browse/classifications": {"get": {"summary": "Documents by classification", "responses": ok("Counts", "counts")}},
                "/api/browse/dates": {"get": {"summary": "Documents by year and month", "responses": ok("Dates", "counts")}},
                "/api/articles": {"get": {"summary": "Ingested news articles, newest first", "responses": ok("Articles", "articles")}},
                "/api/links/{id}": {"get": {"summary": "News links: for an article, the cables it names, quotes (with aligned passages) or concerns (with reasons); for a cable, the articles that do and the web pages that republish it", "parameters": [id_param()], "responses": ok("Links", "ranked links, strongest evidence first")}},
                "/api/collection": {"get": {"summary": "A collection of documents by id (shareable: the ids are the collection)", "parameters": [
                    {"name": "ids", "in": "query", "description": "Comma-separated ids (at most 200)", "schema": {"type": "string"}},
                    {"name": "title", "in": "query", "schema": {"type": "string", "maxLength": 200}}
                ], "responses": ok("Collection", "the documents; ids not in the archive have found = false")}},
                "/api/stats": {"get": {"summary": "What the archive holds and its coverage of the Cablegate id list", "responses": ok("Overview", "overview")}},
                "/api/admin/upload": {"post": admin("Upload", "Store a file in the data directory's uploads/ (admin token required)", json!({
                    "parameters": [{"name": "name", "in": "query", "required": true, "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"}}],
                    "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
                }))},
                "/api/admin/ingest": {
                    "post": admin("IngestSummary", "Ingest an uploaded file (admin token required). The ingest runs to its end even if the client goes away (no request time limit); GET this path for its outcome. 409 while another ingest runs.", json!({
                        "parameters": [{"name": "name", "in": "query", "required": true, "schema": {"type": "string"}}]
                    })),
                    "get": admin("IngestStatus", "Whether an ingest is running and how the last one ended (admin token required)", json!({}))
                }
            },
            "components": {
                "schemas": schemas(),
                "responses": {
                    "BadRequest": {"description": "bad parameter or query", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "NotFound": {"description": "no such document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "Error": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                },
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
            }
        })
    })
}
