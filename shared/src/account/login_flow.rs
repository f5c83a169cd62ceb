//! Nextcloud Login Flow v2: the member approves the app on their server's
//! own page, in a browser, and the app receives a login name and an app
//! password of its own. The member's password never passes through the
//! app, and the app password can be revoked alone from the server's
//! security settings.
//!
//! `POST <server>/index.php/login/v2` answers `{poll: {token, endpoint},
//! login}`; the member opens `login`; the app posts `token=…` to
//! `endpoint` until it answers 200 `{server, loginName, appPassword}`
//! (given once; 404 until then).
//!
//! Everything stays on the origin the flow started on: a page, poll
//! endpoint or server elsewhere is refused, since the app password would
//! then be used, or the member sent, somewhere they did not choose.

use serde::Deserialize;

use crate::dav::client::{check_origin, check_status, Credentials, Ctx, DavClient, RemoteError};
use crate::dav::url::{origin, secure_transport};
use crate::effects::HttpRequest;

/// A flow the server opened: the page for the member, the way to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginFlow {
    /// The server's page where the member approves the app.
    pub login_url: String,
    pub endpoint: String,
    pub token: String,
    /// The origin the flow started on ("https://cloud.nubo.coop").
    pub origin: String,
}

/// What a poll found.
#[derive(Clone, PartialEq, Eq)]
pub enum Polled {
    /// Not approved (yet).
    Waiting,
    Approved {
        /// The server's address, on the flow's origin (may carry the path
        /// Nextcloud is installed under).
        server: String,
        credentials: Credentials,
    },
}

/// Never prints the app password.
impl std::fmt::Debug for Polled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Polled::Waiting => f.write_str("Waiting"),
            Polled::Approved { server, credentials } => {
                write!(f, "Approved {{ server: {server:?}, login: {:?} }}", credentials.username)
            }
        }
    }
}

#[derive(Deserialize)]
struct Started {
    poll: Poll,
    login: String,
}

#[derive(Deserialize)]
struct Poll {
    token: String,
    endpoint: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Granted {
    server: String,
    login_name: String,
    app_password: String,
}

/// The name Nextcloud gives the app password in the member's settings.
const APP_NAME: &str = "Nubo companion";

/// Every request of the flow: no credentials (there are none yet).
fn client(origin: &str) -> DavClient {
    DavClient::new(Credentials { username: String::new(), password: String::new() }, origin)
}

/// Opens a flow on `server_origin`. A server without the flow (not a
/// Nextcloud, or an old one) gives [`RemoteError::NoLoginFlow`].
pub async fn start<Ev: Send + 'static>(ctx: &Ctx<Ev>, server_origin: &str) -> Result<LoginFlow, RemoteError> {
    let origin = origin(server_origin).ok_or(RemoteError::NoLoginFlow)?;
    let request = HttpRequest::new("POST", format!("{origin}/index.php/login/v2"))
        .header("User-Agent", APP_NAME)
        .header("Accept", "application/json");
    let (response, _) = client(&origin).send(ctx, request).await?;
    match response.status {
        200..=299 => {}
        // Busy or failing: say so, it may work later.
        429 | 500..=599 => return Err(check_status(response).err().unwrap_or(RemoteError::NoLoginFlow)),
        // Any other refusal: a server that is not a Nextcloud.
        _ => return Err(RemoteError::NoLoginFlow),
    }
    let started: Started = serde_json::from_slice(&response.body).map_err(|_| RemoteError::NoLoginFlow)?;
    for url in [&started.login, &started.poll.endpoint] {
        check_origin(url, &origin)?;
        if !secure_transport(url) {
            return Err(RemoteError::Insecure { host: crate::dav::url::authority(url).unwrap_or_default() });
        }
    }
    Ok(LoginFlow { login_url: started.login, endpoint: started.poll.endpoint, token: started.poll.token, origin })
}

/// Asks once whether the member approved the app.
pub async fn poll<Ev: Send + 'static>(ctx: &Ctx<Ev>, flow: &LoginFlow) -> Result<Polled, RemoteError> {
    let body =
        format!("token={}", percent_encoding::utf8_percent_encode(&flow.token, percent_encoding::NON_ALPHANUMERIC));
    let request = HttpRequest::new("POST", flow.endpoint.clone())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body(body);
    let (response, _) = client(&flow.origin).send(ctx, request).await?;
    if response.status == 404 {
        return Ok(Polled::Waiting);
    }
    let response = check_status(response)?;
    let granted: Granted = serde_json::from_slice(&response.body)
        .map_err(|e| RemoteError::BadResponse(format!("login flow answer: {e}")))?;
    check_origin(&granted.server, &flow.origin)?;
    if granted.login_name.is_empty() || granted.app_password.is_empty() {
        return Err(RemoteError::BadResponse("login flow answer without a login name or app password".into()));
    }
    Ok(Polled::Approved {
        server: granted.server,
        credentials: Credentials { username: granted.login_name, password: granted.app_password },
    })
}

/// Nextcloud's DAV root under the server the flow named.
pub fn dav_root(server: &str) -> String {
    format!("{}/remote.php/dav/", server.trim_end_matches('/'))
}
