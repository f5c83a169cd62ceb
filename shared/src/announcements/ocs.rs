//! Nextcloud's Announcement Center, through its OCS API.
//!
//! `GET /ocs/v2.php/apps/announcementcenter/api/v1/announcements?format=json`
//! with `OCS-APIRequest: true` returns the newest announcements the member
//! may see (seven by default), newest first, in the OCS envelope:
//!
//! ```json
//! {"ocs": {"meta": {"status": "ok", "statuscode": 200, "message": "OK"},
//!          "data": [{"id": 12, "author_id": "admin", "author": "Nubo",
//!                    "time": 1806912000, "subject": "…", "message": "…",
//!                    "groups": null, "comments": false}]}}
//! ```
//!
//! The next page is asked for with `offset` = the id of the last announcement
//! seen (the server returns ids below it). The listing is complete only when
//! a page comes back empty: the page size differs between versions of the
//! app, so a short page proves nothing. Only a complete listing can tell
//! that an announcement was deleted ([`Listing::Complete`]).
//!
//! Errors come in the same envelope with `status: "failure"`: 997 with HTTP
//! 401 when the credentials are refused, 403 when the app refuses.
//!
//! The shape follows the app's `APIController` and Nextcloud's `V2Response`;
//! `time` is in seconds and `message` is Markdown.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::merge::{Fetched, Listing};
use super::{collapse_whitespace, Announcement, Body, BodyFormat};

pub const ANNOUNCEMENTS_PATH: &str = "/ocs/v2.php/apps/announcementcenter/api/v1/announcements";
/// Largest page read.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// Most pages read in one listing (350 announcements at seven a page).
pub const MAX_PAGES: usize = 50;

/// An HTTP request as plain data, for the shell or runtime to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSpec {
    pub method: String,
    /// Below the server's root (Nextcloud may live under a sub-path).
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
}

impl RequestSpec {
    /// The full URL below `server_root` (`https://cloud.nubo.coop` or
    /// `https://nubo.coop/cloud/`).
    pub fn url(&self, server_root: &str) -> Option<String> {
        let mut url = url::Url::parse(&format!("{}{}", server_root.trim_end_matches('/'), self.path)).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        url.query_pairs_mut().clear().extend_pairs(&self.query);
        Some(url.into())
    }
}

/// The request for one page: the newest when `offset` is `None`, else the
/// announcements with ids below `offset`.
pub fn announcements_request(offset: Option<u64>) -> RequestSpec {
    let mut query = vec![("format".to_string(), "json".to_string())];
    if let Some(offset) = offset {
        query.push(("offset".into(), offset.to_string()));
    }
    RequestSpec {
        method: "GET".into(),
        path: ANNOUNCEMENTS_PATH.into(),
        query,
        headers: vec![("OCS-APIRequest".into(), "true".into()), ("Accept".into(), "application/json".into())],
    }
}

/// One announcement as the API gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcsAnnouncement {
    pub id: u64,
    pub author_id: String,
    pub author: String,
    /// Seconds since the epoch.
    pub time: i64,
    pub subject: String,
    /// Markdown.
    pub message: String,
    /// The groups it was posted to (only admins are told; else empty).
    pub groups: Vec<String>,
    /// The number of comments, `None` when comments are off.
    pub comments: Option<u64>,
}

impl OcsAnnouncement {
    /// As an [`Announcement`] of `source`. Its id and link are its page in
    /// the Announcement Center, unique across servers and feeds.
    pub fn to_announcement(&self, source: &str, server_root: &str) -> Announcement {
        let page = format!(
            "{}/index.php/apps/announcementcenter/?announcement={}",
            server_root.trim_end_matches('/'),
            self.id
        );
        let author =
            [&self.author, &self.author_id].into_iter().map(|a| collapse_whitespace(a)).find(|a| !a.is_empty());
        Announcement {
            source: source.to_string(),
            id: page.clone(),
            title: collapse_whitespace(&self.subject),
            link: Some(page),
            published: self.time.checked_mul(1000),
            updated: None,
            language: None,
            summary: None,
            content: (!self.message.trim().is_empty())
                .then(|| Body { format: BodyFormat::Markdown, raw: self.message.clone() }),
            attachments: Vec::new(),
            author,
        }
    }
}

