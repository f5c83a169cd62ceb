//! Notes: Markdown files (as the Nextcloud Notes app keeps them) to a
//! [`Document`], with pulldown-cmark (CommonMark, plus task lists and tables).
//!
//! Nothing a member wrote is lost: what the model has no block for becomes
//! text. Raw HTML is shown as the text it is, never interpreted; a table's
//! rows become paragraphs, their cells apart; a link or picture to anything
//! but `http:`, `https:` (or `mailto:` for links) keeps its text without the
//! link. A single newline inside a paragraph is kept as a line break: notes
//! are typed line by line.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::build::{Builder, Inline, InlineTag, Leaf};
use super::{safe_url, spans_text, Block, Document, IMAGE_SCHEMES, LINK_SCHEMES};

fn parser(source: &str) -> Parser<'_> {
    Parser::new_ext(source, Options::ENABLE_TASKLISTS | Options::ENABLE_TABLES)
}

/// The note `source` as a document.
pub fn parse(source: &str) -> Document {
    let mut doc = Builder::new(false);
    for event in parser(source) {
        match event {
            Event::Start(tag) => start(&mut doc, tag),
            Event::End(tag) => end(&mut doc, tag),
            Event::Text(text) => doc.text(&text),
            Event::Code(code) => doc.code_span(&code),
            Event::Html(html) | Event::InlineHtml(html) => {
                for (i, line) in html.split('\n').enumerate() {
                    if i > 0 {
                        doc.line_break();
                    }
                    doc.text(line);
                }
            }
            // Neither is enabled; kept as text should that change.
            Event::InlineMath(text) | Event::DisplayMath(text) | Event::FootnoteReference(text) => doc.text(&text),
            Event::SoftBreak | Event::HardBreak => doc.line_break(),
            Event::Rule => doc.rule(),
            Event::TaskListMarker(checked) => doc.task(checked),
        }
    }
    doc.finish()
}

fn start(doc: &mut Builder, tag: Tag<'_>) {
    match tag {
        Tag::Paragraph | Tag::HtmlBlock => doc.start_leaf(Leaf::Paragraph),
        Tag::Heading { level, .. } => doc.start_leaf(Leaf::Heading(level as u8)),
        Tag::BlockQuote(_) => doc.start_quote(),
        Tag::CodeBlock(kind) => doc.start_code_block(match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_string),
            CodeBlockKind::Indented => None,
        }),
        Tag::List(first) => doc.start_list(first),
        Tag::Item => doc.start_item(),
        Tag::TableHead | Tag::TableRow => doc.start_row(),
        Tag::TableCell => doc.start_cell(),
        Tag::Emphasis => doc.start_inline(InlineTag::Emphasis, Inline::Emphasis),
        Tag::Strong => doc.start_inline(InlineTag::Strong, Inline::Strong),
        Tag::Link { link_type, dest_url, .. } => {
            let href = match link_type {
                LinkType::Email => safe_url(&format!("mailto:{dest_url}"), None, LINK_SCHEMES),
                _ => safe_url(&dest_url, None, LINK_SCHEMES),
            };
            doc.start_inline(InlineTag::Link, Inline::Link(href));
        }
        Tag::Image { dest_url, .. } => {
            doc.start_inline(InlineTag::Image, Inline::Image(safe_url(&dest_url, None, IMAGE_SCHEMES)))
        }
        // Not enabled (tables' own tag, strikethrough, footnotes, …): their
        // content comes through as it is.
        _ => {}
    }
}

fn end(doc: &mut Builder, tag: TagEnd) {
    match tag {
        TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::Heading(_) | TagEnd::TableHead | TagEnd::TableRow => {
            doc.end_leaf()
        }
        TagEnd::BlockQuote(_) => doc.end_quote(),
        TagEnd::CodeBlock => doc.end_code_block(),
        TagEnd::List(_) => doc.end_list(),
        TagEnd::Item => doc.end_item(),
        TagEnd::Emphasis => doc.end_inline(InlineTag::Emphasis),
        TagEnd::Strong => doc.end_inline(InlineTag::Strong),
        TagEnd::Link => doc.end_inline(InlineTag::Link),
        TagEnd::Image => doc.end_inline(InlineTag::Image),
        _ => {}
    }
}

