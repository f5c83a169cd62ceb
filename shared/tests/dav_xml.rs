//! DAV XML against bodies modelled on what Radicale 3, Nextcloud (SabreDAV),
//! iCloud and Google send, hostile bodies, and the request bodies we build.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use shared::contacts::vcard::VCardDoc;
use shared::dav::xml::{body, parse_error_condition, parse_multistatus, DavError, DavProps, MAX_RESPONSES};

const CARDDAV: &str = "urn:ietf:params:xml:ns:carddav";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/dav/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn radicale_home_listing_with_default_namespace_and_404_propstats() {
    let m = parse_multistatus(&fixture("radicale-home-depth1.xml")).unwrap();
    assert_eq!(m.sync_token, None);
    let hrefs: Vec<&str> = m.responses.iter().map(|r| r.href.as_str()).collect();
    assert_eq!(hrefs, ["/alice/", "/alice/contacts/", "/alice/agenda-ag/"]);

    let home = &m.responses[0];
    assert_eq!(home.status, None);
    assert_eq!(home.props.resource_types, strings(&["DAV:principal", "DAV:collection"]));
    assert_eq!(home.props.display_name, None, "only in a 404 propstat");
    assert_eq!(home.props.ctag, None);
    assert_eq!(home.props.sync_token, None);
    assert_eq!(home.props.supported_components, Vec::<String>::new());

    let book = &m.responses[1].props;
    assert_eq!(book.resource_types, strings(&["urn:ietf:params:xml:ns:carddav:addressbook", "DAV:collection"]));
    assert_eq!(book.display_name.as_deref(), Some("Contacts de la coop"));
    assert_eq!(book.ctag.as_deref(), Some("\"a4b9c01d2e3f405162738495a6b7c8d9\""));
    assert_eq!(book.sync_token.as_deref(), Some("http://radicale.org/ns/sync/a4b9c01d2e3f405162738495a6b7c8d9"));
    assert_eq!(
        book.supported_reports,
        strings(&[
            "DAV:expand-property",
            "DAV:principal-search-property-set",
            "DAV:principal-property-search",
            "DAV:sync-collection",
            "urn:ietf:params:xml:ns:carddav:addressbook-multiget",
            "urn:ietf:params:xml:ns:carddav:addressbook-query",
        ])
    );
    assert_eq!(
        book.privileges,
        Some(strings(&["DAV:read", "DAV:all", "DAV:write", "DAV:write-properties", "DAV:write-content"]))
    );
    assert_eq!(book.calendar_color, None);

    let calendar = &m.responses[2].props;
    assert_eq!(calendar.resource_types, strings(&["urn:ietf:params:xml:ns:caldav:calendar", "DAV:collection"]));
    assert_eq!(calendar.display_name.as_deref(), Some("Agenda AG & CA"));
    assert_eq!(calendar.privileges, Some(strings(&["DAV:read"])));
    assert_eq!(calendar.calendar_color.as_deref(), Some("#2e7d32ff"));
    assert_eq!(calendar.supported_components, strings(&["VEVENT", "VTODO", "VJOURNAL"]));
    assert!(calendar.supported_reports.contains(&"urn:ietf:params:xml:ns:caldav:calendar-multiget".to_string()));
}

#[test]
fn nextcloud_sync_collection_changes_removals_and_token() {
    let m = parse_multistatus(&fixture("nextcloud-sync-collection.xml")).unwrap();
    assert_eq!(m.sync_token.as_deref(), Some("http://sabre.io/ns/sync/128"));
    assert_eq!(m.responses.len(), 3);
    let changed = &m.responses[0];
    assert_eq!(
        changed.href,
        "/remote.php/dav/addressbooks/users/alice/contacts/4fbe8971-0bc3-424c-9c26-36c3e1eff6b1.vcf"
    );
    assert_eq!(changed.status, None);
    assert_eq!(changed.props.etag.as_deref(), Some("\"0a3f5c1e9b7d2468ace13579bdf02468\""), "quotes kept");
    assert_eq!(
        m.responses[1].href, "/remote.php/dav/addressbooks/users/alice/contacts/H%C3%A9l%C3%A8ne%20Dub%C5%93uf.vcf",
        "percent-encoding kept as written"
    );
    let removed = &m.responses[2];
    assert_eq!(removed.href, "/remote.php/dav/addressbooks/users/alice/contacts/Sabre-VObject-12345.vcf");
    assert_eq!(removed.status, Some(404));
    assert_eq!(removed.props, DavProps::default());
}

