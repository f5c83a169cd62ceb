//! CardDAV sync end to end: the real `nubo` shell against a real Radicale
//! started on loopback (and, for server faults and a server without
//! RFC 6578, a filtering proxy in front of it).

mod common;

use common::{lines_except, vcard, Device, RICH};
use nubo_tests::{Fault, ProxyMode, ProxyServer, PythonServer, Radicale};

const USER: &str = "alice@nubo.test";
const BOOK_PATH: &str = "/alice@nubo.test/contacts/";

fn server_with_members() -> Radicale {
    let server = Radicale::start();
    server.create_addressbook(USER, "contacts", "Coopérateurs");
    server.put(
        &format!("{BOOK_PATH}helene.vcf"),
        "text/vcard",
        &vcard(
            "helene",
            "Hélène Dubœuf",
            "EMAIL;TYPE=WORK:helene@nubo.coop\r\nTEL;TYPE=CELL:+32 470 12 34 56\r\nORG:Nubo SCRL\r\n",
        ),
    );
    server.put(
        &format!("{BOOK_PATH}jan.vcf"),
        "text/vcard",
        &vcard("jan", "Jan Van den Broeck", "EMAIL:jan@vdbroeck.be\r\nTEL:+32 2 555 01 02\r\n"),
    );
    server.put(
        &format!("{BOOK_PATH}francoise.vcf"),
        "text/vcard",
        &vcard("francoise", "Françoise Lambert", "EMAIL:francoise@nubo.coop\r\n"),
    );
    server
}

fn url(server: &Radicale) -> String {
    format!("{}/", server.base_url.trim_end_matches('/'))
}

fn server_body(server: &Radicale, name: &str) -> String {
    let (status, body, _) = server.get(&format!("{BOOK_PATH}{name}"));
    assert_eq!(status, 200, "GET {name}");
    body
}

#[test]
fn first_sync_brings_every_contact_sorted_and_searchable_without_accents() {
    let server = server_with_members();
    let phone = Device::new();
    let view = phone.sign_in(USER, "any", &url(&server));
    assert_eq!(view["account_email"], USER);
    assert_eq!(view["address_books"][0]["name"], "Coopérateurs");
    assert_eq!(phone.names(), vec!["Françoise Lambert", "Hélène Dubœuf", "Jan Van den Broeck"]);
    // Each command closes the store: the next start has no log to read.
    assert!(!phone.data_dir().join("nubo.sqlite3-wal").exists());

    let found = phone.json(&["contacts", "search", "helene"]);
    let names: Vec<&str> = found["contacts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Hélène Dubœuf"]);
    // Members type Belgian numbers in the national form.
    let by_phone = phone.json(&["contacts", "search", "0470", "12"]);
    assert_eq!(by_phone["contacts"][0]["name"], "Hélène Dubœuf");
    assert_eq!(by_phone["contacts"].as_array().unwrap().len(), 1);
    let nobody = phone.json(&["contacts", "search", "0470", "99"]);
    assert_eq!(nobody["contacts"].as_array().unwrap().len(), 0);
    let by_org = phone.json(&["contacts", "search", "nubo"]);
    assert_eq!(by_org["contacts"].as_array().unwrap().len(), 2);
}

#[test]
fn server_changes_arrive_on_the_next_sync() {
    let server = server_with_members();
    let phone = Device::new();
    phone.sign_in(USER, "any", &url(&server));

    server.put(
        &format!("{BOOK_PATH}jan.vcf"),
        "text/vcard",
        &vcard("jan", "Jan Van den Broeck", "EMAIL:jan@nubo.coop\r\n"),
    );
    server.put(&format!("{BOOK_PATH}geert.vcf"), "text/vcard", &vcard("geert", "Geert De Smet", ""));
    server.delete(&format!("{BOOK_PATH}francoise.vcf"));

    let view = phone.sync();
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    assert_eq!(view["sync"]["status"], "Up to date: 1 added, 1 updated, 1 deleted.");
    assert_eq!(phone.names(), vec!["Geert De Smet", "Hélène Dubœuf", "Jan Van den Broeck"]);
    let jan = phone.show(phone.id_of("Jan Van den Broeck"));
    assert_eq!(jan["fields"]["emails"][0]["value"], "jan@nubo.coop");

    // Nothing changed: nothing is fetched again.
    let view = phone.sync();
    assert_eq!(view["sync"]["status"], "Everything is up to date.");
}