/// One page of the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcsPage {
    pub items: Vec<OcsAnnouncement>,
    /// The `offset` for the next page; `None` when this page was empty and
    /// the listing is complete.
    pub next_offset: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcsError {
    #[error("the answer is {size} bytes, more than the {limit} read")]
    TooLarge { size: usize, limit: usize },
    #[error("the answer ends early")]
    Truncated,
    #[error("the answer is not the OCS envelope expected: {0}")]
    Malformed(String),
    /// The server's own error envelope.
    #[error("the server refused (HTTP {http_status}, OCS {statuscode}): {message}")]
    Refused { http_status: u16, statuscode: i64, message: String },
    /// An answer that is not OCS at all (a proxy's error page).
    #[error("HTTP {0}")]
    Http(u16),
    /// A page whose ids do not go below the offset asked for: a server that
    /// would be paged forever.
    #[error("the server does not page below {offset}")]
    PagingStalled { offset: u64 },
    #[error("more than {0} pages")]
    TooManyPages(usize),
}

impl OcsError {
    /// The credentials were refused: ask the member, do not retry.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, OcsError::Refused { http_status: 401, .. } | OcsError::Refused { statuscode: 997, .. })
            || matches!(self, OcsError::Http(401))
    }
}

#[derive(Deserialize)]
struct Envelope {
    ocs: Ocs,
}

#[derive(Deserialize)]
struct Ocs {
    meta: Meta,
    #[serde(default)]
    data: Value,
}

#[derive(Deserialize)]
struct Meta {
    status: String,
    statuscode: i64,
    #[serde(default)]
    message: Option<String>,
}

