//! RFC 6764 service discovery for CardDAV: from an e-mail address to the
//! principal, the address-book home and every address book.
//!
//! Order: a manual server URL when the member gave one; otherwise DNS SRV
//! `_carddavs._tcp.<domain>` (with its TXT `path=`), then
//! `https://<domain>/.well-known/carddav`.
//!
//! Discovery may lead only where the member said: the server URL they gave,
//! their e-mail domain, and the one host they accepted. An SRV target or a
//! redirect elsewhere stops with [`RemoteError::HostNeedsApproval`] before
//! anything is sent there. The origin that answers becomes the account's:
//! its principal and home sets must be on it.

use super::login_flow::{self, LoginFlow};
use crate::dav::client::{check_origin, check_status, propfind, Credentials, Ctx, DavClient, RemoteError};
use crate::dav::url::{as_collection, authority, canonical, is_inside, normalize_authority, origin, resolve};
use crate::dav::xml::{body, parse_multistatus, DavResponse};
use crate::effects::store::{Account, Collection};
use crate::effects::{DnsRequest, DnsResponse};
use crate::kinds::ALL_KINDS;
use crate::sync::collections;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub account: Account,
    /// Every collection of every kind the homes hold.
    pub collections: Vec<Collection>,
}

/// The URLs to try, in order, for the context path of CardDAV.
pub async fn candidates<Ev: Send + 'static>(ctx: &Ctx<Ev>, email: &str, manual_url: Option<&str>) -> Vec<String> {
    if let Some(url) = manual_url.map(str::trim).filter(|u| !u.is_empty()) {
        let url = if url.contains("://") { url.to_string() } else { format!("https://{url}") };
        // Without user:password@ (never sent, never shown) and query.
        let url = canonical(&url).unwrap_or(url);
        let mut list = vec![url.clone()];
        if let Some(well_known) = resolve(&url, "/.well-known/carddav") {
            list.push(well_known);
        }
        return list;
    }
    let Some(domain) = email.rsplit_once('@').map(|(_, d)| d.trim().to_ascii_lowercase()) else {
        return Vec::new();
    };
    let mut list = Vec::new();
    let service = format!("_carddavs._tcp.{domain}");
    if let DnsResponse::Srv(mut records) = ctx.request_from_shell(DnsRequest::Srv { name: service.clone() }).await {
        // Lowest priority first, then highest weight (RFC 2782, without the
        // weighted random pick: one client needs only a stable choice).
        records.sort_by(|a, b| a.priority.cmp(&b.priority).then(b.weight.cmp(&a.weight)));
        let path = match ctx.request_from_shell(DnsRequest::Txt { name: service }).await {
            DnsResponse::Txt(txts) => txts.iter().find_map(|t| t.strip_prefix("path=").map(str::to_string)),
            _ => None,
        };
        for r in records.iter().filter(|r| r.target != "." && !r.target.is_empty()) {
            let host = r.target.trim_end_matches('.');
            let port = if r.port == 443 { String::new() } else { format!(":{}", r.port) };
            match &path {
                Some(p) => list.push(format!("https://{host}{port}{p}")),
                None => list.push(format!("https://{host}{port}/.well-known/carddav")),
            }
        }
    }
    list.push(format!("https://{domain}/.well-known/carddav"));
    list
}

/// The places discovery may lead to without asking: the server URL the
/// member gave and their e-mail domain (over https); plus the one host they
/// accepted.
struct Places {
    named: Vec<String>,
    accepted: Option<String>,
}

impl Places {
    fn new(email: &str, manual_url: Option<&str>, accept_host: Option<&str>) -> Self {
        let mut named = Vec::new();
        if let Some(url) = manual_url.map(str::trim).filter(|u| !u.is_empty()) {
            let url = if url.contains("://") { url.to_string() } else { format!("https://{url}") };
            named.extend(origin(&url));
        }
        if let Some((_, domain)) = email.trim().rsplit_once('@') {
            named.extend(origin(&format!("https://{}", domain.to_ascii_lowercase())));
        }
        Self { named, accepted: accept_host.and_then(normalize_authority) }
    }

