//! URL helpers for DAV hrefs.

use url::Url;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters kept as they are in a canonical path: unreserved and
/// sub-delimiters, `:`, `@` and `/`. Everything else is percent-encoded.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'@')
    .remove(b'+')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':');

/// Resolves an href (absolute path or URL) against the URL it came from,
/// in canonical form, so that `%40` and `@` name the same resource.
pub fn resolve(base: &str, href: &str) -> Option<String> {
    resolve_on(&Url::parse(base).ok()?, href)
}

/// [`resolve`] on a URL already parsed (a listing resolves thousands).
pub fn resolve_on(base: &Url, href: &str) -> Option<String> {
    Some(canonical_url(&base.join(href.trim()).ok()?))
}

/// One spelling per URL: path decoded then re-encoded with [`PATH`].
pub fn canonical(url: &str) -> Option<String> {
    Url::parse(url).ok().map(|u| canonical_url(&u))
}

fn canonical_url(u: &Url) -> String {
    let decoded = percent_decode_str(u.path()).decode_utf8_lossy();
    let path: String = utf8_percent_encode(&decoded, PATH).collect();
    format!("{}{}", u.origin().ascii_serialization(), path)
}

/// Path part of a URL, as sent in a multiget `href`.
pub fn path_of(url: &str) -> Option<String> {
    Url::parse(url).ok().map(|u| u.path().to_string())
}

/// The URL of a new resource named after its UID inside a collection.
pub fn member_url(collection: &str, uid: &str, extension: &str) -> String {
    let safe: String = uid
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '_' })
        .collect();
    format!("{}{safe}{extension}", as_collection(collection))
}

/// Scheme, host and port: credentials go only to the account's origin.
pub fn origin(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    Some(u.origin().ascii_serialization())
}

pub fn same_origin(a: &str, b: &str) -> bool {
    matches!((origin(a), origin(b)), (Some(x), Some(y)) if x == y)
}

