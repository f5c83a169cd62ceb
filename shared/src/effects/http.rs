//! The HTTP effect. Our own operation rather than `crux_http` so that the
//! request carries exactly what DAV needs (any method, raw bodies, no
//! automatic redirects) and so that credentials never appear in `Debug`.

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Builder and look-up methods shared by requests and responses.
macro_rules! message_methods {
    ($type:ty) => {
        impl $type {
            pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
                self.headers.push((name.into(), value.into()));
                self
            }

            pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
                self.body = body.into();
                self
            }

            /// Case-insensitive, as HTTP header names are.
            pub fn header_value(&self, name: &str) -> Option<&str> {
                self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
            }
        }
    };
}

message_methods!(HttpRequest);
message_methods!(HttpResponse);

impl HttpRequest {
    pub fn new(method: &str, url: impl Into<String>) -> Self {
        Self { method: method.into(), url: url.into(), headers: Vec::new(), body: Vec::new() }
    }
}

/// Redacts `Authorization` so that logging a request never logs a password.
impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                if k.eq_ignore_ascii_case("authorization") {
                    (k.as_str(), "<redacted>")
                } else {
                    (k.as_str(), v.as_str())
                }
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn new(status: u16) -> Self {
        Self { status, headers: Vec::new(), body: Vec::new() }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A failure below HTTP: the request never got a status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HttpError {
    /// DNS failure, connection refused, unreachable network.
    Connect(String),
    Timeout,
    /// Certificate not trusted or TLS handshake failed; never bypassed.
    Tls(String),
    /// The body could not be read completely (connection dropped mid-response).
    Body(String),
    /// The body is larger than the runtime accepts (`limit_bytes`).
    TooLarge {
        limit_bytes: u64,
    },
    Other(String),
}

pub type HttpResult = Result<HttpResponse, HttpError>;

impl Operation for HttpRequest {
    type Output = HttpResult;
}
