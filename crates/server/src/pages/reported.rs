//! The cable page's news links: the "Reported in" panel (articles that
//! quote, name or concern the cable, web pages that republish it, grouped by
//! evidence) and the quoted passages highlighted in the cable's paragraphs.

use cablescope_format::Paragraph;
use cablescope_press::Evidence;
use maud::{Markup, html};

use super::highlight::{Mark, locate};
use super::{long_date, seg};
use crate::links::{LinkItem, LinksView};

/// Id of a quoted passage's highlight on the cable page.
pub fn cable_mark_id(paragraph: usize, cable_start: usize) -> String {
    format!("q-c{paragraph}-{cable_start}")
}

/// Id of a quoted passage's highlight on the article page.
pub fn article_mark_id(article_start: usize) -> String {
    format!("q-a{article_start}")
}

/// The highlights of each paragraph (by index): the passages articles quote.
pub fn quote_marks(links: &LinksView, paragraphs: &[Paragraph]) -> Vec<Vec<Mark>> {
    let mut out = vec![Vec::new(); paragraphs.len()];
    for l in links
        .links
        .iter()
        .filter(|l| l.link.evidence == Evidence::Quotes)
    {
        let title = l.link.title.as_deref().unwrap_or(&l.link.id);
        for p in &l.link.passages {
            let Some(para) = paragraphs.get(p.paragraph) else {
                continue;
            };
            if let Some((start, end)) =
                locate(&para.text, p.cable_start, p.cable_end, &p.cable_text)
            {
                out[p.paragraph].push(Mark {
                    start,
                    end,
                    id: Some(cable_mark_id(p.paragraph, p.cable_start)),
                    href: format!(
                        "/article/{}#{}",
                        seg(&l.link.id),
                        article_mark_id(p.article_start)
                    ),
                    title: format!(
                        "quoted in \u{201c}{title}\u{201d}: go to the article's passage"
                    ),
                });
            }
        }
    }
    out
}

/// Title, source and date of a linked article.
fn article_line(l: &LinkItem) -> Markup {
    html! {
        a.subject href=(format!("/article/{}", seg(&l.link.id))) data-article=(l.link.id) {
            (l.link.title.as_deref().unwrap_or(&l.link.id))
        }
        span.small.muted {
            " · " (l.source.as_deref().unwrap_or("source unknown"))
            " · " (long_date(l.link.date.as_deref()))
        }
    }
}

/// The "Reported in" panel.
pub fn panel(links: &LinksView) -> Markup {
    let of = |e: Evidence| links.with_evidence(e);
    let (republished, quoted, named, concerned) = (
        of(Evidence::Republishes),
        of(Evidence::Quotes),
        of(Evidence::Names),
        of(Evidence::Concerns),
    );
    let reported = republished.len() + quoted.len() + named.len();
    html! {
        div.panel.reported #reported {
            h3 { "Reported in (" (reported) ")" }
            @if links.links.is_empty() {
                p.small.muted { "No article or web page in this archive names, quotes or republishes this cable." }
            }
            @if !quoted.is_empty() {
                h4 { "Quoted by" }
                ul.links {
                    @for l in &quoted {
                        li.quotes {
                            (article_line(l))
                            ul.passages {
                                @for p in &l.link.passages {
                                    li {
                                        a href=(format!("#{}", cable_mark_id(p.paragraph, p.cable_start))) {
                                            @if let Some(n) = p.paragraph_n { "¶" (n) } @else { "passage" }
                                        }
                                        ": \u{201c}" (p.cable_text) "\u{201d}"
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !named.is_empty() {
                h4 { "Named by" }
                ul.links {
                    @for l in &named {
                        li.names {
                            (article_line(l))
                            @if !l.link.mentions.is_empty() {
                                span.expl { "as " @for (k, m) in l.link.mentions.iter().enumerate() { @if k > 0 { ", " } code { (m.text) } } }
                            }
                        }
                    }
                }
            }
            @if !republished.is_empty() {
                h4 { "Republished by" }
                ul.links {
                    @for l in &republished {
                        li.republishes { span.mono.small { (l.link.id) } span.expl { "a web page carrying the cable's text" } }
                    }
                }
            }
            @if !concerned.is_empty() {
                h4 { "About the same matters" }
                p.small.muted { "Articles ranked by what they share with the cable; they neither quote nor name it." }
                (super::concerns::ranked(&concerned, article_line))
            }
        }
    }
}
