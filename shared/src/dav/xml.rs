//! DAV XML: request bodies and a namespace-aware multistatus parser on
//! `quick-xml`. The reader streams: each `DAV:response` is built as a small
//! element tree (bounded depth, no entity expansion beyond XML's own),
//! turned into a [`DavResponse`] as soon as it closes, and dropped, so a
//! huge multistatus never exists as a whole tree; the number of responses
//! one answer may hold is capped.

use std::collections::VecDeque;

use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::Event as XmlEvent;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

pub const DAV: &str = "DAV:";
pub const CARDDAV: &str = "urn:ietf:params:xml:ns:carddav";
pub const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
pub const CALSERVER: &str = "http://calendarserver.org/ns/";
pub const APPLE_ICAL: &str = "http://apple.com/ns/ical/";

/// Deeper than any real DAV body; stops hostile nesting early.
const MAX_DEPTH: usize = 64;

/// Responses one multistatus may hold: a listing of the largest collection
/// a cooperative member has (20,000 events) fits twice over; a flood of
/// tiny entries stops here instead of filling memory.
pub const MAX_RESPONSES: usize = 50_000;

/// Properties of one `DAV:response`, taken from its `2xx` propstat(s) only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DavProps {
    pub etag: Option<String>,
    pub ctag: Option<String>,
    pub sync_token: Option<String>,
    pub display_name: Option<String>,
    /// `resourcetype` children, namespace-qualified: "DAV:collection",
    /// "urn:ietf:params:xml:ns:carddav:addressbook", ...
    pub resource_types: Vec<String>,
    pub current_user_principal: Option<String>,
    pub addressbook_home_set: Vec<String>,
    pub calendar_home_set: Vec<String>,
    /// RFC 6638: the principal's scheduling inbox, and on it the calendar
    /// the server puts new events in.
    pub schedule_inbox_url: Option<String>,
    pub schedule_default_calendar_url: Option<String>,
    /// Reports in `supported-report-set`, e.g. "DAV:sync-collection".
    pub supported_reports: Vec<String>,
    /// Privileges in `current-user-privilege-set`, e.g. "DAV:write";
    /// `None` when the server did not say.
    pub privileges: Option<Vec<String>>,
    pub address_data: Option<String>,
    pub calendar_data: Option<String>,
    /// The address or calendar data was not valid UTF-8. It is decoded
    /// lossily (U+FFFD for the bad bytes) so that the rest of the batch
    /// still arrives; the caller counts it as unreadable.
    pub data_not_utf8: bool,
    pub calendar_color: Option<String>,
    pub supported_components: Vec<String>,
    /// `getcontentlength`, in bytes.
    pub content_length: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DavResponse {
    /// The href exactly as the server wrote it (path or absolute URL).
    pub href: String,
    /// Response-level status (e.g. 404 for a member removed in sync-collection).
    pub status: Option<u16>,
    pub props: DavProps,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multistatus {
    pub responses: Vec<DavResponse>,
    /// Top-level `DAV:sync-token` of a sync-collection report.
    pub sync_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DavError {
    #[error("malformed DAV response: {0}")]
    Malformed(String),
    /// More entries in one answer than [`MAX_RESPONSES`].
    #[error("more than {0} entries in one answer")]
    TooManyEntries(usize),
}

fn malformed(message: impl Into<String>) -> DavError {
    DavError::Malformed(message.into())
}

/// One XML element with its resolved namespace.
#[derive(Debug, Default)]
struct Element {
    ns: String,
    local: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
    /// Some of `text` was not valid UTF-8 and was decoded lossily.
    lossy: bool,
}

impl Element {
    fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }

    fn qualified(&self) -> String {
        if self.ns.is_empty() || self.ns.ends_with(':') || self.ns.ends_with('/') {
            format!("{}{}", self.ns, self.local)
        } else {
            format!("{}:{}", self.ns, self.local)
        }
    }

    fn child(&self, ns: &str, local: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(ns, local))
    }

    fn children_named<'a>(&'a self, ns: &'a str, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.is(ns, local))
    }

    fn trimmed(&self) -> String {
        self.text.trim().to_string()
    }

    /// Appends text as sent. Bytes that are not UTF-8 (one server-side
    /// vCard in another encoding) do not fail the whole body: they are
    /// replaced and the element marked.
    fn push_text(&mut self, bytes: &[u8]) {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.text.push_str(text),
            Err(_) => {
                self.text.push_str(&String::from_utf8_lossy(bytes));
                self.lossy = true;
            }
        }
    }

    fn hrefs(&self) -> Vec<String> {
        self.children_named(DAV, "href").map(Element::trimmed).filter(|h| !h.is_empty()).collect()
    }
}

