//! The article page's news links: the body with the passages it quotes
//! highlighted, and the "Cables cited" panel (cables quoted, side by side
//! with the article's words; cables named, marked when not in the archive;
//! cables the article concerns, ranked with reasons).

use cablescope_press::Evidence;
use cablescope_press::align::Passage;
use maud::{Markup, html};

use super::highlight::{Mark, locate, render};
use super::reported::{article_mark_id, cable_mark_id};
use super::{long_date, seg};
use crate::links::{LinkItem, LinksView};

/// The permalink of the cable paragraph a passage comes from (`#p3`, or
/// `#u2` for the second paragraph when it is unnumbered).
fn paragraph_href(cable: &str, p: &Passage) -> String {
    let anchor = match p.paragraph_n {
        Some(n) => format!("p{n}"),
        None => format!("u{}", p.paragraph + 1),
    };
    format!("/cable/{}#{anchor}", seg(cable))
}

/// The article's text in paragraphs (blank-line separated), with the
/// passages it quotes highlighted; each highlight leads to the cable's words.
pub fn body(text: &str, links: &LinksView) -> Markup {
    let mut marks: Vec<Mark> = Vec::new();
    for l in links
        .links
        .iter()
        .filter(|l| l.link.evidence == Evidence::Quotes)
    {
        for p in &l.link.passages {
            if let Some((start, end)) =
                locate(text, p.article_start, p.article_end, &p.article_text)
            {
                marks.push(Mark {
                    start,
                    end,
                    id: Some(article_mark_id(p.article_start)),
                    href: format!(
                        "/cable/{}#{}",
                        seg(&l.link.id),
                        cable_mark_id(p.paragraph, p.cable_start)
                    ),
                    title: format!("quoted from cable {}: go to the cable's words", l.link.id),
                });
            }
        }
    }
    // Paragraphs as byte ranges of the text, trimmed.
    let mut paras: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for piece in text.split("\n\n") {
        let lead = piece.len() - piece.trim_start().len();
        let (s, e) = (at + lead, at + piece.trim_end().len());
        if s < e {
            paras.push((s, e));
        }
        at += piece.len() + 2;
    }
    html! {
        @for (i, &(s, e)) in paras.iter().enumerate() {
            @let local: Vec<Mark> = marks.iter().filter(|m| m.start < e && m.end > s).map(|m| Mark {
                start: m.start.max(s) - s,
                end: m.end.min(e) - s,
                id: if m.start >= s { m.id.clone() } else { None },
                href: m.href.clone(),
                title: m.title.clone(),
            }).collect();
            p id=(format!("p{}", i + 1)) { (render(&text[s..e], &[], &local)) }
        }
    }
}

/// A cable's id (linked when in the archive), subject and date.
fn cable_line(l: &LinkItem) -> Markup {
    html! {
        @if l.link.in_archive {
            a.mono href=(format!("/cable/{}", seg(&l.link.id))) data-cable=(l.link.id) { (l.link.id) }
        } @else {
            span.mono { (l.link.id) } " " span.badge title="named in the article, but this archive does not hold it" { "not in archive" }
        }
        @if let Some(t) = &l.link.title { " " span.small { (t) } }
        @if l.link.date.is_some() { span.small.muted { " · " (long_date(l.link.date.as_deref())) } }
    }
}

/// The "Cables cited" panel.
pub fn panel(links: &LinksView) -> Markup {
    let of = |e: Evidence| links.with_evidence(e);
    let (quoted, named, concerned) = (
        of(Evidence::Quotes),
        of(Evidence::Names),
        of(Evidence::Concerns),
    );
    html! {
        div.panel.cited #cited {
            h3 { "Cables cited (" (quoted.len() + named.len()) ")" }
            @if quoted.is_empty() && named.is_empty() {
                p.small.muted { "The article neither quotes nor names a cable of this archive." }
            }
            @if !quoted.is_empty() {
                h4 { "Quoted" }
                @for l in &quoted {
                    div.quoted-cable {
                        (cable_line(l))
                        @for p in &l.link.passages {
                            div.sbs {
                                blockquote.art {
                                    a.small href=(format!("#{}", article_mark_id(p.article_start))) { "The article" }
                                    div { (p.article_text) }
                                }
                                blockquote.cab {
                                    a.small href=(paragraph_href(&l.link.id, p)) {
                                        "The cable, " @if let Some(n) = p.paragraph_n { "¶" (n) } @else { "paragraph " (p.paragraph + 1) }
                                    }
                                    div { (p.cable_text) }
                                }
                            }
                        }
                    }
                }
            }
            @if !named.is_empty() {
                h4 { "Named" }
                ul.links {
                    @for l in &named {
                        li.names {
                            (cable_line(l))
                            @if !l.link.mentions.is_empty() {
                                span.expl { "as " @for (k, m) in l.link.mentions.iter().enumerate() { @if k > 0 { ", " } code { (m.text) } } }
                            }
                        }
                    }
                }
            }
            @if !concerned.is_empty() {
                h4 { "About the same matters" }
                p.small.muted { "Cables ranked by what they share with the article; it neither quotes nor names them." }
                (super::concerns::ranked(&concerned, cable_line))
            }
        }
    }
}