#[test]
fn an_edit_made_while_the_server_is_down_waits_and_is_pushed_later() {
    let server = server_with_members();
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();
    phone.sign_in(USER, "any", &proxy.url());

    proxy.inject(Fault::Status { code: 503, headers: vec![("Retry-After".into(), "120".into())], count: 1000 });
    let id = phone.id_of("Hélène Dubœuf");
    let edit = phone.run(&["contacts", "edit", &id.to_string(), "--phone", "cell:+32 470 99 88 77"]);
    assert!(edit.ok, "{}", edit.stderr);
    let failed = phone.run(&["--json", "sync"]);
    assert!(!failed.ok);
    let view = failed.json();
    assert_eq!(view["sync"]["status"], "Server busy: it asks to wait 2 minutes. Nothing is lost; try again then.");
    assert_eq!(view["sync"]["retry_after_s"], 120);
    assert_eq!(view["pending_changes"], 1);
    assert!(server_body(&server, "helene.vcf").contains("+32 470 12 34 56"), "nothing reached the server");

    proxy.clear();
    let view = phone.sync();
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    assert_eq!(view["pending_changes"], 0);
    let body = server_body(&server, "helene.vcf");
    assert!(body.contains("+32 470 99 88 77"), "{body}");
    assert!(!body.contains("+32 470 12 34 56"), "{body}");
    assert!(body.contains("helene@nubo.coop"), "other fields kept: {body}");
}

#[test]
fn contacts_created_and_deleted_offline_reach_the_server() {
    let server = server_with_members();
    let phone = Device::new();
    phone.sign_in(USER, "any", &url(&server));
    let add = phone.run(&[
        "contacts",
        "add",
        "--name",
        "Ilse Peeters",
        "--email",
        "work:ilse@peeters.be",
        "--phone",
        "+32 9 123 45 67",
        "--org",
        "VZW Buurtwerk",
    ]);
    assert!(add.ok, "{}", add.stderr);
    let rm = phone.run(&["contacts", "rm", &phone.id_of("Françoise Lambert").to_string()]);
    assert!(rm.ok, "{}", rm.stderr);
    // What was deleted is shown, as it was when `rm` opened it.
    assert!(rm.stdout.starts_with("Françoise Lambert\n"), "{}", rm.stdout);
    let view = phone.sync();
    assert_eq!(view["sync"]["status"], "Up to date: 2 sent.");

    let hrefs = server.list_hrefs(BOOK_PATH);
    assert_eq!(hrefs.len(), 3, "{hrefs:?}");
    assert!(!hrefs.iter().any(|h| h.ends_with("francoise.vcf")));
    let laptop = Device::new();
    laptop.sign_in(USER, "any", &url(&server));
    assert_eq!(laptop.names(), vec!["Hélène Dubœuf", "Ilse Peeters", "Jan Van den Broeck"]);
    let ilse = laptop.show(laptop.id_of("Ilse Peeters"));
    assert_eq!(ilse["fields"]["org"], "VZW Buurtwerk");
    assert_eq!(ilse["fields"]["emails"][0]["value"], "ilse@peeters.be");
}

