//! DAV requests over the core's HTTP effect, bound to one origin (scheme,
//! host, port): nothing is asked of another, `http://` only on this device,
//! redirects followed by hand (the runtime never follows them) and never
//! from `https://` to `http://`. Basic credentials go to that origin only,
//! and only once it has asked for them (a 401 with a Basic challenge), in
//! this session or, for an account, in an earlier one.
//! Every failure maps to a [`RemoteError`] the member can read.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use base64::Engine as _;
use crux_core::command::CommandContext;

use super::url::{authority, is_downgrade, origin, resolve, same_origin, secure_transport};
use crate::effects::store::Account;
use crate::effects::{Effect, HttpError, HttpRequest, HttpResponse};
use crate::i18n::{Limit, Text};

/// What can go wrong talking to the server. Each maps to a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteError {
    Unreachable(String),
    Tls(String),
    Unauthorized,
    /// At sign-in, refused with the e-mail address as the login name.
    UnauthorizedAsEmail,
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
    /// Discovery leads to a host the member has not accepted (RFC 6764 from
    /// their e-mail domain, or a redirect): nothing was sent to it. The
    /// shell asks the member and signs in again with `accept_host`.
    HostNeedsApproval {
        host: String,
    },
    /// A principal, home set or request on another origin than the
    /// account's: refused, nothing sent there.
    OtherOrigin {
        host: String,
    },
    /// `http://` to a host that is not this device.
    Insecure {
        host: String,
    },
    /// A redirect from `https://` to `http://`.
    InsecureRedirect,
    /// The server went past one of the bounds on what a sync reads.
    TooMuch(Limit),
    /// The server offers no Login Flow v2 (not a Nextcloud, or too old).
    NoLoginFlow,
    /// The member did not approve the app on the server's page in time.
    LoginFlowExpired,
}

impl RemoteError {
    pub fn text(&self) -> Text {
        match self {
            Self::Unreachable(d) => Text::ServerUnreachable(d.clone()),
            Self::Tls(d) => Text::TlsFailure(d.clone()),
            Self::Unauthorized => Text::WrongPassword,
            Self::UnauthorizedAsEmail => Text::WrongPasswordOrUserName,
            Self::Forbidden => Text::Forbidden,
            Self::NotFound => Text::NotFoundOnServer,
            Self::NotDav => Text::NotADavServer,
            Self::RedirectRefused => Text::RedirectRefused,
            Self::Server { status: 503, retry_after_s } | Self::Server { status: 429, retry_after_s } => {
                Text::ServerBusy { retry_after_s: *retry_after_s }
            }
            Self::Server { status: 423, .. } => Text::ServerLocked,
            Self::Server { status: 507, .. } => Text::ServerStorageFull,
            Self::Server { status, .. } => Text::ServerError(*status),
            Self::BadResponse(d) => Text::BadResponse(d.clone()),
            Self::HostNeedsApproval { host } => Text::HostNeedsApproval(host.clone()),
            Self::OtherOrigin { host } => Text::OtherSiteRefused(host.clone()),
            Self::Insecure { host } => Text::InsecureServer(host.clone()),
            Self::InsecureRedirect => Text::InsecureRedirect,
            Self::TooMuch(limit) => Text::ServerSentTooMuch(*limit),
            Self::NoLoginFlow => Text::NoBrowserSignIn,
            Self::LoginFlowExpired => Text::BrowserSignInExpired,
        }
    }

    /// At sign-in a 404 means the address leads to no address book or
    /// agenda (later, that one thing is gone from the server), and nothing
    /// is on this device yet: no sentence says it is kept.
    pub fn sign_in_text(&self) -> Text {
        match self {
            Self::NotFound => Text::NotADavServer,
            Self::Unreachable(d) => Text::SignInUnreachable(d.clone()),
            Self::Server { status: 423 | 507, .. } => self.text(),
            Self::Server { status, .. } if *status >= 500 || *status == 429 => Text::SignInServerTrouble(*status),
            other => other.text(),
        }
    }

    /// Errors after which retrying the same request later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Unreachable(_) | Self::Server { .. })
    }

    /// The server (or what leads to it) breaks a rule that protects the
    /// member's credentials: said before any other failure.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Self::RedirectRefused | Self::OtherOrigin { .. } | Self::Insecure { .. } | Self::InsecureRedirect
        )
    }
}