    fn check(&self, url: &str) -> Result<(), RemoteError> {
        let host = authority(url).unwrap_or_default();
        let named = origin(url).is_some_and(|o| self.named.contains(&o));
        if named || self.accepted.as_deref() == Some(host.as_str()) {
            Ok(())
        } else {
            Err(RemoteError::HostNeedsApproval { host })
        }
    }
}

/// Walks the candidates until one yields a principal with address books.
/// A wrong password stops at once: trying other hosts would only send the
/// password to more places. A candidate on a host the member has not
/// accepted is not asked at all; when no other one works, the member is
/// asked about the first such host.
pub async fn discover<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    email: &str,
    credentials: Credentials,
    manual_url: Option<&str>,
    accept_host: Option<&str>,
) -> Result<Discovered, RemoteError> {
    let places = Places::new(email, manual_url, accept_host);
    let candidates = candidates(ctx, email, manual_url).await;
    let mut last_error = RemoteError::NotDav;
    let mut needs_approval = None;
    for candidate in candidates {
        if let Err(e) = places.check(&candidate) {
            needs_approval.get_or_insert(e);
            continue;
        }
        let mut client = DavClient::new(credentials.clone(), candidate.clone());
        match discover_at(ctx, &mut client, &candidate, &places).await {
            Ok(Homes { principal, addressbooks, calendars, default_calendar }) => {
                let account = Account {
                    email: email.trim().to_string(),
                    username: credentials.username.clone(),
                    server_url: client.origin_url.clone(),
                    addressbook_home: addressbooks,
                    notes_folder: nextcloud_notes_folder(&principal),
                    news_discovered: false,
                    default_calendar,
                    last_synced: None,
                    // Discovery carries them once asked: a server that asks
                    // for none (an open one) never gets them.
                    credentials_asked: client.credentials_asked(),
                    principal_url: principal,
                    calendar_home: calendars,
                };
                let mut found = Vec::new();
                let mut listed = collections::HomeListings::new();
                for kind in ALL_KINDS {
                    if let Some(home) = kind.behaviour().home(&account) {
                        found.extend(collections::list(ctx, &client, home, kind, &mut listed).await?);
                    }
                }
                return Ok(Discovered { account, collections: found });
            }
            Err(RemoteError::Unauthorized) => return Err(RemoteError::Unauthorized),
            Err(e @ RemoteError::HostNeedsApproval { .. }) => {
                needs_approval.get_or_insert(e);
            }
            Err(e) => {
                // Keep the most telling error: a refusal that protects the
                // credentials, then a TLS failure, then the latest.
                let rank = |e: &RemoteError| match e {
                    e if e.is_refusal() => 2,
                    RemoteError::Tls(_) => 1,
                    _ => 0,
                };
                if rank(&e) >= rank(&last_error) {
                    last_error = e;
                }
            }
        }
    }
    Err(needs_approval.unwrap_or(last_error))
}

/// Opens a Login Flow v2 on the first server found as [`discover`] finds
/// them (the URL the member gave, else RFC 6764 from their address) that
/// offers one, under the same rule: a host the member has not accepted is
/// not asked.
pub async fn start_login_flow<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    email: &str,
    manual_url: Option<&str>,
    accept_host: Option<&str>,
) -> Result<LoginFlow, RemoteError> {
    let places = Places::new(email, manual_url, accept_host);
    let mut tried: Vec<String> = Vec::new();
    let mut last_error = RemoteError::NoLoginFlow;
    let mut needs_approval = None;
    for candidate in candidates(ctx, email, manual_url).await {
        let Some(server) = origin(&candidate) else { continue };
        if tried.contains(&server) {
            continue;
        }
        tried.push(server.clone());
        if let Err(e) = places.check(&candidate) {
            needs_approval.get_or_insert(e);
            continue;
        }
        match login_flow::start(ctx, &server).await {
            Ok(flow) => return Ok(flow),
            Err(RemoteError::NoLoginFlow) => {}
            Err(e) => last_error = e,
        }
    }
    Err(needs_approval.unwrap_or(last_error))
}

