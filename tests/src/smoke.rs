//! The fixtures themselves, against the real servers they start.

use super::*;

const USER: &str = "alice@nubo.test";
const BOOK: &str = "/alice@nubo.test/contacts/";

fn vcard(uid: &str, name: &str) -> String {
    format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{name};;;;\r\nEMAIL:{uid}@nubo.coop\r\nEND:VCARD\r\n")
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

fn propfind(client: &DavClient, path: &str, props: &str) -> (u16, String) {
    let body = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:" xmlns:I="http://apple.com/ns/ical/" xmlns:CS="http://calendarserver.org/ns/"><D:prop>{props}</D:prop></D:propfind>"#
    );
    let (status, _, out) = client.raw("PROPFIND", path, &[("Depth", "0".into())], body.as_bytes());
    (status, text(&out))
}

const SYNC_REPORT: &str = r#"<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"#;

fn multiget(href: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><CR:addressbook-multiget xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><CR:address-data/></D:prop><D:href>{href}</D:href></CR:addressbook-multiget>"#
    )
}

#[test]
fn radicale_keeps_an_address_book_and_its_vcards() {
    let server = Radicale::start();
    server.create_addressbook(USER, "contacts", "Coopérateurs & amis");
    let (_, props) = propfind(server.client(), BOOK, "<D:displayname/><D:resourcetype/>");
    assert_eq!(xml_texts(&props, "displayname"), vec!["Coopérateurs & amis"]);
    assert!(props.contains("addressbook"), "{props}");

    let path = format!("{BOOK}helene.vcf");
    let (status, etag) = server.put(&path, "text/vcard; charset=utf-8", &vcard("helene", "Hélène Dubœuf"));
    assert_eq!(status, 201);
    let etag = etag.expect("an ETag on PUT");
    let (status, body, served_etag) = server.get(&path);
    assert_eq!((status, served_etag.as_deref()), (200, Some(etag.as_str())));
    assert!(body.contains("FN:Hélène Dubœuf"), "{body}");
    let hrefs = server.list_hrefs(BOOK);
    assert_eq!(hrefs.len(), 1, "{hrefs:?}");
    assert!(hrefs[0].ends_with("/contacts/helene.vcf"), "{hrefs:?}");

    // Conditional headers reach the server as sent.
    let again = vcard("helene", "Hélène D.");
    let (status, _, _) = server.raw(
        "PUT",
        &path,
        &[("If-None-Match", "*".into()), ("Content-Type", "text/vcard".into())],
        again.as_bytes(),
    );
    assert_eq!(status, 412);
    let (status, _, _) = server.raw(
        "PUT",
        &path,
        &[("If-Match", "\"stale\"".into()), ("Content-Type", "text/vcard".into())],
        again.as_bytes(),
    );
    assert_eq!(status, 412);

    // RFC 6764 discovery starts here.
    let (status, headers, _) = http(&server.base_url, "GET", "/.well-known/carddav", &[], b"");
    assert!(matches!(status, 301 | 302 | 307 | 308), "{status}");
    assert!(header(&headers, "Location").is_some());

    assert_eq!(server.delete(&path), 200);
    assert!(server.list_hrefs(BOOK).is_empty());
}

#[test]
fn radicale_makes_calendars_with_their_colour() {
    let server = Radicale::start();
    server.create_calendar(USER, "agenda", "Assemblées générales", "#E9322D");
    let (status, props) =
        propfind(server.client(), "/alice@nubo.test/agenda/", "<D:displayname/><I:calendar-color/><D:resourcetype/>");
    assert_eq!(status, 207);
    assert_eq!(xml_texts(&props, "displayname"), vec!["Assemblées générales"]);
    assert!(xml_texts(&props, "calendar-color")[0].starts_with("#E9322D"), "{props}");
    assert!(props.contains("calendar"), "{props}");
}

#[test]
fn radicale_with_users_refuses_a_wrong_password() {
    let server = Radicale::start_with_users(&[(USER, "secret"), ("bob@nubo.test", "hunter2")]);
    let depth0 = [("Depth", "0".to_string())];
    assert_eq!(server.with_auth(USER, "wrong").raw("PROPFIND", "/alice@nubo.test/", &depth0, b"").0, 401);
    assert_eq!(server.with_auth("eve@nubo.test", "secret").raw("PROPFIND", "/eve@nubo.test/", &depth0, b"").0, 401);
    assert_eq!(DavClient::anonymous(&server.base_url).raw("PROPFIND", "/alice@nubo.test/", &depth0, b"").0, 401);
    // The fixture's own requests go in as the first user.
    server.create_addressbook(USER, "contacts", "Coopérateurs");
    assert_eq!(server.with_auth("bob@nubo.test", "hunter2").raw("PROPFIND", "/bob@nubo.test/", &depth0, b"").0, 207);
    // Each member sees only their own collections.
    assert_eq!(server.with_auth("bob@nubo.test", "hunter2").raw("PROPFIND", BOOK, &depth0, b"").0, 403);
}

