//! The collections of one kind in a home set, with their capabilities.

use std::collections::{HashMap, VecDeque};

use super::plan::{members_of, Listing};
use crate::dav::client::{check_status, propfind, Ctx, DavClient, RemoteError};
use crate::dav::url::{as_collection, resolve};
use crate::dav::xml::{body, parse_multistatus, DavResponse};
use crate::effects::store::Collection;
use crate::i18n::Limit;
use crate::kinds::{ItemKind, Layout};

const SYNC_COLLECTION: &str = "DAV:sync-collection";

/// Folders one folder tree may have: far more categories than anyone
/// keeps, few enough that a looping server ends quickly.
pub const MAX_FOLDERS: usize = 500;

/// Nesting a folder tree may have below its home.
pub const MAX_DEPTH: usize = 8;

/// The collections of a home, and for folder trees what each folder
/// holds: the walk's own listing, so an unchanged folder costs nothing more.
#[derive(Debug, Default)]
pub struct Found {
    pub collections: Vec<Collection>,
    /// Folder URL → its files, as listed while walking.
    pub listings: HashMap<String, Listing>,
    /// A listed file's canonical URL → its size, when given.
    pub sizes: HashMap<String, u64>,
}

/// The Depth-1 listings of homes already asked, by home URL: a server
/// whose address books and calendars share one home (one principal URL for
/// both) is asked once, and each kind takes its own from the answer.
pub type HomeListings = HashMap<String, Vec<DavResponse>>;

/// Every collection of `kind` in `home`, by name.
pub async fn list<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    client: &DavClient,
    home: &str,
    kind: ItemKind,
    listed: &mut HomeListings,
) -> Result<Vec<Collection>, RemoteError> {
    Ok(find(ctx, client, home, kind, listed).await?.collections)
}

/// [`list`], with each folder's listing for folder trees.
pub async fn find<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    client: &DavClient,
    home: &str,
    kind: ItemKind,
    listed: &mut HomeListings,
) -> Result<Found, RemoteError> {
    match kind.behaviour().layout() {
        Layout::InHome => {
            Ok(Found { collections: in_home(ctx, client, home, kind, listed).await?, ..Default::default() })
        }
        Layout::FolderTree => folder_tree(ctx, client, home, kind).await,
    }
}

/// The home and every folder below it, one Depth-1 PROPFIND each. A home
/// that does not exist (yet) has no collections; only folders inside the
/// home are walked, hidden ones left out.
async fn folder_tree<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    client: &DavClient,
    home: &str,
    kind: ItemKind,
) -> Result<Found, RemoteError> {
    let Some(home) = resolve(home, "").map(|h| as_collection(&h)) else { return Ok(Found::default()) };
    let behaviour = kind.behaviour();
    let mut found = Found::default();
    let mut queue = VecDeque::from([(home.clone(), 0usize)]);
    let mut seen = std::collections::HashSet::from([home.clone()]);
    while let Some((folder, depth)) = queue.pop_front() {
        let (response, _) = client.send(ctx, propfind(&folder, "1", body::folder_listing())).await?;
        if response.status == 404 {
            // Gone since its parent was listed, or no Notes folder yet.
            continue;
        }
        let status = parse_multistatus(&check_status(response)?.body)?;
        let mut listing = Listing { complete: true, ..Default::default() };
        let mut this = None;
        let in_folder = members_of(&folder);
        for r in &status.responses {
            if resolve(&folder, &r.href).map(|h| as_collection(&h)).as_deref() == Some(folder.as_str())
                && r.props.resource_types.iter().any(|t| t == "DAV:collection")
            {
                this = Some(r);
                continue;
            }
            let Some(child) = in_folder(r.href.trim_end_matches('/')) else { continue };
            if behaviour.is_collection(r) {
                let child = as_collection(&child);
                if depth < MAX_DEPTH && seen.insert(child.clone()) {
                    if seen.len() > MAX_FOLDERS {
                        return Err(RemoteError::TooMuch(Limit::Entries(MAX_FOLDERS)));
                    }
                    queue.push_back((child, depth + 1));
                }
            } else if !r.props.resource_types.iter().any(|t| t == "DAV:collection") {
                listing.changed.push((r.href.clone(), r.props.etag.clone()));
                if let Some(bytes) = r.props.content_length {
                    found.sizes.insert(child.clone(), bytes);
                }
                if let (Some(max), Some(bytes)) = (behaviour.max_size(), r.props.content_length) {
                    if bytes > max {
                        listing.oversized.push((r.href.clone(), bytes));
                    }
                }
            }
        }
        let Some(this) = this else { continue };
        let name = relative_name(&home, &folder);
        let collection = described(kind, folder.clone(), name, this);
        // Committed with the pull, not now: a pull cut short lists again.
        listing.ctag = this.props.etag.clone();
        found.listings.insert(folder, listing);
        found.collections.push(collection);
    }
    found.collections.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(found)
}

