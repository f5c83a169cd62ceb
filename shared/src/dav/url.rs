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
    let joined = Url::parse(base).ok()?.join(href.trim()).ok()?;
    Some(canonical_url(&joined))
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
    }

    #[test]
    fn origin_includes_port_and_scheme() {
        assert!(same_origin("https://a.coop/x", "https://a.coop:443/y"));
        assert!(!same_origin("https://a.coop/x", "http://a.coop/x"));
        assert!(!same_origin("https://a.coop/x", "https://evil.example/x"));
    }
}
