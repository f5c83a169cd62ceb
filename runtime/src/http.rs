//! The HTTP effect on reqwest (rustls, platform certificate verification).
//! Redirects are never followed here: the core decides, so credentials can
//! never follow a redirect to another origin.
//!
//! Every exchange is bounded: one deadline for the whole of it (connect,
//! headers and body together, so a server trickling a byte at a time
//! cannot stretch it), and a body size cap.

use std::net::IpAddr;
use std::sync::OnceLock;
use std::time::Duration;

use shared::effects::{HttpError, HttpRequest, HttpResponse, HttpResult};

/// Largest body accepted; a hostile server cannot exhaust memory.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Longest wait for a connection, within the deadline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Clone)]
pub struct HttpClient {
    /// Built at the first request: loading the system's certificates costs
    /// a command that only reads the store (an agenda view) a tenth of its time.
    client: OnceLock<Result<reqwest::Client, String>>,
    /// For one whole exchange, from connecting to the body's last byte.
    deadline: Duration,
}

impl HttpClient {
    /// `deadline`: the longest one request may take, body included.
    pub fn new(deadline: Duration) -> Self {
        Self { client: OnceLock::new(), deadline }
    }

    fn client(&self) -> Result<&reqwest::Client, HttpError> {
        self.client
            .get_or_init(|| {
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .connect_timeout(CONNECT_TIMEOUT.min(self.deadline))
                    .timeout(self.deadline)
                    .user_agent(concat!("Nubo/", env!("CARGO_PKG_VERSION")))
                    .build()
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| HttpError::Other(format!("TLS could not start: {e}")))
    }

    pub async fn send(&self, request: HttpRequest) -> HttpResult {
        // reqwest's own total timeout is kept as well; this one also covers
        // the reading loop below, whatever the library version does.
        match tokio::time::timeout(self.deadline, self.exchange(request)).await {
            Ok(result) => result,
            Err(_) => Err(HttpError::Timeout),
        }
    }

    async fn exchange(&self, request: HttpRequest) -> HttpResult {
        let url = reqwest::Url::parse(&request.url).map_err(|e| HttpError::Other(format!("invalid URL: {e}")))?;
        if !secure_enough(&url) {
            // The core refuses these first; this is the last line.
            return Err(HttpError::Other(format!("refused: {} without TLS", url.host_str().unwrap_or(""))));
        }
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| HttpError::Other(format!("invalid method {}", request.method)))?;
        let mut builder = self.client()?.request(method, url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if !request.body.is_empty() {
            builder = builder.body(request.body);
        }
        let mut response = builder.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        if response.content_length().is_some_and(|n| n > MAX_BODY_BYTES as u64) {
            return Err(too_large());
        }
        let headers = response
            .headers()
            .iter()
            .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_string(), v.to_string())))
            .collect();
        // Sized once from Content-Length (already checked against the cap):
        // growing by doubling would briefly hold two copies of a large body.
        let announced = response.content_length().map_or(0, |n| n as usize);
        let mut body = Vec::with_capacity(announced);
        while let Some(chunk) = response.chunk().await.map_err(|e| body_error(&e))? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse { status, headers, body })
    }
}

fn too_large() -> HttpError {
    HttpError::TooLarge { limit_bytes: MAX_BODY_BYTES as u64 }
}

