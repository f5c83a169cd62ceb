//! Builds a [`Document`] from a stream of structure events: the Markdown
//! parser's and the (sanitized) HTML tokens both drive this one builder, so
//! both formats get the same shape, limits and clean-ups.
//!
//! Nesting is bounded (quotes, inline formatting) so that no input, however
//! deep, makes a document whose drop or serialization overflows the stack.
//! Events may come unbalanced (an end without a start): they are ignored,
//! never a panic.

use super::{spans_text, Block, Document, ListMarker, Span, Task};

/// Quotes nested deeper than this are kept, flattened into the deepest one.
const MAX_QUOTE_DEPTH: usize = 8;
/// Formatting nested deeper than this keeps its text, not its formatting.
const MAX_INLINE_DEPTH: usize = 16;

/// What an inline start tag asks for; an end tag closes the last one of its
/// kind, whatever it became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InlineTag {
    Emphasis,
    Strong,
    Link,
    Image,
    Code,
}

/// What an open inline element becomes when it closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Inline {
    Emphasis,
    Strong,
    /// A link to this (already checked) URL, or, without one, its text only.
    Link(Option<String>),
    /// A picture whose content is its alt text: a link to the picture, or,
    /// without a URL or inside a link, the alt text only.
    Image(Option<String>),
    /// Inline code: its text, unformatted.
    Code,
    /// No formatting: too deep, or a link inside a link.
    Plain,
}

pub(super) enum Leaf {
    Paragraph,
    Heading(u8),
}

struct Frame {
    kind: Inline,
    spans: Vec<Span>,
}

/// An open list item: its [`Block::ListItem`] is already in place (so a long
/// list is never copied), and takes the item's paragraphs until another block
/// comes after it.
struct OpenItem {
    /// Which of `Builder::blocks` holds it, and where.
    container: usize,
    at: usize,
    takes_text: bool,
}

pub(super) struct Builder {
    /// Where finished blocks go: the document, then each open quote.
    blocks: Vec<Vec<Block>>,
    /// Quotes opened past [`MAX_QUOTE_DEPTH`], not kept apart.
    extra_quotes: usize,
    /// Open lists: the next item's number, `None` for bullets.
    lists: Vec<Option<u64>>,
    items: Vec<OpenItem>,
    /// The open paragraph or heading, and its spans.
    leaf: Option<(Leaf, Vec<Span>)>,
    /// Open inline elements, as asked, as they will close, and whether they
    /// have a frame. They outlive a leaf: a block inside `<b>` gets its own
    /// bold spans.
    formatting: Vec<(InlineTag, Inline)>,
    /// Entries of `formatting` that are not [`Inline::Plain`], and links (with
    /// a URL: inside one, a link is its text and a picture its alt text).
    styled: usize,
    links: usize,
    /// While a leaf is open, one frame per entry of `formatting` that is not
    /// [`Inline::Plain`] (at most [`MAX_INLINE_DEPTH`]).
    frames: Vec<Frame>,
    /// An open code block: its language and text.
    code: Option<(Option<String>, String)>,
    /// Cells seen in the open table row.
    row_cells: Option<usize>,
    tasks: usize,
    /// HTML: runs of white space are one space, none at a line's ends.
    collapse_white_space: bool,
}

impl Builder {
    pub(super) fn new(collapse_white_space: bool) -> Self {
        Builder {
            blocks: vec![Vec::new()],
            extra_quotes: 0,
            lists: Vec::new(),
            items: Vec::new(),
            leaf: None,
            formatting: Vec::new(),
            styled: 0,
            links: 0,
            frames: Vec::new(),
            code: None,
            row_cells: None,
            tasks: 0,
            collapse_white_space,
        }
    }

    pub(super) fn finish(mut self) -> Document {
        self.end_code_block();
        self.end_leaf();
        while self.blocks.len() > 1 {
            self.pop_quote();
        }
        Document { blocks: self.blocks.pop().unwrap_or_default() }
    }

    // ---- text

    pub(super) fn text(&mut self, text: &str) {
        if let Some((_, code)) = &mut self.code {
            code.push_str(text);
            return;
        }
        if text.is_empty()
            || (self.collapse_white_space && self.leaf.is_none() && text.bytes().all(|b| b.is_ascii_whitespace()))
        {
            return;
        }
        let spans = self.spans();
        if let Some(Span::Text(last)) = spans.last_mut() {
            last.push_str(text);
        } else {
            spans.push(Span::Text(text.to_string()));
        }
    }