#[test]
fn two_devices_editing_the_same_contact_keep_both_versions_and_say_so() {
    let server = server_with_members();
    let phone = Device::new();
    let laptop = Device::new();
    phone.sign_in(USER, "any", &url(&server));
    laptop.sign_in(USER, "any", &url(&server));

    let on_phone = phone.id_of("Hélène Dubœuf");
    assert!(phone.run(&["contacts", "edit", &on_phone.to_string(), "--phone", "+32 470 11 11 11"]).ok);
    assert_eq!(phone.sync()["sync"]["failed"], false);

    let on_laptop = laptop.id_of("Hélène Dubœuf");
    assert!(laptop.run(&["contacts", "edit", &on_laptop.to_string(), "--phone", "+32 470 22 22 22"]).ok);
    let view = laptop.sync();
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    let conflicts = view["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{}", view["sync"]);
    assert_eq!(
        conflicts[0]["message"],
        "“Hélène Dubœuf” was changed elsewhere while you edited it. Both versions are kept: choose."
    );
    assert_eq!(conflicts[0]["mine"]["phones"][0]["value"], "+32 470 22 22 22", "the laptop's edit is kept");
    let shown = laptop.show(on_laptop);
    assert_eq!(shown["fields"]["phones"][0]["value"], "+32 470 11 11 11", "the server's version is shown");
    assert!(server_body(&server, "helene.vcf").contains("+32 470 11 11 11"), "no silent overwrite");

    // The member keeps both: the laptop's version becomes a second contact.
    let conflict_id = conflicts[0]["id"].as_i64().unwrap();
    assert!(laptop.run(&["conflicts", "resolve", &conflict_id.to_string(), "both"]).ok);
    // Resolved: the same id again (or any unknown one) is said, not silently done.
    let again = laptop.run(&["conflicts", "resolve", &conflict_id.to_string(), "mine"]);
    assert!(!again.ok && again.stderr.starts_with("nubo: "), "{}", again.stderr);
    assert_eq!(laptop.sync()["conflicts"].as_array().unwrap().len(), 0);
    assert_eq!(server.list_hrefs(BOOK_PATH).len(), 4);
    assert_eq!(phone.sync()["sync"]["failed"], false);
    let phones: Vec<String> = phone
        .contacts()
        .iter()
        .filter(|c| c["name"] == "Hélène Dubœuf")
        .map(|c| phone.show(c["id"].as_i64().unwrap())["fields"]["phones"][0]["value"].as_str().unwrap().to_string())
        .collect();
    let mut phones = phones;
    phones.sort();
    assert_eq!(phones, vec!["+32 470 11 11 11", "+32 470 22 22 22"]);
}

#[test]
fn properties_the_app_does_not_edit_survive_an_edit_round_trip() {
    let server = Radicale::start();
    server.create_addressbook(USER, "contacts", "Coopérateurs");
    server.put(&format!("{BOOK_PATH}rich.vcf"), "text/vcard", RICH);
    // Radicale normalises what it stores; compare with what it serves.
    let before = server_body(&server, "rich.vcf");
    let phone = Device::new();
    phone.sign_in(USER, "any", &url(&server));
    let id = phone.id_of("Marie-Claire Dubois");
    let shown = phone.show(id);
    assert_eq!(shown["fields"]["emails"][0]["value"], "mc@nubo.coop");
    assert_eq!(shown["fields"]["note"], "Présidente de l'AG 2025, à rappeler");
    assert_eq!(shown["fields"]["has_photo"], true);

    assert!(phone.run(&["contacts", "edit", &id.to_string(), "--phone", "cell:+32 475 99 99 99"]).ok);
    assert_eq!(phone.sync()["sync"]["failed"], false);
    let after = server_body(&server, "rich.vcf");
    assert!(after.contains("+32 475 99 99 99"), "{after}");
    assert_eq!(
        lines_except(&after, &["TEL", "REV"]),
        lines_except(&before, &["TEL", "REV"]),
        "every property but the edited phone is kept as it was"
    );
}

#[test]
fn a_server_without_sync_collection_is_synced_with_ctag_and_etags() {
    let server = server_with_members();
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::NoSync);
    let phone = Device::new();
    let view = phone.sign_in(USER, "any", &proxy.url());
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    assert_eq!(phone.names().len(), 3);
    // The data came in one query, as with RFC 6578: the getctag, no listing.
    assert_eq!(proxy.count_since(0, "PROPFIND", BOOK_PATH), 1, "{:?}", proxy.log());
    assert_eq!(proxy.count_since(0, "REPORT", BOOK_PATH), 1, "{:?}", proxy.log());

    server.put(&format!("{BOOK_PATH}geert.vcf"), "text/vcard", &vcard("geert", "Geert De Smet", ""));
    server.delete(&format!("{BOOK_PATH}jan.vcf"));
    let view = phone.sync();
    assert_eq!(view["sync"]["status"], "Up to date: 1 added, 1 deleted.");
    assert_eq!(phone.names(), vec!["Françoise Lambert", "Geert De Smet", "Hélène Dubœuf"]);
    // Unchanged ctag: nothing listed, nothing fetched.
    assert_eq!(phone.sync()["sync"]["status"], "Everything is up to date.");
}

