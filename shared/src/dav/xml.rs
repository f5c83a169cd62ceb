//! DAV XML: request bodies and a namespace-aware multistatus parser on
//! `quick-xml`. (INTERFACE STUB — being implemented.)

/// Properties of one `DAV:response`, taken from its `200` propstat(s) only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DavProps {
    pub etag: Option<String>,
    pub ctag: Option<String>,
    pub sync_token: Option<String>,
    pub display_name: Option<String>,
    /// Local names of `resourcetype` children, namespace-qualified as
    /// "DAV:collection", "urn:ietf:params:xml:ns:carddav:addressbook",
    /// "urn:ietf:params:xml:ns:caldav:calendar", ...
    pub resource_types: Vec<String>,
    pub current_user_principal: Option<String>,
    pub addressbook_home_set: Vec<String>,
    pub calendar_home_set: Vec<String>,
    /// Namespace-qualified names of reports in `supported-report-set`,
    /// e.g. "DAV:sync-collection".
    pub supported_reports: Vec<String>,
    /// Namespace-qualified privilege names in `current-user-privilege-set`,
    /// e.g. "DAV:write", "DAV:all". `None` when the server did not say.
    pub privileges: Option<Vec<String>>,
    pub address_data: Option<String>,
    pub calendar_data: Option<String>,
    pub calendar_color: Option<String>,
    pub supported_components: Vec<String>,
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
}

pub fn parse_multistatus(_body: &[u8]) -> Result<Multistatus, DavError> {
    unimplemented!("being implemented")
}

/// The namespace-qualified name of the first precondition in a `DAV:error`
/// body, e.g. "DAV:valid-sync-token".
pub fn parse_error_condition(_body: &[u8]) -> Option<String> {
    unimplemented!("being implemented")
}

/// Request bodies.
pub mod body {
    pub fn current_user_principal() -> String { unimplemented!() }
    pub fn addressbook_home_set() -> String { unimplemented!() }
    /// Depth-1 listing of a home set: resourcetype, displayname,
    /// current-user-privilege-set, supported-report-set, getctag, sync-token.
    pub fn list_collections() -> String { unimplemented!() }
    /// Depth-0 state of one collection: getctag, sync-token, supported-report-set.
    pub fn collection_state() -> String { unimplemented!() }
    /// Depth-1 getetag listing (fallback when sync-collection is absent).
    pub fn etag_listing() -> String { unimplemented!() }
    /// RFC 6578 sync-collection, sync-level 1, getetag; never `DAV:limit`.
    pub fn sync_collection(_token: Option<&str>) -> String { unimplemented!() }
    pub fn addressbook_multiget(_hrefs: &[String]) -> String { unimplemented!() }
}