fn parse_tree(body: &[u8]) -> Result<Element, DavError> {
    let mut parser = StreamingParser::new(body, None);
    // Nothing is streamed: the first step reads the whole body.
    while parser.next_child()?.is_some() {}
    parser.finish()
}

/// Reads a body one element at a time: each child of the root named
/// `streamed` (namespace, local name) is handed out as soon as it closes
/// instead of going into the root, which keeps only the other children.
struct StreamingParser<'a> {
    reader: NsReader<&'a [u8]>,
    streamed: Option<(&'a str, &'a str)>,
    stack: Vec<Element>,
    root: Option<Element>,
    buf: Vec<u8>,
}

impl<'a> StreamingParser<'a> {
    fn new(body: &'a [u8], streamed: Option<(&'a str, &'a str)>) -> Self {
        let mut reader = NsReader::from_reader(body);
        reader.config_mut().expand_empty_elements = true;
        Self { reader, streamed, stack: Vec::new(), root: None, buf: Vec::new() }
    }

    /// The next streamed child of the root, `None` at the end of the body.
    fn next_child(&mut self) -> Result<Option<Element>, DavError> {
        let Self { reader, streamed, stack, root, buf } = self;
        loop {
            buf.clear();
            let (ns, event) = reader.read_resolved_event_into(buf).map_err(|e| malformed(e.to_string()))?;
            match event {
                XmlEvent::Start(start) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(malformed(format!("nesting deeper than {MAX_DEPTH} elements")));
                    }
                    if root.is_some() {
                        return Err(malformed("content after the root element"));
                    }
                    // Proxies and misconfigured servers answer 207 with an error page.
                    if stack.is_empty() && start.local_name().as_ref().eq_ignore_ascii_case(b"html") {
                        return Err(malformed("an HTML page, not a DAV response"));
                    }
                    let ns = match ns {
                        ResolveResult::Bound(n) => String::from_utf8_lossy(n.as_ref()).into_owned(),
                        ResolveResult::Unbound => String::new(),
                        ResolveResult::Unknown(p) => {
                            return Err(malformed(format!("undeclared prefix {}", String::from_utf8_lossy(&p))))
                        }
                    };
                    let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                    let mut attributes = Vec::new();
                    for attribute in start.attributes().flatten() {
                        let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
                        let value = attribute
                            .unescape_value()
                            .map(|v| v.into_owned())
                            .unwrap_or_else(|_| String::from_utf8_lossy(&attribute.value).into_owned());
                        attributes.push((key, value));
                    }
                    stack.push(Element { ns, local, attributes, ..Default::default() });
                }
                XmlEvent::End(_) => {
                    let element = stack.pop().ok_or_else(|| malformed("unbalanced end tag"))?;
                    let streams = stack.len() == 1 && streamed.is_some_and(|(ns, local)| element.is(ns, local));
                    match stack.last_mut() {
                        Some(_) if streams => return Ok(Some(element)),
                        Some(parent) => parent.children.push(element),
                        None => *root = Some(element),
                    }
                }
                XmlEvent::Text(text) => {
                    if let Some(current) = stack.last_mut() {
                        current.push_text(&text);
                    } else if !text.iter().all(u8::is_ascii_whitespace) {
                        return Err(malformed("text outside the root element"));
                    }
                }
                XmlEvent::CData(data) => {
                    let current = stack.last_mut().ok_or_else(|| malformed("CDATA outside the root element"))?;
                    current.push_text(&data);
                }
                XmlEvent::GeneralRef(reference) => {
                    let current = stack.last_mut().ok_or_else(|| malformed("reference outside the root element"))?;
                    if reference.is_char_ref() {
                        let c = reference
                            .resolve_char_ref()
                            .map_err(|e| malformed(e.to_string()))?
                            .ok_or_else(|| malformed("bad character reference"))?;
                        current.text.push(c);
                    } else {
                        let name = reference.decode().map_err(|e| malformed(e.to_string()))?;
                        // Only XML's five entities: a DOCTYPE's are never expanded.
                        let value = resolve_predefined_entity(&name)
                            .ok_or_else(|| malformed(format!("undefined entity &{name};")))?;
                        current.text.push_str(value);
                    }
                }
                XmlEvent::Eof => return Ok(None),
                // Never produced: `expand_empty_elements` turns these into Start + End.
                XmlEvent::Empty(_) => return Err(malformed("unexpected empty element")),
                XmlEvent::Decl(_) | XmlEvent::PI(_) | XmlEvent::Comment(_) | XmlEvent::DocType(_) => {}
            }
        }
    }

    /// The root, with the children that were not streamed.
    fn finish(self) -> Result<Element, DavError> {
        if !self.stack.is_empty() {
            return Err(malformed("truncated: unclosed elements at end of body"));
        }
        self.root.ok_or_else(|| malformed("empty body"))
    }
}

