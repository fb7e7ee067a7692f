//! The ranked `concerns` list shared by the "Reported in" and "Cables cited"
//! panels: each item with its relevance and reasons, the first few shown and
//! the rest folded away.

use maud::{Markup, html};

use crate::links::LinkItem;

/// Concerns listed before the rest fold away.
const SHOWN: usize = 5;

/// A ranked list of concerns; `line` renders the linked document's line.
pub fn ranked(concerned: &[&LinkItem], line: impl Fn(&LinkItem) -> Markup) -> Markup {
    let item = |l: &LinkItem| {
        html! {
            li.concerns {
                (line(l))
                span.small.muted { " · relevance " (format!("{:.0}%", l.link.score * 100.0)) }
                ul.reasons { @for r in &l.link.reasons { li { (r) } } }
            }
        }
    };
    html! {
        ol.links {
            @for l in concerned.iter().take(SHOWN) { (item(l)) }
        }
        @if concerned.len() > SHOWN {
            details.more {
                summary.small { (concerned.len() - SHOWN) " more" }
                ol.links start=(SHOWN + 1) {
                    @for l in concerned.iter().skip(SHOWN) { (item(l)) }
                }
            }
        }
    }
}
