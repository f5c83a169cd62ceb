//! Announcements: HTML from feeds (and Nextcloud's announcement center) to a
//! [`Document`], safe by construction.
//!
//! Why ammonia, then html5ever's tokenizer: ammonia is the maintained,
//! allow-list sanitizer on html5ever (the browser-grade parser), so the HTML
//! is first parsed the way a browser would (unclosed tags, misnesting,
//! entity-encoded URLs) and cut down to the few elements this model has, with
//! scripts, styles, frames, objects, forms, SVG and MathML dropped *with their
//! content*, every attribute but `href`, `src`, `alt`, `width`, `height`,
//! `start` and `class` gone, URLs resolved against the base and only `http:`,
//! `https:` and `mailto:` kept. Its output is well-formed HTML, which
//! html5ever's tokenizer (already there, no extra crate) turns into the
//! builder's events. The builder only makes typed blocks and checks each URL
//! again, so even a gap in the sanitizer cannot put markup or a script URL
//! in front of a shell. (`scraper` would give a tree to walk, but brings CSS
//! selectors we have no use for, and no sanitizing.)

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use ammonia::UrlRelative;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use url::Url;

use super::build::{Builder, Inline, InlineTag, Leaf};
use super::{safe_url, Document, IMAGE_SCHEMES, LINK_SCHEMES};

/// Elements that only separate blocks (their content is kept).
const SECTIONS: &[&str] = &[
    "address",
    "article",
    "aside",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "nav",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
];
/// Elements the builder maps (besides [`SECTIONS`]).
const MAPPED: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "samp",
    "strong",
    "td",
    "th",
    "tr",
    "tt",
    "ul",
];
/// Elements dropped with everything inside them. Any other element not
/// above (`span`, `font`, `u`, `sup`, …) is dropped and its text kept.
const DROPPED: &[&str] = &[
    "applet",
    "audio",
    "button",
    "canvas",
    "datalist",
    "embed",
    "form",
    "frame",
    "frameset",
    "head",
    "iframe",
    "input",
    "map",
    "math",
    "meta",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "option",
    "param",
    "plaintext",
    "script",
    "select",
    "source",
    "style",
    "svg",
    "template",
    "textarea",
    "title",
    "track",
    "video",
    "xmp",
];

/// The announcement `html` as a document; relative links and pictures are
/// resolved against `base` (the feed entry's URL), or dropped without one.
pub fn parse(html: &str, base: Option<&Url>) -> Document {
    let clean = sanitizer(base).clean(&shallow(html)).to_string();
    let mut doc = Builder::new(true);
    let mut pre_depth = 0usize;
    for token in tokens(&clean) {
        match token {
            Token::CharacterTokens(text) => doc.text(&text),
            Token::TagToken(tag) if pre_depth > 0 => in_code_block(&mut doc, &tag, &mut pre_depth),
            Token::TagToken(tag) => element(&mut doc, &tag, base, &mut pre_depth),
            _ => {}
        }
    }
    doc.finish()
}

/// Elements nested deeper than this (counting start tags not yet ended) are
/// left out, their text kept, before the HTML is parsed: html5ever's tree
/// building takes time in the square of the depth (a hostile feed could make
/// a phone spin for minutes), and a browser stops nesting at 512 anyway.
const MAX_DEPTH: usize = 256;

/// `html`, or, if it nests deeper than [`MAX_DEPTH`], the same tokens
/// without the tags past that depth. What this writes is sanitized next like
/// any input, so it needs to be faithful only for ordinary HTML, which it
/// leaves as it is.
fn shallow(html: &str) -> Cow<'_, str> {
    let tokens = tokens(html);
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for token in &tokens {
        if let Token::TagToken(tag) = token {
            depth = next_depth(depth, tag);
            deepest = deepest.max(depth);
        }
    }
    if deepest <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    depth = 0;
    for token in tokens {
        match token {
            Token::CharacterTokens(text) => escape(&text, false, &mut out),
            Token::TagToken(tag) => {
                let deeper = next_depth(depth, &tag);
                let kept = depth.max(deeper) <= MAX_DEPTH;
                depth = deeper;
                let name = &*tag.name;
                if !kept || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    continue;
                }
                out.push('<');
                if tag.kind == TagKind::EndTag {
                    out.push('/');
                }
                out.push_str(name);
                for a in
                    tag.attrs.iter().filter(|a| a.name.local.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                {
                    out.push(' ');
                    out.push_str(&a.name.local);
                    out.push_str("=\"");
                    escape(&a.value, true, &mut out);
                    out.push('"');
                }
                out.push('>');
            }
            _ => {}
        }
    }
    Cow::Owned(out)
}