/// `https://` anywhere; `http://` only to this device (loopback).
fn secure_enough(url: &reqwest::Url) -> bool {
    match url.scheme() {
        "https" => true,
        "http" => {
            let host = url.host_str().unwrap_or("");
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            host.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        _ => false,
    }
}

fn body_error(e: &reqwest::Error) -> HttpError {
    if e.is_timeout() {
        HttpError::Timeout
    } else {
        HttpError::Body(describe(e))
    }
}

fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

fn classify(e: reqwest::Error) -> HttpError {
    let text = describe(&e);
    let lower = text.to_ascii_lowercase();
    if e.is_timeout() {
        HttpError::Timeout
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        HttpError::Tls(text)
    } else if e.is_connect() || e.is_request() {
        HttpError::Connect(text)
    } else if e.is_body() || e.is_decode() {
        HttpError::Body(text)
    } else {
        HttpError::Other(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Instant;

    /// A one-connection server on loopback: reads the request head, then
    /// lets `answer` write whatever it wants.
    fn serve_once(answer: impl FnOnce(&mut std::net::TcpStream) + Send + 'static) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            answer(&mut stream);
        });
        url
    }

    fn run(client: &HttpClient, url: &str) -> HttpResult {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(client.send(HttpRequest::new("GET", url)))
    }

    #[test]
    fn a_server_trickling_its_body_cannot_stretch_the_deadline() {
        // One byte every 300 ms: each read is quick, the whole is not.
        let url = serve_once(|s| {
            let _ = s.write_all(b"HTTP/1.1 207 Multi-Status\r\nContent-Length: 100\r\n\r\n");
            for _ in 0..100 {
                if s.write_all(b"<").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(300));
            }
        });
        let client = HttpClient::new(Duration::from_secs(1));
        let started = Instant::now();
        let result = run(&client, &url);
        let took = started.elapsed();
        assert_eq!(result, Err(HttpError::Timeout));
        assert!(took < Duration::from_millis(2_500), "the deadline is for the whole answer: {took:?}");
    }

    #[test]
    fn a_server_trickling_its_headers_cannot_stretch_the_deadline() {
        let url = serve_once(|s| {
            for b in b"HTTP/1.1 200 OK\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
                if s.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(300));
            }
        });
        let client = HttpClient::new(Duration::from_secs(1));
        let started = Instant::now();
        assert_eq!(run(&client, &url), Err(HttpError::Timeout));
        assert!(started.elapsed() < Duration::from_millis(2_500), "{:?}", started.elapsed());
    }

    #[test]
    fn a_body_announced_larger_than_the_cap_is_refused_before_it_is_read() {
        let url = serve_once(|s| {
            let _ = write!(s, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", MAX_BODY_BYTES + 1);
            std::thread::sleep(Duration::from_secs(5));
        });
        let client = HttpClient::new(Duration::from_secs(30));
        let started = Instant::now();
        match run(&client, &url) {
            Err(HttpError::TooLarge { limit_bytes }) => assert_eq!(limit_bytes, MAX_BODY_BYTES as u64),
            other => panic!("{other:?}"),
        }
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn a_quick_answer_arrives_whole() {
        let url = serve_once(|s| {
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"e\"\r\n\r\nhello");
        });
        let response = run(&HttpClient::new(Duration::from_secs(5)), &url).unwrap();
        assert_eq!((response.status, response.body.as_slice()), (200, &b"hello"[..]));
        assert_eq!(response.header_value("etag"), Some("\"e\""));
    }

    #[test]
    fn plain_http_goes_to_this_device_only() {
        let ok = |u: &str| secure_enough(&reqwest::Url::parse(u).unwrap());
        assert!(ok("https://cloud.nubo.coop/remote.php/dav/"));
        assert!(ok("http://127.0.0.1:5232/"));
        assert!(ok("http://127.8.9.10/"));
        assert!(ok("http://[::1]:8080/"));
        assert!(ok("http://localhost:5232/"));
        assert!(!ok("http://cloud.nubo.coop/"));
        assert!(!ok("http://192.168.1.10:5232/"));
        assert!(!ok("http://[::ffff:10.0.0.1]/"));
        assert!(!ok("ftp://127.0.0.1/"));
        let client = HttpClient::new(Duration::from_secs(5));
        // Refused before any connection: 192.0.2.1 is a documentation address.
        match run(&client, "http://192.0.2.1/") {
            Err(HttpError::Other(why)) => assert!(why.contains("without TLS"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
}