/// The host as a member reads it, with the port when it is not the
/// scheme's own: "cloud.nubo.coop", "cloud.nubo.coop:8443", "127.0.0.1:5232".
pub fn authority(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    let host = u.host_str()?.to_ascii_lowercase();
    Some(match u.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// What a member typed to name a host ("Cloud.Nubo.coop.", "https://cloud.nubo.coop/")
/// in the form [`authority`] gives.
pub fn normalize_authority(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let url = if typed.contains("://") { typed.to_string() } else { format!("https://{typed}") };
    let u = Url::parse(&url).ok()?;
    let host = u.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some(match u.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// Whether the URL names this device: 127.0.0.0/8, ::1 or localhost.
pub fn is_loopback(url: &str) -> bool {
    let Ok(u) = Url::parse(url) else { return false };
    match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// `https://` anywhere; `http://` only to this device, where nothing
/// crosses a network.
pub fn secure_transport(url: &str) -> bool {
    match Url::parse(url).map(|u| u.scheme().to_string()).as_deref() {
        Ok("https") => true,
        Ok("http") => is_loopback(url),
        _ => false,
    }
}

/// From `https://` to `http://`: never followed, even to this device.
pub fn is_downgrade(from: &str, to: &str) -> bool {
    let scheme = |u: &str| Url::parse(u).map(|u| u.scheme().to_string()).unwrap_or_default();
    scheme(from) == "https" && scheme(to) != "https"
}

/// Whether `url` lies strictly inside the collection `parent` (same
/// origin, below its path): a home set's address books and calendars.
pub fn is_inside(parent: &str, url: &str) -> bool {
    let (Some(parent), Some(child)) = (canonical(&as_collection(parent)), canonical(url)) else { return false };
    // A dot segment spelled with escapes (`%2e%2e`) survives parsing.
    let climbs = child.split('/').any(|segment| segment == ".." || segment == ".");
    !climbs && child.len() > parent.len() && child.starts_with(&parent)
}

/// Makes sure a collection URL ends with `/`.
pub fn as_collection(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_against_the_server() {
        assert_eq!(
            resolve("https://cloud.nubo.coop/remote.php/dav/", "/remote.php/dav/addressbooks/users/a/contacts/")
                .as_deref(),
            Some("https://cloud.nubo.coop/remote.php/dav/addressbooks/users/a/contacts/")
        );
    }

    #[test]
    fn percent_encoding_does_not_make_two_resources() {
        let a = resolve("http://127.0.0.1:5232/", "/alice%40nubo.test/contacts/h%C3%A9l%C3%A8ne.vcf").unwrap();
        let b = resolve("http://127.0.0.1:5232/", "/alice@nubo.test/contacts/hélène.vcf").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, "http://127.0.0.1:5232/alice@nubo.test/contacts/h%C3%A9l%C3%A8ne.vcf");
    }

    #[test]
    fn new_members_get_safe_names() {
        assert_eq!(member_url("https://a.coop/book", "x/y z", ".vcf"), "https://a.coop/book/x_y_z.vcf");
        // A UID's own safe characters stay as they are, so the name still tells which it is.
        assert_eq!(member_url("https://a.coop/book/", "Ab9-x_y.z", ".ics"), "https://a.coop/book/Ab9-x_y.z.ics");
    }

    #[test]
    fn hosts_are_named_with_their_port_when_it_is_not_the_default() {
        assert_eq!(authority("https://Cloud.Nubo.coop/remote.php/dav/").as_deref(), Some("cloud.nubo.coop"));
        assert_eq!(authority("https://cloud.nubo.coop:443/").as_deref(), Some("cloud.nubo.coop"));
        assert_eq!(authority("https://cloud.nubo.coop:8443/").as_deref(), Some("cloud.nubo.coop:8443"));
        assert_eq!(authority("http://[::1]:5232/").as_deref(), Some("[::1]:5232"));
        assert_eq!(normalize_authority(" Cloud.Nubo.coop. ").as_deref(), Some("cloud.nubo.coop"));
        assert_eq!(normalize_authority("https://cloud.nubo.coop:8443/dav").as_deref(), Some("cloud.nubo.coop:8443"));
        assert_eq!(normalize_authority("127.0.0.1:5232").as_deref(), Some("127.0.0.1:5232"));
        assert_eq!(normalize_authority(""), None);
    }

    #[test]
    fn plain_http_is_for_this_device_only_and_never_after_https() {
        assert!(secure_transport("https://cloud.nubo.coop/"));
        assert!(secure_transport("http://127.0.0.1:5232/"));
        assert!(secure_transport("http://127.3.2.1/"));
        assert!(secure_transport("http://[::1]/"));
        assert!(secure_transport("http://LOCALHOST:8080/"));
        assert!(!secure_transport("http://cloud.nubo.coop/"));
        assert!(!secure_transport("http://10.0.0.2/"));
        assert!(!secure_transport("http://localhost.evil.example/"));
        assert!(!secure_transport("ftp://127.0.0.1/"));
        assert!(!secure_transport("not a url"));
        assert!(is_downgrade("https://127.0.0.1:8443/", "http://127.0.0.1:5232/"));
        assert!(!is_downgrade("http://127.0.0.1:8443/", "http://127.0.0.1:5232/"));
        assert!(!is_downgrade("https://a.coop/", "https://b.coop/"));
    }

    #[test]
    fn a_collection_is_inside_its_home_only_below_it_on_the_same_origin() {
        let home = "https://cloud.nubo.coop/remote.php/dav/calendars/alice/";
        assert!(is_inside(home, "https://cloud.nubo.coop/remote.php/dav/calendars/alice/agenda/"));
        assert!(is_inside("https://cloud.nubo.coop/remote.php/dav/calendars/alice", &format!("{home}x/")));
        assert!(!is_inside(home, home));
        assert!(!is_inside(home, "https://cloud.nubo.coop/remote.php/dav/calendars/alicia/"));
        assert!(!is_inside(home, "https://cloud.nubo.coop/remote.php/dav/calendars/bob/agenda/"));
        assert!(!is_inside(home, "https://evil.example/remote.php/dav/calendars/alice/agenda/"));
        assert!(!is_inside(home, "http://cloud.nubo.coop/remote.php/dav/calendars/alice/agenda/"));
        assert!(!is_inside(home, &format!("{home}%2e%2e/%2E%2E/bob/agenda/")));
        assert!(!is_inside(home, &format!("{home}../../bob/agenda/")));
    }

    #[test]
    fn origin_includes_port_and_scheme() {
        assert!(same_origin("https://a.coop/x", "https://a.coop:443/y"));
        assert!(!same_origin("https://a.coop/x", "http://a.coop/x"));
        assert!(!same_origin("https://a.coop/x", "https://evil.example/x"));
    }
}
