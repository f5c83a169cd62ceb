//! Feed autodiscovery: the feeds a home page advertises with
//! `<link rel="alternate" type="application/atom+xml" href=… hreflang=… title=…>`
//! (also `application/rss+xml` and `application/feed+json`).
//!
//! The page is read with html5ever's tokenizer, as a browser would read it:
//! comments, scripts and `<title>`/`<textarea>` text cannot pass for links.
//! `rel` is a space-separated list, compared without case; relative `href`s
//! resolve against `<base href>` if the page has one, else the page's URL;
//! only http and https are returned. Whether a feed on another site may be
//! followed is the caller's decision.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
use url::Url;

use super::{collapse_whitespace, language_tag, web_url, FeedFormat};

/// Only the first 1 MiB of a page is read (the `<head>` is at the top).
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// At most this many feeds are returned.
pub const MAX_FEEDS: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredFeed {
    /// Absolute, http or https.
    pub url: String,
    pub format: FeedFormat,
    /// The `hreflang`, as a lower-case tag.
    pub language: Option<String>,
    pub title: Option<String>,
}

/// The feeds `html` (the page at `page_url`) links to, in page order, each URL
/// once.
pub fn discover_feeds(page_url: &str, html: &[u8]) -> Vec<DiscoveredFeed> {
    let Ok(page) = Url::parse(page_url) else { return Vec::new() };
    let html = &html[..html.len().min(MAX_PAGE_BYTES)];
    let sink = LinkSink::default();
    let sink = tokenize(sink, &String::from_utf8_lossy(html));
    let base = sink.base.into_inner().and_then(|href| web_url(Some(&page), &href)).and_then(|b| Url::parse(&b).ok());
    let base = base.unwrap_or(page);

    let mut feeds: Vec<DiscoveredFeed> = Vec::new();
    for tag in sink.links.into_inner() {
        let attribute =
            |name: &str| tag.attrs.iter().find(|attr| &*attr.name.local == name).map(|attr| attr.value.to_string());
        let rel = attribute("rel").unwrap_or_default();
        let mut rels = rel.split_ascii_whitespace();
        if !rels.clone().any(|r| r.eq_ignore_ascii_case("alternate"))
            || rels.any(|r| r.eq_ignore_ascii_case("stylesheet"))
        {
            continue;
        }
        let Some(format) = attribute("type").as_deref().and_then(feed_format) else { continue };
        let Some(url) = attribute("href").and_then(|href| web_url(Some(&base), &href)) else { continue };
        if feeds.iter().any(|known| known.url == url) {
            continue;
        }
        feeds.push(DiscoveredFeed {
            url,
            format,
            language: attribute("hreflang").as_deref().and_then(language_tag),
            title: attribute("title").map(|t| collapse_whitespace(&t)).filter(|t| !t.is_empty()),
        });
        if feeds.len() == MAX_FEEDS {
            break;
        }
    }
    feeds
}

fn feed_format(media_type: &str) -> Option<FeedFormat> {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/atom+xml" => Some(FeedFormat::Atom),
        "application/rss+xml" => Some(FeedFormat::Rss),
        "application/feed+json" => Some(FeedFormat::JsonFeed),
        _ => None,
    }
}

/// The text of an HTML fragment: tags dropped, character references decoded,
/// script and style contents left out. For titles, not for bodies.
pub(crate) fn html_text(html: &str) -> String {
    tokenize(TextSink::default(), html).text.into_inner()
}