#[test]
fn a_first_sync_takes_the_data_in_one_report_and_the_token_when_something_first_changes() {
    let server = server_with_members();
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();
    phone.sign_in(USER, "any", &proxy.url());
    assert_eq!(phone.names().len(), 3, "every contact, from one query");
    assert_eq!(proxy.count_since(0, "REPORT", BOOK_PATH), 1, "no sync-collection, no multiget: {:?}", proxy.log());
    assert_eq!(proxy.count_since(0, "PROPFIND", BOOK_PATH), 1, "the getctag, before the data: {:?}", proxy.log());

    // An unmoved getctag ends the next sync.
    let seen = proxy.log().len();
    assert_eq!(phone.sync()["sync"]["status"], "Everything is up to date.");
    let book: Vec<_> = proxy.log()[seen..].iter().filter(|(_, path, _)| path == BOOK_PATH).cloned().collect();
    assert_eq!(book, [("PROPFIND".to_string(), BOOK_PATH.to_string(), 207)]);

    // The first change: the full token listing, then only what changed.
    server.put(&format!("{BOOK_PATH}jan.vcf"), "text/vcard", &vcard("jan", "Jan Peeters", ""));
    let seen = proxy.log().len();
    assert_eq!(phone.sync()["sync"]["status"], "Up to date: 1 updated.");
    assert_eq!(proxy.count_since(seen, "REPORT", BOOK_PATH), 2, "sync-collection and one multiget");
    assert_eq!(phone.names(), vec!["Françoise Lambert", "Hélène Dubœuf", "Jan Peeters"]);

    // From the token on: incremental.
    server.delete(&format!("{BOOK_PATH}helene.vcf"));
    let seen = proxy.log().len();
    assert_eq!(phone.sync()["sync"]["status"], "Up to date: 1 deleted.");
    assert_eq!(proxy.count_since(seen, "REPORT", BOOK_PATH), 1, "a deletion needs no multiget");
    assert_eq!(phone.names(), vec!["Françoise Lambert", "Jan Peeters"]);
}

#[test]
fn wrong_password_is_said_plainly_and_nothing_is_stored() {
    let server = Radicale::start_with_users(&[(USER, "correct horse")]);
    let phone = Device::new();
    let mut c = phone.command(&["--json", "account", "add", "--email", USER, "--server", &url(&server)]);
    c.env("NUBO_PASSWORD", "wrong");
    let out = c.output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Wrong address or password."));
    assert!(!phone.data_dir().join("secrets.json").exists(), "a refused password is not kept");
    let show = phone.run(&["account", "show"]);
    assert!(!show.ok);
    assert!(show.stderr.contains("You are not signed in: sign in first."));
}

#[test]
fn a_login_name_that_is_not_the_address_is_asked_for_and_then_used() {
    // Baïkal, Cyrus, many LDAP setups: the server knows the member as "helene".
    let server = Radicale::start_with_users(&[("helene", "correct horse")]);
    server.with_auth("helene", "correct horse").create_addressbook("helene", "contacts", "Coopérateurs");
    let phone = Device::new();
    let add = |extra: &[&str]| {
        let mut args = vec!["--lang", "fr", "account", "add", "--email", "helene@nubo.test", "--server"];
        let url = url(&server);
        args.push(&url);
        args.extend_from_slice(extra);
        let mut c = phone.command(&args);
        c.env("NUBO_PASSWORD", "correct horse");
        c.output().unwrap()
    };
    let refused = add(&[]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr).to_string();
    assert!(
        said.contains(
            "Adresse ou mot de passe incorrect. Si votre nom d’utilisateur n’est pas votre adresse, indiquez-le aussi."
        ),
        "{said}"
    );
    let signed_in = add(&["--user", "helene"]);
    assert!(signed_in.status.success(), "{}", String::from_utf8_lossy(&signed_in.stderr));
    let show = phone.run(&["--json", "account", "show"]);
    assert!(show.ok && show.stdout.contains("helene@nubo.test"), "{}", show.stdout);
    // Later syncs sign in with that name from what was kept.
    assert_eq!(phone.sync()["sync"]["failed"], false);
}

