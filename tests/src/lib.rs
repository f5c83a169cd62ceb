//! Test fixtures: real servers on loopback, started and stopped by the
//! tests themselves. Radicale (CalDAV/CardDAV) from the project venv, and a
//! small Python proxy that can play a server without RFC 6578 or inject
//! faults (status codes, truncated and malformed bodies, delays).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("repo root").to_path_buf()
}

pub fn venv_python() -> PathBuf {
    let python = repo_root().join(".venv/bin/python");
    assert!(python.exists(), "no project venv: run scripts/setup-test-env.sh");
    python
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            panic!("{what} exited ({status}) before listening: {err}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not listen on {port} within 30 s");
}

/// A Python program (from the project venv) listening on a loopback port,
/// stopped when dropped.
pub struct PythonServer {
    pub port: u16,
    child: Child,
}

impl PythonServer {
    /// On a free port; `{port}` in `args` is replaced by it.
    pub fn start(args: &[&str]) -> Self {
        Self::start_on(free_port(), args)
    }

    pub fn start_on(port: u16, args: &[&str]) -> Self {
        let args: Vec<String> = args.iter().map(|a| a.replace("{port}", &port.to_string())).collect();
        let mut child = Command::new(venv_python())
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start python {args:?}: {e}"));
        wait_for_port(port, &mut child, &args.join(" "));
        Self { port, child }
    }
}

impl Drop for PythonServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange over a fresh connection (the fixtures need no
/// more; the app itself uses reqwest).
pub fn http(
    base_url: &str,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let authority = base_url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(authority).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("write");
    stream.write_all(body).expect("write body");
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).expect("status line");
    let status: u16 = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status");
    let mut response_headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            response_headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let header = |name: &str| response_headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if header("Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).expect("chunk size");
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).expect("chunk");
            body.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(len) = header("Content-Length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(len, 0);
        reader.read_exact(&mut body).expect("body");
    } else if method != "HEAD" {
        let _ = reader.read_to_end(&mut body);
    }
    (status, response_headers, body)
}

/// A real Radicale on a free loopback port with its storage in a temp dir.
pub struct Radicale {
    pub base_url: String,
    pub port: u16,
    pub storage: PathBuf,
    auth: Option<(String, String)>,
    _server: PythonServer,
    _dir: Option<tempfile::TempDir>,
}

impl Radicale {
    /// Any user name, any password.
    pub fn start() -> Self {
        Self::launch(None, None)
    }

    /// Only these users, with these passwords (a wrong one gets 401).
    pub fn start_with_users(users: &[(&str, &str)]) -> Self {
        Self::launch(Some(users), None)
    }

    /// On an existing storage folder (seeded data), any user.
    pub fn start_on(storage: &Path) -> Self {
        Self::launch(None, Some(storage))
    }

    fn launch(users: Option<&[(&str, &str)]>, storage: Option<&Path>) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = storage.map(Path::to_path_buf).unwrap_or_else(|| dir.path().join("collections"));
        let port = free_port();
        let auth = match users {
            None => "type = none".to_string(),
            Some(users) => {
                let file = dir.path().join("users");
                let lines: String = users.iter().map(|(u, p)| format!("{u}:{p}\n")).collect();
                std::fs::write(&file, lines).expect("htpasswd");
                format!("type = htpasswd\nhtpasswd_filename = {}\nhtpasswd_encryption = plain\ndelay = 0", file.display())
            }
        };
        let config = dir.path().join("config");
        std::fs::write(
            &config,
            format!(
                "[server]\nhosts = 127.0.0.1:{port}\n[auth]\n{auth}\n[storage]\nfilesystem_folder = {}\n[rights]\ntype = owner_only\n[logging]\nlevel = warning\n",
                storage.display()
            ),
        )
        .expect("config");
        let server = PythonServer::start_on(port, &["-m", "radicale", "--config", config.to_str().expect("utf-8 path")]);
        let auth = users.and_then(|u| u.first()).map(|(u, p)| (u.to_string(), p.to_string()));
        Self { base_url: format!("http://127.0.0.1:{port}"), port, storage, auth, _server: server, _dir: Some(dir) }
    }

    /// The same server, with these credentials on the fixture's requests.
    pub fn with_auth(&self, user: &str, password: &str) -> Authed<'_> {
        Authed { server: self, auth: Some((user.to_string(), password.to_string())) }
    }

    fn authed(&self) -> Authed<'_> {
        Authed { server: self, auth: self.auth.clone() }
    }

    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
        self.authed().raw(method, path, headers, body)
    }

    pub fn create_addressbook(&self, user: &str, collection: &str, display_name: &str) {
        self.authed().create_addressbook(user, collection, display_name)
    }

    pub fn create_calendar(&self, user: &str, collection: &str, display_name: &str, color: &str) {
        self.authed().create_calendar(user, collection, display_name, color)
    }

    pub fn put(&self, path: &str, content_type: &str, body: &str) -> (u16, Option<String>) {
        self.authed().put(path, content_type, body)
    }

    pub fn get(&self, path: &str) -> (u16, String, Option<String>) {
        self.authed().get(path)
    }

    pub fn delete(&self, path: &str) -> u16 {
        self.authed().delete(path)
    }

    pub fn list_hrefs(&self, collection_path: &str) -> Vec<String> {
        self.authed().list_hrefs(collection_path)
    }
}

/// Fixture requests with (or without) Basic credentials.
pub struct Authed<'a> {
    server: &'a Radicale,
    auth: Option<(String, String)>,
}