    pub(super) fn line_break(&mut self) {
        if let Some((_, code)) = &mut self.code {
            code.push('\n');
        } else {
            self.spans().push(Span::LineBreak);
        }
    }

    pub(super) fn code_span(&mut self, text: &str) {
        self.spans().push(Span::Code(text.to_string()));
    }

    /// A picture with its alt text (HTML's `<img>`); dropped without either.
    pub(super) fn image(&mut self, src: Option<String>, alt: &str) {
        if src.is_none() && alt.trim().is_empty() {
            return;
        }
        // A picture is content: it opens a paragraph if none is open.
        self.spans();
        self.start_inline(InlineTag::Image, Inline::Image(src));
        self.text(alt);
        self.end_inline(InlineTag::Image);
    }

    /// The spans of the innermost open inline element, opening a paragraph
    /// for text that comes outside one (a tight list item, HTML's bare text).
    fn spans(&mut self) -> &mut Vec<Span> {
        if self.leaf.is_none() {
            self.start_leaf(Leaf::Paragraph);
        }
        match (self.frames.last_mut(), &mut self.leaf) {
            (Some(frame), _) => &mut frame.spans,
            (None, Some((_, spans))) => spans,
            (None, None) => unreachable!("a leaf was just opened"),
        }
    }

    // ---- inline elements

    pub(super) fn start_inline(&mut self, tag: InlineTag, kind: Inline) {
        let kind = match kind {
            _ if self.styled >= MAX_INLINE_DEPTH => Inline::Plain,
            Inline::Link(_) if self.links > 0 => Inline::Plain,
            Inline::Image(_) if self.links > 0 => Inline::Image(None),
            kind => kind,
        };
        if kind != Inline::Plain {
            self.styled += 1;
            if self.leaf.is_some() {
                self.frames.push(Frame { kind: kind.clone(), spans: Vec::new() });
            }
        }
        if matches!(kind, Inline::Link(Some(_)) | Inline::Image(Some(_))) {
            self.links += 1;
        }
        self.formatting.push((tag, kind));
    }

    /// Closes the last open element started as `tag` (and any opened after it).
    pub(super) fn end_inline(&mut self, tag: InlineTag) {
        let Some(at) = self.formatting.iter().rposition(|(t, _)| *t == tag) else { return };
        while self.formatting.len() > at {
            let Some((_, kind)) = self.formatting.pop() else { break };
            if matches!(kind, Inline::Link(Some(_)) | Inline::Image(Some(_))) {
                self.links -= 1;
            }
            if kind == Inline::Plain {
                continue;
            }
            self.styled -= 1;
            if let Some(frame) = self.frames.pop() {
                let folded = fold(frame);
                match (self.frames.last_mut(), &mut self.leaf) {
                    (Some(parent), _) => parent.spans.extend(folded),
                    (None, Some((_, spans))) => spans.extend(folded),
                    (None, None) => {}
                }
            }
        }
    }

    // ---- paragraphs and headings

    pub(super) fn start_leaf(&mut self, leaf: Leaf) {
        self.end_leaf();
        self.leaf = Some((leaf, Vec::new()));
        self.frames = self
            .formatting
            .iter()
            .filter(|(_, kind)| *kind != Inline::Plain)
            .map(|(_, kind)| Frame { kind: kind.clone(), spans: Vec::new() })
            .collect();
    }

    /// Ends the open paragraph or heading, if any; an empty one is dropped.
    pub(super) fn end_leaf(&mut self) {
        self.row_cells = None;
        let Some((leaf, mut spans)) = self.leaf.take() else { return };
        while let Some(frame) = self.frames.pop() {
            let folded = fold(frame);
            self.frames.last_mut().map_or(&mut spans, |parent| &mut parent.spans).extend(folded);
        }
        let spans = tidy(spans, self.collapse_white_space);
        if spans.is_empty() {
            return;
        }
        match leaf {
            Leaf::Paragraph => match self.item_taking_text() {
                Some(item) => {
                    if !item.is_empty() {
                        item.push(Span::LineBreak);
                    }
                    item.extend(spans);
                }
                None => self.push_block(Block::Paragraph { spans }),
            },
            Leaf::Heading(level) => self.push_block(Block::Heading { level: level.clamp(1, 6), spans }),
        }
    }