impl From<crate::dav::xml::DavError> for RemoteError {
    fn from(e: crate::dav::xml::DavError) -> Self {
        match e {
            crate::dav::xml::DavError::TooManyEntries(n) => Self::TooMuch(Limit::Entries(n)),
            crate::dav::xml::DavError::Malformed(_) => Self::BadResponse(e.to_string()),
        }
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

/// Whether discovery may move to this URL's origin (the member named or
/// accepted its host); else the error to stop with.
pub type MayMoveTo<'a> = &'a (dyn Fn(&str) -> Result<(), RemoteError> + Sync);

fn host_of(url: &str) -> String {
    authority(url).unwrap_or_else(|| url.to_string())
}

/// `https://`, or `http://` to this device.
pub fn check_transport(url: &str) -> Result<(), RemoteError> {
    if url::Url::parse(url).is_err() {
        Err(RemoteError::Unreachable(format!("invalid address {url}")))
    } else if secure_transport(url) {
        Ok(())
    } else {
        Err(RemoteError::Insecure { host: host_of(url) })
    }
}

/// On the account's origin, or refused.
pub fn check_origin(url: &str, account_origin: &str) -> Result<(), RemoteError> {
    if same_origin(url, account_origin) {
        Ok(())
    } else {
        Err(RemoteError::OtherOrigin { host: host_of(url) })
    }
}

/// A DAV session bound to one origin.
#[derive(Debug, Clone)]
pub struct DavClient {
    pub credentials: Credentials,
    /// The only origin asked, and the only one that receives the
    /// credentials ("https://cloud.nubo.coop").
    pub origin_url: String,
    /// That origin answered 401 with a Basic challenge: from then on the
    /// credentials go with every request to it. Shared by clones.
    challenged: Arc<AtomicBool>,
}

/// Where a request ended: the origin, and whether it has challenged us.
struct Session {
    origin: String,
    challenged: Arc<AtomicBool>,
}

impl DavClient {
    pub fn new(credentials: Credentials, origin_url: impl Into<String>) -> Self {
        let origin_url = origin_url.into();
        let origin_url = origin(&origin_url).unwrap_or(origin_url);
        Self { credentials, origin_url, challenged: Arc::default() }
    }

    /// A session on the account's origin: it carries the credentials from
    /// its first request when that origin asked for them before
    /// ([`Account::credentials_asked`]).
    pub fn for_account(credentials: Credentials, account: &Account) -> Self {
        let client = Self::new(credentials, account.server_url.clone());
        client.challenged.store(account.credentials_asked, Ordering::SeqCst);
        client
    }

    /// The origin has asked for the credentials (in this session or before).
    pub fn credentials_asked(&self) -> bool {
        self.challenged.load(Ordering::SeqCst)
    }

    fn authorization(&self) -> String {
        let raw = format!("{}:{}", self.credentials.username, self.credentials.password);
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw))
    }