struct Homes {
    principal: String,
    addressbooks: Option<String>,
    calendars: Option<String>,
    default_calendar: Option<String>,
}

/// Principal, address-book home and calendar home from one context URL.
async fn discover_at<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    client: &mut DavClient,
    context_url: &str,
    places: &Places,
) -> Result<Homes, RemoteError> {
    let request = propfind(context_url, "0", body::current_user_principal());
    let (response, answered) = client.send_discovering(ctx, request, &|url: &str| places.check(url)).await?;
    let response = check_status(response)?;
    let status = parse_multistatus(&response.body).map_err(|_| RemoteError::NotDav)?;
    let principal = status
        .responses
        .iter()
        .find_map(|r| r.props.current_user_principal.clone())
        .and_then(|p| resolve(&answered, &p))
        .ok_or(RemoteError::NotDav)?;
    // From here on, the account's origin only.
    check_origin(&principal, &client.origin_url)?;

    let response = client.send_ok(ctx, propfind(&principal, "0", body::home_sets())).await?;
    let status = parse_multistatus(&response.body)?;
    let home = |pick: fn(&DavResponse) -> Option<&String>| {
        status.responses.iter().find_map(pick).and_then(|h| resolve(&principal, h)).map(|h| as_collection(&h))
    };
    // Address books, calendars or both: a server offering only one is fine.
    let addressbooks = home(|r| r.props.addressbook_home_set.first());
    let calendars = home(|r| r.props.calendar_home_set.first());
    if addressbooks.is_none() && calendars.is_none() {
        return Err(RemoteError::NotDav);
    }
    // A home elsewhere would have the first sync send the password there.
    for home in addressbooks.iter().chain(&calendars) {
        check_origin(home, &client.origin_url)?;
    }
    let inbox =
        status.responses.iter().find_map(|r| r.props.schedule_inbox_url.as_ref()).and_then(|i| resolve(&principal, i));
    let default_calendar = match (&calendars, inbox) {
        (Some(home), Some(inbox)) => default_calendar(ctx, client, &inbox, home).await,
        _ => None,
    };
    Ok(Homes { principal, addressbooks, calendars, default_calendar })
}

/// The calendar the server puts new events in, read from its scheduling
/// inbox. Only a calendar of the member's home counts; a server without
/// one (or any trouble asking) leaves the choice to the app.
async fn default_calendar<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    client: &DavClient,
    inbox: &str,
    home: &str,
) -> Option<String> {
    check_origin(inbox, &client.origin_url).ok()?;
    let response = client.send_ok(ctx, propfind(inbox, "0", body::schedule_default_calendar())).await.ok()?;
    let status = parse_multistatus(&response.body).ok()?;
    let href = status.responses.iter().find_map(|r| r.props.schedule_default_calendar_url.as_ref())?;
    let calendar = as_collection(&resolve(inbox, href)?);
    is_inside(home, &calendar).then_some(calendar)
}