/// Reads one page: `status` and `body` of the answer to
/// [`announcements_request`]`(offset)`.
pub fn parse_page(status: u16, body: &[u8], offset: Option<u64>) -> Result<OcsPage, OcsError> {
    if body.len() > MAX_PAGE_BYTES {
        return Err(OcsError::TooLarge { size: body.len(), limit: MAX_PAGE_BYTES });
    }
    let envelope: Envelope = match serde_json::from_slice(body) {
        Ok(envelope) => envelope,
        Err(_) if !(200..300).contains(&status) => return Err(OcsError::Http(status)),
        Err(error) if error.is_eof() => return Err(OcsError::Truncated),
        Err(error) => return Err(OcsError::Malformed(error.to_string())),
    };
    let Ocs { meta, data } = envelope.ocs;
    // v2 answers 200, v1 answers 100.
    let ok = meta.status.eq_ignore_ascii_case("ok") && matches!(meta.statuscode, 100 | 200);
    if !ok || !(200..300).contains(&status) {
        let message = meta
            .message
            .filter(|m| !m.trim().is_empty())
            .or_else(|| data.get("message").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default();
        return Err(OcsError::Refused { http_status: status, statuscode: meta.statuscode, message });
    }
    let Value::Array(list) = data else {
        return Err(OcsError::Malformed("ocs.data is not a list".into()));
    };
    let items = list.iter().map(announcement).collect::<Result<Vec<_>, _>>()?;
    let next_offset = match items.last() {
        None => None,
        Some(last) => {
            if offset.is_some_and(|offset| items.iter().any(|item| item.id >= offset)) {
                return Err(OcsError::PagingStalled { offset: offset.unwrap_or_default() });
            }
            Some(last.id)
        }
    };
    Ok(OcsPage { items, next_offset })
}

/// One item; any unreadable one fails the page (a listing with a hole must
/// not be taken for complete).
fn announcement(item: &Value) -> Result<OcsAnnouncement, OcsError> {
    let malformed = |what: &str| OcsError::Malformed(format!("an announcement without {what}"));
    let text = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_string);
    let number = |name: &str| match item.get(name) {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let id = number("id").ok_or_else(|| malformed("an id"))?;
    let time = number("time").and_then(|t| i64::try_from(t).ok()).ok_or_else(|| malformed("a time"))?;
    let groups = match item.get("groups") {
        Some(Value::Array(groups)) => groups
            .iter()
            .filter_map(|g| {
                g.as_str()
                    .or_else(|| g.get("name").and_then(Value::as_str))
                    .or_else(|| g.get("id").and_then(Value::as_str))
            })
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    Ok(OcsAnnouncement {
        id,
        author_id: text("author_id").unwrap_or_default(),
        author: text("author").unwrap_or_default(),
        time,
        subject: text("subject").ok_or_else(|| malformed("a subject"))?,
        message: text("message").unwrap_or_default(),
        groups,
        comments: number("comments"),
    })
}

/// A whole listing, page by page: a pure state machine the caller drives.
///
/// ```ignore
/// let mut listing = OcsListing::new("nubo-cloud", "https://cloud.nubo.coop");
/// while let Some(request) = listing.next_request() {
///     let answer = http(request.url(root)).await;          // an effect
///     listing.receive(answer.status, &answer.body)?;
/// }
/// let fetched = listing.finish();                            // Listing::Complete
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcsListing {
    source: String,
    server_root: String,
    offset: Option<u64>,
    pages: usize,
    complete: bool,
    items: Vec<OcsAnnouncement>,
}

impl OcsListing {
    pub fn new(source: &str, server_root: &str) -> Self {
        Self {
            source: source.into(),
            server_root: server_root.into(),
            offset: None,
            pages: 0,
            complete: false,
            items: Vec::new(),
        }
    }

    /// The next page to ask for; `None` once the listing is complete.
    pub fn next_request(&self) -> Option<RequestSpec> {
        (!self.complete).then(|| announcements_request(self.offset))
    }

    /// Takes the answer to [`Self::next_request`].
    pub fn receive(&mut self, status: u16, body: &[u8]) -> Result<(), OcsError> {
        if self.pages == MAX_PAGES {
            return Err(OcsError::TooManyPages(MAX_PAGES));
        }
        let page = parse_page(status, body, self.offset)?;
        self.pages += 1;
        for item in page.items {
            if !self.items.iter().any(|known| known.id == item.id) {
                self.items.push(item);
            }
        }
        match page.next_offset {
            Some(offset) => self.offset = Some(offset),
            None => self.complete = true,
        }
        Ok(())
    }

    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// What was read, for [`merge`](super::merge::merge): a complete listing
    /// if the last page was reached, else a window (nothing is deleted).
    pub fn finish(self) -> Fetched {
        let entries = self.items.iter().map(|item| item.to_announcement(&self.source, &self.server_root)).collect();
        let listing = if self.complete { Listing::Complete } else { Listing::Window };
        Fetched { source: self.source, listing, entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: &str) -> Vec<u8> {
        format!(r#"{{"ocs":{{"meta":{{"status":"ok","statuscode":200,"message":"OK"}},"data":[{items}]}}}}"#)
            .into_bytes()
    }

    fn item(id: u64) -> String {
        format!(
            r#"{{"id":{id},"author_id":"admin","author":"Nubo","time":1806912000,"subject":"S{id}","message":"M","groups":null,"comments":false}}"#
        )
    }

    #[test]
    fn the_request_is_plain_data() {
        let request = announcements_request(Some(40));
        assert_eq!(request.method, "GET");
        assert!(request.headers.contains(&("OCS-APIRequest".into(), "true".into())));
        assert_eq!(
            request.url("https://nubo.coop/cloud/").as_deref(),
            Some(
                "https://nubo.coop/cloud/ocs/v2.php/apps/announcementcenter/api/v1/announcements?format=json&offset=40"
            )
        );
        assert_eq!(announcements_request(None).url("ftp://x"), None);
    }

    #[test]
    fn a_page_that_does_not_go_down_stalls() {
        assert_eq!(parse_page(200, &page(&item(40)), Some(40)), Err(OcsError::PagingStalled { offset: 40 }));
        assert_eq!(parse_page(200, &page(&item(39)), Some(40)).unwrap().next_offset, Some(39));
    }

    #[test]
    fn only_an_empty_page_completes_the_listing() {
        let mut listing = OcsListing::new("cloud", "https://cloud.nubo.coop");
        listing.receive(200, &page(&[item(9), item(8)].join(","))).unwrap();
        assert!(!listing.is_complete());
        assert_eq!(listing.next_request().unwrap().query[1], ("offset".into(), "8".into()));
        let partial = listing.clone().finish();
        assert_eq!(partial.listing, Listing::Window);
        listing.receive(200, &page("")).unwrap();
        assert!(listing.next_request().is_none());
        assert_eq!(listing.finish().listing, Listing::Complete);
    }

    #[test]
    fn a_server_that_pages_forever_is_stopped() {
        let mut listing = OcsListing::new("cloud", "https://cloud.nubo.coop");
        for id in (1000 - MAX_PAGES as u64..1000).rev() {
            listing.receive(200, &page(&item(id))).unwrap();
        }
        assert_eq!(listing.receive(200, &page(&item(10))), Err(OcsError::TooManyPages(MAX_PAGES)));
        assert_eq!(listing.finish().listing, Listing::Window, "nothing deleted on its word");
    }

    #[test]
    fn an_unreadable_item_fails_the_page() {
        let bad = r#"{"id":"x","subject":"s","time":1}"#;
        assert!(matches!(parse_page(200, &page(bad), None), Err(OcsError::Malformed(_))));
        assert_eq!(parse_page(502, b"<html>Bad gateway</html>", None), Err(OcsError::Http(502)));
        assert_eq!(parse_page(200, &page(&item(3))[..40], None), Err(OcsError::Truncated));
    }
}
