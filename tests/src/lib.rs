//! Test fixtures: real servers on loopback, started and stopped by the
//! tests themselves, from the project venv (`scripts/setup-test-env.sh`).
//!
//! - [`Radicale`]: CalDAV/CardDAV, any user or an htpasswd user list.
//! - [`ProxyServer`]: `tests/servers/dav_filter_proxy.py` in front of a
//!   server; plays a server without RFC 6578 or injects faults.
//! - [`WebDav`]: wsgidav, a plain WebDAV file server (notes).
//! - [`Xandikos`]: a second CalDAV/CardDAV server (git-backed), so sync is
//!   shown against two independent implementations.
//! - [`PythonServer`]: any Python program listening on a free port.
//! - [`DavClient`]: a bare HTTP/1.1 client to seed and inspect servers.
//! - [`faults`]: seeded schedules and the counts fault suites write.
//!
//! Each server takes a free 127.0.0.1 port, is waited for (20 s at most,
//! its stderr in the panic message otherwise) and is killed when dropped.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub mod faults;
#[cfg(test)]
mod smoke;

const START_TIMEOUT: Duration = Duration::from_secs(20);

/// The repository root (this crate lives in `<root>/tests`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("repo root").to_path_buf()
}

/// The project venv's interpreter, where Radicale, wsgidav and vdirsyncer live.
pub fn venv_python() -> PathBuf {
    let python = repo_root().join(".venv/bin/python");
    assert!(python.exists(), "no project venv at {}: run scripts/setup-test-env.sh", python.display());
    python
}

/// A loopback port free right now (a race with other programs is possible,
/// hence the retries in [`PythonServer::start`]).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// A Python program (from the project venv) listening on a loopback port,
/// killed when dropped. Its stderr goes to a file, not a pipe: a chatty
/// server would otherwise block once the pipe is full.
pub struct PythonServer {
    pub port: u16,
    child: Child,
    log: tempfile::NamedTempFile,
}

impl PythonServer {
    /// On a free port; `{port}` in `args` is replaced by it. Another free
    /// port is tried when the chosen one was taken meanwhile.
    pub fn start(args: &[&str]) -> Self {
        Self::start_checked(args, |_| true)
    }

    /// On this port; `{port}` in `args` is replaced by it.
    pub fn start_on(port: u16, args: &[&str]) -> Self {
        Self::spawn(port, args, &|_| true).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`start`](Self::start), and ready only once `ready(port)` says so.
    pub fn start_checked(args: &[&str], ready: impl Fn(u16) -> bool) -> Self {
        let mut last = String::new();
        for _ in 0..5 {
            match Self::spawn(free_port(), args, &ready) {
                Ok(server) => return server,
                Err(e) if e.contains("in use") => last = e,
                Err(e) => panic!("{e}"),
            }
        }
        panic!("{last}")
    }