    /// Sends a request to the account's origin, following same-origin
    /// redirects. Returns the final response (any status) and the URL that
    /// answered. A URL on another origin is refused unsent.
    pub async fn send<Ev: Send + 'static>(
        &self,
        ctx: &Ctx<Ev>,
        request: HttpRequest,
    ) -> Result<(HttpResponse, String), RemoteError> {
        let session = Session { origin: self.origin_url.clone(), challenged: self.challenged.clone() };
        let (response, url, _) = self.send_inner(ctx, request, session, None).await?;
        Ok((response, url))
    }

    /// As [`send`](Self::send), for the first step of RFC 6764 discovery:
    /// a redirect may move to another origin when `may_move_to` allows it
    /// (the member named or accepted that host). The client then adopts
    /// the new origin: credentials go there, once it asks, and nowhere else.
    pub async fn send_discovering<Ev: Send + 'static>(
        &mut self,
        ctx: &Ctx<Ev>,
        request: HttpRequest,
        may_move_to: MayMoveTo<'_>,
    ) -> Result<(HttpResponse, String), RemoteError> {
        let session = Session { origin: self.origin_url.clone(), challenged: self.challenged.clone() };
        let (response, url, session) = self.send_inner(ctx, request, session, Some(may_move_to)).await?;
        self.origin_url = session.origin;
        self.challenged = session.challenged;
        Ok((response, url))
    }

    async fn send_inner<Ev: Send + 'static>(
        &self,
        ctx: &Ctx<Ev>,
        mut request: HttpRequest,
        mut session: Session,
        may_move_to: Option<MayMoveTo<'_>>,
    ) -> Result<(HttpResponse, String, Session), RemoteError> {
        check_transport(&request.url)?;
        check_origin(&request.url, &session.origin)?;
        for _ in 0..=MAX_REDIRECTS {
            let response = self.exchange(ctx, &request, &session.challenged).await?;
            if !matches!(response.status, 301 | 302 | 303 | 307 | 308) {
                return Ok((response, request.url, session));
            }
            let location = response
                .header_value("Location")
                .and_then(|l| resolve(&request.url, l))
                .ok_or_else(|| RemoteError::BadResponse("redirect without Location".into()))?;
            if is_downgrade(&request.url, &location) {
                return Err(RemoteError::InsecureRedirect);
            }
            check_transport(&location)?;
            if !same_origin(&location, &session.origin) {
                let Some(may_move_to) = may_move_to else { return Err(RemoteError::RedirectRefused) };
                may_move_to(&location)?;
                // A new origin has challenged nothing yet.
                session = Session { origin: origin(&location).unwrap_or_default(), challenged: Arc::default() };
            }
            if response.status == 303 {
                request.method = "GET".into();
                request.body.clear();
            }
            request.url = location;
        }
        Err(RemoteError::RedirectRefused)
    }

    /// One request to the session's origin: with the credentials once it
    /// has challenged; else without, and again with them if it answers
    /// 401 with a Basic challenge.
    async fn exchange<Ev: Send + 'static>(
        &self,
        ctx: &Ctx<Ev>,
        request: &HttpRequest,
        challenged: &AtomicBool,
    ) -> Result<HttpResponse, RemoteError> {
        let with_credentials = || request.clone().header("Authorization", self.authorization());
        if challenged.load(Ordering::SeqCst) {
            return ctx.request_from_shell(with_credentials()).await.map_err(map_http_error);
        }
        let response = ctx.request_from_shell(request.clone()).await.map_err(map_http_error)?;
        if response.status != 401 || !asks_for_basic(&response) {
            return Ok(response);
        }
        challenged.store(true, Ordering::SeqCst);
        ctx.request_from_shell(with_credentials()).await.map_err(map_http_error)
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

/// A `WWW-Authenticate` offering the Basic scheme (RFC 7617), in any of
/// the headers or challenges listed.
fn asks_for_basic(response: &HttpResponse) -> bool {
    response.headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("WWW-Authenticate")).any(|(_, value)| {
        value.split(',').any(|challenge| {
            challenge.split_whitespace().next().is_some_and(|scheme| scheme.eq_ignore_ascii_case("basic"))
        })
    })
}