#[test]
fn the_no_sync_proxy_plays_a_server_without_rfc_6578() {
    let server = Radicale::start();
    server.create_addressbook(USER, "contacts", "Coopérateurs");
    server.put(&format!("{BOOK}jan.vcf"), "text/vcard", &vcard("jan", "Jan Van den Broeck"));
    let props = "<D:supported-report-set/><D:sync-token/><CS:getctag/>";
    let (_, direct) = propfind(server.client(), BOOK, props);
    assert!(direct.contains("sync-collection") && direct.contains("sync-token"), "{direct}");

    let proxy = ProxyServer::start(&server.base_url, ProxyMode::NoSync);
    let via = DavClient::any_user(&proxy.base_url);
    let (status, filtered) = propfind(&via, BOOK, props);
    assert_eq!(status, 207);
    assert!(!filtered.contains("sync-collection"), "{filtered}");
    assert!(!filtered.contains("sync-token"), "{filtered}");
    assert!(filtered.contains("addressbook-multiget") && filtered.contains("getctag"), "{filtered}");

    let (status, _, body) = via.raw("REPORT", BOOK, &[("Depth", "1".into())], SYNC_REPORT.as_bytes());
    assert_eq!(status, 403);
    assert!(text(&body).contains("supported-report"), "{}", text(&body));
    // Everything else still passes.
    let (status, _, body) =
        via.raw("REPORT", BOOK, &[("Depth", "1".into())], multiget(&format!("{BOOK}jan.vcf")).as_bytes());
    assert_eq!(status, 207);
    assert!(text(&body).contains("FN:Jan Van den Broeck"), "{}", text(&body));

    let plain = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let (status, _, body) =
        DavClient::any_user(&plain.base_url).raw("REPORT", BOOK, &[("Depth", "1".into())], SYNC_REPORT.as_bytes());
    assert_eq!(status, 207, "{}", text(&body));
    assert!(text(&body).contains("jan.vcf"));
}

