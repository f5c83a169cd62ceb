//! CommonMark's own examples (and three of GitHub's: task lists, a table)
//! through `document::markdown::parse`, each checked against the Document we
//! expect, written as an outline in `fixtures/commonmark/examples.txt` beside
//! the spec's Markdown and HTML.
//!
//! The outline, one block a line (a quote's blocks indented by two spaces):
//! `h2 …` heading, `p …` paragraph, `li1 3. [x]#0 …` list item (depth 1,
//! number 3, task 0 ticked; `•` for a bullet), `quote`, `code ruby "…"` (the
//! text as a Rust string literal), `rule`. Spans: `_…_` emphasis, `**…**`
//! strong, `` `…` `` code, `[…](href)` link, `⏎` line break; in text,
//! `\ _ * [ ] ` ⏎` are escaped with `\`.

use shared::document::{markdown, Block, ListMarker, Span};

const EXAMPLES: &str = include_str!("fixtures/commonmark/examples.txt");
const FENCE: &str = "````````````````````````````````";

struct Example<'a> {
    name: &'a str,
    markdown: String,
    html: String,
    outline: String,
}

fn examples() -> Vec<Example<'static>> {
    let mut examples = Vec::new();
    let mut lines = EXAMPLES.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix(FENCE).and_then(|rest| rest.strip_prefix(" example ")) else { continue };
        let mut parts = vec![String::new()];
        for line in lines.by_ref().take_while(|l| *l != FENCE) {
            if line == "." {
                parts.push(String::new());
            } else {
                let part = parts.last_mut().unwrap();
                part.push_str(line);
                part.push('\n');
            }
        }
        let [markdown, html, outline] = <[String; 3]>::try_from(parts).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        examples.push(Example { name, markdown, html, outline });
    }
    examples
}

fn outline(blocks: &[Block], indent: usize, out: &mut String) {
    for block in blocks {
        out.push_str(&"  ".repeat(indent));
        match block {
            Block::Heading { level, spans } => out.push_str(&format!("h{level} {}", spans_outline(spans))),
            Block::Paragraph { spans } => out.push_str(&format!("p {}", spans_outline(spans))),
            Block::ListItem { depth, marker, task, spans } => {
                out.push_str(&format!("li{depth} "));
                match marker {
                    ListMarker::Bullet => out.push('•'),
                    ListMarker::Number(n) => out.push_str(&format!("{n}.")),
                }
                if let Some(task) = task {
                    out.push_str(&format!(" [{}]#{}", if task.checked { "x" } else { " " }, task.index));
                }
                out.push(' ');
                out.push_str(&spans_outline(spans));
            }
            Block::Quote { blocks } => {
                out.push_str("quote\n");
                outline(blocks, indent + 1, out);
                continue;
            }
            Block::Code { language, text } => match language {
                Some(language) => out.push_str(&format!("code {language} {text:?}")),
                None => out.push_str(&format!("code {text:?}")),
            },
            Block::Rule => out.push_str("rule"),
        }
        out.push('\n');
    }
}

fn spans_outline(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text(text) => {
                for c in text.chars() {
                    if "\\_*[]`⏎".contains(c) {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
            Span::Emphasis(inner) => out.push_str(&format!("_{}_", spans_outline(inner))),
            Span::Strong(inner) => out.push_str(&format!("**{}**", spans_outline(inner))),
            Span::Code(code) => out.push_str(&format!("`{}`", code.replace('\\', "\\\\").replace('`', "\\`"))),
            Span::Link { href, spans } => out.push_str(&format!("[{}]({href})", spans_outline(spans))),
            Span::LineBreak => out.push('⏎'),
        }
    }
    out
}

#[test]
fn commonmark_examples_make_the_expected_documents() {
    let examples = examples();
    assert!(examples.len() >= 40, "only {} examples", examples.len());
    let mut failures = Vec::new();
    for example in &examples {
        let mut actual = String::new();
        outline(&markdown::parse(&example.markdown).blocks, 0, &mut actual);
        if actual != example.outline {
            failures.push(format!(
                "example {}\n--- markdown\n{}--- spec html\n{}--- expected\n{}--- actual\n{}",
                example.name, example.markdown, example.html, example.outline, actual
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples differ:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

/// Every block and span kind is met by some example, so none is untested.
#[test]
fn the_examples_cover_every_kind() {
    let all: String = examples().iter().map(|e| e.outline.clone()).collect();
    for (kind, needle) in [
        ("heading", "\nh1 "),
        ("paragraph", "\np "),
        ("bullet item", "\nli0 • "),
        ("numbered item", "\nli0 1. "),
        ("nested item", "\nli1 "),
        ("task", "[x]#"),
        ("quote", "\nquote\n"),
        ("nested quote", "\n  quote\n"),
        ("code block", "\ncode "),
        ("code block with a language", "\ncode ruby "),
        ("rule", "\nrule\n"),
        ("emphasis", "_"),
        ("strong", "**"),
        ("code span", "`"),
        ("link", "](https://"),
        ("mail link", "](mailto:"),
        ("line break", "⏎"),
    ] {
        assert!(all.contains(needle), "no example has a {kind}");
    }
}