    fn spawn(port: u16, args: &[&str], ready: &dyn Fn(u16) -> bool) -> Result<Self, String> {
        let args: Vec<String> = args.iter().map(|a| a.replace("{port}", &port.to_string())).collect();
        let log = tempfile::NamedTempFile::new().expect("log file");
        let child = Command::new(venv_python())
            .args(&args)
            .current_dir(repo_root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log.reopen().expect("log file"))
            .spawn()
            .unwrap_or_else(|e| panic!("start python {args:?}: {e}"));
        let mut server = Self { port, child, log };
        let what = args.join(" ");
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() && ready(port) {
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("{what}\nexited ({status}) before answering on port {port}:\n{}", server.stderr()));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{what}\ndid not answer on port {port} within {START_TIMEOUT:?}:\n{}",
                    server.stderr()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the program wrote to stderr so far (for failure messages).
    pub fn stderr(&self) -> String {
        std::fs::read(self.log.path()).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for PythonServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Status, headers and body of one HTTP answer.
pub type Response = (u16, Vec<(String, String)>, Vec<u8>);

/// The first header of that name (any case).
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// One HTTP/1.1 exchange over a fresh connection (the fixtures need no
/// more; the app itself uses reqwest). Panics on a transport error.
pub fn http(base_url: &str, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Response {
    try_http(base_url, method, path, headers, body).unwrap_or_else(|e| panic!("{method} {base_url}{path}: {e}"))
}

/// Like [`http`], with transport errors (refused, reset, truncated body)
/// returned: fault-injection tests look at them.
pub fn try_http(
    base_url: &str,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> io::Result<Response> {
    let authority = base_url.trim_start_matches("http://").split('/').next().unwrap_or_default();
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    if !body.is_empty() || !matches!(method, "GET" | "HEAD" | "DELETE" | "OPTIONS") {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    stream.write_all(body)?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("no status line: {status_line:?}")))?;
    let mut response_headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            response_headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut body = Vec::new();
    let bodiless = method == "HEAD" || status == 204 || status == 304 || status < 200;
    if bodiless {
    } else if header(&response_headers, "Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let n = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk)?;
            body.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(len) = header(&response_headers, "Content-Length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(len, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok((status, response_headers, body))
}

/// Requests to a DAV server, with or without Basic credentials. Asserting
/// helpers (`put`, `create_*`, `list_hrefs`) panic with the server's answer
/// when it is not the expected one; [`raw`](Self::raw) never asserts.
#[derive(Clone, Debug)]
pub struct DavClient {
    pub base_url: String,
    auth: Auth,
}

#[derive(Clone, Debug)]
enum Auth {
    /// No Authorization header.
    Anonymous,
    /// Radicale with any user: the path's first segment, any password.
    UserFromPath,
    Basic(String, String),
}

impl DavClient {
    /// Without credentials.
    pub fn anonymous(base_url: &str) -> Self {
        Self { base_url: base_url.trim_end_matches('/').to_string(), auth: Auth::Anonymous }
    }

    /// For a Radicale started with [`Radicale::start`] (or behind a proxy):
    /// the path's first segment as user name, any password.
    pub fn any_user(base_url: &str) -> Self {
        Self { base_url: base_url.trim_end_matches('/').to_string(), auth: Auth::UserFromPath }
    }

    /// With these Basic credentials on every request.
    pub fn with_auth(base_url: &str, user: &str, password: &str) -> Self {
        Self { base_url: base_url.trim_end_matches('/').to_string(), auth: Auth::Basic(user.into(), password.into()) }
    }

    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Response {
        let mut all: Vec<(&str, String)> = headers.to_vec();
        let credentials = match &self.auth {
            Auth::Anonymous => None,
            Auth::UserFromPath => {
                let user = path.trim_start_matches('/').split('/').next().filter(|u| !u.is_empty()).unwrap_or("test");
                Some(format!("{}:x", percent_decode(user)))
            }
            Auth::Basic(user, password) => Some(format!("{user}:{password}")),
        };
        if let Some(c) = credentials {
            if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("authorization")) {
                all.push(("Authorization", format!("Basic {}", base64(c.as_bytes()))));
            }
        }
        http(&self.base_url, method, path, &all, body)
    }

    /// MKCOL with the RFC 5689 extended body making it a CardDAV address
    /// book (`/{user}/{collection}/`).
    pub fn create_addressbook(&self, user: &str, collection: &str, display_name: &str) {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype><D:displayname>{}</D:displayname></D:prop></D:set></D:mkcol>"#,
            xml_escape(display_name)
        );
        let path = format!("/{user}/{collection}/");
        let (status, _, text) =
            self.raw("MKCOL", &path, &[("Content-Type", "application/xml; charset=utf-8".into())], body.as_bytes());
        assert_eq!(status, 201, "MKCOL address book {path}: {}", String::from_utf8_lossy(&text));
    }

    /// MKCALENDAR (RFC 4791) with a name and an Apple calendar-color.
    pub fn create_calendar(&self, user: &str, collection: &str, display_name: &str, color: &str) {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:I="http://apple.com/ns/ical/"><D:set><D:prop><D:displayname>{}</D:displayname><I:calendar-color>{}</I:calendar-color><C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"#,
            xml_escape(display_name),
            xml_escape(color)
        );
        let path = format!("/{user}/{collection}/");
        let (status, _, text) = self.raw(
            "MKCALENDAR",
            &path,
            &[("Content-Type", "application/xml; charset=utf-8".into())],
            body.as_bytes(),
        );
        assert_eq!(status, 201, "MKCALENDAR {path}: {}", String::from_utf8_lossy(&text));
    }

    /// Plain MKCOL (a WebDAV folder).
    pub fn mkcol(&self, path: &str) -> u16 {
        self.raw("MKCOL", path, &[], b"").0
    }

    /// PUT; asserts a 2xx answer. Returns the status and the ETag, if any.
    pub fn put(&self, path: &str, content_type: &str, body: &str) -> (u16, Option<String>) {
        let (status, headers, text) = self.raw("PUT", path, &[("Content-Type", content_type.into())], body.as_bytes());
        assert!((200..300).contains(&status), "PUT {path}: {status} {}", String::from_utf8_lossy(&text));
        (status, header(&headers, "ETag").map(str::to_string))
    }

    /// GET: status, body (UTF-8, lossy) and ETag.
    pub fn get(&self, path: &str) -> (u16, String, Option<String>) {
        let (status, headers, body) = self.raw("GET", path, &[], b"");
        (status, String::from_utf8_lossy(&body).into_owned(), header(&headers, "ETag").map(str::to_string))
    }

    /// DELETE; returns the status.
    pub fn delete(&self, path: &str) -> u16 {
        self.raw("DELETE", path, &[], b"").0
    }

    /// Member hrefs of a collection (Depth 1 PROPFIND), as the server wrote
    /// them (percent-encoded), without the collection itself.
    pub fn list_hrefs(&self, collection_path: &str) -> Vec<String> {
        let body = br#"<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>"#;
        let (status, _, text) = self.raw(
            "PROPFIND",
            collection_path,
            &[("Depth", "1".into()), ("Content-Type", "application/xml; charset=utf-8".into())],
            body,
        );
        assert_eq!(status, 207, "PROPFIND {collection_path}: {}", String::from_utf8_lossy(&text));
        let this = percent_decode(collection_path.trim_end_matches('/'));
        xml_texts(&String::from_utf8_lossy(&text), "href")
            .into_iter()
            .filter(|h| {
                let path =
                    h.split_once("://").map_or(h.as_str(), |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
                percent_decode(path.trim_end_matches('/')) != this
            })
            .collect()
    }
}

/// Text of every `<name>` / `<x:name>` element (no nesting needed here).
pub fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[..gt];
        let local = tag.split_whitespace().next().unwrap_or("").rsplit(':').next().unwrap_or("");
        if local == name && !tag.starts_with('/') && !tag.ends_with('/') {
            let inner = &rest[gt + 1..];
            let end = inner.find('<').unwrap_or(inner.len());
            out.push(xml_unescape(inner[..end].trim()));
        }
        rest = &rest[gt + 1..];
    }
    out
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= chunk.len() { TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// A real Radicale 3 on a free loopback port, its storage in a temp dir (or
/// a given folder), configured only by a generated file (`--config`), so no
/// user or system config applies.
pub struct Radicale {
    pub base_url: String,
    pub port: u16,
    /// The filesystem storage (`collection-root/<user>/<collection>/`).
    pub storage: PathBuf,
    client: DavClient,
    // Dropped in this order: the process first, then its files.
    server: PythonServer,
    _dir: tempfile::TempDir,
}

impl Radicale {
    /// Any user name, any password (`[auth] type = none`).
    pub fn start() -> Self {
        Self::launch(None, None)
    }

    /// Only these users, with these passwords (htpasswd, plain); a wrong
    /// password gets 401. The fixture's own requests use the first user.
    pub fn start_with_users(users: &[(&str, &str)]) -> Self {
        Self::launch(Some(users), None)
    }

    /// On an existing storage folder (seeded by `scripts/seed/load_radicale.py`), any user.
    pub fn start_on(storage: &Path) -> Self {
        Self::launch(None, Some(storage))
    }

    /// On an existing storage folder, only these users.
    pub fn start_on_with_users(storage: &Path, users: &[(&str, &str)]) -> Self {
        Self::launch(Some(users), Some(storage))
    }

    /// Any user, with plain WebDAV files under `/files/` on the same origin
    /// (`tests/servers/dav_with_files.py`), as a Nextcloud serves notes:
    /// `files_root()` is the served folder.
    pub fn start_with_files() -> Self {
        Self::launch_with(None, None, true)
    }

    /// The folder served under `/files/`, when started with files.
    pub fn files_root(&self) -> PathBuf {
        self._dir.path().join("files")
    }

    fn launch(users: Option<&[(&str, &str)]>, storage: Option<&Path>) -> Self {
        Self::launch_with(users, storage, false)
    }

    fn launch_with(users: Option<&[(&str, &str)]>, storage: Option<&Path>, files: bool) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = storage.map(Path::to_path_buf).unwrap_or_else(|| dir.path().join("collections"));
        let auth = match users {
            None => "type = none".to_string(),
            Some(users) => {
                let file = dir.path().join("users");
                let lines: String = users.iter().map(|(u, p)| format!("{u}:{p}\n")).collect();
                std::fs::write(&file, lines).expect("htpasswd");
                // No delay after a wrong password: tests try wrong ones on purpose.
                format!(
                    "type = htpasswd\nhtpasswd_filename = {}\nhtpasswd_encryption = plain\ndelay = 0",
                    file.display()
                )
            }
        };
        let config = dir.path().join("config");
        std::fs::write(
            &config,
            format!(
                "[server]\n\
                 # The address comes on the command line, once a free port is found.\n\
                 max_connections = 20\n\
                 # No pause after a 5xx: tests provoke some on purpose.\n\
                 delay_on_error = 0\n\
                 [auth]\n{auth}\n\
                 [storage]\nfilesystem_folder = {}\n\
                 # A broken seeded item fails loudly instead of vanishing from listings.\n\
                 skip_broken_item = False\n\
                 [rights]\ntype = owner_only\n\
                 [logging]\nlevel = warning\n",
                storage.display()
            ),
        )
        .expect("config");
        let config_arg = config.to_str().expect("utf-8 path");
        let files_root = dir.path().join("files");
        let script = repo_root().join("tests/servers/dav_with_files.py");
        let args: Vec<&str> = if files {
            std::fs::create_dir(&files_root).expect("files root");
            let script = script.to_str().expect("utf-8 path");
            vec![script, "{port}", config_arg, files_root.to_str().expect("utf-8 path")]
        } else {
            vec!["-m", "radicale", "--config", config_arg, "--server-hosts", "127.0.0.1:{port}"]
        };
        // Ready once it answers HTTP, not merely once the socket listens.
        let server = PythonServer::start_checked(&args, |port| {
            try_http(&format!("http://127.0.0.1:{port}"), "OPTIONS", "/", &[], b"").is_ok()
        });
        let base_url = format!("http://127.0.0.1:{}", server.port);
        let client = match users.and_then(|u| u.first()) {
            Some((u, p)) => DavClient::with_auth(&base_url, u, p),
            None => DavClient::any_user(&base_url),
        };
        Self { port: server.port, base_url, storage, client, server, _dir: dir }
    }

    /// `base_url` with a trailing slash, as a member would type it.
    pub fn url(&self) -> String {
        format!("{}/", self.base_url)
    }

    /// The fixture's client (any user: the path's first segment; with
    /// users: the first one).
    pub fn client(&self) -> &DavClient {
        &self.client
    }

    /// A client with these credentials.
    pub fn with_auth(&self, user: &str, password: &str) -> DavClient {
        DavClient::with_auth(&self.base_url, user, password)
    }

    /// Radicale's log so far (warnings and errors).
    pub fn stderr(&self) -> String {
        self.server.stderr()
    }

    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Response {
        self.client.raw(method, path, headers, body)
    }

    pub fn create_addressbook(&self, user: &str, collection: &str, display_name: &str) {
        self.client.create_addressbook(user, collection, display_name)
    }

    pub fn create_calendar(&self, user: &str, collection: &str, display_name: &str, color: &str) {
        self.client.create_calendar(user, collection, display_name, color)
    }

    pub fn put(&self, path: &str, content_type: &str, body: &str) -> (u16, Option<String>) {
        self.client.put(path, content_type, body)
    }

    pub fn get(&self, path: &str) -> (u16, String, Option<String>) {
        self.client.get(path)
    }

    pub fn delete(&self, path: &str) -> u16 {
        self.client.delete(path)
    }

    pub fn list_hrefs(&self, collection_path: &str) -> Vec<String> {
        self.client.list_hrefs(collection_path)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyMode {
    /// Every method and header forwarded as it is.
    Passthrough,
    /// A server without RFC 6578: no sync-collection in supported-report-set,
    /// no DAV:sync-token, and the REPORT refused (403 supported-report).
    NoSync,
}

/// A fault for the next `count` requests through the proxy.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answered by the proxy with this status and headers (e.g. 503 with
    /// `Retry-After`); the request never reaches the server.
    Status { code: u16, headers: Vec<(String, String)>, count: u32 },
    /// Forwarded; the answer's headers carry the full Content-Length, then
    /// the connection closes halfway through the body.
    Truncate { count: u32 },
    /// Forwarded (the server acts on it); answered 207 with broken XML.
    MalformedXml { count: u32 },
    /// Forwarded after a pause.
    Delay { ms: u64, count: u32 },
    /// Not forwarded; the connection is closed without an answer.
    Disconnect { count: u32 },
}

impl Fault {
    fn json(&self, method: Option<&str>) -> String {
        let s = json_string;
        let mut json = match self {
            Fault::Status { code, headers, count } => {
                let headers: Vec<String> = headers.iter().map(|(k, v)| format!("[{},{}]", s(k), s(v))).collect();
                format!(r#"{{"kind":"status","code":{code},"headers":[{}],"count":{count}"#, headers.join(","))
            }
            Fault::Truncate { count } => format!(r#"{{"kind":"truncate","count":{count}"#),
            Fault::MalformedXml { count } => format!(r#"{{"kind":"malformed","count":{count}"#),
            Fault::Delay { ms, count } => format!(r#"{{"kind":"delay","ms":{ms},"count":{count}"#),
            Fault::Disconnect { count } => format!(r#"{{"kind":"disconnect","count":{count}"#),
        };
        if let Some(m) = method {
            json.push_str(&format!(r#","method":{}"#, s(m)));
        }
        json.push('}');
        json
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `tests/servers/dav_filter_proxy.py` in front of a server (Location
/// headers rewritten to the proxy's origin).
pub struct ProxyServer {
    pub base_url: String,
    pub port: u16,
    server: PythonServer,
}

impl ProxyServer {
    pub fn start(target_base_url: &str, mode: ProxyMode) -> Self {
        let mode = match mode {
            ProxyMode::Passthrough => "passthrough",
            ProxyMode::NoSync => "no-sync",
        };
        let script = repo_root().join("tests/servers/dav_filter_proxy.py");
        let server = PythonServer::start(&[
            script.to_str().expect("utf-8 path"),
            "--target",
            target_base_url.trim_end_matches('/'),
            "--port",
            "{port}",
            "--mode",
            mode,
        ]);
        Self { base_url: format!("http://127.0.0.1:{}", server.port), port: server.port, server }
    }

    /// Queues a fault for the next requests, whatever their method (faults
    /// apply one after the other, in the order given).
    pub fn inject(&self, fault: Fault) {
        self.control("POST", "/__fault", fault.json(None).as_bytes());
    }

    /// Queues a fault for the next requests of this method only (e.g. "PUT").
    pub fn inject_on(&self, method: &str, fault: Fault) {
        self.control("POST", "/__fault", fault.json(Some(method)).as_bytes());
    }

    /// Drops every queued fault: requests pass again.
    pub fn clear(&self) {
        self.control("POST", "/__clear", b"");
    }

    /// Requests proxied so far (faulted ones included).
    pub fn requests(&self) -> u64 {
        String::from_utf8_lossy(&self.control("GET", "/__count", b"")).trim().parse().unwrap_or(0)
    }

    /// The most requests of `method` the proxy held at once so far.
    pub fn most_in_flight(&self, method: &str) -> u64 {
        let text = String::from_utf8_lossy(&self.control("GET", "/__in_flight", b"")).into_owned();
        text.lines().find_map(|line| line.strip_prefix(method)?.strip_prefix(' ')?.trim().parse().ok()).unwrap_or(0)
    }

    /// `base_url` with a trailing slash, as a member would type it.
    pub fn url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// Requests with this method to exactly this path, from entry `from`
    /// of the log on (take `log().len()` before the step to count).
    pub fn count_since(&self, from: usize, method: &str, path: &str) -> usize {
        self.log()[from..].iter().filter(|(m, p, _)| m == method && p == path).count()
    }

    /// Method, path and status of every request so far (0: disconnected).
    pub fn log(&self) -> Vec<(String, String, u16)> {
        let text = self.control("GET", "/__log", b"");
        String::from_utf8_lossy(&text)
            .lines()
            .filter_map(|l| {
                let mut parts = l.split(' ');
                Some((parts.next()?.to_string(), parts.next()?.to_string(), parts.next()?.parse().ok()?))
            })
            .collect()
    }

    /// The proxy's own log (its stderr).
    pub fn stderr(&self) -> String {
        self.server.stderr()
    }

    fn control(&self, method: &str, path: &str, body: &[u8]) -> Vec<u8> {
        let (status, _, text) =
            http(&self.base_url, method, path, &[("Content-Type", "application/json".into())], body);
        assert!((200..300).contains(&status), "proxy {path}: {status} {}", String::from_utf8_lossy(&text));
        text
    }
}

/// wsgidav (with cheroot), a plain WebDAV file server, serving a temp dir.
pub struct WebDav {
    pub base_url: String,
    pub port: u16,
    /// The served folder: what the server holds, readable directly.
    pub root: PathBuf,
    client: DavClient,
    server: PythonServer,
    _dir: tempfile::TempDir,
}

impl WebDav {
    /// Anonymous read-write access.
    pub fn start() -> Self {
        Self::launch(None)
    }

    /// Basic auth for these users only; a wrong password gets 401. The
    /// fixture's own requests use the first user.
    pub fn start_with_users(users: &[(&str, &str)]) -> Self {
        Self::launch(Some(users))
    }

    fn launch(users: Option<&[(&str, &str)]>) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("root");
        std::fs::create_dir(&root).expect("root");
        let mapping = match users {
            None => "true".to_string(),
            Some(users) => {
                let entries: Vec<String> = users
                    .iter()
                    .map(|(u, p)| format!(r#"{}:{{"password":{}}}"#, json_string(u), json_string(p)))
                    .collect();
                format!("{{{}}}", entries.join(","))
            }
        };
        let config = dir.path().join("wsgidav.json");
        // Basic only (no Digest), so clients and tests behave as with Radicale.
        std::fs::write(
            &config,
            format!(
                r#"{{"host":"127.0.0.1","server":"cheroot","verbose":1,"provider_mapping":{{"/":{}}},"simple_dc":{{"user_mapping":{{"*":{mapping}}}}},"http_authenticator":{{"accept_basic":true,"accept_digest":false,"default_to_digest":false}},"dir_browser":{{"enable":false}}}}"#,
                json_string(root.to_str().expect("utf-8 path"))
            ),
        )
        .expect("config");
        let server = PythonServer::start_checked(
            &["-m", "wsgidav.server.server_cli", "--config", config.to_str().expect("utf-8 path"), "--port", "{port}"],
            |port| try_http(&format!("http://127.0.0.1:{port}"), "OPTIONS", "/", &[], b"").is_ok(),
        );
        let base_url = format!("http://127.0.0.1:{}", server.port);
        let client = match users.and_then(|u| u.first()) {
            Some((u, p)) => DavClient::with_auth(&base_url, u, p),
            None => DavClient::anonymous(&base_url),
        };
        Self { port: server.port, base_url, root, client, server, _dir: dir }
    }

    pub fn url(&self) -> String {
        format!("{}/", self.base_url)
    }

    pub fn client(&self) -> &DavClient {
        &self.client
    }

    pub fn with_auth(&self, user: &str, password: &str) -> DavClient {
        DavClient::with_auth(&self.base_url, user, password)
    }

    pub fn stderr(&self) -> String {
        self.server.stderr()
    }
}

/// A real Xandikos (CalDAV/CardDAV over git repositories) on a free loopback
/// port, anonymous (it asks for a password only over TLS), with the address
/// book and calendar its `--defaults` create for its one user.
pub struct Xandikos {
    pub base_url: String,
    /// The served folder: one git repository per collection.
    pub root: PathBuf,
    client: DavClient,
    server: PythonServer,
    _dir: tempfile::TempDir,
}

impl Xandikos {
    pub const BOOK: &'static str = "/user/contacts/addressbook/";
    pub const CALENDAR: &'static str = "/user/calendars/calendar/";

    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("root");
        let served = root.to_str().expect("utf-8 path");
        let server = PythonServer::start_checked(
            &["-m", "xandikos", "serve", "--defaults", "-d", served, "-l", "127.0.0.1", "-p", "{port}"],
            |port| try_http(&format!("http://127.0.0.1:{port}"), "OPTIONS", "/", &[], b"").is_ok(),
        );
        let base_url = format!("http://127.0.0.1:{}", server.port);
        let client = DavClient::anonymous(&base_url);
        Self { base_url, root, client, server, _dir: dir }
    }

    /// `base_url` with a trailing slash, as a member would type it.
    pub fn url(&self) -> String {
        format!("{}/", self.base_url)
    }

    pub fn client(&self) -> &DavClient {
        &self.client
    }

    pub fn stderr(&self) -> String {
        self.server.stderr()
    }
}
