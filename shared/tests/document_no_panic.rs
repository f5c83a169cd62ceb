//! Whatever bytes arrive (a note half-synced, a feed gone wrong), the
//! document functions return, never panic, and keep their promises: only web
//! and mail links, a task toggle that changes one byte. Inputs are the test
//! fixtures mutated by a seeded generator (so a failure replays), and plain
//! random bytes.

use std::path::Path;

use shared::document::{html, markdown, Block, Document, Span};
use url::Url;

/// xorshift64*: small, seeded, enough to shuffle bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "<p>",
    "</p>",
    "<script>",
    "</script>",
    "<a href=\"javascript:x\">",
    "<a href=\"/r\">",
    "</a>",
    "<img src=x width=1>",
    "<br>",
    "<pre>",
    "</pre>",
    "<ul><li>",
    "</li>",
    "<blockquote>",
    "<svg>",
    "<math>",
    "<noscript>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&#",
    "&#x0A;",
    "&amp;",
    "&",
    "\"",
    "'",
    "*",
    "**",
    "_",
    "`",
    "```",
    "~~~",
    "[",
    "]",
    "](",
    ")",
    "![",
    "](https://nubo.coop)",
    "- ",
    "- [ ] ",
    "- [x] ",
    "1. ",
    "> ",
    "#",
    "\n",
    "\r\n",
    "\t",
    "    ",
    "|",
    "| --- |",
    "---",
    "===",
    "\0",
    "é",
    "🥚",
    "\u{feff}",
    "\u{2028}",
    "\\",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(bytes.len() + 1);
        let end = (at + rng.below(16)).min(bytes.len());
        match rng.below(6) {
            0 | 1 => {
                let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
            2 => {
                bytes.drain(at..end);
            }
            3 => {
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            4 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b = rng.next() as u8;
                }
            }
            _ => bytes.truncate(at),
        }
    }
    bytes
}

fn hrefs(blocks: &[Block], out: &mut Vec<String>) {
    fn spans(spans_: &[Span], out: &mut Vec<String>) {
        for span in spans_ {
            match span {
                Span::Emphasis(inner) | Span::Strong(inner) => spans(inner, out),
                Span::Link { href, spans: inner } => {
                    out.push(href.clone());
                    spans(inner, out);
                }
                _ => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Heading { spans: s, .. } | Block::Paragraph { spans: s } | Block::ListItem { spans: s, .. } => {
                spans(s, out)
            }
            Block::Quote { blocks } => hrefs(blocks, out),
            _ => {}
        }
    }
}

fn check_document(input: &str, doc: &Document) {
    let mut links = Vec::new();
    hrefs(&doc.blocks, &mut links);
    for href in links {
        let scheme = Url::parse(&href).map(|u| u.scheme().to_string());
        assert!(matches!(scheme.as_deref(), Ok("http" | "https" | "mailto")), "{href:?} from {input:?}");
    }
    let json = serde_json::to_string(doc).unwrap();
    assert_eq!(&serde_json::from_str::<Document>(&json).unwrap(), doc);
    let _ = doc.preview(input.len() % 40);
}

fn check(input: &str) {
    let doc = markdown::parse(input);
    check_document(input, &doc);
    let _ = markdown::title_from_first_line(input);
    let _ = markdown::preview(input, 30);
    let mut index = 0;
    while let Some(ticked) = markdown::toggle_task(input, index) {
        assert_eq!(ticked.len(), input.len());
        let changed = input.bytes().zip(ticked.bytes()).filter(|(a, b)| a != b).count();
        assert_eq!(changed, 1, "toggling task {index} of {input:?}");
        index += 1;
    }
    let base = Url::parse("https://nubo.coop/news/").unwrap();
    check_document(input, &html::parse(input, Some(&base)));
    check_document(input, &html::parse(input, None));
}

fn seeds() -> Vec<Vec<u8>> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seeds = Vec::new();
    let examples = std::fs::read_to_string(fixtures.join("commonmark/examples.txt")).unwrap();
    seeds.extend(examples.split("````````````````````````````````").map(|e| e.as_bytes().to_vec()));
    for entry in std::fs::read_dir(fixtures.join("xss")).unwrap() {
        seeds.push(std::fs::read(entry.unwrap().path()).unwrap());
    }
    seeds.push(
        b"# Courses\n\n- [ ] lait\n- [x] *pain*\n  > - [ ] cit\xc3\xa9\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".to_vec(),
    );
    seeds
}

#[test]
fn mutated_fixtures_never_panic() {
    let seeds = seeds();
    assert!(seeds.len() > 100);
    let mut rng = Rng(0x6e75_626f_2e63_6f6f);
    for round in 0..3000 {
        let seed = &seeds[round % seeds.len()];
        let input = mutate(&mut rng, seed);
        check(&String::from_utf8_lossy(&input));
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..500 {
        let len = rng.below(300);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                // Mostly the bytes markup is made of, some of anything.
                let markup = b"<>/!-[]()*_`#>\n\t &;x\"'=|:\\";
                if rng.below(4) == 0 {
                    rng.next() as u8
                } else {
                    markup[rng.below(markup.len())]
                }
            })
            .collect();
        check(&String::from_utf8_lossy(&bytes));
    }
}

/// However deep a note nests, the document does not: quotes stop at 8 levels
/// and formatting at 16 (their text kept), so drawing or serializing it
/// cannot overflow a stack.
#[test]
fn deep_notes_make_shallow_documents() {
    fn quote_depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| if let Block::Quote { blocks } = b { 1 + quote_depth(blocks) } else { 0 })
            .max()
            .unwrap_or(0)
    }
    fn span_depth(spans: &[Span]) -> usize {
        let inner = |s: &Span| match s {
            Span::Emphasis(i) | Span::Strong(i) | Span::Link { spans: i, .. } => 1 + span_depth(i),
            _ => 0,
        };
        spans.iter().map(inner).max().unwrap_or(0)
    }
    let doc = markdown::parse(&("> ".repeat(5000) + "fond"));
    assert_eq!(quote_depth(&doc.blocks), 8);
    assert_eq!(doc.plain_text(), "fond");
    let doc = markdown::parse(&("*".repeat(1001) + "fond" + &"*".repeat(1001)));
    let Some(Block::Paragraph { spans }) = doc.blocks.first() else { panic!("{doc:?}") };
    assert_eq!(span_depth(spans), 16);
    assert_eq!(doc.plain_text(), "fond");
    let doc = html::parse(&("<blockquote><em><b>".repeat(3000) + "fond"), None);
    assert_eq!(quote_depth(&doc.blocks), 8);
    let Some(Block::Quote { blocks }) = doc.blocks.first() else { panic!("{doc:?}") };
    let mut blocks = blocks;
    while let [Block::Quote { blocks: inner }] = blocks.as_slice() {
        blocks = inner;
    }
    let [Block::Paragraph { spans }] = blocks.as_slice() else { panic!("{blocks:?}") };
    assert_eq!(span_depth(spans), 16);
    assert_eq!(doc.plain_text(), "fond");
}