/// "HTTP/1.1 404 Not Found" → 404.
fn status_code(element: Option<&Element>) -> Option<u16> {
    element?.text.split_whitespace().nth(1)?.parse().ok()
}

pub fn parse_multistatus(body: &[u8]) -> Result<Multistatus, DavError> {
    let mut responses = Vec::new();
    let sync_token = for_each_response(body, |response| {
        responses.push(response);
        Ok(())
    })?;
    Ok(Multistatus { responses, sync_token })
}

/// As [`parse_multistatus`], handing each response to `take` as it is
/// read instead of collecting them: a whole collection's answer is then
/// never held twice (as responses and as what the caller keeps of them).
/// Returns the top-level sync token.
pub fn for_each_response(
    body: &[u8],
    mut take: impl FnMut(DavResponse) -> Result<(), DavError>,
) -> Result<Option<String>, DavError> {
    let mut responses = Responses::new(body);
    for response in responses.by_ref() {
        take(response?)?;
    }
    Ok(responses.sync_token())
}

/// The responses of a multistatus `body`, read one at a time as they are
/// asked for (see [`for_each_response`]): a caller that waits between them,
/// such as a first query's answer applied in batches, holds the answer's
/// bytes and the response in hand, never every response read out of it.
/// After an error, nothing more.
pub struct Responses<'a> {
    parser: Option<StreamingParser<'a>>,
    read: VecDeque<DavResponse>,
    count: usize,
    root: Option<Element>,
}

impl<'a> Responses<'a> {
    pub fn new(body: &'a [u8]) -> Self {
        Self {
            parser: Some(StreamingParser::new(body, Some((DAV, "response")))),
            read: Default::default(),
            count: 0,
            root: None,
        }
    }

    /// The top-level sync token, once every response was read.
    pub fn sync_token(&self) -> Option<String> {
        let root = self.root.as_ref()?;
        root.child(DAV, "sync-token").map(Element::trimmed).filter(|t| !t.is_empty())
    }

    fn read_next(&mut self) -> Result<bool, DavError> {
        let Some(parser) = self.parser.as_mut() else { return Ok(false) };
        if let Some(response) = parser.next_child()? {
            read_response(&response, &mut self.read)?;
            return Ok(true);
        }
        let root = self.parser.take().map_or_else(|| Err(malformed("empty body")), StreamingParser::finish)?;
        if !root.is(DAV, "multistatus") {
            return Err(malformed(format!("expected DAV:multistatus, got {}", root.qualified())));
        }
        self.root = Some(root);
        Ok(false)
    }
}

impl Iterator for Responses<'_> {
    type Item = Result<DavResponse, DavError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(response) = self.read.pop_front() {
                if self.count >= MAX_RESPONSES {
                    self.parser = None;
                    self.read.clear();
                    return Some(Err(DavError::TooManyEntries(MAX_RESPONSES)));
                }
                self.count += 1;
                return Some(Ok(response));
            }
            match self.read_next() {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    self.parser = None;
                    return Some(Err(e));
                }
            }
        }
    }
}

