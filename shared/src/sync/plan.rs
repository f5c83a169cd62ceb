//! The sync's decisions, free of I/O so they can be tested by tables:
//! which hrefs of a listing are ours to touch, what to fetch and delete
//! given the local etags, and what a push answer makes of the item.
//! (In the manner of application-services' `plan_incoming`.)

use std::collections::{HashMap, HashSet};

use url::Url;

use crate::dav::url::{resolve, resolve_on};
use crate::effects::store::ChangeKind;

/// What changed on the server since the last committed pull, as listed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Hrefs (as the server wrote them) with their etag, when given.
    pub changed: Vec<(String, Option<String>)>,
    pub deleted: Vec<String>,
    /// A full listing (first sync, expired token, no RFC 6578): every
    /// resource the server has; local copies not listed are gone.
    pub complete: bool,
    pub sync_token: Option<String>,
    pub ctag: Option<String>,
    /// Listed resources over the kind's size bound (href, bytes): stored
    /// as listed, with their size, never downloaded.
    pub oversized: Vec<(String, u64)>,
    /// The answer of a first pull's query, which brought the resources
    /// whole: read again when they are applied, so the data is held once,
    /// as these bytes, and not also as every resource read out of them.
    /// Empty for any other listing.
    pub answer: Vec<u8>,
}

/// A resource as an answer (a query or a multiget) brought it: only what
/// the sync keeps of the response, so a whole collection's answer costs
/// its data, not every property a response could hold.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Received {
    /// As the server wrote it.
    pub href: String,
    pub etag: Option<String>,
    /// `None` when the answer did not hold the resource.
    pub data: Option<String>,
    /// Decoded lossily: not UTF-8 as received.
    pub not_utf8: bool,
}

/// What a pull does with a listing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IncomingPlan {
    /// Resources to download: new, or with another etag than ours.
    pub fetch: Vec<String>,
    pub delete: Vec<String>,
    /// After a full listing: every href the server has.
    pub keep_only: Option<Vec<String>>,
    /// Hrefs outside the collection (another host, a parent, a sibling,
    /// the collection itself, a sub-collection): ignored, counted.
    pub out_of_scope: u32,
}

/// The canonical URL of `href` when it names a resource directly inside
/// `collection` (same origin, one path segment below it); else `None`.
/// Every href a server sends goes through here before it is fetched,
/// stored or written to.
pub fn member_of(collection: &str, href: &str) -> Option<String> {
    Scope::new(collection)?.member(href)
}

/// A collection's canonical URL, parsed once to place every href of a
/// listing as [`member_of`] does (a first pull places each of thousands
/// several times).
struct Scope {
    prefix: String,
    base: Url,
}

impl Scope {
    fn new(collection: &str) -> Option<Scope> {
        let prefix = resolve(collection, "")?;
        let base = Url::parse(&prefix).ok()?;
        Some(Scope { prefix, base })
    }

    /// [`member_of`] this collection.
    fn member(&self, href: &str) -> Option<String> {
        let url = resolve_on(&self.base, href)?;
        let name = url.strip_prefix(self.prefix.as_str())?;
        let direct_child = !name.is_empty() && !name.contains('/') && name != "." && name != "..";
        direct_child.then_some(url)
    }
}

/// Each href's place in `collection` with the collection parsed once;
/// `None` for every href of a collection URL that cannot be read.
pub fn members_of(collection: &str) -> impl Fn(&str) -> Option<String> {
    let scope = Scope::new(collection);
    move |href| scope.as_ref()?.member(href)
}

/// Decides what to fetch and delete. `local` maps each stored href of the
/// collection to its etag.
pub fn plan_incoming(collection: &str, listing: &Listing, local: &HashMap<String, Option<String>>) -> IncomingPlan {
    let mut plan = IncomingPlan::default();
    let mut listed = Vec::with_capacity(listing.changed.len());
    let mut seen = HashSet::new();
    let in_collection = members_of(collection);
    for (href, etag) in &listing.changed {
        let Some(href) = in_collection(href) else {
            plan.out_of_scope += 1;
            continue;
        };
        if !seen.insert(href.clone()) {
            continue;
        }
        // No etag in the listing: we cannot tell, so fetch.
        if etag.is_none() || local.get(&href) != Some(etag) {
            plan.fetch.push(href.clone());
        }
        listed.push(href);
    }
    for href in &listing.deleted {
        match in_collection(href) {
            Some(href) => plan.delete.push(href),
            None => plan.out_of_scope += 1,
        }
    }
    if listing.complete {
        plan.keep_only = Some(listed);
    }
    plan
}

/// What the server's answer to a pushed change means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushAnswer {
    /// Stored (or deleted) as asked.
    Accepted,
    /// The server's copy is not the one the member edited (412, or gone
    /// under an edit): fetch it and keep both versions.
    Conflict,
    /// Deleted on both sides.
    AlreadyGone,
    /// Any other status: the sync fails with it and the change stays queued.
    Failed,
}

