//! Atom 1.0, RSS 2.0 (and 1.0) and JSON Feed 1.x into [`Announcement`]s,
//! on `feed-rs`.
//!
//! Limits: at most [`MAX_FEED_BYTES`] of input (larger is refused, not cut:
//! a cut feed is a broken feed) and [`MAX_ENTRIES`] entries (later entries,
//! usually the oldest, are dropped unread and counted).
//!
//! The entry id is the feed's own (`atom:id`, RSS `guid`, JSON `id`), else the
//! entry's link, else a hash of its title and date: the same entry keeps its
//! id across polls and edits. Its language is the entry's `xml:lang`, else
//! the one on its `<content>`, else the feed's (`xml:lang` on `<feed>`, RSS
//! `<language>`, JSON `language`), else the language the caller declared for
//! this feed (say, the `hreflang` it was discovered with).
//!
//! What `feed-rs` 3.0 does that this module works around:
//! - it reads `xml:lang` only on `<content>`, not on `<entry>`, and not the
//!   `language` of a JSON Feed item;
//! - it returns the entries of an RSS feed cut just after `</channel>`;
//! - it panics on some hostile input, and a `Parser` that has returned an
//!   error panics on its next feed: a fresh parser per feed, and
//!   `xml_prepass` keeps only the elements we read;
//! - a JSON Feed whose item `id` is a number (the spec says to read it as a
//!   string), or an attachment without `mime_type`, fails the whole feed: the
//!   JSON is mended first;
//! - entries without id get an id from their link and title, or a random
//!   UUID (not stable): we give it no generator and make our own.

use feed_rs::model::{Entry, Feed, Link, Text};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use serde_json::{Map, Value};
use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher;
use url::Url;

use super::xml_prepass::{self, PrepassError};
use super::{collapse_whitespace, discover, language_tag, web_url, Announcement, Body, BodyFormat};
use super::{EventAttachment, FeedFormat};

/// Largest feed read: the cooperative's three-language feed with full
/// content is well under 1 MiB.
pub const MAX_FEED_BYTES: usize = 2 * 1024 * 1024;
/// Most entries read from one feed.
pub const MAX_ENTRIES: usize = 500;

/// Where a feed was read from, as the caller knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedSource<'a> {
    /// The caller's name for the source, copied into each announcement.
    pub id: &'a str,
    /// The URL the bytes came from: relative links resolve against it.
    pub url: &'a str,
    /// The language this feed is published in, when the caller knows it
    /// (the cooperative has one feed per language).
    pub declared_language: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    pub format: FeedFormat,
    pub title: Option<String>,
    pub language: Option<String>,
    /// In the feed's order, one per id.
    pub entries: Vec<Announcement>,
    /// Entries beyond [`MAX_ENTRIES`], not read.
    pub dropped_entries: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("the feed is {size} bytes, more than the {limit} read")]
    TooLarge { size: usize, limit: usize },
    #[error("this is not a feed")]
    NotAFeed,
    #[error("the feed ends before its last element does")]
    Truncated,
    #[error("the feed is not well-formed: {0}")]
    Malformed(String),
    #[error("unsupported JSON Feed version {0}")]
    UnsupportedVersion(String),
    /// `feed-rs` failed in a way it should not have (a panic, caught where the
    /// platform allows it).
    #[error("the feed could not be read: {0}")]
    Internal(String),
}