fn read_response(response: &Element, out: &mut VecDeque<DavResponse>) -> Result<(), DavError> {
    let hrefs = response.hrefs();
    let Some(href) = hrefs.first().cloned() else {
        return Err(malformed("response without href"));
    };
    let response_status = status_code(response.child(DAV, "status"));
    let mut props = DavProps::default();
    for propstat in response.children_named(DAV, "propstat") {
        let ok = status_code(propstat.child(DAV, "status")).is_some_and(|c| (200..300).contains(&c));
        if !ok {
            continue;
        }
        for prop in propstat.children_named(DAV, "prop") {
            for p in &prop.children {
                read_prop(p, &mut props);
            }
        }
    }
    out.push_back(DavResponse { href, status: response_status, props });
    // RFC 4918 §14.24: a status response may name several hrefs.
    if response_status.is_some() {
        for other in hrefs.into_iter().skip(1) {
            out.push_back(DavResponse { href: other, status: response_status, props: DavProps::default() });
        }
    }
    Ok(())
}

/// `getetag` is an entity-tag, quotes included (RFC 4918 §15.6); some
/// servers (wsgidav) list it bare while their `ETag` header quotes it. One
/// spelling, so a listing compares equal to what a GET or PUT said.
fn quoted_etag(etag: String) -> String {
    if etag.starts_with('"') || etag.starts_with("W/\"") {
        etag
    } else {
        format!("\"{etag}\"")
    }
}

/// An HTTP date (RFC 9110 IMF-fixdate, as `Last-Modified` carries it) as
/// ms since the epoch.
pub fn http_date(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc2822(text.trim()).ok().map(|d| d.timestamp_millis())
}

fn read_prop(p: &Element, props: &mut DavProps) {
    let non_empty = |s: String| Some(s).filter(|s| !s.is_empty());
    match (p.ns.as_str(), p.local.as_str()) {
        (DAV, "getetag") => props.etag = non_empty(p.trimmed()).map(quoted_etag),
        (CALSERVER, "getctag") => props.ctag = non_empty(p.trimmed()),
        (DAV, "sync-token") => props.sync_token = non_empty(p.trimmed()),
        (DAV, "displayname") => props.display_name = non_empty(p.trimmed()),
        (DAV, "getcontentlength") => props.content_length = p.trimmed().parse().ok(),
        (DAV, "resourcetype") => props.resource_types = p.children.iter().map(Element::qualified).collect(),
        (DAV, "current-user-principal") => props.current_user_principal = p.hrefs().into_iter().next(),
        (CARDDAV, "addressbook-home-set") => props.addressbook_home_set = p.hrefs(),
        (CALDAV, "calendar-home-set") => props.calendar_home_set = p.hrefs(),
        (CALDAV, "schedule-inbox-URL") => props.schedule_inbox_url = p.hrefs().into_iter().next(),
        (CALDAV, "schedule-default-calendar-URL") => props.schedule_default_calendar_url = p.hrefs().into_iter().next(),
        (DAV, "supported-report-set") => {
            props.supported_reports = p
                .children_named(DAV, "supported-report")
                .filter_map(|s| s.child(DAV, "report"))
                .filter_map(|r| r.children.first())
                .map(Element::qualified)
                .collect();
        }
        (DAV, "current-user-privilege-set") => {
            props.privileges = Some(
                p.children_named(DAV, "privilege")
                    .flat_map(|privilege| privilege.children.iter().map(Element::qualified))
                    .collect(),
            );
        }
        (CARDDAV, "address-data") => {
            props.address_data = object_data(&p.text);
            props.data_not_utf8 |= p.lossy;
        }
        (CALDAV, "calendar-data") => {
            props.calendar_data = object_data(&p.text);
            props.data_not_utf8 |= p.lossy;
        }
        (APPLE_ICAL, "calendar-color") => props.calendar_color = non_empty(p.trimmed()),
        (CALDAV, "supported-calendar-component-set") => {
            props.supported_components = p
                .children_named(CALDAV, "comp")
                .filter_map(|c| c.attributes.iter().find(|(k, _)| k == "name").map(|(_, v)| v.clone()))
                .collect();
        }
        _ => {}
    }
}