pub fn push_answer(change: ChangeKind, status: u16) -> PushAnswer {
    match (change, status) {
        (_, 200..=299) => PushAnswer::Accepted,
        (ChangeKind::Delete, 404 | 410) => PushAnswer::AlreadyGone,
        (ChangeKind::Delete | ChangeKind::Create, 412) => PushAnswer::Conflict,
        (ChangeKind::Update, 412 | 404 | 410) => PushAnswer::Conflict,
        _ => PushAnswer::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str = "https://dav.test/dav/addressbooks/ilse/family/";

    fn listing(changed: &[(&str, Option<&str>)], deleted: &[&str], complete: bool) -> Listing {
        Listing {
            changed: changed.iter().map(|(h, e)| (h.to_string(), e.map(str::to_string))).collect(),
            deleted: deleted.iter().map(|h| h.to_string()).collect(),
            complete,
            ..Default::default()
        }
    }

    fn local(entries: &[(&str, Option<&str>)]) -> HashMap<String, Option<String>> {
        entries.iter().map(|(h, e)| (format!("{BOOK}{h}"), e.map(str::to_string))).collect()
    }

    fn full(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| format!("{BOOK}{n}")).collect()
    }

    #[test]
    fn only_new_or_changed_etags_are_fetched() {
        struct Case {
            listed: &'static [(&'static str, Option<&'static str>)],
            local: &'static [(&'static str, Option<&'static str>)],
            fetch: &'static [&'static str],
        }
        let cases = [
            // New on the server.
            Case { listed: &[("a.vcf", Some("\"1\""))], local: &[], fetch: &["a.vcf"] },
            // Unchanged.
            Case { listed: &[("a.vcf", Some("\"1\""))], local: &[("a.vcf", Some("\"1\""))], fetch: &[] },
            // Changed.
            Case { listed: &[("a.vcf", Some("\"2\""))], local: &[("a.vcf", Some("\"1\""))], fetch: &["a.vcf"] },
            // No etag listed: cannot tell.
            Case { listed: &[("a.vcf", None)], local: &[("a.vcf", Some("\"1\""))], fetch: &["a.vcf"] },
            // We hold it without an etag (server gave none on PUT).
            Case { listed: &[("a.vcf", Some("\"1\""))], local: &[("a.vcf", None)], fetch: &["a.vcf"] },
            // Relative and absolute spellings of one resource, listed twice.
            Case {
                listed: &[("/dav/addressbooks/ilse/family/b%40x.vcf", Some("\"1\"")), ("b@x.vcf", Some("\"1\""))],
                local: &[],
                fetch: &["b@x.vcf"],
            },
        ];
        for (i, case) in cases.iter().enumerate() {
            let plan = plan_incoming(BOOK, &listing(case.listed, &[], false), &local(case.local));
            assert_eq!(plan.fetch, full(case.fetch), "case {i}");
            assert_eq!(plan.keep_only, None, "case {i}: an incremental listing keeps everything");
            assert_eq!(plan.out_of_scope, 0, "case {i}");
        }
    }

    #[test]
    fn hrefs_outside_the_collection_are_never_planned() {
        let hostile = [
            "/dav/addressbooks/other/secret.vcf",
            "../../x.vcf",
            "../family-2/sibling.vcf",
            "/dav/addressbooks/ilse/",
            BOOK,
            "https://evil.test/dav/addressbooks/ilse/family/evil.vcf",
            "http://dav.test/dav/addressbooks/ilse/family/downgrade.vcf",
            "https://dav.test:8443/dav/addressbooks/ilse/family/other-port.vcf",
            "sub/nested.vcf",
            "sub/",
            "%2e%2e/%2e%2e/escape.vcf",
        ];
        let changed: Vec<(&str, Option<&str>)> = hostile.iter().map(|h| (*h, Some("\"1\""))).collect();
        let plan = plan_incoming(BOOK, &listing(&changed, &hostile, true), &HashMap::new());
        assert!(plan.fetch.is_empty(), "{:?}", plan.fetch);
        assert!(plan.delete.is_empty(), "{:?}", plan.delete);
        assert_eq!(plan.keep_only, Some(vec![]));
        assert_eq!(plan.out_of_scope, 2 * hostile.len() as u32);
    }

    #[test]
    fn a_member_is_one_segment_below_its_collection() {
        assert_eq!(member_of(BOOK, "a.vcf").as_deref(), Some(&*format!("{BOOK}a.vcf")));
        assert_eq!(member_of(BOOK, "./a.vcf").as_deref(), Some(&*format!("{BOOK}a.vcf")));
        assert_eq!(member_of(BOOK, "x/../a.vcf").as_deref(), Some(&*format!("{BOOK}a.vcf")));
        assert_eq!(member_of(BOOK, "a.vcf/"), None);
        assert_eq!(member_of(BOOK, ""), None);
        assert_eq!(member_of(BOOK, "//evil.test/a.vcf"), None);
    }

    #[test]
    fn a_full_listing_names_what_to_keep_and_deletions_are_scoped() {
        let plan = plan_incoming(
            BOOK,
            &listing(&[("a.vcf", Some("\"1\"")), ("b.vcf", Some("\"2\""))], &["gone.vcf"], true),
            &local(&[("a.vcf", Some("\"1\"")), ("c.vcf", Some("\"9\""))]),
        );
        assert_eq!(plan.fetch, full(&["b.vcf"]));
        assert_eq!(plan.delete, full(&["gone.vcf"]));
        assert_eq!(plan.keep_only, Some(full(&["a.vcf", "b.vcf"])));
    }

    #[test]
    fn push_answers() {
        use ChangeKind::*;
        use PushAnswer::*;
        let table = [
            (Create, 201, Accepted),
            (Create, 204, Accepted),
            (Create, 412, Conflict),
            (Create, 404, Failed),
            (Create, 500, Failed),
            (Update, 204, Accepted),
            (Update, 412, Conflict),
            (Update, 404, Conflict),
            (Update, 410, Conflict),
            (Update, 403, Failed),
            (Delete, 204, Accepted),
            (Delete, 404, AlreadyGone),
            (Delete, 410, AlreadyGone),
            // The server changed it: its edit wins over the delete, never "deleted".
            (Delete, 412, Conflict),
            (Delete, 423, Failed),
            (Delete, 503, Failed),
        ];
        for (change, status, expected) in table {
            assert_eq!(push_answer(change, status), expected, "{change:?} {status}");
        }
    }
}
