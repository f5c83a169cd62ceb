//! A small typed document: what notes (Markdown, [`markdown`]) and the
//! cooperative's announcements (HTML from feeds, [`html`]) both become, so
//! that no markup ever reaches a shell. A shell draws these blocks with its
//! own widgets; every string in them is plain text, to be shown as text.
//!
//! The shape is flat on purpose: a list is a run of [`Block::ListItem`]s, each
//! with its nesting depth, so a shell renders one row per item. Only quotes
//! nest blocks. Links carry an absolute `http:`, `https:` or `mailto:` URL,
//! never anything else; images are links to their picture, their alt text as
//! the link's text.

mod build;
pub mod html;
pub mod markdown;

use serde::{Deserialize, Serialize};
use url::Url;

/// A whole note or announcement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// `level` is 1 (the largest) to 6.
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph {
        spans: Vec<Span>,
    },
    /// One item of a list; `depth` 0 is the outermost list. An item's other
    /// paragraphs follow its first line after a [`Span::LineBreak`]; its
    /// nested lists are the items that follow it with a greater depth.
    ListItem {
        depth: u8,
        marker: ListMarker,
        task: Option<Task>,
        spans: Vec<Span>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    /// Preformatted text, shown in a monospaced font as is. `language` is the
    /// Markdown info string's first word or HTML's `language-…` class.
    Code {
        language: Option<String>,
        text: String,
    },
    /// A thematic break (a horizontal line).
    Rule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListMarker {
    Bullet,
    /// The item's number in an ordered list.
    Number(u64),
}

/// A checkbox in a note (`- [ ]` / `- [x]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub checked: bool,
    /// The task's position among the note's checkboxes (0-based, in source
    /// order): what [`markdown::toggle_task`] takes to tick it in the file.
    pub index: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    Text(String),
    Emphasis(Vec<Span>),
    Strong(Vec<Span>),
    Code(String),
    /// `href` is an absolute `http:`, `https:` or `mailto:` URL.
    Link {
        href: String,
        spans: Vec<Span>,
    },
    LineBreak,
}

/// The URL schemes a link may carry; pictures only the first two.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];
const IMAGE_SCHEMES: &[&str] = &["http", "https"];

/// `raw` as an absolute URL (resolved against `base` when relative) if its
/// scheme is one of `schemes`. The `url` crate strips what browsers strip
/// (surrounding spaces and controls, tabs and newlines anywhere), so
/// `" java\tscript:"` is seen, and refused, as `javascript:`.
fn safe_url(raw: &str, base: Option<&Url>, schemes: &[&str]) -> Option<String> {
    let url = match base {
        Some(base) => base.join(raw),
        None => Url::parse(raw),
    }
    .ok()?;
    schemes.contains(&url.scheme()).then(|| url.into())
}

impl Document {
    /// The text a member reads, one line per paragraph, heading, list item
    /// or line break, without formatting; blank lines and rules left out.
    pub fn plain_text(&self) -> String {
        let mut lines = Vec::new();
        blocks_lines(&self.blocks, &mut lines);
        lines.join("\n")
    }

    /// The first lines of [`Self::plain_text`] that fit in `max_chars`
    /// characters, cut with "…" (counted in `max_chars`) when there is more.
    pub fn preview(&self, max_chars: usize) -> String {
        let text = self.plain_text();
        if text.chars().count() <= max_chars {
            return text;
        }
        let mut cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        cut.truncate(cut.trim_end().len());
        if max_chars > 0 {
            cut.push('…');
        }
        cut
    }
}

fn blocks_lines(blocks: &[Block], lines: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Heading { spans, .. } | Block::Paragraph { spans } => push_lines(String::new(), spans, lines),
            Block::ListItem { marker, task, spans, .. } => {
                let mut prefix = match marker {
                    ListMarker::Bullet => "• ".to_string(),
                    ListMarker::Number(n) => format!("{n}. "),
                };
                if let Some(task) = task {
                    prefix.push_str(if task.checked { "☑ " } else { "☐ " });
                }
                push_lines(prefix, spans, lines);
            }
            Block::Quote { blocks } => blocks_lines(blocks, lines),
            Block::Code { text, .. } => lines.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string)),
            Block::Rule => {}
        }
    }
}

fn push_lines(mut text: String, spans: &[Span], lines: &mut Vec<String>) {
    spans_text(spans, &mut text);
    lines.extend(text.split('\n').map(str::trim).filter(|line| !line.is_empty()).map(str::to_string));
}

/// The text of `spans` without formatting; a line break is `'\n'`.
pub(crate) fn spans_text(spans: &[Span], out: &mut String) {
    for span in spans {
        match span {
            Span::Text(text) | Span::Code(text) => out.push_str(text),
            Span::Emphasis(inner) | Span::Strong(inner) | Span::Link { spans: inner, .. } => spans_text(inner, out),
            Span::LineBreak => out.push('\n'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text span, for the tests of this module and of `markdown` and `html`.
    pub(super) fn text(s: &str) -> Span {
        Span::Text(s.to_string())
    }

    #[test]
    fn json_is_snake_case_and_externally_tagged() {
        let doc = Document {
            blocks: vec![
                Block::ListItem {
                    depth: 1,
                    marker: ListMarker::Number(3),
                    task: Some(Task { checked: true, index: 0 }),
                    spans: vec![text("a"), Span::LineBreak],
                },
                Block::Rule,
            ],
        };
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"blocks": [
                {"list_item": {"depth": 1, "marker": {"number": 3}, "task": {"checked": true, "index": 0},
                               "spans": [{"text": "a"}, "line_break"]}},
                "rule"
            ]})
        );
        assert_eq!(serde_json::from_value::<Document>(json).unwrap(), doc);
    }

    #[test]
    fn only_web_and_mail_urls_pass() {
        let base = Url::parse("https://nubo.coop/news/").unwrap();
        assert_eq!(safe_url("ag.html", Some(&base), LINK_SCHEMES).as_deref(), Some("https://nubo.coop/news/ag.html"));
        assert_eq!(safe_url("mailto:ca@nubo.coop", None, LINK_SCHEMES).as_deref(), Some("mailto:ca@nubo.coop"));
        assert_eq!(safe_url("mailto:ca@nubo.coop", None, IMAGE_SCHEMES), None);
        for bad in [" javascript:alert(1)", "java\tscript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x"] {
            assert_eq!(safe_url(bad, Some(&base), LINK_SCHEMES), None, "{bad:?}");
        }
        assert_eq!(safe_url("ag.html", None, LINK_SCHEMES), None);
    }

    #[test]
    fn preview_cuts_on_characters_with_an_ellipsis() {
        let doc = Document {
            blocks: vec![
                Block::Heading { level: 1, spans: vec![text("Café")] },
                Block::Rule,
                Block::Paragraph { spans: vec![Span::Strong(vec![text("déjà")]), Span::LineBreak, text("vu")] },
                Block::ListItem {
                    depth: 0,
                    marker: ListMarker::Bullet,
                    task: Some(Task { checked: false, index: 0 }),
                    spans: vec![],
                },
            ],
        };
        assert_eq!(doc.plain_text(), "Café\ndéjà\nvu\n• ☐");
        assert_eq!(doc.preview(100), "Café\ndéjà\nvu\n• ☐");
        assert_eq!(doc.preview(8), "Café\ndé…");
        assert_eq!(doc.preview(5), "Café…");
        assert_eq!(doc.preview(1), "…");
        assert_eq!(doc.preview(0), "");
    }
}