/// Ticks or unticks the note's task number `task_index` (0-based, as in
/// [`super::Task::index`]): the one byte between its brackets changes
/// (`[ ]` ↔ `[x]`), every other byte of `source` stays as it was. `None` if
/// the note has no such task.
pub fn toggle_task(source: &str, task_index: usize) -> Option<String> {
    let marker = task_markers(source).nth(task_index)?;
    // The marker is `[`, one ASCII byte (a space, a tab, `x` or `X`), `]`,
    // maybe after spaces: replacing that byte keeps the text valid UTF-8.
    let state = marker.start + source.get(marker)?.find('[')? + 1;
    let bytes = source.as_bytes();
    if !bytes.get(state)?.is_ascii() || bytes.get(state + 1) != Some(&b']') {
        return None;
    }
    let ticked = if matches!(bytes[state], b'x' | b'X') { " " } else { "x" };
    Some([&source[..state], ticked, &source[state + 1..]].concat())
}

/// The byte ranges of the note's task markers, in source order: the same
/// order the parser numbers [`super::Task::index`] in.
fn task_markers(source: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    parser(source).into_offset_iter().filter(|(event, _)| matches!(event, Event::TaskListMarker(_))).map(|(_, r)| r)
}

/// The start of the note as plain text, for a list of notes: see
/// [`Document::preview`].
pub fn preview(source: &str, max_chars: usize) -> String {
    parse(source).preview(max_chars)
}

/// The note's first line of text, without its Markdown (`# `, `- [ ] `,
/// emphasis): what the Notes app names a note after. `None` for a note
/// without text.
pub fn title_from_first_line(source: &str) -> Option<String> {
    parse(source).blocks.iter().find_map(first_line)
}

fn first_line(block: &Block) -> Option<String> {
    let mut text = String::new();
    match block {
        Block::Heading { spans, .. } | Block::Paragraph { spans } | Block::ListItem { spans, .. } => {
            spans_text(spans, &mut text)
        }
        Block::Quote { blocks } => return blocks.iter().find_map(first_line),
        Block::Code { text: code, .. } => text.push_str(code),
        Block::Rule => {}
    }
    text.lines().map(str::trim).find(|line| !line.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::text;
    use crate::document::{ListMarker, Span, Task};

    #[test]
    fn a_shopping_note() {
        let note = "# Courses\n\n- [ ] lait\n- [x] *pain* de [la ferme](https://ferme.be)\n  - [ ] œufs\n";
        let doc = parse(note);
        let item = |depth, checked, index, spans| Block::ListItem {
            depth,
            marker: ListMarker::Bullet,
            task: Some(Task { checked, index }),
            spans,
        };
        assert_eq!(
            doc.blocks,
            vec![
                Block::Heading { level: 1, spans: vec![text("Courses")] },
                item(0, false, 0, vec![text("lait")]),
                item(
                    0,
                    true,
                    1,
                    vec![
                        Span::Emphasis(vec![text("pain")]),
                        text(" de "),
                        Span::Link { href: "https://ferme.be/".into(), spans: vec![text("la ferme")] },
                    ]
                ),
                item(1, false, 2, vec![text("œufs")]),
            ]
        );
        assert_eq!(title_from_first_line(note).as_deref(), Some("Courses"));
        assert_eq!(preview(note, 23), "Courses\n• ☐ lait\n• ☑ p…");
    }

    #[test]
    fn links_to_scripts_keep_only_their_text() {
        let note = "[a](javascript:alert(1)) [b](JAVASCRIPT:x) [c](data:text/html,x) <vbscript:x> [d](/relatif) \
                    ![e](data:image/png;base64,AA) [f](mailto:ca@nubo.coop) <ca@nubo.coop> ![g](https://nubo.coop/g.png)";
        assert_eq!(
            parse(note).blocks,
            vec![Block::Paragraph {
                spans: vec![
                    text("a b c vbscript:x d e "),
                    Span::Link { href: "mailto:ca@nubo.coop".into(), spans: vec![text("f")] },
                    text(" "),
                    Span::Link { href: "mailto:ca@nubo.coop".into(), spans: vec![text("ca@nubo.coop")] },
                    text(" "),
                    Span::Link { href: "https://nubo.coop/g.png".into(), spans: vec![text("g")] },
                ]
            }]
        );
    }

    #[test]
    fn raw_html_is_text() {
        let note = "<script>alert(1)</script>\n\nUn <b onclick=\"x()\">mot</b>";
        assert_eq!(
            parse(note).blocks,
            vec![
                Block::Paragraph { spans: vec![text("<script>alert(1)</script>")] },
                Block::Paragraph { spans: vec![text("Un <b onclick=\"x()\">mot</b>")] },
            ]
        );
    }

    #[test]
    fn toggling_changes_one_byte() {
        let note = "- [ ] lait\n- [X] pain\n";
        assert_eq!(toggle_task(note, 0).as_deref(), Some("- [x] lait\n- [X] pain\n"));
        assert_eq!(toggle_task(note, 1).as_deref(), Some("- [ ] lait\n- [ ] pain\n"));
        assert_eq!(toggle_task(note, 2), None);
    }
}