/// Reads a feed (Atom, RSS or JSON Feed: told by its first character).
pub fn parse_feed(source: &FeedSource<'_>, bytes: &[u8]) -> Result<ParsedFeed, FeedError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge { size: bytes.len(), limit: MAX_FEED_BYTES });
    }
    let base = Url::parse(source.url).ok();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let (format, prepared, entry_langs, dropped_entries) = match first {
        Some(b'<') => {
            let prepared = xml_prepass::prepare(body, MAX_ENTRIES).map_err(|error| match error {
                PrepassError::Truncated => FeedError::Truncated,
                PrepassError::Malformed(reason) => FeedError::Malformed(reason),
                PrepassError::NotAFeed => FeedError::NotAFeed,
            })?;
            (prepared.format, prepared.bytes, prepared.entry_langs, prepared.dropped_entries)
        }
        Some(b'{') => {
            let mended = mend_json(body)?;
            (FeedFormat::JsonFeed, mended.bytes, mended.languages, mended.dropped)
        }
        _ => return Err(FeedError::NotAFeed),
    };
    let feed = run_feed_rs(source.url, &prepared)?;
    let feed_language = feed.language.as_deref().and_then(language_tag);
    let fallback_language = feed_language.clone().or_else(|| source.declared_language.and_then(language_tag));
    let title = feed.title.as_ref().map(plain_text).filter(|t| !t.is_empty());
    // Languages read beside feed-rs line up with its entries only if both
    // saw the same entries; otherwise they are not used.
    let entry_langs = if entry_langs.len() == feed.entries.len() { entry_langs } else { Vec::new() };

    let mut entries: Vec<Announcement> = Vec::with_capacity(feed.entries.len());
    for (index, entry) in feed.entries.into_iter().enumerate() {
        let own_language = entry_langs.get(index).cloned().flatten();
        let announcement = convert(source.id, base.as_ref(), entry, own_language, fallback_language.as_deref());
        match entries.iter_mut().find(|kept| kept.id == announcement.id) {
            // The same id twice in one feed: the most recently updated wins.
            Some(kept) if announcement.updated > kept.updated => *kept = announcement,
            Some(_) => {}
            None => entries.push(announcement),
        }
    }
    Ok(ParsedFeed { format, title, language: feed_language, entries, dropped_entries })
}

fn run_feed_rs(url: &str, bytes: &[u8]) -> Result<Feed, FeedError> {
    // A fresh parser each time: one that has failed once panics on the next
    // feed (its Media RSS state is left behind).
    let parse = || {
        feed_rs::parser::Builder::new()
            .base_uri(Some(url))
            .sanitize_content(false)
            .id_generator(|_, _, _| String::new())
            .build()
            .parse(bytes)
    };
    #[cfg(panic = "unwind")]
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse))
        .map_err(|_| FeedError::Internal("the feed parser stopped on this feed".into()))?;
    #[cfg(not(panic = "unwind"))]
    let result = parse();
    result.map_err(|error| match error {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => FeedError::NotAFeed,
        ParseFeedError::JsonUnsupportedVersion(version) => FeedError::UnsupportedVersion(version),
        ParseFeedError::JsonSerde(error) if error.is_eof() => FeedError::Truncated,
        other => FeedError::Malformed(other.to_string()),
    })
}

/// A JSON Feed made readable by `feed-rs`: numeric ids as strings, fields of
/// the wrong type and authors (unused) removed, items beyond the limit
/// dropped. Returns the JSON, each item's `language` and how many items were
/// dropped.
fn mend_json(bytes: &[u8]) -> Result<MendedJson, FeedError> {
    let mut value: Value = serde_json::from_slice(bytes).map_err(|error| {
        if error.is_eof() {
            FeedError::Truncated
        } else {
            FeedError::Malformed(error.to_string())
        }
    })?;
    let feed = value.as_object_mut().ok_or(FeedError::NotAFeed)?;
    match feed.get("version") {
        Some(Value::String(version)) if version.starts_with("https://jsonfeed.org/version/1") => {}
        Some(Value::String(version)) => return Err(FeedError::UnsupportedVersion(version.clone())),
        _ => return Err(FeedError::NotAFeed),
    }
    feed.remove("author");
    feed.remove("authors");
    keep_strings(feed, &["home_page_url", "feed_url", "language", "description", "icon", "favicon"]);
    if !feed.get("title").is_some_and(Value::is_string) {
        feed.insert("title".into(), Value::String(String::new()));
    }
    let Some(Value::Array(items)) = feed.get_mut("items") else {
        return Err(FeedError::Malformed("a JSON Feed without items".into()));
    };
    items.retain(Value::is_object);
    let dropped = items.len().saturating_sub(MAX_ENTRIES);
    items.truncate(MAX_ENTRIES);
    let mut languages = Vec::with_capacity(items.len());
    for item in items.iter_mut().filter_map(Value::as_object_mut) {
        item.remove("author");
        item.remove("authors");
        if let Some(Value::Number(id)) = item.get("id") {
            let id = id.to_string();
            item.insert("id".into(), Value::String(id));
        }
        keep_strings(
            item,
            &[
                "id",
                "url",
                "external_url",
                "title",
                "content_html",
                "content_text",
                "summary",
                "date_published",
                "date_modified",
            ],
        );
        if let Some(tags) = item.get_mut("tags") {
            match tags {
                Value::Array(tags) => tags.retain(Value::is_string),
                _ => *tags = Value::Array(Vec::new()),
            }
        }
        if let Some(attachments) = item.get_mut("attachments") {
            match attachments {
                Value::Array(list) => list.retain(|attachment| {
                    attachment.get("url").is_some_and(Value::is_string)
                        && attachment.get("mime_type").is_some_and(Value::is_string)
                        && attachment.get("title").is_none_or(|t| t.is_string() || t.is_null())
                        && attachment.get("size_in_bytes").is_none_or(|s| s.is_u64() || s.is_null())
                }),
                _ => *attachments = Value::Array(Vec::new()),
            }
        }
        languages.push(item.get("language").and_then(Value::as_str).and_then(language_tag));
    }
    let bytes = serde_json::to_vec(&value).map_err(|error| FeedError::Malformed(error.to_string()))?;
    Ok(MendedJson { bytes, languages, dropped })
}