pub fn map_http_error(e: HttpError) -> RemoteError {
    match e {
        HttpError::Connect(d) => RemoteError::Unreachable(d),
        HttpError::Timeout => RemoteError::Unreachable("timeout".into()),
        HttpError::Tls(d) => RemoteError::Tls(d),
        HttpError::Body(d) => RemoteError::BadResponse(d),
        HttpError::TooLarge { limit_bytes } => RemoteError::TooMuch(Limit::Megabytes(limit_bytes / (1024 * 1024))),
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
        status @ (423 | 429 | 500..=599) => Err(RemoteError::Server {
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

/// A command driven to its end with every effect answered by the test.
#[cfg(test)]
pub(crate) fn drive<T: Send + 'static>(
    mut command: crux_core::Command<Effect, T>,
    mut answer: impl FnMut(Effect),
) -> Vec<T> {
    let mut out = Vec::new();
    for _ in 0..1_000 {
        let effects: Vec<Effect> = command.effects().collect();
        out.extend(command.events());
        if effects.is_empty() {
            assert!(command.is_done(), "the command waits on nothing it asked for");
            return out;
        }
        effects.into_iter().for_each(&mut answer);
    }
    panic!("the command never ends");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::effects::HttpResult;
    use crux_core::Command;

    const ORIGIN: &str = "https://cloud.nubo.coop";

    fn credentials() -> Credentials {
        Credentials { username: "alice@nubo.coop".into(), password: "s3cret".into() }
    }

    fn basic() -> String {
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("alice@nubo.coop:s3cret"))
    }

    type Outcome = Result<(u16, String), RemoteError>;

    /// Sends `requests` one after the other; `server` answers each; returns
    /// what the server saw and what the caller got.
    fn run(
        client: DavClient,
        requests: Vec<HttpRequest>,
        mut server: impl FnMut(&HttpRequest) -> HttpResult,
    ) -> (Vec<HttpRequest>, Vec<Outcome>) {
        let command = Command::new(|ctx| async move {
            for request in requests {
                let outcome = client.send(&ctx, request).await.map(|(r, url)| (r.status, url));
                ctx.send_event(outcome);
            }
        });
        let mut seen = Vec::new();
        let outcomes = drive(command, |effect| match effect {
            Effect::Http(mut r) => {
                seen.push(r.operation.clone());
                r.resolve(server(&r.operation)).unwrap();
            }
            other => panic!("{other:?}"),
        });
        (seen, outcomes)
    }

    fn challenge(scheme: &str) -> HttpResponse {
        HttpResponse::new(401).header("WWW-Authenticate", scheme)
    }

    /// Nextcloud: 401 with a Basic challenge until credentials come.
    fn nextcloud(r: &HttpRequest) -> HttpResult {
        Ok(match r.header_value("Authorization") {
            None => challenge(r#"Basic realm="Nextcloud", charset="UTF-8""#),
            Some(_) => HttpResponse::new(207),
        })
    }

    fn auth(seen: &[HttpRequest]) -> Vec<Option<&str>> {
        seen.iter().map(|r| r.header_value("Authorization")).collect()
    }

    #[test]
    fn credentials_wait_for_the_origin_to_ask_then_go_with_each_request() {
        let client = DavClient::new(credentials(), format!("{ORIGIN}/remote.php/dav/"));
        let requests = vec![
            propfind(&format!("{ORIGIN}/remote.php/dav/"), "0", String::new()),
            propfind(&format!("{ORIGIN}/remote.php/dav/principals/alice/"), "0", String::new()),
        ];
        let (seen, outcomes) = run(client.clone(), requests, nextcloud);
        assert_eq!(auth(&seen), vec![None, Some(basic().as_str()), Some(basic().as_str())]);
        assert_eq!(seen[0].url, seen[1].url, "the same request again, with the credentials");
        assert_eq!(seen[0].body, seen[1].body);
        assert!(outcomes.iter().all(|o| matches!(o, Ok((207, _)))), "{outcomes:?}");
        // Clones share what the origin said: the next request goes with them.
        let (seen, _) = run(client, vec![HttpRequest::new("GET", format!("{ORIGIN}/x"))], nextcloud);
        assert_eq!(auth(&seen), vec![Some(basic().as_str())]);
    }

    #[test]
    fn an_origin_that_asked_in_an_earlier_session_gets_them_from_the_first_request() {
        let mut account = crate::model::test_support::signed_in_model("en").account.unwrap();
        account.server_url = ORIGIN.to_string();
        let get = || vec![HttpRequest::new("GET", format!("{ORIGIN}/remote.php/dav/"))];
        // Never asked: the session waits for the challenge, then knows it.
        account.credentials_asked = false;
        let client = DavClient::for_account(credentials(), &account);
        assert!(!client.credentials_asked());
        let (seen, _) = run(client.clone(), get(), nextcloud);
        assert_eq!(auth(&seen), vec![None, Some(basic().as_str())]);
        assert!(client.credentials_asked(), "what the sync keeps with the account");
        // Asked before: no refused round trip.
        account.credentials_asked = true;
        let (seen, outcomes) = run(DavClient::for_account(credentials(), &account), get(), nextcloud);
        assert_eq!(auth(&seen), vec![Some(basic().as_str())]);
        assert!(matches!(outcomes[..], [Ok((207, _))]), "{outcomes:?}");
        // Still to that origin only.
        let elsewhere = vec![HttpRequest::new("GET", "https://elsewhere.test/remote.php/dav/")];
        let (seen, outcomes) = run(DavClient::for_account(credentials(), &account), elsewhere, nextcloud);
        assert!(seen.is_empty(), "{seen:?}");
        assert!(matches!(outcomes[..], [Err(RemoteError::OtherOrigin { .. })]), "{outcomes:?}");
    }

    #[test]
    fn no_credentials_without_a_basic_challenge() {
        for answer in [HttpResponse::new(401), challenge(r#"Bearer realm="x""#), challenge("Digest realm=\"x\"")] {
            let client = DavClient::new(credentials(), ORIGIN);
            let (seen, outcomes) =
                run(client, vec![HttpRequest::new("GET", format!("{ORIGIN}/a"))], |_| Ok(answer.clone()));
            assert_eq!(auth(&seen), vec![None], "{answer:?}");
            assert_eq!(outcomes, vec![Ok((401, format!("{ORIGIN}/a")))]);
            assert_eq!(check_status(answer).unwrap_err(), RemoteError::Unauthorized);
        }
        // Among several challenges, a Basic one counts.
        let client = DavClient::new(credentials(), ORIGIN);
        let (seen, _) = run(client, vec![HttpRequest::new("GET", format!("{ORIGIN}/a"))], |r| {
            Ok(match r.header_value("Authorization") {
                None => challenge(r#"Negotiate, basic realm="dav""#),
                Some(_) => HttpResponse::new(200),
            })
        });
        assert_eq!(auth(&seen), vec![None, Some(basic().as_str())]);
    }

    #[test]
    fn nothing_is_asked_of_another_origin_nor_over_plain_http() {
        let cases = [
            (ORIGIN, "https://evil.example/steal", RemoteError::OtherOrigin { host: "evil.example".into() }),
            (
                ORIGIN,
                "https://cloud.nubo.coop:8443/x",
                RemoteError::OtherOrigin { host: "cloud.nubo.coop:8443".into() },
            ),
            (ORIGIN, "http://cloud.nubo.coop/x", RemoteError::Insecure { host: "cloud.nubo.coop".into() }),
            (
                "http://192.168.1.10:5232",
                "http://192.168.1.10:5232/x",
                RemoteError::Insecure { host: "192.168.1.10:5232".into() },
            ),
        ];
        for (origin, url, error) in cases {
            let (seen, outcomes) =
                run(DavClient::new(credentials(), origin), vec![HttpRequest::new("GET", url)], nextcloud);
            assert!(seen.is_empty(), "{url}: {seen:?}");
            assert_eq!(outcomes, vec![Err(error)]);
        }
        for url in ["http://127.0.0.1:5232/alice/", "http://localhost:5232/", "http://[::1]:5232/"] {
            let (seen, _) = run(DavClient::new(credentials(), url), vec![HttpRequest::new("GET", url)], nextcloud);
            assert_eq!(seen.len(), 2, "this device may use plain http: {url}");
        }
    }

    #[test]
    fn redirects_stay_on_the_origin_and_never_go_from_https_to_http() {
        let redirect = |to: &'static str| move |_: &HttpRequest| Ok(HttpResponse::new(302).header("Location", to));
        let client = DavClient::new(credentials(), ORIGIN);
        let (seen, outcomes) = run(
            client.clone(),
            vec![HttpRequest::new("GET", format!("{ORIGIN}/a"))],
            redirect("https://evil.example/"),
        );
        assert_eq!((seen.len(), outcomes), (1, vec![Err(RemoteError::RedirectRefused)]));
        let (seen, outcomes) =
            run(client, vec![HttpRequest::new("GET", format!("{ORIGIN}/a"))], redirect("http://cloud.nubo.coop/a"));
        assert_eq!((seen.len(), outcomes), (1, vec![Err(RemoteError::InsecureRedirect)]));
        // Same origin: followed, 303 as a GET.
        let client = DavClient::new(credentials(), ORIGIN);
        let (seen, outcomes) = run(client, vec![propfind(&format!("{ORIGIN}/a"), "0", "x".into())], |r| {
            Ok(if r.url.ends_with("/a") {
                HttpResponse::new(303).header("Location", "/b")
            } else {
                HttpResponse::new(200)
            })
        });
        assert_eq!(seen[1].url, format!("{ORIGIN}/b"));
        assert_eq!((seen[1].method.as_str(), seen[1].body.len()), ("GET", 0));
        assert_eq!(outcomes, vec![Ok((200, format!("{ORIGIN}/b")))]);
    }

    /// One discovery request from `from`, answered by `server`; the
    /// client's origin afterwards.
    fn discover_once(
        from: &str,
        allowed: &'static str,
        mut server: impl FnMut(&HttpRequest) -> HttpResult,
    ) -> (Vec<HttpRequest>, Result<(u16, String), RemoteError>, String) {
        let mut client = DavClient::new(credentials(), from);
        let url = format!("{from}/.well-known/carddav");
        let command = Command::new(|ctx| async move {
            let may_move_to = |url: &str| {
                if authority(url).as_deref() == Some(allowed) {
                    Ok(())
                } else {
                    Err(RemoteError::HostNeedsApproval { host: authority(url).unwrap_or_default() })
                }
            };
            let outcome = client.send_discovering(&ctx, propfind(&url, "0", String::new()), &may_move_to).await;
            ctx.send_event((outcome.map(|(r, url)| (r.status, url)), client.origin_url));
        });
        let mut seen = Vec::new();
        let mut out = drive(command, |effect| match effect {
            Effect::Http(mut r) => {
                seen.push(r.operation.clone());
                r.resolve(server(&r.operation)).unwrap();
            }
            other => panic!("{other:?}"),
        });
        let (outcome, origin) = out.remove(0);
        (seen, outcome, origin)
    }

    #[test]
    fn discovery_moves_only_where_allowed_and_the_new_origin_must_ask_for_credentials() {
        // nubo.coop asks for credentials, then sends the member to cloud.nubo.coop.
        let server = |r: &HttpRequest| {
            Ok(match (r.url.starts_with("https://nubo.coop/"), r.header_value("Authorization")) {
                (_, None) => challenge("Basic realm=\"x\""),
                (true, Some(_)) => HttpResponse::new(301).header("Location", "https://cloud.nubo.coop/remote.php/dav/"),
                (false, Some(_)) => HttpResponse::new(207),
            })
        };
        let (seen, outcome, origin) = discover_once("https://nubo.coop", "cloud.nubo.coop", server);
        let asked: Vec<(&str, bool)> =
            seen.iter().map(|r| (r.url.as_str(), r.header_value("Authorization").is_some())).collect();
        assert_eq!(
            asked,
            vec![
                ("https://nubo.coop/.well-known/carddav", false),
                ("https://nubo.coop/.well-known/carddav", true),
                // The first origin's challenge does not carry over.
                ("https://cloud.nubo.coop/remote.php/dav/", false),
                ("https://cloud.nubo.coop/remote.php/dav/", true),
            ]
        );
        assert_eq!(outcome, Ok((207, "https://cloud.nubo.coop/remote.php/dav/".into())));
        assert_eq!(origin, "https://cloud.nubo.coop");

        // Not accepted: nothing is sent there.
        let (seen, outcome, origin) = discover_once("https://nubo.coop", "other.example", server);
        assert!(seen.iter().all(|r| r.url.starts_with("https://nubo.coop/")), "{seen:?}");
        assert_eq!(outcome, Err(RemoteError::HostNeedsApproval { host: "cloud.nubo.coop".into() }));
        assert_eq!(origin, "https://nubo.coop");

        // Accepted or not, never from https to http.
        let (seen, outcome, _) = discover_once("https://nubo.coop", "cloud.nubo.coop", |_| {
            Ok(HttpResponse::new(301).header("Location", "http://cloud.nubo.coop/remote.php/dav/"))
        });
        assert_eq!((seen.len(), outcome), (1, Err(RemoteError::InsecureRedirect)));
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let client = DavClient::new(credentials(), ORIGIN);
        let sender = client.clone();
        let command = Command::new(|ctx| async move {
            let _ = sender.send(&ctx, HttpRequest::new("GET", format!("{ORIGIN}/a"))).await;
            ctx.send_event(());
        });
        let (mut seen, mut effects) = (Vec::new(), Vec::new());
        drive(command, |effect| {
            effects.push(format!("{effect:?}"));
            match effect {
                Effect::Http(mut r) => {
                    seen.push(r.operation.clone());
                    r.resolve(nextcloud(&r.operation)).unwrap();
                }
                other => panic!("{other:?}"),
            }
        });
        let sent = seen.iter().find(|r| r.header_value("Authorization").is_some()).expect("credentials were sent");
        let also_lowercase = HttpRequest::new("GET", ORIGIN).header("authorization", basic());
        let encoded = basic().trim_start_matches("Basic ").to_string();
        for text in [
            format!("{sent:?}"),
            format!("{sent:#?}"),
            format!("{also_lowercase:?}"),
            format!("{client:?}"),
            format!("{:?}", client.credentials),
            effects.join(" "),
        ] {
            assert!(!text.contains("s3cret"), "{text}");
            assert!(!text.contains(&encoded), "{text}");
            assert!(!text.contains(&encoded[..20]), "{text}");
        }
        assert!(format!("{sent:?}").contains("<redacted>"));
        // Still useful in a log: whose credentials they are.
        assert_eq!(format!("{:?}", client.credentials), "Credentials(alice@nubo.coop, <redacted>)");
    }

    #[test]
    fn at_sign_in_only_server_trouble_is_called_server_trouble() {
        let server = |status| RemoteError::Server { status, retry_after_s: None };
        for status in [500, 503, 429] {
            assert_eq!(server(status).sign_in_text(), Text::SignInServerTrouble(status));
        }
        // A refusal of this request (403, 400) is said as such, not as a server in trouble.
        for status in [400, 403, 405] {
            assert_eq!(server(status).sign_in_text(), server(status).text(), "{status}");
        }
    }
}