/// A vCard or iCalendar object as sent, minus the indentation of pretty
/// printers around it; line ends (CRLF) and inner text are untouched.
fn object_data(text: &str) -> Option<String> {
    let text = text.trim_start();
    let text = text.trim_end_matches([' ', '\t']);
    Some(text.to_string()).filter(|t| !t.trim().is_empty())
}

/// SabreDAV (Nextcloud) puts its diagnostics (`s:exception`, `s:message`)
/// before the precondition in `DAV:error` bodies.
const SABREDAV: &str = "http://sabredav.org/ns";

/// The qualified name of the first precondition in a `DAV:error` body,
/// e.g. "DAV:valid-sync-token"; server diagnostics are skipped.
pub fn parse_error_condition(body: &[u8]) -> Option<String> {
    let root = parse_tree(body).ok()?;
    if !root.is(DAV, "error") {
        return None;
    }
    root.children.iter().find(|c| c.ns != SABREDAV).map(Element::qualified)
}

/// Request bodies. Hrefs and tokens are escaped; everything else is fixed.
pub mod body {
    use super::escape;

    const HEAD: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;

    fn propfind(props: &str) -> String {
        format!(
            r#"{HEAD}<d:propfind xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:ical="http://apple.com/ns/ical/"><d:prop>{props}</d:prop></d:propfind>"#
        )
    }

    pub fn current_user_principal() -> String {
        propfind("<d:current-user-principal/>")
    }

    /// Where the principal keeps its address books.
    pub fn addressbook_home_set() -> String {
        propfind("<card:addressbook-home-set/>")
    }

    /// Where the principal keeps its address books and calendars.
    pub fn home_sets() -> String {
        propfind("<card:addressbook-home-set/><cal:calendar-home-set/><cal:schedule-inbox-URL/>")
    }

    /// Depth-0 on the scheduling inbox (RFC 6638 §9.2): where the server
    /// puts new events by default.
    pub fn schedule_default_calendar() -> String {
        propfind("<cal:schedule-default-calendar-URL/>")
    }

    /// Depth-1 listing of a home set. No getctag or sync-token: some
    /// servers (Radicale) compute them by reading every item, and the sync
    /// asks for them per collection anyway.
    pub fn list_collections() -> String {
        propfind(
            "<d:resourcetype/><d:displayname/><d:current-user-privilege-set/><d:supported-report-set/><ical:calendar-color/><cal:supported-calendar-component-set/>",
        )
    }

    /// Depth-0 getctag of one collection: whether anything changed. Only
    /// that: Radicale answers `DAV:sync-token` by recording the collection's
    /// whole state.
    pub fn collection_state() -> String {
        propfind("<cs:getctag/>")
    }

    /// Depth-1 listing of a plain WebDAV folder: its files with what a
    /// sync needs of them, its sub-folders, and its own etag and rights.
    pub fn folder_listing() -> String {
        propfind("<d:resourcetype/><d:getetag/><d:getcontentlength/><d:current-user-privilege-set/>")
    }

    /// Depth-1 etag listing (fallback when sync-collection is absent);
    /// with each resource's size only when asked: Radicale serializes
    /// every item again to tell it (three times the listing's cost at
    /// 10,000 cards).
    pub fn etag_listing(with_sizes: bool) -> String {
        if with_sizes {
            propfind("<d:getetag/><d:resourcetype/><d:getcontentlength/>")
        } else {
            propfind("<d:getetag/><d:resourcetype/>")
        }
    }

    /// RFC 6578 sync-collection, sync-level 1. Never `DAV:limit`: Nextcloud
    /// truncates silently and still returns the newest token.
    pub fn sync_collection(token: Option<&str>) -> String {
        let token = match token {
            Some(t) => format!("<d:sync-token>{}</d:sync-token>", escape(t)),
            None => "<d:sync-token/>".to_string(),
        };
        format!(
            r#"{HEAD}<d:sync-collection xmlns:d="DAV:">{token}<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#
        )
    }