#[test]
fn proxy_faults_hit_the_next_requests_then_everything_passes() {
    let server = Radicale::start();
    server.create_addressbook(USER, "contacts", "Coopérateurs");
    let card = format!("{BOOK}jan.vcf");
    let (_, etag) = server.put(&card, "text/vcard", &vcard("jan", "Jan Van den Broeck"));
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let via = DavClient::any_user(&proxy.base_url);
    let depth1 = [("Depth", "1".to_string())];

    proxy.inject(Fault::Status { code: 503, headers: vec![("Retry-After".into(), "120".into())], count: 2 });
    for _ in 0..2 {
        let (status, headers, _) = via.raw("PROPFIND", BOOK, &depth1, b"");
        assert_eq!((status, header(&headers, "Retry-After")), (503, Some("120")));
    }
    assert_eq!(via.raw("PROPFIND", BOOK, &depth1, b"").0, 207);
    assert_eq!(proxy.requests(), 3);
    let statuses: Vec<u16> = proxy.log().into_iter().map(|(_, _, s)| s).collect();
    assert_eq!(statuses, vec![503, 503, 207]);

    proxy.inject(Fault::Truncate { count: 1 });
    let err = try_http(
        &proxy.base_url,
        "GET",
        &card,
        &[("Authorization", format!("Basic {}", base64(b"alice@nubo.test:x")))],
        b"",
    );
    assert_eq!(err.expect_err("a truncated body").kind(), io::ErrorKind::UnexpectedEof);

    proxy.inject(Fault::MalformedXml { count: 1 });
    let (status, _, body) = via.raw("PROPFIND", BOOK, &depth1, b"");
    assert_eq!(status, 207);
    assert!(!text(&body).contains("</multistatus>"));

    proxy.inject(Fault::Delay { ms: 300, count: 1 });
    let started = Instant::now();
    assert_eq!(via.get(&card).0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    proxy.inject(Fault::Disconnect { count: 1 });
    assert!(try_http(&proxy.base_url, "OPTIONS", "/", &[], b"").is_err());

    // A fault for PUT only leaves reads alone, and never reaches the server.
    proxy.inject_on("PUT", Fault::Status { code: 500, headers: vec![], count: 1 });
    assert_eq!(via.get(&card).0, 200);
    let changed = vcard("jan", "Jan V.");
    assert_eq!(via.raw("PUT", &card, &[("Content-Type", "text/vcard".into())], changed.as_bytes()).0, 500);
    assert!(server.get(&card).1.contains("FN:Jan Van den Broeck"));
    // Conditional headers and ETags cross the proxy.
    let stale = [("If-Match", "\"stale\"".to_string()), ("Content-Type", "text/vcard".into())];
    assert_eq!(via.raw("PUT", &card, &stale, changed.as_bytes()).0, 412);
    let fresh = [("If-Match", etag.clone().unwrap()), ("Content-Type", "text/vcard".into())];
    let (status, headers, _) = via.raw("PUT", &card, &fresh, changed.as_bytes());
    assert!((200..300).contains(&status), "{status}");
    assert!(header(&headers, "ETag").is_some_and(|e| Some(e) != etag.as_deref()));

    proxy.inject(Fault::Status { code: 500, headers: vec![], count: 1000 });
    proxy.clear();
    assert_eq!(via.get(&card).0, 200);
}

#[test]
fn proxy_points_locations_at_itself() {
    let script = "import http.server\n\
        class H(http.server.BaseHTTPRequestHandler):\n\
        \x20   def do_GET(self):\n\
        \x20       self.send_response(302)\n\
        \x20       self.send_header('Location', 'http://127.0.0.1:{port}/dav/alice/')\n\
        \x20       self.send_header('Content-Length', '0')\n\
        \x20       self.end_headers()\n\
        http.server.HTTPServer(('127.0.0.1', {port}), H).serve_forever()\n";
    let upstream = PythonServer::start(&["-c", script]);
    let proxy = ProxyServer::start(&format!("http://127.0.0.1:{}", upstream.port), ProxyMode::Passthrough);
    let (status, headers, _) = http(&proxy.base_url, "GET", "/.well-known/carddav", &[], b"");
    assert_eq!(status, 302);
    assert_eq!(header(&headers, "Location"), Some(format!("{}/dav/alice/", proxy.base_url).as_str()));
}

fn run_python(args: &[&str]) {
    let out = Command::new(venv_python()).args(args).current_dir(repo_root()).output().expect("python");
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn seeded_members_are_served_by_radicale() {
    let dir = tempfile::tempdir().unwrap();
    let (vcards, again, storage) = (dir.path().join("vcards"), dir.path().join("again"), dir.path().join("storage"));
    let s = |p: &Path| p.to_str().unwrap().to_string();
    run_python(&["scripts/seed/contacts.py", "--count", "300", "--out", &s(&vcards)]);
    run_python(&["scripts/seed/contacts.py", "--count", "300", "--out", &s(&again), "--seed", "42"]);
    let files = read_dir_sorted(&vcards);
    assert_eq!(files.len(), 300);
    assert!(files == read_dir_sorted(&again), "the same seed gives the same files");
    for (name, bytes) in &files {
        let card = std::str::from_utf8(bytes).unwrap();
        assert!(card.starts_with("BEGIN:VCARD\r\n") && card.ends_with("END:VCARD\r\n"), "{name}");
        assert!(
            card.split("\r\n").all(|l| l.len() <= 75 && !l.contains('\n')),
            "{name}: folded at 75 octets with CRLF"
        );
        let uid = card.split("\r\n").find_map(|l| l.strip_prefix("UID:")).unwrap();
        assert_eq!(format!("{uid}.vcf"), *name);
    }

    run_python(&[
        "scripts/seed/load_radicale.py",
        "--storage",
        &s(&storage),
        "--user",
        USER,
        "--book",
        "contacts",
        "--display-name",
        "Coopérateurs",
        "--vcards",
        &s(&vcards),
    ]);
    let server = Radicale::start_on(&storage);
    // Radicale parses every item to list it, and fails on a broken one.
    assert_eq!(server.list_hrefs(BOOK).len(), 300, "{}", server.stderr());
    let (_, props) = propfind(server.client(), BOOK, "<D:displayname/><D:resourcetype/>");
    assert_eq!(xml_texts(&props, "displayname"), vec!["Coopérateurs"]);
    let (status, helene, _) = server.get(&format!("{BOOK}helene-duboeuf.vcf"));
    assert_eq!(status, 200);
    for known in ["FN:Hélène Dubœuf", "helene.duboeuf@nubo.coop", "+32 470 12 34 56"] {
        assert!(helene.contains(known), "{known} in {helene}");
    }
    assert!(server.get(&format!("{BOOK}jan-vandenbroeck.vcf")).1.contains("FN:Jan Van den Broeck"));
    assert!(server.get(&format!("{BOOK}francoise-lambert.vcf")).1.contains("FN:Françoise Lambert"));
    let jurgen = server.get(&format!("{BOOK}jurgen-weiss.vcf")).1;
    assert!(jurgen.contains("VERSION:4.0") && jurgen.contains("FN:Jürgen Weiß"), "{jurgen}");
    // Radicale re-serialises what it serves (names upper-cased, lines re-folded).
    let genevieve = server.get(&format!("{BOOK}genevieve-desmet.vcf")).1.replace("\r\n ", "").to_uppercase();
    for known in ["ITEM1.X-ABLABEL:COOPÉRATIVE", "X-NUBO-COOPERATOR-NUMBER", "PHOTO;ENCODING=B;TYPE=JPEG:/9J/"] {
        assert!(genevieve.contains(known), "{known} in {genevieve}");
    }
    // What was loaded can be changed like anything else.
    assert_eq!(server.delete(&format!("{BOOK}francoise-lambert.vcf")), 200);
    assert_eq!(server.list_hrefs(BOOK).len(), 299);
}

#[test]
fn webdav_serves_files_and_checks_passwords() {
    let open = WebDav::start();
    assert_eq!(open.client().mkcol("/notes/"), 201);
    let (status, _) = open.client().put("/notes/AG%20mai.md", "text/markdown", "# Assemblée générale\n");
    assert_eq!(status, 201);
    assert_eq!(std::fs::read_to_string(open.root.join("notes/AG mai.md")).unwrap(), "# Assemblée générale\n");
    assert_eq!(open.client().get("/notes/AG%20mai.md").1, "# Assemblée générale\n");
    assert_eq!(open.client().list_hrefs("/notes/").len(), 1);

    let closed = WebDav::start_with_users(&[("alice", "secret")]);
    assert_eq!(closed.with_auth("alice", "wrong").raw("PUT", "/a.md", &[], b"x").0, 401);
    assert_eq!(DavClient::anonymous(&closed.base_url).raw("GET", "/", &[], b"").0, 401);
    assert_eq!(closed.client().put("/a.md", "text/markdown", "x").0, 201);
}

#[test]
fn a_loaded_calendar_keeps_its_colour_and_a_broken_item_is_loud() {
    let dir = tempfile::tempdir().unwrap();
    let (ics, storage) = (dir.path().join("ics"), dir.path().join("storage"));
    std::fs::create_dir(&ics).unwrap();
    let event = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nubo//seed//EN\r\nBEGIN:VEVENT\r\nUID:ag-2025\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250517T140000Z\r\nDURATION:PT2H\r\nSUMMARY:Assemblée générale\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    std::fs::write(ics.join("ag-2025.ics"), event).unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_string();
    run_python(&[
        "scripts/seed/load_radicale.py",
        "--storage",
        &s(&storage),
        "--user",
        USER,
        "--book",
        "agenda",
        "--kind",
        "calendar",
        "--display-name",
        "Agenda Nubo",
        "--color",
        "#0082C9",
        "--vcards",
        &s(&ics),
    ]);
    let server = Radicale::start_on(&storage);
    let (_, props) =
        propfind(server.client(), "/alice@nubo.test/agenda/", "<D:displayname/><I:calendar-color/><D:resourcetype/>");
    assert_eq!(xml_texts(&props, "calendar-color"), vec!["#0082C9"]);
    assert!(props.contains("calendar"), "{props}");
    assert!(server.get("/alice@nubo.test/agenda/ag-2025.ics").1.contains("SUMMARY:Assemblée générale"));

    std::fs::write(
        storage.join("collection-root/alice@nubo.test/agenda/broken.ics"),
        "BEGIN:VCALENDAR\r\nnot a calendar\r\n",
    )
    .unwrap();
    let depth1 = [("Depth", "1".to_string())];
    assert_eq!(
        server.raw("PROPFIND", "/alice@nubo.test/agenda/", &depth1, b"").0,
        500,
        "a broken seed is not skipped silently"
    );
}
