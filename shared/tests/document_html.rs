//! Announcements' HTML to documents: the XSS corpus in `fixtures/xss/` and
//! what an announcement's ordinary HTML becomes.
//!
//! Every payload in the corpus that a browser would run or fetch carries the
//! marker `XSS`. For each case: no text of the document has the marker (the
//! script, style, frame, form, SVG and handler content is gone), every link is
//! an absolute `http:`, `https:` or `mailto:` URL, and the text a member sees
//! is exactly the one in `fixtures/xss/expected.json`.

use std::collections::BTreeMap;
use std::path::Path;

use shared::document::{html, Block, Document, ListMarker, Span};
use url::Url;

fn base() -> Url {
    Url::parse("https://nubo.coop/news/").unwrap()
}

/// Every text (with code) and every href of the document.
fn walk(blocks: &[Block], texts: &mut Vec<String>, hrefs: &mut Vec<String>) {
    fn spans_walk(spans: &[Span], texts: &mut Vec<String>, hrefs: &mut Vec<String>) {
        for span in spans {
            match span {
                Span::Text(text) | Span::Code(text) => texts.push(text.clone()),
                Span::Emphasis(inner) | Span::Strong(inner) => spans_walk(inner, texts, hrefs),
                Span::Link { href, spans } => {
                    hrefs.push(href.clone());
                    spans_walk(spans, texts, hrefs);
                }
                Span::LineBreak => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Heading { spans, .. } | Block::Paragraph { spans } | Block::ListItem { spans, .. } => {
                spans_walk(spans, texts, hrefs)
            }
            Block::Quote { blocks } => walk(blocks, texts, hrefs),
            Block::Code { language, text } => texts.extend(language.iter().chain([text]).cloned()),
            Block::Rule => {}
        }
    }
}

/// What must hold for any document made from hostile HTML.
fn assert_harmless(case: &str, doc: &Document) {
    let (mut texts, mut hrefs) = (Vec::new(), Vec::new());
    walk(&doc.blocks, &mut texts, &mut hrefs);
    for text in &texts {
        assert!(!text.contains("XSS"), "{case}: a payload reached the text: {text:?}");
        let lower = text.to_ascii_lowercase();
        for markup in ["<script", "<iframe", "<svg", "<style", "onerror=", "expression("] {
            assert!(!lower.contains(markup), "{case}: markup in the text: {text:?}");
        }
    }
    for href in &hrefs {
        let url = Url::parse(href).unwrap_or_else(|e| panic!("{case}: {href:?} is not an absolute URL: {e}"));
        assert!(["http", "https", "mailto"].contains(&url.scheme()), "{case}: forbidden link {href:?}");
        assert_eq!(url.as_str(), href, "{case}: the href is not the URL as parsed");
    }
}

#[test]
fn the_xss_corpus_leaves_only_text_and_web_links() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xss");
    let expected: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut differ = Vec::new();
    for path in &cases {
        let case = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc = html::parse(&std::fs::read_to_string(path).unwrap(), Some(&base()));
        assert_harmless(&case, &doc);
        let text = doc.plain_text();
        if expected.get(&case) != Some(&text) {
            differ.push(format!("{case:?}: {text:?} (expected {:?})", expected.get(&case)));
        }
    }
    assert_eq!(expected.len(), cases.len(), "expected.json names other cases than the files");
    assert!(differ.is_empty(), "the text differs:\n{}", differ.join("\n"));
}

fn text(s: &str) -> Span {
    Span::Text(s.to_string())
}

fn link(href: &str, spans: Vec<Span>) -> Span {
    Span::Link { href: href.to_string(), spans }
}

fn paragraph(spans: Vec<Span>) -> Block {
    Block::Paragraph { spans }
}