#[test]
fn the_password_is_kept_only_in_the_secret_file_readable_by_the_member() {
    let server = Radicale::start_with_users(&[(USER, "correct horse")]);
    server.with_auth(USER, "correct horse").create_addressbook(USER, "contacts", "Coopérateurs");
    let phone = Device::new();
    phone.sign_in(USER, "correct horse", &url(&server));
    let secrets = phone.data_dir().join("secrets.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&secrets).unwrap().permissions().mode() & 0o777, 0o600);
        // Other local users can read neither the address book nor the folder.
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(phone.data_dir()), 0o700, "the data folder");
    }
    let db = std::fs::read(phone.data_dir().join("nubo.sqlite3")).unwrap();
    assert!(!db.windows(b"correct horse".len()).any(|w| w == b"correct horse"), "no password in the database");
    // A later run signs in from secure storage alone.
    assert_eq!(phone.sync()["sync"]["failed"], false);
}

#[test]
fn hostile_and_broken_server_answers_end_in_clear_errors_with_local_data_intact() {
    let server = server_with_members();
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();
    phone.sign_in(USER, "any", &proxy.url());
    server.put(&format!("{BOOK_PATH}geert.vcf"), "text/vcard", &vcard("geert", "Geert De Smet", ""));
    let before = phone.names();
    assert_eq!(before.len(), 3);

    let cases: Vec<(Fault, &str)> = vec![
        (Fault::MalformedXml { count: 1000 }, "Unreadable server response"),
        (Fault::Truncate { count: 1000 }, "Unreadable server response"),
        (Fault::Status { code: 500, headers: vec![], count: 1000 }, "Server error. Nothing is lost; try again later."),
        (Fault::Status { code: 503, headers: vec![], count: 1000 }, "Server busy. Nothing is lost; try again later."),
    ];
    for (fault, expected) in cases {
        proxy.inject(fault);
        let run = phone.run(&["--json", "sync"]);
        assert!(!run.ok, "a failed sync exits non-zero");
        let status = run.json()["sync"]["status"].as_str().unwrap().to_string();
        assert!(status.starts_with(expected), "{status}");
        assert_eq!(phone.names(), before, "local data intact after {expected}");
        proxy.clear();
    }
    // Recovery: the next sync completes the interrupted work.
    assert_eq!(phone.sync()["sync"]["failed"], false);
    assert_eq!(phone.names().len(), 4);
}

#[test]
fn a_server_that_is_down_or_not_carddav_is_named_as_such() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let phone = Device::new();
    let server = format!("http://127.0.0.1:{closed}/");
    let mut c = phone.command(&["--verbose", "account", "add", "--email", USER, "--server", &server]);
    c.env("NUBO_PASSWORD", "x");
    let out = c.output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Server unreachable"), "{stderr}");
    // The sentence names no address; --verbose adds the library's words.
    assert!(stderr.contains("nubo: detail: "), "{stderr}");

    // A plain web server: it answers, but speaks no WebDAV.
    let site = tempfile::tempdir().unwrap();
    let web = PythonServer::start(&[
        "-m",
        "http.server",
        "{port}",
        "--bind",
        "127.0.0.1",
        "--directory",
        site.path().to_str().unwrap(),
    ]);
    let mut c = phone.command(&[
        "--lang",
        "fr",
        "account",
        "add",
        "--email",
        USER,
        "--server",
        &format!("http://127.0.0.1:{}/", web.port),
    ]);
    c.env("NUBO_PASSWORD", "x");
    let out = c.output().unwrap();
    drop(web);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Ce serveur ne propose ni carnet d’adresses ni agenda à synchroniser."), "{stderr}");
}

