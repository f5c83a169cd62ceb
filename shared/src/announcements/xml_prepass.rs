//! One streaming pass over an XML feed before `feed-rs` sees it.
//!
//! It does what `feed-rs` does not, or does unsafely:
//!
//! - tells a **truncated** document (elements still open at the end, or the
//!   end inside a tag) from a **malformed** one: `feed-rs` happily returns
//!   the entries of an RSS feed cut after `</channel>`;
//! - reads each entry's own `xml:lang` (`feed-rs` only reads the one on
//!   `<content>`);
//! - keeps only what we read: the feed's and each entry's id, title, links,
//!   dates, language, summary, content and enclosures, byte for byte, and
//!   drops every other element with its subtree (authors, categories,
//!   iTunes, Media RSS, podcast namespaces…). `feed-rs` 3.0 panics on some of
//!   those (a 25-digit `<itunes:duration>` overflows a `u64` it unwraps; an
//!   author e-mail followed by a multi-byte character is sliced inside the
//!   character), and a panic in the browser aborts the whole core;
//! - stops at [`MAX_ENTRIES`](super::feed::MAX_ENTRIES) entries: later ones
//!   are dropped before they are parsed.
//!
//! What it keeps is copied as the exact bytes of the input, so bodies reach
//! `feed-rs` (and the member) unchanged. Encodings other than UTF-8 pass
//! through as bytes if they are ASCII-compatible; UTF-16 feeds are refused as
//! malformed.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::{language_tag, FeedFormat};

const ATOM: &[u8] = b"http://www.w3.org/2005/Atom";
const RSS1: &[u8] = b"http://purl.org/rss/1.0/";
const RSS090: &[u8] = b"http://my.netscape.com/rdf/simple/0.9/";
const RDF: &[u8] = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const CONTENT: &[u8] = b"http://purl.org/rss/1.0/modules/content/";
const DUBLIN_CORE: &[u8] = b"http://purl.org/dc/elements/1.1/";