/// Nextcloud's Notes folder for a Nextcloud principal
/// (`…/remote.php/dav/principals/users/<id>/` → `…/remote.php/dav/files/<id>/Notes/`):
/// files are kept under the user id, which the principal names (the login
/// name may be an e-mail address). Other servers: none until the member
/// names one.
pub fn nextcloud_notes_folder(principal: &str) -> Option<String> {
    let (root, rest) = principal.split_once("/principals/users/")?;
    let user = rest.trim_end_matches('/');
    if user.is_empty() || user.contains('/') || !root.ends_with("/remote.php/dav") {
        return None;
    }
    Some(format!("{root}/files/{user}/Notes/"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_notes_folder_of_a_nextcloud_principal() {
        assert_eq!(
            super::nextcloud_notes_folder("https://cloud.nubo.coop/remote.php/dav/principals/users/ilse.peeters/")
                .as_deref(),
            Some("https://cloud.nubo.coop/remote.php/dav/files/ilse.peeters/Notes/")
        );
        assert_eq!(super::nextcloud_notes_folder("https://dav.test/ilse/"), None);
        assert_eq!(super::nextcloud_notes_folder("https://dav.test/principals/users/ilse/"), None);
    }

    use super::*;
    use crate::dav::client::drive;
    use crate::effects::{Effect, HttpRequest, HttpResponse, HttpResult, SrvRecord};
    use crate::kinds::{ContactKind, EventKind, StaticKind};
    use crux_core::Command;

    fn credentials() -> Credentials {
        Credentials { username: "alice@nubo.coop".into(), password: "s3cret".into() }
    }

    fn multistatus(inner: &str) -> HttpResponse {
        HttpResponse::new(207).body(format!(
            r#"<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav" xmlns:cal="urn:ietf:params:xml:ns:caldav">{inner}</multistatus>"#
        ))
    }

    fn ok(href: &str, props: &str) -> String {
        format!(
            "<response><href>{href}</href><propstat><prop>{props}</prop><status>HTTP/1.1 200 OK</status></propstat></response>"
        )
    }

    /// A DAV server: a Basic challenge first, then the principal, the homes
    /// given and a listing of `listed` collections (hrefs as the server
    /// writes them).
    fn dav(r: &HttpRequest, principal: &str, homes: (&str, Option<&str>), listed: &[&str]) -> HttpResult {
        if r.header_value("Authorization").is_none() {
            return Ok(HttpResponse::new(401).header("WWW-Authenticate", "Basic realm=\"dav\""));
        }
        let body = String::from_utf8_lossy(&r.body);
        Ok(if body.contains("current-user-principal") {
            multistatus(&ok("/", &format!("<current-user-principal><href>{principal}</href></current-user-principal>")))
        } else if body.contains("addressbook-home-set") {
            let calendar = homes.1.map(|h| format!("<cal:calendar-home-set><href>{h}</href></cal:calendar-home-set>"));
            multistatus(&ok(
                principal,
                &format!(
                    "<C:addressbook-home-set><href>{}</href></C:addressbook-home-set>{}",
                    homes.0,
                    calendar.unwrap_or_default()
                ),
            ))
        } else {
            let all: String = listed
                .iter()
                .map(|href| {
                    let kind = if href.contains("cal") { "<cal:calendar/>" } else { "<C:addressbook/>" };
                    ok(href, &format!("<resourcetype><collection/>{kind}</resourcetype>"))
                })
                .collect();
            multistatus(&all)
        })
    }

    struct Run {
        /// Every request: URL and whether it carried credentials.
        asked: Vec<(String, bool)>,
        result: Result<Discovered, RemoteError>,
    }

    fn sign_in(
        email: &str,
        manual: Option<&str>,
        accept: Option<&str>,
        srv: Vec<SrvRecord>,
        mut server: impl FnMut(&HttpRequest) -> HttpResult,
    ) -> Run {
        let (email, manual, accept) = (email.to_string(), manual.map(str::to_string), accept.map(str::to_string));
        let command = Command::new(|ctx| async move {
            let result = discover(&ctx, &email, credentials(), manual.as_deref(), accept.as_deref()).await;
            ctx.send_event(result);
        });
        let mut asked = Vec::new();
        let mut results = drive(command, |effect| match effect {
            Effect::Http(mut r) => {
                asked.push((r.operation.url.clone(), r.operation.header_value("Authorization").is_some()));
                r.resolve(server(&r.operation)).unwrap();
            }
            Effect::Dns(mut r) => {
                let answer = match &r.operation {
                    DnsRequest::Srv { .. } if !srv.is_empty() => DnsResponse::Srv(srv.clone()),
                    DnsRequest::Txt { .. } if !srv.is_empty() => DnsResponse::Txt(vec!["path=/dav/".into()]),
                    _ => DnsResponse::NotFound,
                };
                r.resolve(answer).unwrap();
            }
            other => panic!("{other:?}"),
        });
        Run { asked, result: results.remove(0) }
    }

    fn evil_asked(run: &Run) -> bool {
        run.asked.iter().any(|(url, _)| url.contains("evil.example"))
    }

    #[test]
    fn a_principal_or_home_set_on_another_origin_is_refused_and_never_asked() {
        let manual = Some("https://dav.nubo.coop/");
        let evil = || Err(RemoteError::OtherOrigin { host: "evil.example".into() });
        let cases: [(&str, (&str, Option<&str>)); 4] = [
            ("/alice/", ("https://evil.example/alice/", None)),
            ("/alice/", ("/alice/", Some("https://evil.example/calendars/alice/"))),
            ("https://evil.example/alice/", ("/alice/", None)),
            // Same host, another port or scheme: another origin too.
            ("/alice/", ("https://dav.nubo.coop:8443/alice/", None)),
        ];
        for (principal, homes) in cases {
            let run = sign_in("alice@nubo.coop", manual, None, vec![], |r| dav(r, principal, homes, &["/alice/c/"]));
            assert!(!evil_asked(&run), "{principal} {homes:?}: {:?}", run.asked);
            assert!(run.asked.iter().all(|(url, _)| url.starts_with("https://dav.nubo.coop/")), "{:?}", run.asked);
            let expected = if homes.0.contains(":8443") {
                Err(RemoteError::OtherOrigin { host: "dav.nubo.coop:8443".into() })
            } else {
                evil()
            };
            assert_eq!(run.result.map(|d| d.account), expected, "{principal} {homes:?}");
        }
        // Both homes on the origin: signed in there.
        let run = sign_in("alice@nubo.coop", manual, None, vec![], |r| {
            dav(r, "/alice/", ("/alice/", Some("/alice/")), &["/alice/contacts/", "/alice/cal/"])
        });
        let found = run.result.unwrap();
        assert_eq!(found.account.server_url, "https://dav.nubo.coop");
        assert_eq!(
            found.collections.iter().map(|c| c.kind).collect::<Vec<_>>(),
            vec![ContactKind::KIND, EventKind::KIND]
        );
        assert_eq!(run.asked[0], ("https://dav.nubo.coop/".to_string(), false), "no credentials before a challenge");
        assert!(found.account.credentials_asked, "later sessions send them first");
        // A server that asks for none: none sent, none to send later.
        let run = sign_in("alice@nubo.coop", manual, None, vec![], |r| {
            dav(&r.clone().header("Authorization", "none needed"), "/alice/", ("/alice/", None), &["/alice/contacts/"])
        });
        assert!(run.asked.iter().all(|(_, with_credentials)| !with_credentials), "{:?}", run.asked);
        assert!(!run.result.unwrap().account.credentials_asked);
    }

    #[test]
    fn an_srv_target_on_another_host_is_asked_only_once_the_member_accepts_it() {
        let srv = vec![SrvRecord { priority: 0, weight: 0, port: 8443, target: "cloud.nubo.coop.".into() }];
        let server = |r: &HttpRequest| {
            if r.url.starts_with("https://cloud.nubo.coop:8443/") {
                dav(r, "/alice/", ("/alice/", None), &["/alice/contacts/"])
            } else {
                Ok(HttpResponse::new(404))
            }
        };
        let run = sign_in("alice@nubo.coop", None, None, srv.clone(), server);
        let asked: Vec<&str> = run.asked.iter().map(|(url, _)| url.as_str()).collect();
        assert_eq!(asked, vec!["https://nubo.coop/.well-known/carddav"], "only the member's own domain");
        assert_eq!(run.result.unwrap_err(), RemoteError::HostNeedsApproval { host: "cloud.nubo.coop:8443".into() });

        let run = sign_in("alice@nubo.coop", None, Some(" Cloud.Nubo.coop:8443 "), srv, server);
        assert_eq!(run.asked[0], ("https://cloud.nubo.coop:8443/dav/".to_string(), false));
        assert_eq!(run.result.unwrap().account.server_url, "https://cloud.nubo.coop:8443");
    }

    #[test]
    fn a_redirect_to_another_host_waits_for_the_member_and_its_credentials_for_a_challenge() {
        let server = |r: &HttpRequest| {
            if r.url.starts_with("https://nubo.coop/") {
                Ok(HttpResponse::new(301).header("Location", "https://cloud.nubo.coop/remote.php/dav/"))
            } else {
                dav(
                    r,
                    "/remote.php/dav/principals/alice/",
                    ("/remote.php/dav/addressbooks/alice/", None),
                    &["/remote.php/dav/addressbooks/alice/contacts/"],
                )
            }
        };
        let run = sign_in("alice@nubo.coop", Some("https://nubo.coop"), None, vec![], server);
        assert!(run.asked.iter().all(|(url, auth)| url.starts_with("https://nubo.coop/") && !auth), "{:?}", run.asked);
        assert_eq!(run.result.unwrap_err(), RemoteError::HostNeedsApproval { host: "cloud.nubo.coop".into() });

        let run = sign_in("alice@nubo.coop", Some("https://nubo.coop"), Some("cloud.nubo.coop"), vec![], server);
        assert!(run.asked.iter().filter(|(url, _)| url.starts_with("https://nubo.coop/")).all(|(_, auth)| !auth));
        let at_cloud: Vec<bool> =
            run.asked.iter().filter(|(url, _)| url.starts_with("https://cloud.nubo.coop/")).map(|(_, a)| *a).collect();
        assert_eq!(&at_cloud[..2], &[false, true], "asked without, challenged, then with credentials");
        assert_eq!(run.result.unwrap().account.server_url, "https://cloud.nubo.coop");
    }

    #[test]
    fn plain_http_off_this_device_is_refused_before_anything_is_sent() {
        let run = sign_in("alice@nubo.coop", Some("http://dav.nubo.coop:5232/"), None, vec![], |_| unreachable!());
        assert!(run.asked.is_empty());
        assert_eq!(run.result.unwrap_err(), RemoteError::Insecure { host: "dav.nubo.coop:5232".into() });
        assert_eq!(
            RemoteError::Insecure { host: "dav.nubo.coop:5232".into() }.text().in_locale(crate::i18n::Locale::Fr),
            "Refusé\u{202f}: dav.nubo.coop:5232 serait joint sans chiffrement (http://). Utilisez une adresse https://."
        );
    }

    #[test]
    fn collections_outside_their_home_are_left_out() {
        let listed = [
            "/alice/contacts/",
            "/alice/",
            "/bob/contacts/",
            "https://evil.example/alice/stolen/",
            "/alice/%2e%2e/bob/x/",
            "/alice/cal-agenda/",
        ];
        let run = sign_in("alice@nubo.coop", Some("https://dav.nubo.coop/"), None, vec![], |r| {
            dav(r, "/alice/", ("/alice/", Some("/alice/")), &listed)
        });
        let found = run.result.unwrap();
        let of =
            |kind| found.collections.iter().filter(|c| c.kind == kind).map(|c| c.href.as_str()).collect::<Vec<_>>();
        let (books, calendars) = (of(ContactKind::KIND), of(EventKind::KIND));
        assert_eq!(books, vec!["https://dav.nubo.coop/alice/contacts/"]);
        assert_eq!(calendars, vec!["https://dav.nubo.coop/alice/cal-agenda/"]);
    }
}