fn next_depth(depth: usize, tag: &Tag) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
        "track", "wbr",
    ];
    match tag.kind {
        TagKind::StartTag if tag.self_closing || VOID.contains(&&*tag.name) => depth,
        TagKind::StartTag => depth + 1,
        TagKind::EndTag => depth.saturating_sub(1),
    }
}

fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn sanitizer(base: Option<&Url>) -> ammonia::Builder<'static> {
    let mut attributes = HashMap::new();
    attributes.insert("a", HashSet::from(["href"]));
    attributes.insert("img", HashSet::from(["src", "alt", "width", "height"]));
    attributes.insert("ol", HashSet::from(["start"]));
    attributes.insert("pre", HashSet::from(["class"]));
    attributes.insert("code", HashSet::from(["class"]));
    let mut sanitizer = ammonia::Builder::empty();
    sanitizer
        .tags(SECTIONS.iter().chain(MAPPED).copied().collect())
        .clean_content_tags(DROPPED.iter().copied().collect())
        .generic_attributes(HashSet::new())
        .tag_attributes(attributes)
        .url_schemes(LINK_SCHEMES.iter().copied().collect())
        .url_relative(match base {
            Some(base) => UrlRelative::RewriteWithBase(base.clone()),
            None => UrlRelative::Deny,
        })
        .link_rel(None)
        .strip_comments(true);
    sanitizer
}

