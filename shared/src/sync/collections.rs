//! The collections of one kind in a home set, with their capabilities.

use crate::dav::client::{propfind, Ctx, DavClient, RemoteError};
use crate::dav::url::{as_collection, resolve};
use crate::dav::xml::{body, parse_multistatus, DavResponse};
use crate::effects::store::Collection;
use crate::kinds::ItemKind;

const SYNC_COLLECTION: &str = "DAV:sync-collection";

/// Every collection of `kind` directly in `home` (Depth 1), by name.
pub async fn list<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    client: &DavClient,
    home: &str,
    kind: ItemKind,
) -> Result<Vec<Collection>, RemoteError> {
    let response = client.send_ok(ctx, propfind(home, "1", body::list_collections())).await?;
    let status = parse_multistatus(&response.body)?;
    let behaviour = kind.behaviour();
    let mut found: Vec<Collection> = status
        .responses
        .iter()
        .filter(|r| behaviour.is_collection(r))
        .filter_map(|r| collection(home, kind, r))
        .collect();
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
    let read_only = match &r.props.privileges {
        // No privilege set given: assume writable, the server says no on PUT.
        None => false,
        Some(p) => !p.iter().any(|p| matches!(p.as_str(), "DAV:write" | "DAV:write-content" | "DAV:all")),
    };
    Some(Collection {
        kind,
        display_name: r.props.display_name.clone().filter(|n| !n.trim().is_empty()).unwrap_or(fallback_name),
        href,
        color: r.props.calendar_color.clone(),
        read_only,
        supports_sync: r.props.supported_reports.iter().any(|s| s == SYNC_COLLECTION),
        sync_token: None,
        ctag: None,
    })
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