    pub fn addressbook_multiget(hrefs: &[String]) -> String {
        let hrefs: String = hrefs.iter().map(|h| format!("<d:href>{}</d:href>", escape(h.as_str()))).collect();
        format!(
            r#"{HEAD}<card:addressbook-multiget xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><card:address-data/></d:prop>{hrefs}</card:addressbook-multiget>"#
        )
    }

    /// RFC 6352 §8.6 with an empty filter: every card of the address book
    /// with its etag, in one answer (a first pull, data first).
    pub fn addressbook_query_all() -> String {
        format!(
            r#"{HEAD}<card:addressbook-query xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><card:address-data/></d:prop><card:filter/></card:addressbook-query>"#
        )
    }

    /// RFC 4791 §7.8 matching every calendar object resource: each whole,
    /// with its etag, in one answer (a first pull, data first).
    pub fn calendar_query_all() -> String {
        format!(
            r#"{HEAD}<cal:calendar-query xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><cal:calendar-data/></d:prop><cal:filter><cal:comp-filter name="VCALENDAR"/></cal:filter></cal:calendar-query>"#
        )
    }

    /// RFC 4791 §7.9: whole resources, so overrides and unknown
    /// properties come with them.
    pub fn calendar_multiget(hrefs: &[String]) -> String {
        let hrefs: String = hrefs.iter().map(|h| format!("<d:href>{}</d:href>", escape(h.as_str()))).collect();
        format!(
            r#"{HEAD}<cal:calendar-multiget xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><cal:calendar-data/></d:prop>{hrefs}</cal:calendar-multiget>"#
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prefixed_default_and_mixed_namespaces() {
        let body = br#"<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:x="urn:ietf:params:xml:ns:carddav">
 <d:response><d:href>/a/</d:href>
  <d:propstat><d:prop><d:displayname>Contacts &amp; amis</d:displayname>
   <d:resourcetype><d:collection/><x:addressbook/></d:resourcetype>
   <getctag xmlns="http://calendarserver.org/ns/">"c1"</getctag></d:prop>
   <d:status>HTTP/1.1 200 OK</d:status></d:propstat>
  <d:propstat><d:prop><d:getetag/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>
 </d:response>
</d:multistatus>"#;
        let m = parse_multistatus(body).unwrap();
        assert_eq!(m.responses.len(), 1);
        let p = &m.responses[0].props;
        assert_eq!(p.display_name.as_deref(), Some("Contacts & amis"));
        assert_eq!(p.resource_types, vec!["DAV:collection", "urn:ietf:params:xml:ns:carddav:addressbook"]);
        assert_eq!(p.ctag.as_deref(), Some("\"c1\""));
        assert_eq!(p.etag, None, "404 propstats are ignored");
    }

    #[test]
    fn responses_come_one_at_a_time_and_end_at_the_first_error() {
        let response = |name: &str| {
            format!("<d:response><d:href>/b/{name}</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>")
        };
        let whole = format!(
            r#"<d:multistatus xmlns:d="DAV:">{}{}<d:sync-token>t2</d:sync-token></d:multistatus>"#,
            response("a"),
            response("b")
        );
        let mut responses = Responses::new(whole.as_bytes());
        assert_eq!(responses.next().unwrap().unwrap().href, "/b/a");
        assert_eq!(responses.sync_token(), None, "known once every response is read");
        assert_eq!(responses.next().unwrap().unwrap().href, "/b/b");
        assert!(responses.next().is_none());
        assert_eq!(responses.sync_token().as_deref(), Some("t2"));

        // Cut in its second response: the first, then the error, then nothing.
        let cut = &whole[..whole.find("/b/b").unwrap()];
        let read: Vec<Result<String, DavError>> = Responses::new(cut.as_bytes()).map(|r| r.map(|r| r.href)).collect();
        assert_eq!(read.len(), 2, "{read:?}");
        assert_eq!(read[0].as_deref().ok(), Some("/b/a"));
        assert!(read[1].is_err());

        // Not a multistatus: its responses are not read as one.
        let other = format!(r#"<d:error xmlns:d="DAV:">{}</d:error>"#, response("a"));
        assert!(Responses::new(other.as_bytes()).any(|r| r.is_err()));
    }

    #[test]
    fn keeps_crlf_in_address_data_from_entities_and_cdata() {
        let body = b"<multistatus xmlns='DAV:' xmlns:C='urn:ietf:params:xml:ns:carddav'><response><href>/x.vcf</href><propstat><prop><C:address-data>BEGIN:VCARD&#13;\nFN:H\xc3\xa9l\xc3\xa8ne&#13;\nEND:VCARD&#13;\n</C:address-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>\
<response><href>/y.vcf</href><propstat><prop><C:address-data><![CDATA[BEGIN:VCARD\r\nFN:<Jan>\r\nEND:VCARD\r\n]]></C:address-data></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>";
        let m = parse_multistatus(body).unwrap();
        assert_eq!(m.responses[0].props.address_data.as_deref(), Some("BEGIN:VCARD\r\nFN:Hélène\r\nEND:VCARD\r\n"));
        assert_eq!(m.responses[1].props.address_data.as_deref(), Some("BEGIN:VCARD\r\nFN:<Jan>\r\nEND:VCARD\r\n"));
    }

    #[test]
    fn one_item_that_is_not_utf8_is_flagged_and_the_rest_of_the_batch_arrives() {
        let mut body = b"<multistatus xmlns='DAV:' xmlns:C='urn:ietf:params:xml:ns:carddav' xmlns:cal='urn:ietf:params:xml:ns:caldav'>\
<response><href>/b/a.vcf</href><propstat><prop><getetag>\"a\"</getetag><C:address-data>BEGIN:VCARD&#13;\nFN:H\xc3\xa9l\xc3\xa8ne&#13;\nEND:VCARD&#13;\n</C:address-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>"
            .to_vec();
        // Latin-1 "Hélène" inside a UTF-8 body, in text and in CDATA.
        body.extend_from_slice(b"<response><href>/b/latin1.vcf</href><propstat><prop><getetag>\"l\"</getetag><C:address-data>BEGIN:VCARD\r\nFN:H\xe9l\xe8ne\r\nEND:VCARD\r\n</C:address-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>");
        body.extend_from_slice(b"<response><href>/c/e.ics</href><propstat><prop><cal:calendar-data><![CDATA[BEGIN:VCALENDAR\r\nSUMMARY:Caf\xe9\r\nEND:VCALENDAR\r\n]]></cal:calendar-data><displayname>\xff</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response>");
        body.extend_from_slice(b"<response><href>/b/z.vcf</href><propstat><prop><getetag>\"z\"</getetag><C:address-data>BEGIN:VCARD\r\nFN:Zo\xc3\xab\r\nEND:VCARD\r\n</C:address-data></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>");
        let m = parse_multistatus(&body).unwrap();
        let seen: Vec<(&str, bool)> = m.responses.iter().map(|r| (r.href.as_str(), r.props.data_not_utf8)).collect();
        assert_eq!(seen, vec![("/b/a.vcf", false), ("/b/latin1.vcf", true), ("/c/e.ics", true), ("/b/z.vcf", false)]);
        assert_eq!(m.responses[0].props.address_data.as_deref(), Some("BEGIN:VCARD\r\nFN:Hélène\r\nEND:VCARD\r\n"));
        assert_eq!(
            m.responses[1].props.address_data.as_deref(),
            Some("BEGIN:VCARD\r\nFN:H\u{FFFD}l\u{FFFD}ne\r\nEND:VCARD\r\n")
        );
        assert_eq!(m.responses[1].props.etag.as_deref(), Some("\"l\""));
        assert!(m.responses[2].props.calendar_data.as_deref().unwrap().contains("Caf\u{FFFD}"));
        assert_eq!(m.responses[3].props.address_data.as_deref(), Some("BEGIN:VCARD\r\nFN:Zoë\r\nEND:VCARD\r\n"));
    }

    #[test]
    fn reads_sync_collection_members_removed_and_token() {
        let body = br#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/b/gone.vcf</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response><D:response><D:href>/b/</D:href><D:status>HTTP/1.1 507 Insufficient Storage</D:status></D:response><D:sync-token>http://sabre.io/ns/sync/42</D:sync-token></D:multistatus>"#;
        let m = parse_multistatus(body).unwrap();
        assert_eq!(m.responses[0].status, Some(404));
        assert_eq!(m.responses[1].status, Some(507));
        assert_eq!(m.sync_token.as_deref(), Some("http://sabre.io/ns/sync/42"));
    }

    #[test]
    fn reads_principal_homes_reports_and_privileges() {
        let body = br#"<multistatus xmlns="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cal="urn:ietf:params:xml:ns:caldav"><response><href>/p/</href><propstat><prop>
<current-user-principal><href>/principals/users/alice/</href></current-user-principal>
<card:addressbook-home-set><href>/addressbooks/users/alice/</href></card:addressbook-home-set>
<cal:calendar-home-set><href>/calendars/alice/</href></cal:calendar-home-set>
<supported-report-set><supported-report><report><sync-collection/></report></supported-report><supported-report><report><card:addressbook-multiget/></report></supported-report></supported-report-set>
<current-user-privilege-set><privilege><read/></privilege><privilege><write-content/></privilege></current-user-privilege-set>
<cal:supported-calendar-component-set><cal:comp name="VEVENT"/><cal:comp name="VTODO"/></cal:supported-calendar-component-set>
</prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;
        let p = &parse_multistatus(body).unwrap().responses[0].props;
        assert_eq!(p.current_user_principal.as_deref(), Some("/principals/users/alice/"));
        assert_eq!(p.addressbook_home_set, vec!["/addressbooks/users/alice/"]);
        assert_eq!(p.calendar_home_set, vec!["/calendars/alice/"]);
        assert_eq!(
            p.supported_reports,
            vec!["DAV:sync-collection", "urn:ietf:params:xml:ns:carddav:addressbook-multiget"]
        );
        assert_eq!(p.privileges, Some(vec!["DAV:read".to_string(), "DAV:write-content".to_string()]));
        assert_eq!(p.supported_components, vec!["VEVENT", "VTODO"]);
    }

    #[test]
    fn hostile_or_broken_bodies_are_errors_not_panics() {
        let cases: Vec<Vec<u8>> = vec![
            b"<multistatus xmlns='DAV:'><response><href>/x".to_vec(),
            b"<html><body>Internal error</body></html>".to_vec(),
            b"".to_vec(),
            b"not xml at all".to_vec(),
            b"<multistatus xmlns='DAV:'></response></multistatus>".to_vec(),
            format!("<multistatus xmlns='DAV:'>{}{}</multistatus>", "<a>".repeat(200), "</a>".repeat(200)).into_bytes(),
            br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><multistatus xmlns="DAV:"><response><href>&lol2;</href></response></multistatus>"#.to_vec(),
            b"<x:multistatus xmlns='DAV:'/>".to_vec(),
            vec![0xff, 0xfe, 0x00, 0x3c],
        ];
        for body in cases {
            assert!(parse_multistatus(&body).is_err(), "{}", String::from_utf8_lossy(&body));
        }
    }

    #[test]
    fn error_bodies_name_their_precondition() {
        let body = br#"<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>"#;
        assert_eq!(parse_error_condition(body).as_deref(), Some("DAV:valid-sync-token"));
        assert_eq!(parse_error_condition(b"<html/>"), None);
    }

    #[test]
    fn bodies_are_well_formed_and_escape_what_they_carry() {
        let b = body::sync_collection(Some("tok<&>"));
        assert!(b.contains("<d:sync-token>tok&lt;&amp;&gt;</d:sync-token>"));
        assert!(!b.contains("limit"));
        assert!(parse_tree(b.as_bytes()).is_ok());
        let m = body::addressbook_multiget(&["/a/b&c.vcf".to_string()]);
        let tree = parse_tree(m.as_bytes()).unwrap();
        assert_eq!(tree.qualified(), "urn:ietf:params:xml:ns:carddav:addressbook-multiget");
        assert_eq!(tree.hrefs(), vec!["/a/b&c.vcf"]);
        for b in [
            body::current_user_principal(),
            body::home_sets(),
            body::list_collections(),
            body::collection_state(),
            body::etag_listing(true),
            body::etag_listing(false),
            body::sync_collection(None),
        ] {
            assert!(parse_tree(b.as_bytes()).is_ok(), "{b}");
        }
    }
}