/// The tokens of (sanitized, so well-formed) HTML.
fn tokens(html: &str) -> Vec<Token> {
    struct Collect(RefCell<Vec<Token>>);
    impl TokenSink for Collect {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            self.0.borrow_mut().push(token);
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Collect(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value)
}

fn element(doc: &mut Builder, tag: &Tag, base: Option<&Url>, pre_depth: &mut usize) {
    let name = &*tag.name;
    let start = tag.kind == TagKind::StartTag;
    match (name, start) {
        ("p", true) => doc.start_leaf(Leaf::Paragraph),
        ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => doc.start_leaf(Leaf::Heading(name.as_bytes()[1] - b'0')),
        ("p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr", false) => doc.end_leaf(),
        ("ul", true) => doc.start_list(None),
        ("ol", true) => doc.start_list(Some(attr(tag, "start").and_then(|s| s.trim().parse().ok()).unwrap_or(1))),
        ("ul" | "ol", false) => doc.end_list(),
        ("li", true) => doc.start_item(),
        ("li", false) => doc.end_item(),
        ("blockquote", true) => doc.start_quote(),
        ("blockquote", false) => doc.end_quote(),
        ("pre", true) => {
            doc.start_code_block(attr(tag, "class").and_then(language));
            *pre_depth = 1;
        }
        ("hr", true) => doc.rule(),
        ("br", true) => doc.line_break(),
        ("tr", true) => doc.start_row(),
        ("td" | "th", true) => doc.start_cell(),
        ("a", true) => {
            let href = attr(tag, "href").and_then(|href| safe_url(href, base, LINK_SCHEMES));
            doc.start_inline(InlineTag::Link, Inline::Link(href));
        }
        ("a", false) => doc.end_inline(InlineTag::Link),
        ("em" | "i", true) => doc.start_inline(InlineTag::Emphasis, Inline::Emphasis),
        ("em" | "i", false) => doc.end_inline(InlineTag::Emphasis),
        ("strong" | "b", true) => doc.start_inline(InlineTag::Strong, Inline::Strong),
        ("strong" | "b", false) => doc.end_inline(InlineTag::Strong),
        ("code" | "kbd" | "samp" | "tt", true) => doc.start_inline(InlineTag::Code, Inline::Code),
        ("code" | "kbd" | "samp" | "tt", false) => doc.end_inline(InlineTag::Code),
        ("img", true) if !is_tracking_pixel(tag) => {
            let src = attr(tag, "src").and_then(|src| safe_url(src, base, IMAGE_SCHEMES));
            doc.image(src, attr(tag, "alt").unwrap_or_default());
        }
        (name, _) if SECTIONS.contains(&name) => doc.end_leaf(),
        _ => {}
    }
}

/// Inside `<pre>`, tags only end it, break lines or name the language.
fn in_code_block(doc: &mut Builder, tag: &Tag, pre_depth: &mut usize) {
    match (&*tag.name, tag.kind) {
        ("pre", TagKind::StartTag) => *pre_depth += 1,
        ("pre", TagKind::EndTag) => {
            *pre_depth -= 1;
            if *pre_depth == 0 {
                doc.end_code_block();
            }
        }
        ("br", TagKind::StartTag) => doc.line_break(),
        ("code", TagKind::StartTag) => {
            if let Some(language) = attr(tag, "class").and_then(language) {
                doc.set_code_language(language);
            }
        }
        _ => {}
    }
}

/// `rust` from `class="language-rust"` (or `lang-rust`), if it looks like a
/// language name.
fn language(class: &str) -> Option<String> {
    class
        .split_ascii_whitespace()
        .find_map(|c| c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-")))
        .filter(|l| !l.is_empty() && l.len() <= 32)
        .filter(|l| l.chars().all(|c| c.is_ascii_alphanumeric() || "+-#._".contains(c)))
        .map(str::to_string)
}

/// A 1×1 (or 0-sized) picture: a tracker, not content.
fn is_tracking_pixel(tag: &Tag) -> bool {
    let tiny = |name| {
        attr(tag, name).is_some_and(|v| {
            let digits: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u64>().is_ok_and(|n| n <= 1)
        })
    };
    tiny("width") || tiny("height")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::text;
    use crate::document::{Block, ListMarker, Span};

    #[test]
    fn an_announcement() {
        let base = Url::parse("https://nubo.coop/fr/news/").unwrap();
        let doc = parse(
            r#"<h2>Assemblée <em>générale</em></h2>
            <p>Le <strong>21 mai</strong>, <a href="ag.html" onclick="x()">inscrivez-vous</a>.<br>
               Ordre du jour :</p>
            <ol start="3"><li>Comptes</li><li>Élections<ul><li>CA</li></ul></li></ol>
            <img src="/logo.png" alt="Nubo"><img src="https://t.example/p.gif" width="1" height="1">"#,
            Some(&base),
        );
        assert_eq!(
            doc.blocks,
            vec![
                Block::Heading { level: 2, spans: vec![text("Assemblée "), Span::Emphasis(vec![text("générale")])] },
                Block::Paragraph {
                    spans: vec![
                        text("Le "),
                        Span::Strong(vec![text("21 mai")]),
                        text(", "),
                        Span::Link {
                            href: "https://nubo.coop/fr/news/ag.html".into(),
                            spans: vec![text("inscrivez-vous")]
                        },
                        text("."),
                        Span::LineBreak,
                        text("Ordre du jour :"),
                    ]
                },
                Block::ListItem { depth: 0, marker: ListMarker::Number(3), task: None, spans: vec![text("Comptes")] },
                Block::ListItem {
                    depth: 0, marker: ListMarker::Number(4), task: None, spans: vec![text("Élections")]
                },
                Block::ListItem { depth: 1, marker: ListMarker::Bullet, task: None, spans: vec![text("CA")] },
                Block::Paragraph {
                    spans: vec![Span::Link { href: "https://nubo.coop/logo.png".into(), spans: vec![text("Nubo")] }]
                },
            ]
        );
    }

    #[test]
    fn empty_elements_leave_nothing() {
        let doc =
            parse("<p>a<code></code><b></b><em> <i>\n</i></em>b</p><p> </p><blockquote></blockquote><ul></ul>", None);
        assert_eq!(doc.blocks, vec![Block::Paragraph { spans: vec![text("a b")] }]);
    }
}