struct MendedJson {
    bytes: Vec<u8>,
    languages: Vec<Option<String>>,
    dropped: usize,
}

/// Removes the named fields unless they are strings (or null).
fn keep_strings(object: &mut Map<String, Value>, names: &[&str]) {
    for name in names {
        if object.get(*name).is_some_and(|v| !v.is_string() && !v.is_null()) {
            object.remove(*name);
        }
    }
}

fn convert(
    source: &str,
    base: Option<&Url>,
    entry: Entry,
    own_language: Option<String>,
    fallback_language: Option<&str>,
) -> Announcement {
    let title = entry.title.as_ref().map(plain_text).unwrap_or_default();
    let link = entry.links.iter().filter(|link| is_page_link(link)).find_map(|link| web_url(base, &link.href));
    let published = entry.published.map(|date| date.timestamp_millis());
    let updated = entry.updated.map(|date| date.timestamp_millis());
    let id = match entry.id.trim() {
        "" => link.clone().unwrap_or_else(|| hashed_id(&title, published.or(updated))),
        id => id.to_string(),
    };
    let language = own_language
        .or_else(|| entry.language.as_deref().and_then(language_tag))
        .or_else(|| fallback_language.map(str::to_string));
    let summary = entry.summary.as_ref().and_then(|text| body(&text.content_type.essence().to_string(), &text.content));
    let content = entry.content.as_ref().and_then(|content| {
        let raw = content.body.as_deref()?;
        body(&content.content_type.essence().to_string(), raw)
    });
    Announcement {
        source: source.to_string(),
        id,
        title,
        link,
        published,
        updated,
        language,
        summary,
        content,
        attachments: attachments(base, &entry),
        author: None,
    }
}

/// The entry's own page: an `alternate` link (or one without `rel`, as RSS
/// and JSON Feed give) that is not a calendar file.
fn is_page_link(link: &Link) -> bool {
    link.target.is_none()
        && link.rel.as_deref().is_none_or(|rel| rel.eq_ignore_ascii_case("alternate"))
        && !is_calendar(link.media_type.as_deref(), &link.href)
}

fn attachments(base: Option<&Url>, entry: &Entry) -> Vec<EventAttachment> {
    let from_links = entry
        .links
        .iter()
        .filter(|link| link.target.is_none())
        .map(|link| (link.href.as_str(), link.media_type.clone(), link.title.clone(), link.length));
    let from_enclosures = entry.media.iter().flat_map(|media| &media.content).filter_map(|content| {
        let url = content.url.as_ref()?;
        Some((url.as_str(), content.content_type.as_ref().map(|t| t.to_string()), None, content.size))
    });
    let mut found: Vec<EventAttachment> = Vec::new();
    for (href, media_type, title, length) in from_links.chain(from_enclosures) {
        if !is_calendar(media_type.as_deref(), href) {
            continue;
        }
        let Some(url) = web_url(base, href) else { continue };
        if !found.iter().any(|known| known.url == url) {
            found.push(EventAttachment { url, media_type, title, length });
        }
    }
    found
}

