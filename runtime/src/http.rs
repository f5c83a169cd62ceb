//! The HTTP effect on reqwest (rustls, platform certificate verification).
//! Redirects are never followed here: the core decides, so credentials can
//! never follow a redirect to another origin.

use std::time::Duration;

use shared::effects::{HttpError, HttpRequest, HttpResponse, HttpResult};

/// Largest body accepted; a hostile server cannot exhaust memory.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone)]
pub struct HttpClient {
    client: reqwest::Client,
}

impl HttpClient {
    pub fn new(timeout: Duration) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(15))
            .read_timeout(timeout)
            .timeout(timeout * 4)
            .user_agent(concat!("Nubo/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { client })
    }

    pub async fn send(&self, request: HttpRequest) -> HttpResult {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| HttpError::Other(format!("invalid method {}", request.method)))?;
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if !request.body.is_empty() {
            builder = builder.body(request.body);
        }
        let mut response = builder.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_string(), v.to_string())))
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| HttpError::Body(describe(&e)))? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(HttpError::Body(format!("response larger than {MAX_BODY_BYTES} bytes")));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse { status, headers, body })
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