fn tokenize<Sink: TokenSink>(sink: Sink, text: &str) -> Sink {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    let tokenizer = Tokenizer::new(sink, Default::default());
    // Our sinks never ask to stop for a script, so one call reads it all.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// What the tokenizer must be told about elements whose contents are not
/// markup (the tree builder's job in a full parser).
fn raw_contents(tag: &Tag) -> Option<TokenSinkResult<()>> {
    match &*tag.name {
        "script" => Some(TokenSinkResult::RawData(RawKind::ScriptData)),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(TokenSinkResult::RawData(RawKind::Rawtext)),
        "title" | "textarea" => Some(TokenSinkResult::RawData(RawKind::Rcdata)),
        "plaintext" => Some(TokenSinkResult::Plaintext),
        _ => None,
    }
}

#[derive(Default)]
struct LinkSink {
    links: RefCell<Vec<Tag>>,
    base: RefCell<Option<String>>,
}

impl TokenSink for LinkSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        match &*tag.name {
            "link" if self.links.borrow().len() < MAX_FEEDS * 8 => self.links.borrow_mut().push(tag),
            "base" if self.base.borrow().is_none() => {
                let href = tag.attrs.iter().find(|a| &*a.name.local == "href").map(|a| a.value.to_string());
                *self.base.borrow_mut() = href;
            }
            _ => return raw_contents(&tag).unwrap_or(TokenSinkResult::Continue),
        }
        TokenSinkResult::Continue
    }
}

#[derive(Default)]
struct TextSink {
    text: RefCell<String>,
    /// Inside `<script>` or `<style>`.
    skipping: RefCell<bool>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(text) if !*self.skipping.borrow() => self.text.borrow_mut().push_str(&text),
            Token::TagToken(tag) if matches!(&*tag.name, "script" | "style") => {
                *self.skipping.borrow_mut() = tag.kind == TagKind::StartTag;
                if tag.kind == TagKind::StartTag {
                    return raw_contents(&tag).unwrap_or(TokenSinkResult::Continue);
                }
            }
            Token::TagToken(tag) if tag.kind == TagKind::StartTag && matches!(&*tag.name, "br" | "p" | "div") => {
                self.text.borrow_mut().push(' ')
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternate_feeds_with_relative_urls_and_languages() {
        let page = r#"<!doctype html><html lang="fr"><head>
            <link rel="stylesheet" href="/style.css">
            <LINK REL="Alternate Home" TYPE="Application/Atom+XML; charset=utf-8" href="fr/feed.atom" hreflang="FR" title=" Actualités  Nubo ">
            <link rel="alternate" type="application/rss+xml" href="../nl/feed.rss" hreflang="nl-BE">
            <link rel="alternate" type="application/feed+json" href="//nubo.coop/en/feed.json" hreflang="en">
            <link rel="alternate" type="text/html" href="/en/" hreflang="en">
            <link rel="alternate" type="application/atom+xml" href="javascript:alert(1)">
            <link rel="alternate stylesheet" type="application/rss+xml" href="/odd.rss">
            <link rel="alternate" type="application/atom+xml" href="fr/feed.atom">
            </head><body></body></html>"#;
        let feeds = discover_feeds("https://nubo.coop/site/index.html", page.as_bytes());
        let summary: Vec<_> = feeds.iter().map(|f| (f.url.as_str(), f.format, f.language.as_deref())).collect();
        assert_eq!(
            summary,
            vec![
                ("https://nubo.coop/site/fr/feed.atom", FeedFormat::Atom, Some("fr")),
                ("https://nubo.coop/nl/feed.rss", FeedFormat::Rss, Some("nl-be")),
                ("https://nubo.coop/en/feed.json", FeedFormat::JsonFeed, Some("en")),
            ]
        );
        assert_eq!(feeds[0].title.as_deref(), Some("Actualités Nubo"));
    }

    #[test]
    fn base_href_counts_and_hidden_links_do_not() {
        let page = br#"<html><head><base href="https://nubo.coop/news/">
            <!-- <link rel="alternate" type="application/atom+xml" href="/commented.atom"> -->
            <script>document.write('<link rel="alternate" type="application/atom+xml" href="/scripted.atom">')</script>
            <title><link rel="alternate" type="application/atom+xml" href="/titled.atom"></title>
            <link rel=alternate type=application/atom+xml href=feed.atom>
            </head></html>"#;
        let feeds = discover_feeds("https://nubo.coop/", page);
        let urls: Vec<_> = feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, vec!["https://nubo.coop/news/feed.atom"]);
    }

    #[test]
    fn html_text_keeps_only_text() {
        assert_eq!(html_text("AG &amp; <b>vote</b><script>x()</script> &eacute;t&#233;"), "AG & vote été");
    }
}