    /// The spans of the innermost open list item, if a paragraph ending
    /// now is still its text.
    fn item_taking_text(&mut self) -> Option<&mut Vec<Span>> {
        let item = self.items.last().filter(|i| i.takes_text && i.container + 1 == self.blocks.len())?;
        match self.blocks.get_mut(item.container)?.get_mut(item.at)? {
            Block::ListItem { spans, .. } => Some(spans),
            _ => None,
        }
    }

    // ---- tables: each row a paragraph, its cells apart

    pub(super) fn start_row(&mut self) {
        self.start_leaf(Leaf::Paragraph);
        self.row_cells = Some(0);
    }

    pub(super) fn start_cell(&mut self) {
        if let Some(cells) = self.row_cells {
            if cells > 0 {
                self.text(" | ");
            }
            self.row_cells = Some(cells + 1);
        }
    }

    // ---- blocks

    pub(super) fn rule(&mut self) {
        self.end_leaf();
        self.push_block(Block::Rule);
    }

    pub(super) fn start_code_block(&mut self, language: Option<String>) {
        self.end_leaf();
        if self.code.is_none() {
            self.code = Some((language, String::new()));
        }
    }

    pub(super) fn set_code_language(&mut self, language: String) {
        if let Some((lang @ None, _)) = &mut self.code {
            *lang = Some(language);
        }
    }

    pub(super) fn end_code_block(&mut self) {
        let Some((language, mut text)) = self.code.take() else { return };
        if text.ends_with('\n') {
            text.pop();
        }
        self.push_block(Block::Code { language, text });
    }

    pub(super) fn start_quote(&mut self) {
        self.end_leaf();
        if self.blocks.len() > MAX_QUOTE_DEPTH {
            self.extra_quotes += 1;
        } else {
            self.blocks.push(Vec::new());
        }
    }

    pub(super) fn end_quote(&mut self) {
        self.end_leaf();
        if self.extra_quotes > 0 {
            self.extra_quotes -= 1;
        } else {
            self.pop_quote();
        }
    }

    /// Closes the innermost open quote (and the items opened in it).
    fn pop_quote(&mut self) {
        if self.blocks.len() <= 1 {
            return;
        }
        let Some(blocks) = self.blocks.pop() else { return };
        while self.items.last().is_some_and(|i| i.container >= self.blocks.len()) {
            self.items.pop();
        }
        if !blocks.is_empty() {
            self.push_block(Block::Quote { blocks });
        }
    }

    pub(super) fn start_list(&mut self, start: Option<u64>) {
        self.end_leaf();
        self.lists.push(start);
    }

    pub(super) fn end_list(&mut self) {
        self.end_leaf();
        self.lists.pop();
    }

    pub(super) fn start_item(&mut self) {
        self.end_leaf();
        let depth = u8::try_from(self.lists.len().saturating_sub(1)).unwrap_or(u8::MAX);
        let marker = match self.lists.last_mut() {
            Some(Some(next)) => {
                let number = *next;
                *next = next.saturating_add(1);
                ListMarker::Number(number)
            }
            _ => ListMarker::Bullet,
        };
        self.push_block(Block::ListItem { depth, marker, task: None, spans: Vec::new() });
        let container = self.blocks.len() - 1;
        let at = self.blocks[container].len() - 1;
        self.items.push(OpenItem { container, at, takes_text: true });
    }

    /// A checkbox in the open item. Every call counts, so that the indexes
    /// are the source's task markers in order.
    pub(super) fn task(&mut self, checked: bool) {
        let index = self.tasks;
        self.tasks += 1;
        let Some(item) = self.items.last() else { return };
        if let Some(Block::ListItem { task: task @ None, .. }) =
            self.blocks.get_mut(item.container).and_then(|blocks| blocks.get_mut(item.at))
        {
            *task = Some(Task { checked, index });
        }
    }

    pub(super) fn end_item(&mut self) {
        self.end_leaf();
        let Some(item) = self.items.pop() else { return };
        while self.blocks.len() > item.container + 1 {
            self.pop_quote();
        }
    }

    /// Adds a block where blocks go now; an open item there takes no more
    /// paragraphs as its text.
    fn push_block(&mut self, block: Block) {
        let container = self.blocks.len() - 1;
        if let Some(item) = self.items.last_mut().filter(|i| i.container == container) {
            item.takes_text = false;
        }
        self.blocks[container].push(block);
    }
}

