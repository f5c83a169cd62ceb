//! The cooperative's announcements: the pure parsing and decision layer.
//!
//! Nothing here does I/O. The core asks for the bytes (an HTTP effect) and
//! hands them to these functions:
//!
//! - [`feed`]: Atom 1.0, RSS 2.0 and JSON Feed 1.1 (on `feed-rs`) into
//!   [`Announcement`]s, bounded in size and entries;
//! - [`ocs`]: Nextcloud's Announcement Center (the OCS API): the request to
//!   send, as plain data, and its JSON envelope read into announcements;
//! - [`discover`]: the feeds a home page advertises (`<link rel="alternate">`);
//! - [`poll`]: when to ask again and with which validators, what an answer
//!   means (304, 503 + Retry-After, max-age, moved), backoff;
//! - [`merge`]: new fetches folded into what the device keeps: one copy per
//!   entry, read state kept, one notification per new entry, OCS deletions.
//!
//! Bodies (`summary`, `content`) stay exactly as received: turning HTML or
//! Markdown into something a view may show is another module's job.

pub mod discover;
pub mod feed;
pub mod merge;
pub mod ocs;
pub mod poll;
mod xml_prepass;

use serde::{Deserialize, Serialize};

pub use discover::{discover_feeds, DiscoveredFeed};
pub use feed::{parse_feed, FeedError, FeedSource, ParsedFeed};
pub use merge::{merge, Fetched, Listing, MergeResult, StoredAnnouncement};
pub use ocs::{OcsError, OcsPage};
pub use poll::{PollDecision, PollOutcome, SourceState, Trigger};

/// Why a source's last poll failed (kept with the source while it fails).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceError {
    /// No answer: the network, DNS, a timeout, TLS.
    Network(String),
    /// An HTTP status that is not an answer (404, 500, 503…).
    Status(u16),
    /// A redirect to another site, not followed.
    MovedElsewhere(String),
    /// A redirect without a usable target, or too many.
    BadRedirect,
    /// `http://` to another device: never asked.
    Insecure(String),
    /// The answer is not a feed we can read (malformed, truncated, too large).
    Unreadable(String),
    /// The Announcement Center refused (its OCS error message).
    Refused(String),
    /// The account's password was refused.
    Unauthorized,
}

/// One piece of news, whatever it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// The source it was read from (a feed or an Announcement Center), as the
    /// caller names it.
    pub source: String,
    /// Stable across polls and edits: the feed's `id`/`guid`, else the link,
    /// else a hash of title and date (see [`feed`]); for Nextcloud, the
    /// announcement's page (see [`ocs`]).
    pub id: String,
    /// Plain text, whitespace collapsed; may be empty.
    pub title: String,
    /// The web page of the entry: http or https only.
    pub link: Option<String>,
    /// UTC milliseconds since the epoch.
    pub published: Option<i64>,
    /// UTC milliseconds since the epoch.
    pub updated: Option<i64>,
    /// A lower-case language tag (`fr`, `nl-be`), when one is known.
    pub language: Option<String>,
    pub summary: Option<Body>,
    pub content: Option<Body>,
    /// Calendar files attached to the entry (`text/calendar` or `.ics`).
    pub attachments: Vec<EventAttachment>,
    /// Who posted it, when the source says (Nextcloud does; feeds' authors
    /// are not read).
    pub author: Option<String>,
}

impl Announcement {
    /// The date the entry is known by: published, else updated.
    pub fn date(&self) -> Option<i64> {
        self.published.or(self.updated)
    }
}

/// A body as received, with what it claims to be. Never interpreted here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub format: BodyFormat,
    pub raw: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyFormat {
    /// HTML (Atom `html` and `xhtml`, RSS descriptions, JSON `content_html`).
    Html,
    /// Plain text (Atom `text`, JSON `content_text`).
    Text,
    /// Markdown (Nextcloud announcements).
    Markdown,
}

/// A calendar file attached to an announcement (the general assembly's
/// `.ics`), to be fetched and read by the agenda code if the member asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventAttachment {
    /// http or https only.
    pub url: String,
    pub media_type: Option<String>,
    pub title: Option<String>,
    pub length: Option<u64>,
}

/// The three formats a feed may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedFormat {
    Atom,
    Rss,
    JsonFeed,
}

/// Resolves `href` against `base` and keeps it only if it is http or https
/// with a host (no `javascript:`, `data:`, `file:`).
pub(crate) fn web_url(base: Option<&url::Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => url::Url::parse(href).ok()?,
    };
    if matches!(url.scheme(), "http" | "https") && url.host().is_some() {
        Some(url.into())
    } else {
        None
    }
}

/// A language tag in one spelling: trimmed, lower case, `-` between subtags.
/// Anything that does not look like a BCP 47 tag is dropped.
pub(crate) fn language_tag(raw: &str) -> Option<String> {
    let tag = raw.trim().replace('_', "-").to_ascii_lowercase();
    let well_formed = !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|sub| !sub.is_empty() && sub.len() <= 8 && sub.bytes().all(|b| b.is_ascii_alphanumeric()))
        && tag.split('-').next().is_some_and(|primary| primary.bytes().all(|b| b.is_ascii_alphabetic()));
    well_formed.then_some(tag)
}

/// Whitespace runs (newlines included) become one space; ends trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_kept() {
        let base = url::Url::parse("https://nubo.coop/fr/actualites/").unwrap();
        assert_eq!(web_url(Some(&base), "../agenda/ag.ics").as_deref(), Some("https://nubo.coop/fr/agenda/ag.ics"));
        assert_eq!(web_url(None, "http://nubo.coop/a").as_deref(), Some("http://nubo.coop/a"));
        for hostile in ["javascript:alert(1)", "data:text/calendar,BEGIN", "file:///etc/passwd", "mailto:a@b.be", ""] {
            assert_eq!(web_url(Some(&base), hostile), None, "{hostile}");
        }
    }

    #[test]
    fn language_tags_have_one_spelling() {
        assert_eq!(language_tag(" nl_BE ").as_deref(), Some("nl-be"));
        assert_eq!(language_tag("FR").as_deref(), Some("fr"));
        assert_eq!(language_tag("en-GB-oxendict").as_deref(), Some("en-gb-oxendict"));
        for bad in ["", "-", "fr--be", "1fr", "fr be", "<script>"] {
            assert_eq!(language_tag(bad), None, "{bad}");
        }
    }
}