impl Authed<'_> {
    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut all: Vec<(&str, String)> = headers.to_vec();
        let user = self.auth.clone().unwrap_or_else(|| (path.trim_start_matches('/').split('/').next().unwrap_or("test").to_string(), "x".into()));
        all.push(("Authorization", format!("Basic {}", base64(&format!("{}:{}", user.0, user.1)))));
        http(&self.server.base_url, method, path, &all, body)
    }

    pub fn create_addressbook(&self, user: &str, collection: &str, display_name: &str) {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype><D:displayname>{display_name}</D:displayname></D:prop></D:set></D:mkcol>"#
        );
        let (status, _, text) = self.raw("MKCOL", &format!("/{user}/{collection}/"), &[("Content-Type", "application/xml".into())], body.as_bytes());
        assert_eq!(status, 201, "MKCOL address book: {}", String::from_utf8_lossy(&text));
    }

    pub fn create_calendar(&self, user: &str, collection: &str, display_name: &str, color: &str) {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:I="http://apple.com/ns/ical/"><D:set><D:prop><D:displayname>{display_name}</D:displayname><I:calendar-color>{color}</I:calendar-color></D:prop></D:set></C:mkcalendar>"#
        );
        let (status, _, text) = self.raw("MKCALENDAR", &format!("/{user}/{collection}/"), &[("Content-Type", "application/xml".into())], body.as_bytes());
        assert_eq!(status, 201, "MKCALENDAR: {}", String::from_utf8_lossy(&text));
    }

    pub fn put(&self, path: &str, content_type: &str, body: &str) -> (u16, Option<String>) {
        let (status, headers, text) = self.raw("PUT", path, &[("Content-Type", content_type.into())], body.as_bytes());
        assert!((200..300).contains(&status), "PUT {path}: {status} {}", String::from_utf8_lossy(&text));
        (status, headers.into_iter().find(|(k, _)| k.eq_ignore_ascii_case("etag")).map(|(_, v)| v))
    }

    pub fn get(&self, path: &str) -> (u16, String, Option<String>) {
        let (status, headers, body) = self.raw("GET", path, &[], b"");
        let etag = headers.into_iter().find(|(k, _)| k.eq_ignore_ascii_case("etag")).map(|(_, v)| v);
        (status, String::from_utf8_lossy(&body).into_owned(), etag)
    }

    pub fn delete(&self, path: &str) -> u16 {
        self.raw("DELETE", path, &[], b"").0
    }

    /// Member hrefs of a collection (Depth 1 PROPFIND), without the collection.
    pub fn list_hrefs(&self, collection_path: &str) -> Vec<String> {
        let body = br#"<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>"#;
        let (status, _, text) = self.raw("PROPFIND", collection_path, &[("Depth", "1".into())], body);
        assert_eq!(status, 207, "PROPFIND {collection_path}");
        let text = String::from_utf8_lossy(&text);
        let mut hrefs = Vec::new();
        for (at, _) in text.match_indices("href>") {
            // Opening tags only: "<D:href>" or "<href>", not "</D:href>".
            let before = &text[..at];
            let opening = before.rfind('<').is_some_and(|lt| !text[lt + 1..].starts_with('/'));
            if !opening {
                continue;
            }
            let href = text[at + 5..].split('<').next().unwrap_or("").trim().to_string();
            let same_as_collection = href.replace("%40", "@").trim_end_matches('/') == collection_path.replace("%40", "@").trim_end_matches('/');
            if !href.is_empty() && !same_as_collection {
                hrefs.push(href);
            }
        }
        hrefs
    }
}

fn base64(input: &str) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = input.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyMode {
    Passthrough,
    /// A server without RFC 6578 sync-collection.
    NoSync,
}

#[derive(Debug, Clone)]
pub enum Fault {
    Status { code: u16, headers: Vec<(String, String)>, count: u32 },
    Truncate { count: u32 },
    MalformedXml { count: u32 },
    Delay { ms: u64, count: u32 },
}

/// `tests/servers/dav_proxy.py` in front of a server.
pub struct ProxyServer {
    pub base_url: String,
    _server: PythonServer,
}

impl ProxyServer {
    pub fn start(target_base_url: &str, mode: ProxyMode) -> Self {
        let mode = match mode {
            ProxyMode::Passthrough => "passthrough",
            ProxyMode::NoSync => "no-sync",
        };
        let script = repo_root().join("tests/servers/dav_proxy.py");
        let server = PythonServer::start(&[script.to_str().expect("utf-8 path"), "--target", target_base_url, "--port", "{port}", "--mode", mode]);
        Self { base_url: format!("http://127.0.0.1:{}", server.port), _server: server }
    }

    pub fn inject(&self, fault: Fault) {
        let json = match fault {
            Fault::Status { code, headers, count } => {
                let headers: Vec<String> = headers.iter().map(|(k, v)| format!("[\"{k}\", \"{v}\"]")).collect();
                format!(r#"{{"kind":"status","code":{code},"headers":[{}],"count":{count}}}"#, headers.join(","))
            }
            Fault::Truncate { count } => format!(r#"{{"kind":"truncate","count":{count}}}"#),
            Fault::MalformedXml { count } => format!(r#"{{"kind":"malformed","count":{count}}}"#),
            Fault::Delay { ms, count } => format!(r#"{{"kind":"delay","ms":{ms},"count":{count}}}"#),
        };
        let (status, _, _) = http(&self.base_url, "POST", "/__fault", &[("Content-Type", "application/json".into())], json.as_bytes());
        assert_eq!(status, 204);
    }

    pub fn clear(&self) {
        let (status, _, _) = http(&self.base_url, "POST", "/__clear", &[], b"");
        assert_eq!(status, 204);
    }

    /// Requests proxied so far (faulted ones included).
    pub fn requests(&self) -> u64 {
        let (_, _, body) = http(&self.base_url, "GET", "/__count", &[], b"");
        String::from_utf8_lossy(&body).trim().parse().unwrap_or(0)
    }
}