/// The spans a closed inline element leaves in its parent.
fn fold(frame: Frame) -> Vec<Span> {
    let Frame { kind, spans } = frame;
    let text = || {
        let mut text = String::new();
        spans_text(&spans, &mut text);
        text
    };
    match kind {
        Inline::Emphasis => vec![Span::Emphasis(spans)],
        Inline::Strong => vec![Span::Strong(spans)],
        Inline::Code => vec![Span::Code(text())],
        Inline::Link(Some(href)) if text().trim().is_empty() => {
            vec![Span::Link { spans: vec![Span::Text(href.clone())], href }]
        }
        Inline::Link(Some(href)) => vec![Span::Link { href, spans }],
        Inline::Image(Some(href)) => {
            let alt = text();
            let alt = if alt.trim().is_empty() { href.clone() } else { alt };
            vec![Span::Link { href, spans: vec![Span::Text(alt)] }]
        }
        Inline::Image(None) => vec![Span::Text(text())],
        Inline::Link(None) | Inline::Plain => spans,
    }
}

/// A finished paragraph's spans: white space collapsed (HTML), no empty
/// spans, neighbouring texts joined, no line break at either end.
fn tidy(mut spans: Vec<Span>, collapse_white_space: bool) -> Vec<Span> {
    if collapse_white_space {
        let mut after_space = true;
        collapse(&mut spans, &mut after_space);
        let mut at_end = true;
        trim_ends(&mut spans, &mut at_end);
    }
    let mut spans = prune(spans);
    while matches!(spans.last(), Some(Span::LineBreak)) {
        spans.pop();
    }
    let leading = spans.iter().take_while(|s| matches!(s, Span::LineBreak)).count();
    spans.drain(..leading);
    spans
}

/// Runs of HTML white space become one space; none at a line's start.
fn collapse(spans: &mut [Span], after_space: &mut bool) {
    for span in spans {
        match span {
            Span::Text(text) => {
                let mut out = String::with_capacity(text.len());
                for c in text.chars() {
                    if is_html_space(c) {
                        if !*after_space {
                            out.push(' ');
                        }
                        *after_space = true;
                    } else {
                        out.push(c);
                        *after_space = false;
                    }
                }
                *text = out;
            }
            Span::Code(code) => {
                let words: Vec<&str> = code.split(is_html_space).filter(|w| !w.is_empty()).collect();
                *code = words.join(" ");
                *after_space = code.is_empty() && *after_space;
            }
            Span::Emphasis(inner) | Span::Strong(inner) | Span::Link { spans: inner, .. } => {
                collapse(inner, after_space)
            }
            Span::LineBreak => *after_space = true,
        }
    }
}

/// No space at a line's end: walks backwards, trimming while `at_end`.
fn trim_ends(spans: &mut [Span], at_end: &mut bool) {
    for span in spans.iter_mut().rev() {
        match span {
            Span::Text(text) => {
                if *at_end {
                    text.truncate(text.trim_end_matches(is_html_space).len());
                }
                *at_end = *at_end && text.is_empty();
            }
            Span::Code(code) => *at_end = *at_end && code.is_empty(),
            Span::Emphasis(inner) | Span::Strong(inner) | Span::Link { spans: inner, .. } => trim_ends(inner, at_end),
            Span::LineBreak => *at_end = true,
        }
    }
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// Without empty texts, formatting of nothing but white space (its space
/// kept), neighbouring texts joined.
fn prune(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let blank = |spans: &[Span]| spans.iter().all(|s| matches!(s, Span::Text(t) if t.trim().is_empty()));
    for span in spans {
        let pieces = match span {
            Span::Text(text) | Span::Code(text) if text.is_empty() => continue,
            Span::Emphasis(inner) => match prune(inner) {
                inner if blank(&inner) => inner,
                inner => vec![Span::Emphasis(inner)],
            },
            Span::Strong(inner) => match prune(inner) {
                inner if blank(&inner) => inner,
                inner => vec![Span::Strong(inner)],
            },
            Span::Link { href, spans } => vec![Span::Link { href, spans: prune(spans) }],
            span => vec![span],
        };
        for span in pieces {
            match (out.last_mut(), span) {
                (Some(Span::Text(last)), Span::Text(text)) => last.push_str(&text),
                (_, span) => out.push(span),
            }
        }
    }
    out
}