#[test]
fn nextcloud_multiget_address_data_with_entities_reads_as_a_vcard() {
    let m = parse_multistatus(&fixture("nextcloud-addressbook-multiget.xml")).unwrap();
    assert_eq!(m.responses.len(), 3);
    let data = m.responses[0].props.address_data.as_deref().unwrap();
    assert!(data.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"), "&#13; + newline is CRLF: {data:?}");
    assert!(data.ends_with("END:VCARD\r\n"), "{data:?}");
    assert!(data.contains("\r\nFN:Hélène Dubœuf\r\n"));
    assert!(data.contains("\r\nORG:Coopérative Énergie Wallonie\\, SC;Conseil & audit\r\n"), "vCard escapes untouched");
    assert!(data.contains("\r\nNOTE:Préfère <téléphone> \\; pas de courriel\r\n"));
    let fields = VCardDoc::parse(data).unwrap().fields();
    assert_eq!(fields.full_name, "Hélène Dubœuf");
    assert_eq!(fields.org, "Coopérative Énergie Wallonie, SC");
    assert_eq!(fields.note, "Préfère <téléphone> ; pas de courriel");

    // Plain LF content stays exactly as sent.
    assert_eq!(
        m.responses[1].props.address_data.as_deref(),
        Some("BEGIN:VCARD\nVERSION:3.0\nUID:0c7a9e3f-2b8d-4f61-a5c4-7e9d2b1f3a68\nFN:Ilse Peeters\nX-NUBO-COOPERATOR-NUMBER;X-SHARES=3:BE-0421\nEND:VCARD\n")
    );
    // A member deleted between listing and multiget: a 404 propstat, no data.
    let gone = &m.responses[2];
    assert_eq!(gone.href, "/remote.php/dav/addressbooks/users/alice/contacts/deleted-meanwhile.vcf");
    assert_eq!((gone.props.etag.as_deref(), gone.props.address_data.as_deref()), (None, None));
}

#[test]
fn icloud_principal_with_per_element_namespaces_and_absolute_hrefs() {
    let m = parse_multistatus(&fixture("icloud-principal.xml")).unwrap();
    let p = &m.responses[0].props;
    assert_eq!(m.responses[0].href, "/1234567890/principal/");
    assert_eq!(p.current_user_principal.as_deref(), Some("/1234567890/principal/"));
    assert_eq!(p.addressbook_home_set, strings(&["https://p42-contacts.icloud.com:443/1234567890/carddav/"]));
    assert_eq!(p.calendar_home_set, strings(&["https://p42-caldav.icloud.com:443/1234567890/calendars/"]));
    assert_eq!(p.display_name.as_deref(), Some("Marie-Claire Dubois"));
    assert_eq!((p.ctag.as_deref(), p.sync_token.as_deref()), (None, None));
    assert_eq!(p.privileges, None, "not asked, not answered");
}

#[test]
fn google_etags_weak_unquoted_and_absolute_member_hrefs() {
    let m = parse_multistatus(&fixture("google-etag-listing.xml")).unwrap();
    let etags: Vec<Option<&str>> = m.responses.iter().map(|r| r.props.etag.as_deref()).collect();
    assert_eq!(
        etags,
        [
            Some("\"1732451234567\""),
            Some("\"2024-11-24T10:11:12.345-08:00\""),
            Some("W/\"weak-7a1b\""),
            // Read as the entity-tag it is (RFC 4918 §15.6): quoted like
            // the ETag header, so a listing compares equal to a GET.
            Some("\"unquoted-etag-42\"")
        ]
    );
    assert_eq!(
        m.responses[0].props.resource_types,
        strings(&["DAV:collection", "urn:ietf:params:xml:ns:carddav:addressbook"])
    );
    assert!(m.responses[1].props.resource_types.is_empty());
    assert_eq!(
        m.responses[3].href,
        "https://www.googleapis.com/carddav/v1/principals/marie.dubois@gmail.com/lists/default/unquoted%2Bplus"
    );
}

#[test]
fn icloud_calendar_data_in_cdata_is_kept_exactly_crlf_included() {
    let text = String::from_utf8(fixture("icloud-calendar-multiget-cdata.xml")).unwrap();
    let inner = |t: &str| t[t.find("<![CDATA[").unwrap() + 9..t.find("]]>").unwrap()].to_string();
    let m = parse_multistatus(text.as_bytes()).unwrap();
    let p = &m.responses[0].props;
    assert_eq!(p.calendar_data.as_deref(), Some(inner(&text).as_str()));
    assert!(p.calendar_data.as_deref().unwrap().contains("SUMMARY:Assemblée générale <ordinaire> & apéro\n"));
    assert_eq!(p.calendar_color.as_deref(), Some("#FF2968FF"));
    assert_eq!(p.etag.as_deref(), Some("\"C=1234@U=abcd-ef01\""));

    // The same with CRLF inside the CDATA, as most servers send it.
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let m = parse_multistatus(crlf.as_bytes()).unwrap();
    let data = m.responses[0].props.calendar_data.clone().unwrap();
    assert_eq!(data, inner(&crlf));
    assert!(data.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && data.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn pretty_printed_object_data_loses_only_the_surrounding_indentation() {
    let body = "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\"><d:response><d:href>/a.vcf</d:href><d:propstat><d:prop><c:address-data>\r\n      BEGIN:VCARD\r\nFN:  spaced  \r\nEND:VCARD\r\n    </c:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>";
    let m = parse_multistatus(body.as_bytes()).unwrap();
    assert_eq!(m.responses[0].props.address_data.as_deref(), Some("BEGIN:VCARD\r\nFN:  spaced  \r\nEND:VCARD\r\n"));
}

#[test]
fn mixed_propstats_multiple_hrefs_and_unknown_props() {
    let body = br#"<?xml version="1.0"?>
<A:multistatus xmlns:A="DAV:" xmlns:Z="http://example.com/ns/">
  <A:response>
    <A:href>/book/a.vcf</A:href>
    <A:propstat><A:prop><A:getetag>"e1"</A:getetag><Z:unknown>ignored</Z:unknown></A:prop><A:status>HTTP/1.1 200 OK</A:status></A:propstat>
    <A:propstat><A:prop><A:displayname>hidden</A:displayname></A:prop><A:status>HTTP/1.1 403 Forbidden</A:status></A:propstat>
    <A:propstat><A:prop><A:sync-token>tok</A:sync-token></A:prop><A:status>HTTP/1.1 207 Multi-Status</A:status></A:propstat>
  </A:response>
  <A:response>
    <A:href>/book/b.vcf</A:href><A:href>/book/c.vcf</A:href>
    <A:status>HTTP/1.1 404 Not Found</A:status>
  </A:response>
  <A:sync-token>http://example.com/sync/7</A:sync-token>
</A:multistatus>"#;
    let m = parse_multistatus(body).unwrap();
    let a = &m.responses[0].props;
    assert_eq!(a.etag.as_deref(), Some("\"e1\""));
    assert_eq!(a.display_name, None, "403 propstat ignored");
    assert_eq!(a.sync_token.as_deref(), Some("tok"), "any 2xx propstat counts");
    let gone: Vec<(&str, Option<u16>)> = m.responses[1..].iter().map(|r| (r.href.as_str(), r.status)).collect();
    assert_eq!(gone, [("/book/b.vcf", Some(404)), ("/book/c.vcf", Some(404))]);
    assert_eq!(m.sync_token.as_deref(), Some("http://example.com/sync/7"));
    let empty = parse_multistatus(b"<multistatus xmlns=\"DAV:\"/>").unwrap();
    assert!(empty.responses.is_empty() && empty.sync_token.is_none());
}

#[test]
fn error_bodies_name_their_precondition_past_sabre_diagnostics() {
    assert_eq!(
        parse_error_condition(&fixture("sabre-error-invalid-sync-token.xml")).as_deref(),
        Some("DAV:valid-sync-token")
    );
    assert_eq!(
        parse_error_condition(
            b"<?xml version='1.0' encoding='utf-8'?>\n<error xmlns=\"DAV:\"><valid-sync-token /></error>"
        )
        .as_deref(),
        Some("DAV:valid-sync-token")
    );
    assert_eq!(
        parse_error_condition(br#"<D:error xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><C:no-uid-conflict><D:href>/b/x.vcf</D:href></C:no-uid-conflict></D:error>"#).as_deref(),
        Some("urn:ietf:params:xml:ns:carddav:no-uid-conflict")
    );
    assert_eq!(parse_error_condition(b"<d:error xmlns:d=\"DAV:\"/>"), None);
    assert_eq!(parse_error_condition(&fixture("nextcloud-sync-collection.xml")), None);
    assert_eq!(parse_error_condition(&fixture("hostile-html-error.html")), None);
    assert_eq!(parse_error_condition(b"<d:error xmlns:d=\"DAV:\"><d:valid-sync-token/>"), None, "truncated");
    assert_eq!(parse_error_condition(b""), None);
}

fn malformed(body: &[u8]) -> String {
    match parse_multistatus(body) {
        Err(DavError::Malformed(message)) => message,
        Ok(m) => panic!("accepted {:?}: {m:?}", String::from_utf8_lossy(body)),
        Err(other) => panic!("not a malformed-body error: {other:?}"),
    }
}

fn tiny_entries(count: usize) -> Vec<u8> {
    let mut body = br#"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">"#.to_vec();
    for i in 0..count {
        body.extend_from_slice(format!(r#"<d:response><d:href>/c/{i}.vcf</d:href><d:propstat><d:prop><d:getetag>"{i}"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#).as_bytes());
    }
    body.extend_from_slice(b"<d:sync-token>t</d:sync-token></d:multistatus>");
    body
}

#[test]
fn one_answer_holds_at_most_max_responses_entries() {
    let full = parse_multistatus(&tiny_entries(MAX_RESPONSES)).unwrap();
    assert_eq!((full.responses.len(), full.sync_token.as_deref()), (MAX_RESPONSES, Some("t")));
    assert_eq!(full.responses[MAX_RESPONSES - 1].href, format!("/c/{}.vcf", MAX_RESPONSES - 1));
    assert_eq!(parse_multistatus(&tiny_entries(MAX_RESPONSES + 1)), Err(DavError::TooManyEntries(MAX_RESPONSES)));
}

#[test]
fn html_and_other_roots_are_errors_not_empty_successes() {
    assert!(malformed(&fixture("hostile-html-error.html")).contains("HTML"));
    assert!(malformed(&fixture("hostile-xhtml-error.xml")).contains("HTML"));
    assert!(malformed(&fixture("sabre-error-invalid-sync-token.xml")).contains("DAV:error"));
    assert!(malformed(b"<multistatus><response><href>/a</href></response></multistatus>")
        .contains("expected DAV:multistatus"));
    assert!(malformed(b"<m:multistatus xmlns:m=\"urn:not-dav\"/>").contains("expected DAV:multistatus"));
    assert!(malformed(b"<x:multistatus/>").contains("undeclared prefix"));
    assert!(malformed(b"").contains("empty"));
    assert!(malformed(b"   \n").contains("empty"));
    malformed(b"Internal Server Error");
    malformed(b"{\"error\":\"json\"}");
    malformed(b"<d:multistatus xmlns:d=\"DAV:\"><d:response><d:status>HTTP/1.1 200 OK</d:status></d:response></d:multistatus>");
}

#[test]
fn entities_beyond_xml_own_are_never_expanded() {
    let started = std::time::Instant::now();
    assert!(malformed(&fixture("hostile-billion-laughs.xml")).contains("lol9"));
    assert!(malformed(&fixture("hostile-external-entity.xml")).contains("xxe"));
    assert!(started.elapsed().as_secs() < 2);
    malformed(b"<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/a&#0;</d:href></d:response></d:multistatus>");
    malformed(b"<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/a&#xD800;</d:href></d:response></d:multistatus>");
    // The five predefined entities and character references do work.
    let m = parse_multistatus(
        b"<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/a&amp;b&lt;&gt;&quot;&apos;&#233;&#x153;</d:href></d:response></d:multistatus>",
    )
    .unwrap();
    assert_eq!(m.responses[0].href, "/a&b<>\"'éœ");
}

#[test]
fn nesting_is_capped() {
    let nested = |depth: usize| {
        format!(
            "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/a</d:href><d:propstat><d:prop>{}{}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>",
            "<x>".repeat(depth),
            "</x>".repeat(depth)
        )
    };
    assert!(parse_multistatus(nested(50).as_bytes()).is_ok(), "5 + 50 levels is fine");
    assert!(malformed(nested(100).as_bytes()).contains("nesting"));
    assert!(malformed(nested(100_000).as_bytes()).contains("nesting"));
}

/// A small deterministic generator, so that failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn truncated_and_mutated_bodies_are_errors_never_panics() {
    let names = [
        "radicale-home-depth1.xml",
        "nextcloud-sync-collection.xml",
        "nextcloud-addressbook-multiget.xml",
        "icloud-principal.xml",
        "google-etag-listing.xml",
        "icloud-calendar-multiget-cdata.xml",
    ];
    let mut rng = Lcg(7);
    for name in names {
        let body = fixture(name);
        let end = body.trim_ascii_end().len();
        assert!(parse_multistatus(&body).is_ok(), "{name}");
        // Any cut before the root's closing `>` is a truncated body.
        for cut in 0..end {
            assert!(parse_multistatus(&body[..cut]).is_err(), "{name} cut at {cut} accepted");
        }
        for _ in 0..500 {
            let mut mutated = body.clone();
            for _ in 0..1 + rng.next() % 6 {
                let at = (rng.next() as usize) % mutated.len();
                let specials = b"<>/&;:\"'=![]\x00\xff \n";
                mutated[at] = specials[(rng.next() as usize) % specials.len()];
            }
            let _ = parse_multistatus(&mutated);
            let _ = parse_error_condition(&mutated);
        }
    }
}

/// (depth, "NS:local", text) of every element, namespaces resolved.
fn elements(xml: &str) -> Vec<(usize, String, String)> {
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut out: Vec<(usize, String, String)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        let (ns, event) = reader.read_resolved_event().unwrap_or_else(|e| panic!("{e}: {xml}"));
        match event {
            Event::Start(start) => {
                let ResolveResult::Bound(ns) = ns else { panic!("unbound element in {xml}") };
                let ns = String::from_utf8(ns.as_ref().to_vec()).unwrap();
                let local = String::from_utf8(start.local_name().as_ref().to_vec()).unwrap();
                // Same convention as the parser: "DAV:x", "http://calendarserver.org/ns/x".
                let sep = if ns.ends_with(':') || ns.ends_with('/') { "" } else { ":" };
                out.push((open.len(), format!("{ns}{sep}{local}"), String::new()));
                open.push(out.len() - 1);
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(text) => {
                if let Some(&i) = open.last() {
                    out[i].2.push_str(&text.decode().unwrap());
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().unwrap();
                let value = quick_xml::escape::resolve_predefined_entity(&name).unwrap_or_else(|| panic!("&{name};"));
                if let Some(&i) = open.last() {
                    out[i].2.push_str(value);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty());
    out
}

fn names(xml: &str) -> Vec<String> {
    elements(xml).into_iter().map(|(depth, name, _)| format!("{}{name}", "  ".repeat(depth))).collect()
}

#[test]
fn propfind_bodies_are_well_formed_and_ask_for_the_right_properties() {
    for b in [
        body::current_user_principal(),
        body::addressbook_home_set(),
        body::home_sets(),
        body::schedule_default_calendar(),
        body::list_collections(),
        body::collection_state(),
        body::etag_listing(true),
        body::etag_listing(false),
        body::folder_listing(),
    ] {
        assert!(b.starts_with(r#"<?xml version="1.0" encoding="utf-8"?>"#), "{b}");
        assert_eq!(elements(&b)[..2].iter().map(|e| e.1.as_str()).collect::<Vec<_>>(), ["DAV:propfind", "DAV:prop"]);
    }
    let props = |b: String| -> Vec<String> { elements(&b).into_iter().skip(2).map(|e| e.1).collect() };
    assert_eq!(props(body::current_user_principal()), ["DAV:current-user-principal"]);
    assert_eq!(props(body::addressbook_home_set()), [format!("{CARDDAV}:addressbook-home-set")]);
    assert_eq!(
        props(body::home_sets()),
        [
            format!("{CARDDAV}:addressbook-home-set"),
            "urn:ietf:params:xml:ns:caldav:calendar-home-set".into(),
            "urn:ietf:params:xml:ns:caldav:schedule-inbox-URL".into()
        ]
    );
    assert_eq!(
        props(body::schedule_default_calendar()),
        ["urn:ietf:params:xml:ns:caldav:schedule-default-calendar-URL"]
    );
    let listing = props(body::list_collections());
    for wanted in ["DAV:resourcetype", "DAV:displayname", "DAV:current-user-privilege-set", "DAV:supported-report-set"]
    {
        assert!(listing.iter().any(|p| p == wanted), "{wanted} missing from {listing:?}");
    }
    // Radicale computes these by reading every item: asked per collection only when needed.
    assert!(!listing.iter().any(|p| p == "DAV:sync-token" || p.ends_with("getctag")), "{listing:?}");
    assert_eq!(props(body::collection_state()), ["http://calendarserver.org/ns/getctag"]);
    // The size too: a file over a kind's bound is listed, not downloaded.
    assert_eq!(props(body::etag_listing(true)), ["DAV:getetag", "DAV:resourcetype", "DAV:getcontentlength"]);
    assert_eq!(props(body::etag_listing(false)), ["DAV:getetag", "DAV:resourcetype"]);
    assert_eq!(
        props(body::folder_listing()),
        ["DAV:resourcetype", "DAV:getetag", "DAV:getcontentlength", "DAV:current-user-privilege-set"]
    );
}

#[test]
fn sync_collection_body_escapes_the_token_and_never_limits() {
    let token = "http://sabre.io/ns/sync/12?a=1&b=<2>";
    let b = body::sync_collection(Some(token));
    assert_eq!(
        names(&b),
        ["DAV:sync-collection", "  DAV:sync-token", "  DAV:sync-level", "  DAV:prop", "    DAV:getetag"]
    );
    let e = elements(&b);
    assert_eq!(e[1].2, token, "the token comes back as given");
    assert_eq!(e[2].2, "1");
    assert!(!b.contains("limit"));

    let initial = body::sync_collection(None);
    let e = elements(&initial);
    assert_eq!((e[1].1.as_str(), e[1].2.as_str()), ("DAV:sync-token", ""), "empty token for the first sync");
    assert_eq!(names(&initial).len(), 5);
}

#[test]
fn first_pull_queries_ask_every_resource_with_its_etag_and_data() {
    let b = body::addressbook_query_all();
    assert!(b.starts_with(r#"<?xml version="1.0" encoding="utf-8"?>"#), "{b}");
    assert_eq!(
        names(&b),
        [
            format!("{CARDDAV}:addressbook-query"),
            "  DAV:prop".into(),
            "    DAV:getetag".into(),
            format!("    {CARDDAV}:address-data"),
            format!("  {CARDDAV}:filter"),
        ]
    );
    // RFC 4791 §7.8: a calendar-query needs a filter; VCALENDAR alone matches every resource.
    let b = body::calendar_query_all();
    assert!(b.starts_with(r#"<?xml version="1.0" encoding="utf-8"?>"#), "{b}");
    let caldav = "urn:ietf:params:xml:ns:caldav";
    assert_eq!(
        names(&b),
        [
            format!("{caldav}:calendar-query"),
            "  DAV:prop".into(),
            "    DAV:getetag".into(),
            format!("    {caldav}:calendar-data"),
            format!("  {caldav}:filter"),
            format!("    {caldav}:comp-filter"),
        ]
    );
    assert!(b.contains(r#"name="VCALENDAR""#), "{b}");
}

#[test]
fn multiget_body_carries_each_href_escaped() {
    let hrefs = strings(&[
        "/remote.php/dav/addressbooks/users/alice/contacts/H%C3%A9l%C3%A8ne%20Dub%C5%93uf.vcf",
        "/book/a&b<c>\"d'.vcf",
        "https://p42-contacts.icloud.com:443/1234567890/carddav/card/x.vcf",
    ]);
    let caldav = "urn:ietf:params:xml:ns:caldav";
    for (multiget, report, data) in [
        (
            body::addressbook_multiget as fn(&[String]) -> String,
            format!("{CARDDAV}:addressbook-multiget"),
            format!("{CARDDAV}:address-data"),
        ),
        (body::calendar_multiget, format!("{caldav}:calendar-multiget"), format!("{caldav}:calendar-data")),
    ] {
        let b = multiget(&hrefs);
        assert!(b.starts_with(r#"<?xml version="1.0" encoding="utf-8"?>"#));
        assert!(!b.contains("a&b"), "raw & never reaches the wire");
        let e = elements(&b);
        assert_eq!(e[0].1, report);
        assert_eq!(names(&b)[1..4], ["  DAV:prop".to_string(), "    DAV:getetag".into(), format!("    {data}")]);
        let sent: Vec<String> = e.into_iter().filter(|e| e.1 == "DAV:href").map(|e| e.2).collect();
        assert_eq!(sent, hrefs);
        assert_eq!(elements(&multiget(&[])).len(), 4, "no hrefs, still well-formed");
    }
}
