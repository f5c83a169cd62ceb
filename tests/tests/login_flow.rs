//! Signing in through the server's own page (Nextcloud's Login Flow v2)
//! with the real `nubo` binary. No Nextcloud runs on this machine:
//! `tests/servers/nextcloud_like.py` plays the flow's documented endpoints
//! in front of a real Radicale under `/remote.php/dav/`, needs Basic
//! credentials there (the member's password or an app password the flow
//! gave) and logs which one each DAV request carried. The test is the
//! member's browser: it opens the page the app prints and logs in there.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::Device;
use nubo_tests::{base64, http, PythonServer, Radicale};
use serde_json::Value;

const USER: &str = "marc";
const PASSWORD: &str = "le mot de passe de Marc";

struct Nextcloud {
    server: PythonServer,
    _dir: tempfile::TempDir,
}

impl Nextcloud {
    /// With one address book holding one contact, made with the member's
    /// own password (as on the web).
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("radicale.conf");
        let storage = dir.path().join("storage");
        std::fs::write(&config, format!("[auth]\ntype = none\n[storage]\nfilesystem_folder = {}\n", storage.display()))
            .unwrap();
        let announcements = dir.path().join("announcements.json");
        std::fs::write(&announcements, "[]").unwrap();
        let login = format!("{USER}:{PASSWORD}");
        let server = PythonServer::start(&[
            "tests/servers/nextcloud_like.py",
            "{port}",
            config.to_str().unwrap(),
            announcements.to_str().unwrap(),
            &login,
        ]);
        let nextcloud = Self { server, _dir: dir };
        let auth = [("Authorization", format!("Basic {}", base64(login.as_bytes())))];
        let mkcol = r#"<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype><D:displayname>Contacts</D:displayname></D:prop></D:set></D:mkcol>"#;
        let books = format!("/remote.php/dav/{USER}/contacts/");
        let (status, _, _) = http(&nextcloud.url(), "MKCOL", &books, &auth, mkcol.as_bytes());
        assert_eq!(status, 201);
        let card = common::vcard("lf-1", "Hélène Dubois", "EMAIL:helene@nubo.coop\r\n");
        let (status, _, _) = http(&nextcloud.url(), "PUT", &format!("{books}lf-1.vcf"), &auth, card.as_bytes());
        assert_eq!(status, 201);
        nextcloud
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.server.port)
    }

    /// Which credential each DAV request carried, after the set-up's.
    fn credentials_used(&self) -> Vec<String> {
        let (_, _, body) = http(&self.url(), "GET", "/test/log", &[], b"");
        let log: Vec<Value> = serde_json::from_slice(&body).unwrap();
        log.iter().skip(2).map(|r| r["credential"].as_str().unwrap().to_string()).collect()
    }
}

/// The member, in their browser: opens the page, logs in, allows the app.
fn approve_in_browser(page: &str, password: &str) -> u16 {
    let (origin, path) = page.split_at(page.find("/login/").expect("a login page"));
    let (status, _, _) = http(origin, "GET", path, &[], b"");
    assert_eq!(status, 200, "the page opens");
    let form = format!("user={USER}&password={}", password.replace(' ', "+"));
    let headers = [("Content-Type", "application/x-www-form-urlencoded".to_string())];
    http(origin, "POST", path, &headers, form.as_bytes()).0
}

#[test]
fn the_member_allows_the_app_on_the_server_page_and_the_app_signs_in_with_its_own_app_password() {
    let nextcloud = Nextcloud::start();
    let phone = Device::new();
    let mut nubo = phone
        .command(&["account", "add", "--email", "marc@nubo.coop", "--browser", "--server", &nextcloud.url()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(nubo.stdout.take().unwrap()).lines();
    let said = lines.next().expect("a line").unwrap();
    assert!(said.starts_with("Open this page, sign in and allow the app: "), "{said}");
    let page = said.rsplit(' ').next().unwrap().to_string();
    assert!(page.starts_with(&format!("{}/login/v2/flow/", nextcloud.url())), "{page}");

    // A wrong password on the page grants nothing; the app keeps waiting.
    assert_eq!(approve_in_browser(&page, "not it"), 403);
    std::thread::sleep(std::time::Duration::from_millis(2_500));
    assert_eq!(approve_in_browser(&page, PASSWORD), 200);

    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let out = nubo.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout: {rest:?}\nstderr: {stderr}");
    assert_eq!(rest.first().map(String::as_str), Some("marc@nubo.coop"), "{rest:?}");

    // Signed in as the login name the server gave, the contact is here.
    assert_eq!(phone.names(), ["Hélène Dubois"]);
    let used = nextcloud.credentials_used();
    assert!(used.contains(&"app-password".to_string()), "{used:?}");
    assert!(
        used.iter().all(|c| c == "app-password" || c == "none"),
        "the member's password never went through the app: {used:?}"
    );
    // Later commands read the app password from the secret store.
    let synced = phone.json(&["sync"]);
    assert_eq!(synced["sync"]["failed"], false, "{synced}");
    assert_eq!(nextcloud.credentials_used().last().map(String::as_str), Some("app-password"));
}

#[test]
fn a_server_without_the_flow_says_so_and_nothing_is_signed_in() {
    let radicale = Radicale::start();
    let phone = Device::new();
    let run = phone.run(&["account", "add", "--email", "marc@nubo.coop", "--browser", "--server", &radicale.url()]);
    assert!(!run.ok, "{}", run.stdout);
    assert!(
        run.stderr.contains("This server does not offer signing in through its own page. Sign in with your password."),
        "{}",
        run.stderr
    );
    let shown = phone.run(&["account", "show"]);
    assert!(!shown.ok, "no account: {}", shown.stdout);
}
