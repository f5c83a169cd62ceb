//! URL helpers for DAV hrefs.

use url::Url;

/// Resolves an href (absolute path or URL) against the URL it came from.
pub fn resolve(base: &str, href: &str) -> Option<String> {
    Url::parse(base).ok()?.join(href).ok().map(String::from)
}

/// Scheme, host and port: credentials go only to the account's origin.
pub fn origin(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    Some(u.origin().ascii_serialization())
}

pub fn same_origin(a: &str, b: &str) -> bool {
    matches!((origin(a), origin(b)), (Some(x), Some(y)) if x == y)
}

/// Path of a URL with percent-encoding normalised, for comparing hrefs the
/// server wrote differently (`%40` vs `@`).
pub fn normalized_path(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    Some(percent_encoding::percent_decode_str(u.path()).decode_utf8_lossy().into_owned())
}

/// Makes sure a collection URL ends with `/`.
pub fn as_collection(url: &str) -> String {
    if url.ends_with('/') { url.to_string() } else { format!("{url}/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_against_the_server() {
        assert_eq!(
            resolve("https://cloud.nubo.coop/remote.php/dav/", "/remote.php/dav/addressbooks/users/a/contacts/").as_deref(),
            Some("https://cloud.nubo.coop/remote.php/dav/addressbooks/users/a/contacts/")
        );
    }

    #[test]
    fn origin_includes_port_and_scheme() {
        assert!(same_origin("https://a.coop/x", "https://a.coop:443/y"));
        assert!(!same_origin("https://a.coop/x", "http://a.coop/x"));
        assert!(!same_origin("https://a.coop/x", "https://evil.example/x"));
    }
}