/// `text/calendar` (parameters and case aside), or a path ending in `.ics`.
pub(crate) fn is_calendar(media_type: Option<&str>, href: &str) -> bool {
    let by_type = media_type
        .and_then(|t| t.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/calendar"));
    let path = href.split(['?', '#']).next().unwrap_or_default();
    by_type || path.to_ascii_lowercase().ends_with(".ics")
}

fn body(essence: &str, raw: &str) -> Option<Body> {
    let format = match essence.to_ascii_lowercase().as_str() {
        "text/html" | "application/xhtml" | "application/xhtml+xml" => BodyFormat::Html,
        "text/plain" => BodyFormat::Text,
        "text/markdown" => BodyFormat::Markdown,
        // Base64 images, inline XML: nothing a member reads as text.
        _ => return None,
    };
    (!raw.trim().is_empty()).then(|| Body { format, raw: raw.to_string() })
}

/// A title as plain text: HTML titles lose their tags and entities.
fn plain_text(text: &Text) -> String {
    match text.content_type.essence().to_string().as_str() {
        "text/plain" => collapse_whitespace(&text.content),
        _ => collapse_whitespace(&discover::html_text(&text.content)),
    }
}

/// The id of an entry with neither id nor link: its title and date.
fn hashed_id(title: &str, date: Option<i64>) -> String {
    let mut hasher = SipHasher13::new_with_keys(0x6e75_626f_2d6e_6577, 0x732d_656e_7472_7921);
    hasher.write(title.as_bytes());
    hasher.write(&[0x1f]);
    hasher.write(date.map(|d| d.to_string()).unwrap_or_default().as_bytes());
    format!("urn:nubo:entry:{:032x}", hasher.finish128().as_u128())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: FeedSource<'static> =
        FeedSource { id: "nubo-fr", url: "https://nubo.coop/fr/news/feed.atom", declared_language: Some("fr") };

    fn atom(entries: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>Nubo</title><updated>2027-04-01T10:00:00Z</updated>{entries}</feed>"#
        )
    }

    #[test]
    fn entry_xml_lang_wins_over_the_feed_and_the_declared_language() {
        let xml = atom(
            r#"<entry xml:lang="nl"><id>urn:1</id><title>AV</title><updated>2027-04-01T10:00:00Z</updated></entry>
               <entry><id>urn:2</id><title>AG</title><updated>2027-04-01T10:00:00Z</updated></entry>"#,
        )
        .replace("<feed ", r#"<feed xml:lang="en" "#);
        let parsed = parse_feed(&SOURCE, xml.as_bytes()).unwrap();
        let langs: Vec<_> = parsed.entries.iter().map(|e| e.language.as_deref()).collect();
        assert_eq!(langs, vec![Some("nl"), Some("en")]);
        // Without a feed language, the declared one.
        let xml = atom(r#"<entry><id>urn:2</id><title>AG</title><updated>2027-04-01T10:00:00Z</updated></entry>"#);
        assert_eq!(parse_feed(&SOURCE, xml.as_bytes()).unwrap().entries[0].language.as_deref(), Some("fr"));
    }

    #[test]
    fn ids_fall_back_to_the_link_then_to_title_and_date() {
        let rss = r#"<rss version="2.0"><channel><title>t</title>
            <item><title>Lettre</title><link>https://nubo.coop/fr/lettre-42</link></item>
            <item><title>Sans lien</title><pubDate>Sat, 01 May 2027 10:00:00 +0200</pubDate></item>
            </channel></rss>"#;
        let first = parse_feed(&SOURCE, rss.as_bytes()).unwrap();
        let again = parse_feed(&SOURCE, rss.as_bytes()).unwrap();
        assert_eq!(first.entries[0].id, "https://nubo.coop/fr/lettre-42");
        assert!(first.entries[1].id.starts_with("urn:nubo:entry:"));
        assert_eq!(first.entries[1].id, again.entries[1].id, "stable across polls");
        assert_ne!(first.entries[1].id, hashed_id("Sans lien", None), "the date is part of it");
    }

    #[test]
    fn html_titles_become_text_and_bodies_stay_raw() {
        let xml = atom(
            r#"<entry><id>urn:1</id><title type="html">AG &amp;amp; &lt;b&gt;vote&lt;/b&gt;</title>
               <summary type="text">a &lt; b</summary>
               <content type="html">&lt;p onclick="x()"&gt;Bonjour&lt;/p&gt;</content></entry>"#,
        );
        let entry = &parse_feed(&SOURCE, xml.as_bytes()).unwrap().entries[0];
        assert_eq!(entry.title, "AG & vote");
        assert_eq!(entry.summary, Some(Body { format: BodyFormat::Text, raw: "a < b".into() }));
        assert_eq!(
            entry.content,
            Some(Body { format: BodyFormat::Html, raw: r#"<p onclick="x()">Bonjour</p>"#.into() })
        );
    }

    #[test]
    fn calendar_links_are_attachments_not_the_page() {
        let xml = atom(
            r#"<entry><id>urn:1</id><title>AG</title>
               <link rel="enclosure" type="text/calendar" href="/fr/ag-2027.ics"/>
               <link href="javascript:void(0)"/>
               <link href="/fr/ag-2027"/>
               <link rel="related" href="https://nubo.coop/AG.ICS?v=2"/>
               <link rel="enclosure" type="text/calendar" href="javascript:alert(1)"/></entry>"#,
        );
        let entry = &parse_feed(&SOURCE, xml.as_bytes()).unwrap().entries[0];
        assert_eq!(entry.link.as_deref(), Some("https://nubo.coop/fr/ag-2027"));
        let urls: Vec<_> = entry.attachments.iter().map(|a| a.url.as_str()).collect();
        assert_eq!(urls, vec!["https://nubo.coop/fr/ag-2027.ics", "https://nubo.coop/AG.ICS?v=2"]);
    }

    #[test]
    fn json_feed_numeric_ids_and_item_languages() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Nubo","language":"en",
            "items":[{"id":42,"url":"https://nubo.coop/en/42","title":"GA","language":"nl-BE",
                      "authors":[{"name":"a@b.be»"}],
                      "attachments":[{"url":"/ga.ics","mime_type":"text/calendar"},{"url":"https://x/no-type.ics"}]},
                     {"id":"43","title":"Other"}]}"#;
        let parsed = parse_feed(&SOURCE, json.as_bytes()).unwrap();
        assert_eq!(parsed.format, FeedFormat::JsonFeed);
        assert_eq!(parsed.entries[0].id, "42");
        assert_eq!(parsed.entries[0].language.as_deref(), Some("nl-be"));
        assert_eq!(parsed.entries[1].language.as_deref(), Some("en"));
        let urls: Vec<_> = parsed.entries[0].attachments.iter().map(|a| a.url.as_str()).collect();
        assert_eq!(urls, vec!["https://nubo.coop/ga.ics"]);
    }

    #[test]
    fn an_id_twice_in_one_feed_is_one_entry_the_latest() {
        let xml = atom(
            r#"<entry><id>urn:1</id><title>old</title><updated>2027-04-01T10:00:00Z</updated></entry>
               <entry><id>urn:1</id><title>new</title><updated>2027-04-02T10:00:00Z</updated></entry>
               <entry><id>urn:1</id><title>older</title><updated>2027-03-01T10:00:00Z</updated></entry>"#,
        );
        let parsed = parse_feed(&SOURCE, xml.as_bytes()).unwrap();
        let titles: Vec<_> = parsed.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, vec!["new"]);
    }

    #[test]
    fn limits_are_enforced() {
        let big = vec![b' '; MAX_FEED_BYTES + 1];
        assert_eq!(
            parse_feed(&SOURCE, &big).unwrap_err(),
            FeedError::TooLarge { size: MAX_FEED_BYTES + 1, limit: MAX_FEED_BYTES }
        );
        let many: String =
            (0..MAX_ENTRIES + 3).map(|i| format!("<entry><id>urn:{i}</id><title>n</title></entry>")).collect();
        let parsed = parse_feed(&SOURCE, atom(&many).as_bytes()).unwrap();
        assert_eq!((parsed.entries.len(), parsed.dropped_entries), (MAX_ENTRIES, 3));
    }

    #[test]
    fn what_feed_rs_panics_on_is_an_answer() {
        let rss = r#"<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>t</title>
            <item><title>a</title><author>a@b.be»</author><itunes:duration>99999999999999999999999</itunes:duration></item>
            </channel></rss>"#;
        // Twice: a parser that failed once must not be reused.
        for _ in 0..2 {
            assert_eq!(parse_feed(&SOURCE, rss.as_bytes()).unwrap().entries[0].title, "a");
            assert!(parse_feed(&SOURCE, &rss.as_bytes()[..60]).is_err());
        }
    }
}