#[test]
fn a_server_whose_certificate_is_not_trusted_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
        ])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("openssl");
    assert!(made.success());
    let serve = format!(
        "import http.server, ssl\ns = http.server.HTTPServer(('127.0.0.1', {{port}}), http.server.SimpleHTTPRequestHandler)\nc = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\nc.load_cert_chain({:?}, {:?})\ns.socket = c.wrap_socket(s.socket, server_side=True)\ns.serve_forever()\n",
        cert.to_str().unwrap(),
        key.to_str().unwrap()
    );
    let server = PythonServer::start(&["-c", &serve]);
    let phone = Device::new();
    let mut c =
        phone.command(&["account", "add", "--email", USER, "--server", &format!("https://127.0.0.1:{}/", server.port)]);
    c.env("NUBO_PASSWORD", "never sent");
    let out = c.output().unwrap();
    drop(server);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Insecure connection refused"), "{stderr}");
    assert!(!phone.data_dir().join("secrets.json").exists());
}

#[test]
fn the_accounts_calendars_are_listed_with_their_colour() {
    let server = server_with_members();
    server.create_calendar(USER, "agenda", "Agenda Nubo", "#0082C9");
    server.create_calendar(USER, "ag", "Assemblées générales", "#E9322D");
    let phone = Device::new();
    phone.sign_in(USER, "any", &url(&server));
    let view = phone.json(&["calendars"]);
    let calendars: Vec<(String, String)> = view["calendars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), c["color"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        calendars,
        vec![
            ("Agenda Nubo".to_string(), "#0082C9".to_string()),
            ("Assemblées générales".to_string(), "#E9322D".to_string())
        ]
    );
    // A calendar removed on the server goes from the list at the next sync.
    assert_eq!(server.delete("/alice@nubo.test/ag/"), 200);
    phone.sync();
    assert_eq!(phone.json(&["calendars"])["calendars"].as_array().unwrap().len(), 1);
}

#[test]
fn an_edit_of_a_contact_the_server_deleted_is_sent_again_in_the_same_sync() {
    let server = server_with_members();
    let phone = Device::new();
    phone.sign_in(USER, "any", &url(&server));
    let id = phone.id_of("Jan Van den Broeck");
    assert!(phone.run(&["contacts", "edit", &id.to_string(), "--phone", "cell:+32 476 00 11 22"]).ok);
    server.delete(&format!("{BOOK_PATH}jan.vcf"));

    let view = phone.sync();
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    // The edit is on the server after this one sync, not the next one.
    assert_eq!(view["pending_changes"], 0, "{}", view["sync"]);
    let bodies: Vec<String> = server
        .list_hrefs(BOOK_PATH)
        .iter()
        .filter_map(|h| h.rsplit('/').next().filter(|n| n.ends_with(".vcf")))
        .map(|n| server_body(&server, n))
        .collect();
    assert!(bodies.iter().any(|b| b.contains("+32 476 00 11 22")), "{bodies:?}");
    assert_eq!(view["sync"]["status"], "Up to date: 1 sent.");
}

#[test]
fn many_changes_are_fetched_two_multigets_at_a_time() {
    let server = server_with_members();
    for i in 0..247 {
        let name = format!("Coopérateur {i:03}");
        server.put(&format!("{BOOK_PATH}c{i}.vcf"), "text/vcard", &vcard(&format!("c{i}"), &name, ""));
    }
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();
    // The first pull's query refused: the token listing, then 3
    // multigets, each held a moment, as a slow network would.
    proxy.inject_on("REPORT", Fault::Status { code: 403, headers: vec![], count: 1 });
    proxy.inject_on("REPORT", Fault::Delay { ms: 300, count: 10 });
    let view = phone.sign_in(USER, "any", &proxy.url());
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    assert_eq!(phone.names().len(), 250);
    assert_eq!(proxy.count_since(0, "REPORT", BOOK_PATH), 5, "{:?}", proxy.log());
    assert_eq!(proxy.most_in_flight("REPORT"), 2, "the next batch asked while one is applied, no more");
}