#[test]
fn links_keep_their_text_when_their_url_cannot_be_kept() {
    let doc = html::parse(
        r#"<p><a href="/ag">AG</a> <a href="ftp://x.be/f">FTP</a> <a href="mailto:ca@nubo.coop">écrire</a>
           <a href="https://nubo.coop"></a> <a name="top">ancre</a></p>"#,
        None,
    );
    assert_eq!(
        doc.blocks,
        vec![paragraph(vec![
            text("AG FTP "),
            link("mailto:ca@nubo.coop", vec![text("écrire")]),
            text(" "),
            link("https://nubo.coop/", vec![text("https://nubo.coop/")]),
            text(" ancre"),
        ])]
    );
    // With the entry's URL as base, the relative link is kept, resolved.
    let doc = html::parse(r#"<a href="../ag?x=1#p">AG</a><img src="//cdn.nubo.coop/i.png" alt="i">"#, Some(&base()));
    assert_eq!(
        doc.blocks,
        vec![paragraph(vec![
            link("https://nubo.coop/ag?x=1#p", vec![text("AG")]),
            link("https://cdn.nubo.coop/i.png", vec![text("i")]),
        ])]
    );
}

#[test]
fn pictures_are_links_to_them_and_trackers_are_dropped() {
    let doc = html::parse(
        r#"<p><img src="https://nubo.coop/ag.jpg" alt="La salle"> <img src="https://nubo.coop/x.png">
           <img src="https://t.example/o.gif" width="1" height="1"><img src="https://t.example/p.gif" height="0">
           <img src="mailto:a@b.c" alt="pas une image"> <img src="https://nubo.coop/wide.png" width="1200" height="1" alt="bande"></p>"#,
        None,
    );
    assert_eq!(
        doc.blocks,
        vec![paragraph(vec![
            link("https://nubo.coop/ag.jpg", vec![text("La salle")]),
            text(" "),
            link("https://nubo.coop/x.png", vec![text("https://nubo.coop/x.png")]),
            text(" pas une image"),
        ])]
    );
    // Alone, without alt text, still there.
    let doc = html::parse(r#"<img src="https://nubo.coop/seule.png">"#, None);
    let href = "https://nubo.coop/seule.png";
    assert_eq!(doc.blocks, vec![paragraph(vec![link(href, vec![text(href)])])]);
}

#[test]
fn structure_survives_as_blocks() {
    let doc = html::parse(
        "<h1>Titre</h1><div>un<div>deux</div></div>\n<blockquote><p>cité <b>fort\n  ici</b></p></blockquote>\
         <pre class=\"language-rust\">let a = 1;\n  a &lt; 2\n</pre><pre><code class=\"lang-sh\">ls</code></pre><hr>\
         <table><tr><th>Jour</th><th>Heure</th></tr><tr><td>lundi</td><td>18 h</td></tr></table>\
         <ul><li>a<ol><li><p>b</p><p>c</p></li></ol></li></ul><a href=\"https://nubo.coop/\"><h2>Lien</h2></a>",
        None,
    );
    assert_eq!(
        doc.blocks,
        vec![
            Block::Heading { level: 1, spans: vec![text("Titre")] },
            paragraph(vec![text("un")]),
            paragraph(vec![text("deux")]),
            Block::Quote { blocks: vec![paragraph(vec![text("cité "), Span::Strong(vec![text("fort ici")])])] },
            Block::Code { language: Some("rust".into()), text: "let a = 1;\n  a < 2".into() },
            Block::Code { language: Some("sh".into()), text: "ls".into() },
            Block::Rule,
            paragraph(vec![text("Jour | Heure")]),
            paragraph(vec![text("lundi | 18 h")]),
            Block::ListItem { depth: 0, marker: ListMarker::Bullet, task: None, spans: vec![text("a")] },
            Block::ListItem {
                depth: 1,
                marker: ListMarker::Number(1),
                task: None,
                spans: vec![text("b"), Span::LineBreak, text("c")]
            },
            Block::Heading { level: 2, spans: vec![link("https://nubo.coop/", vec![text("Lien")])] },
        ]
    );
}

#[test]
fn formatting_around_blocks_is_carried_into_each() {
    let doc = html::parse("<em>a<p>b</p>c</em>", None);
    let em = |s| paragraph(vec![Span::Emphasis(vec![text(s)])]);
    assert_eq!(doc.blocks, vec![em("a"), em("b"), em("c")]);
}

#[test]
fn deep_nesting_keeps_the_text() {
    for html in ["<div>".repeat(5000) + "fin", "<ul><li>".repeat(3000) + "fin", "<blockquote>".repeat(3000) + "fin"] {
        let doc = html::parse(&html, None);
        assert!(doc.plain_text().ends_with("fin"), "{:?}", doc.plain_text());
        // Past 256 open tags, tags are left out before parsing (html5ever's
        // time grows with the square of the depth): 128 items at most.
        assert!(doc.blocks.len() <= 129, "{} blocks", doc.blocks.len());
        serde_json::to_string(&doc).unwrap();
    }
}
