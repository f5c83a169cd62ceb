//! DAV requests over the core's HTTP effect: Basic auth sent only to the
//! account's origin, redirects followed by hand (the runtime never follows
//! them) and every failure mapped to a [`RemoteError`] the member can read.

use base64::Engine as _;
use crux_core::command::CommandContext;

use super::url::{resolve, same_origin};
use crate::effects::{Effect, HttpError, HttpRequest, HttpResponse};
use crate::i18n::Text;

/// What can go wrong talking to the server. Each maps to a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteError {
    Unreachable(String),
    Tls(String),
    Unauthorized,
    Forbidden,
    NotFound,
    /// Redirect to another origin outside discovery, or too many redirects.
    RedirectRefused,
    Server {
        status: u16,
        retry_after_s: Option<u64>,
    },
    BadResponse(String),
    NotDav,
}

impl RemoteError {
    pub fn text(&self) -> Text {
        match self {
            Self::Unreachable(d) => Text::ServerUnreachable(d.clone()),
            Self::Tls(d) => Text::TlsFailure(d.clone()),
            Self::Unauthorized => Text::WrongPassword,
            Self::Forbidden => Text::Forbidden,
            Self::NotFound | Self::NotDav => Text::NotADavServer,
            Self::RedirectRefused => Text::RedirectRefused,
            Self::Server { status: 503, retry_after_s } | Self::Server { status: 429, retry_after_s } => {
                Text::ServerBusy { retry_after_s: *retry_after_s }
            }
            Self::Server { status, .. } => Text::ServerError(*status),
            Self::BadResponse(d) => Text::BadResponse(d.clone()),
        }
    }

    /// Errors after which retrying the same request later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Unreachable(_) | Self::Server { .. })
    }
}

impl From<crate::dav::xml::DavError> for RemoteError {
    fn from(e: crate::dav::xml::DavError) -> Self {
        Self::BadResponse(e.to_string())
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}, <redacted>)", self.username)
    }
}

pub type Ctx<Ev> = CommandContext<Effect, Ev>;

const MAX_REDIRECTS: usize = 5;

/// A DAV session bound to one origin.
#[derive(Debug, Clone)]
pub struct DavClient {
    pub credentials: Credentials,
    /// The only origin that receives the credentials.
    pub origin_url: String,
}

impl DavClient {
    pub fn new(credentials: Credentials, origin_url: impl Into<String>) -> Self {
        Self { credentials, origin_url: origin_url.into() }
    }

    fn authorization(&self) -> String {
        let raw = format!("{}:{}", self.credentials.username, self.credentials.password);
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw))
    }

    /// Sends a request, following same-origin redirects. Returns the final
    /// response (any status) and the URL that answered.
    pub async fn send<Ev: Send + 'static>(
        &self,
        ctx: &Ctx<Ev>,
        request: HttpRequest,
    ) -> Result<(HttpResponse, String), RemoteError> {
        self.send_inner(ctx, request, false).await
    }

    /// As [`send`](Self::send), but a redirect may move to another origin
    /// (RFC 6764 `.well-known` discovery). The client then adopts the new
    /// origin: credentials go there and nowhere else.
    pub async fn send_discovering<Ev: Send + 'static>(
        &mut self,
        ctx: &Ctx<Ev>,
        request: HttpRequest,
    ) -> Result<(HttpResponse, String), RemoteError> {
        let (response, url) = self.send_inner(ctx, request, true).await?;
        if !same_origin(&url, &self.origin_url) {
            self.origin_url = url.clone();
        }
        Ok((response, url))
    }

    async fn send_inner<Ev: Send + 'static>(
        &self,
        ctx: &Ctx<Ev>,
        mut request: HttpRequest,
        allow_other_origin: bool,
    ) -> Result<(HttpResponse, String), RemoteError> {
        let mut origin = self.origin_url.clone();
        for _ in 0..=MAX_REDIRECTS {
            let mut sent = request.clone();
            if same_origin(&sent.url, &origin) {
                sent = sent.header("Authorization", self.authorization());
            }
            let response = ctx.request_from_shell(sent).await.map_err(map_http_error)?;
            if !matches!(response.status, 301 | 302 | 303 | 307 | 308) {
                return Ok((response, request.url));
            }
            let location = response
                .header_value("Location")
                .and_then(|l| resolve(&request.url, l))
                .ok_or_else(|| RemoteError::BadResponse("redirect without Location".into()))?;
            if !same_origin(&location, &origin) {
                if !allow_other_origin {
                    return Err(RemoteError::RedirectRefused);
                }
                origin = location.clone();
            }
            if response.status == 303 {
                request.method = "GET".into();
                request.body.clear();
            }
            request.url = location;
        }
        Err(RemoteError::RedirectRefused)
    }

    /// Sends and requires a 2xx status; maps the others to errors.
    pub async fn send_ok<Ev: Send + 'static>(
        &self,
        ctx: &Ctx<Ev>,
        request: HttpRequest,
    ) -> Result<HttpResponse, RemoteError> {
        let (response, _) = self.send(ctx, request).await?;
        check_status(response)
    }
}

pub fn map_http_error(e: HttpError) -> RemoteError {
    match e {
        HttpError::Connect(d) => RemoteError::Unreachable(d),
        HttpError::Timeout => RemoteError::Unreachable("timeout".into()),
        HttpError::Tls(d) => RemoteError::Tls(d),
        HttpError::Body(d) => RemoteError::BadResponse(d),
        HttpError::Other(d) => RemoteError::Unreachable(d),
    }
}

/// 2xx passes; everything else becomes the error a member can act on.
pub fn check_status(response: HttpResponse) -> Result<HttpResponse, RemoteError> {
    match response.status {
        200..=299 => Ok(response),
        401 => Err(RemoteError::Unauthorized),
        403 => Err(RemoteError::Forbidden),
        404 | 405 | 501 => Err(RemoteError::NotFound),
        status @ (429 | 500..=599) => Err(RemoteError::Server {
            status,
            retry_after_s: response.header_value("Retry-After").and_then(|v| v.trim().parse().ok()),
        }),
        status => Err(RemoteError::BadResponse(format!("HTTP {status}"))),
    }
}

pub fn propfind(url: &str, depth: &str, body: String) -> HttpRequest {
    HttpRequest::new("PROPFIND", url)
        .header("Depth", depth)
        .header("Content-Type", "application/xml; charset=utf-8")
        .body(body)
}

pub fn report(url: &str, depth: &str, body: String) -> HttpRequest {
    HttpRequest::new("REPORT", url)
        .header("Depth", depth)
        .header("Content-Type", "application/xml; charset=utf-8")
        .body(body)
}