/// A folder's path below the home, decoded ("" for the home itself,
/// "Travail/Projets" for a nested category).
fn relative_name(home: &str, folder: &str) -> String {
    let relative = folder.strip_prefix(home).unwrap_or("").trim_end_matches('/');
    percent_encoding::percent_decode_str(relative).decode_utf8_lossy().into_owned()
}

/// Every collection of `kind` directly in `home` (Depth 1), by name.
async fn in_home<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    client: &DavClient,
    home: &str,
    kind: ItemKind,
    listed: &mut HomeListings,
) -> Result<Vec<Collection>, RemoteError> {
    let responses = match listed.get(home) {
        Some(responses) => responses,
        None => {
            let response = client.send_ok(ctx, propfind(home, "1", body::list_collections())).await?;
            let status = parse_multistatus(&response.body)?;
            listed.entry(home.to_string()).or_insert(status.responses)
        }
    };
    let behaviour = kind.behaviour();
    let mut found: Vec<Collection> =
        responses.iter().filter(|r| behaviour.is_collection(r)).filter_map(|r| collection(home, kind, r)).collect();
    found.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    found.dedup_by(|a, b| a.href == b.href);
    Ok(found)
}

/// Collections directly inside the home only: a listing that names
/// another user's or another host's collection is not followed there.
fn collection(home: &str, kind: ItemKind, r: &DavResponse) -> Option<Collection> {
    let home = as_collection(&resolve(home, "")?);
    let href = as_collection(&resolve(&home, &r.href)?);
    let name = href.strip_prefix(home.as_str())?.trim_end_matches('/');
    if name.is_empty() || name.contains('/') {
        return None;
    }
    let fallback_name = href.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
    let display_name = r.props.display_name.clone().filter(|n| !n.trim().is_empty()).unwrap_or(fallback_name);
    Some(described(kind, href, display_name, r))
}

/// A collection at `href` as its listing entry describes it.
fn described(kind: ItemKind, href: String, display_name: String, r: &DavResponse) -> Collection {
    let read_only = match &r.props.privileges {
        // No privilege set given: assume writable, the server says no on PUT.
        None => false,
        Some(p) => !p.iter().any(|p| matches!(p.as_str(), "DAV:write" | "DAV:write-content" | "DAV:all")),
    };
    Collection {
        kind,
        display_name,
        href,
        color: r.props.calendar_color.clone(),
        read_only,
        supports_sync: r.props.supported_reports.iter().any(|s| s == SYNC_COLLECTION),
        sync_token: None,
        ctag: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dav::xml::DavProps;

    const HOME: &str = "https://dav.test/dav/addressbooks/ilse/";

    fn named(href: &str) -> Option<String> {
        let props = DavProps { display_name: Some("Famille".into()), ..Default::default() };
        let response = DavResponse { href: href.into(), status: None, props };
        collection(HOME, ItemKind::Contact, &response).map(|c| c.href)
    }

    #[test]
    fn only_collections_directly_inside_the_home_are_taken() {
        assert_eq!(named("/dav/addressbooks/ilse/family/"), Some(format!("{HOME}family/")));
        assert_eq!(named("family"), Some(format!("{HOME}family/")), "relative, without its slash");
        for elsewhere in [
            "/dav/addressbooks/ilse/",
            "/dav/addressbooks/ilse/family/nested/",
            "/dav/addressbooks/jan/family/",
            "/dav/addressbooks/ilse/../jan/family/",
            "https://other.test/dav/addressbooks/ilse/family/",
        ] {
            assert_eq!(named(elsewhere), None, "{elsewhere}");
        }
    }

    #[test]
    fn rights_name_and_sync_support_come_from_the_listing() {
        let props = DavProps {
            display_name: Some("  ".into()),
            privileges: Some(vec!["DAV:read".into()]),
            supported_reports: vec![SYNC_COLLECTION.into()],
            ..Default::default()
        };
        let response = DavResponse { href: "/dav/addressbooks/ilse/board/".into(), status: None, props };
        let c = collection(HOME, ItemKind::Contact, &response).unwrap();
        assert_eq!((c.display_name.as_str(), c.read_only, c.supports_sync), ("board", true, true));
        let writable = DavProps { privileges: Some(vec!["DAV:write-content".into()]), ..Default::default() };
        let response = DavResponse { href: "/dav/addressbooks/ilse/board/".into(), status: None, props: writable };
        assert!(!collection(HOME, ItemKind::Contact, &response).unwrap().read_only);
    }
}