/// Elements kept directly under the feed (`<feed>`, `<channel>`, `<rdf:RDF>`).
const FEED_FIELDS: &[&[u8]] = &[b"id", b"title", b"link", b"updated", b"language"];
/// Elements kept directly under an entry or item, with everything inside them.
const ENTRY_FIELDS: &[&[u8]] = &[
    b"id",
    b"guid",
    b"title",
    b"link",
    b"updated",
    b"published",
    b"pubDate",
    b"date",
    b"content",
    b"encoded",
    b"summary",
    b"description",
    b"enclosure",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PrepassError {
    /// The document ends before its elements do.
    Truncated,
    /// Not well-formed XML, with the reader's reason.
    Malformed(String),
    /// Well-formed, but its root is not a feed (an HTML page, say).
    NotAFeed,
}

#[derive(Debug)]
pub(crate) struct Prepared {
    pub format: FeedFormat,
    /// The input with only the elements we read.
    pub bytes: Vec<u8>,
    /// The `xml:lang` on each kept entry element, in document order.
    pub entry_langs: Vec<Option<String>>,
    /// Entries beyond the limit, dropped unread.
    pub dropped_entries: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// `<rss>`: only `<channel>` below it matters.
    RssRoot,
    /// `<feed>`, `<channel>`, `<rdf:RDF>`: fields and entries below.
    Feed,
    /// `<entry>` or `<item>`: fields below.
    Entry,
    /// A field we keep: everything below is kept as is.
    Kept,
    /// Dropped with everything below.
    Dropped,
}

pub(crate) fn prepare(input: &[u8], max_entries: usize) -> Result<Prepared, PrepassError> {
    let mut reader = NsReader::from_reader(input);
    let mut out = Vec::with_capacity(input.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut format = None;
    let mut root_closed = false;
    let mut entry_langs = Vec::new();
    let mut dropped_entries = 0;
    let mut start = 0usize;

    loop {
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (allowed_namespace(&ns), event),
            Err(error) => return Err(classify(error, input)),
        };
        let end = usize::try_from(reader.buffer_position()).unwrap_or(input.len()).min(input.len());
        let parent = stack.last().copied();
        let keep = match &event {
            Event::Eof => {
                return match format {
                    Some(format) if stack.is_empty() && root_closed => {
                        Ok(Prepared { format, bytes: out, entry_langs, dropped_entries })
                    }
                    Some(_) => Err(PrepassError::Truncated),
                    None => Err(PrepassError::NotAFeed),
                };
            }
            Event::Start(element) | Event::Empty(element) => {
                let local = element.local_name();
                let local = local.as_ref();
                let frame = match parent {
                    None if root_closed => {
                        return Err(PrepassError::Malformed("content after the root element".into()));
                    }
                    None => {
                        let (root_format, frame) = match (ns, local) {
                            (true, b"feed") => (FeedFormat::Atom, Frame::Feed),
                            (true, b"entry") => (FeedFormat::Atom, Frame::Entry),
                            (true, b"rss") => (FeedFormat::Rss, Frame::RssRoot),
                            (true, b"RDF") => (FeedFormat::Rss, Frame::Feed),
                            _ => return Err(PrepassError::NotAFeed),
                        };
                        format = Some(root_format);
                        if frame == Frame::Entry {
                            entry_langs.push(xml_lang(element));
                        }
                        frame
                    }
                    Some(Frame::RssRoot) if ns && local == b"channel" => Frame::Feed,
                    Some(Frame::Feed) if ns && (local == b"entry" || local == b"item") => {
                        if entry_langs.len() < max_entries {
                            entry_langs.push(xml_lang(element));
                            Frame::Entry
                        } else {
                            dropped_entries += 1;
                            Frame::Dropped
                        }
                    }
                    // RSS 1.0 puts its items beside the channel, not in it.
                    Some(Frame::Feed) if ns && local == b"channel" => Frame::Feed,
                    Some(Frame::Feed) if ns && FEED_FIELDS.contains(&local) => Frame::Kept,
                    Some(Frame::Entry) if ns && ENTRY_FIELDS.contains(&local) => Frame::Kept,
                    Some(Frame::Kept) => Frame::Kept,
                    _ => Frame::Dropped,
                };
                if matches!(event, Event::Start(_)) {
                    stack.push(frame);
                } else if parent.is_none() {
                    root_closed = true;
                }
                frame != Frame::Dropped
            }
            Event::End(_) => {
                let frame = stack.pop();
                if stack.is_empty() {
                    root_closed = true;
                }
                frame.is_some_and(|frame| frame != Frame::Dropped)
            }
            // Text, references, CDATA, comments, declarations: kept unless
            // inside something dropped.
            _ => parent != Some(Frame::Dropped),
        };
        if keep {
            out.extend_from_slice(input.get(start..end).unwrap_or_default());
        }
        start = end;
    }
}

/// Whether an element's namespace is one `feed-rs` reads for the fields we
/// keep. An unknown prefix, iTunes, Media RSS and the like are not.
fn allowed_namespace(ns: &ResolveResult<'_>) -> bool {
    match ns {
        ResolveResult::Unbound => true,
        ResolveResult::Bound(ns) => [ATOM, RSS1, RSS090, RDF, CONTENT, DUBLIN_CORE].contains(&ns.as_ref()),
        ResolveResult::Unknown(_) => false,
    }
}

fn xml_lang(element: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    let attribute = element.try_get_attribute("xml:lang").ok()??;
    language_tag(&String::from_utf8_lossy(&attribute.value))
}

fn classify(error: quick_xml::Error, input: &[u8]) -> PrepassError {
    use quick_xml::errors::{IllFormedError, SyntaxError};
    match error {
        // `<![CD` or `&am` at the very end: cut, not broken.
        quick_xml::Error::Syntax(SyntaxError::InvalidBangMarkup) if ends_in_bang_opening(input) => {
            PrepassError::Truncated
        }
        quick_xml::Error::IllFormed(IllFormedError::UnclosedReference) if ends_in_reference(input) => {
            PrepassError::Truncated
        }
        quick_xml::Error::Syntax(SyntaxError::InvalidBangMarkup) => PrepassError::Malformed(error.to_string()),
        // Every other syntax error is the end of the input inside markup.
        quick_xml::Error::Syntax(_) => PrepassError::Truncated,
        other => PrepassError::Malformed(other.to_string()),
    }
}

/// The input ends with the start of `<![CDATA[`, `<!--` or `<!DOCTYPE`.
fn ends_in_bang_opening(input: &[u8]) -> bool {
    let Some(at) = input.iter().rposition(|&b| b == b'<') else { return false };
    let tail = &input[at..];
    [&b"<![CDATA["[..], b"<!--", b"<!DOCTYPE"]
        .iter()
        .any(|opening| tail.len() < opening.len() && opening[..tail.len()].eq_ignore_ascii_case(tail))
}

/// The input ends inside a reference (`&am`, `&#23`).
fn ends_in_reference(input: &[u8]) -> bool {
    let Some(at) = input.iter().rposition(|&b| b == b'&') else { return false };
    input[at + 1..].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(xml: &str) -> String {
        String::from_utf8(prepare(xml.as_bytes(), 10).unwrap().bytes).unwrap()
    }

    #[test]
    fn keeps_read_fields_byte_for_byte_and_drops_the_rest() {
        let xml = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Nubo</title><itunes:author>x</itunes:author><item><title>AG &amp; co</title><author>a@b.be»</author><itunes:duration>99999999999999999999999</itunes:duration><content:encoded><![CDATA[<p>Bonjour <b>à tous</b></p>]]></content:encoded><category>ag</category></item></channel></rss>"#;
        assert_eq!(
            kept(xml),
            r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Nubo</title><item><title>AG &amp; co</title><content:encoded><![CDATA[<p>Bonjour <b>à tous</b></p>]]></content:encoded></item></channel></rss>"#
        );
    }

    #[test]
    fn xhtml_content_is_kept_whole() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hallo <author>x</author></p></div></content></entry></feed>"#;
        assert_eq!(kept(xml), xml);
    }

    #[test]
    fn entry_languages_in_document_order() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><entry xml:lang="nl-BE"><id>1</id></entry><entry><id>2</id></entry></feed>"#;
        let prepared = prepare(xml.as_bytes(), 10).unwrap();
        assert_eq!(prepared.entry_langs, vec![Some("nl-be".to_string()), None]);
        assert_eq!(prepared.format, FeedFormat::Atom);
    }

    #[test]
    fn entries_beyond_the_limit_are_dropped_unread() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id></entry><entry><id>2</id></entry><entry><id>3</id></entry></feed>"#;
        let prepared = prepare(xml.as_bytes(), 2).unwrap();
        assert_eq!(prepared.entry_langs.len(), 2);
        assert_eq!(prepared.dropped_entries, 1);
        assert!(!String::from_utf8(prepared.bytes).unwrap().contains("<id>3</id>"));
    }

    #[test]
    fn truncation_is_told_from_malformation() {
        let xml = r#"<rss version="2.0"><channel><title>t</title><item><title>a</title></item></channel></rss>"#;
        let xml = xml
            .replace("<title>a</title>", "<title>a &amp; b</title>")
            .replace("<title>t</title>", "<title>t</title><![CDATA[ ]]>");
        let reference = xml.find("&amp;").unwrap() + 3;
        let cdata = xml.find("<![CDATA[").unwrap();
        for cut in [xml.len() - 6, xml.len() - 2, 30, 47, reference, cdata + 2, cdata + 5] {
            assert_eq!(prepare(&xml.as_bytes()[..cut], 10).unwrap_err(), PrepassError::Truncated, "cut at {cut}");
        }
        let mismatched = xml.replace("</title></item>", "</titel></item>");
        assert!(matches!(prepare(mismatched.as_bytes(), 10), Err(PrepassError::Malformed(_))));
        let unclosed_reference = xml.replace("&amp;", "&amp");
        assert!(matches!(prepare(unclosed_reference.as_bytes(), 10), Err(PrepassError::Malformed(_))));
        let two_roots = format!("{xml}{xml}");
        assert!(matches!(prepare(two_roots.as_bytes(), 10), Err(PrepassError::Malformed(_))));
        assert_eq!(prepare(b"<html><body>news</body></html>", 10).unwrap_err(), PrepassError::NotAFeed);
        assert_eq!(prepare(b"", 10).unwrap_err(), PrepassError::NotAFeed);
    }
}
