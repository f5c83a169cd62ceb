//! RFC 6764 service discovery for CardDAV: from an e-mail address to the
//! principal, the address-book home and every address book.
//!
//! Order: a manual server URL when the member gave one; otherwise DNS SRV
//! `_carddavs._tcp.<domain>` (with its TXT `path=`), then
//! `https://<domain>/.well-known/carddav`.

use crate::dav::client::{check_status, propfind, Credentials, Ctx, DavClient, RemoteError};
use crate::dav::url::{as_collection, resolve};
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

/// Walks the candidates until one yields a principal with address books.
/// A wrong password stops at once: trying other hosts would only send the
/// password to more places.
pub async fn discover<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    email: &str,
    credentials: Credentials,
    manual_url: Option<&str>,
) -> Result<Discovered, RemoteError> {
    let candidates = candidates(ctx, email, manual_url).await;
    let mut last_error = RemoteError::NotDav;
    for candidate in candidates {
        let mut client = DavClient::new(credentials.clone(), candidate.clone());
        match discover_at(ctx, &mut client, &candidate).await {
            Ok(Homes { principal, addressbooks, calendars }) => {
                let account = Account {
                    email: email.trim().to_string(),
                    username: credentials.username.clone(),
                    server_url: crate::dav::url::origin(&addressbooks).unwrap_or_default(),
                    principal_url: principal,
                    addressbook_home: addressbooks,
                    calendar_home: calendars,
                };
                let mut found = Vec::new();
                for kind in ALL_KINDS {
                    if let Some(home) = kind.behaviour().home(&account) {
                        found.extend(collections::list(ctx, &client, home, kind).await?);
                    }
                }
                return Ok(Discovered { account, collections: found });
            }
            Err(RemoteError::Unauthorized) => return Err(RemoteError::Unauthorized),
            Err(e @ RemoteError::Tls(_)) => last_error = e,
            Err(e) => {
                // Keep the most telling error: "unreachable" beats "not DAV"
                // only when nothing answered at all.
                if !matches!(last_error, RemoteError::Tls(_)) {
                    last_error = e;
                }
            }
        }
    }
    Err(last_error)
}

struct Homes {
    principal: String,
    addressbooks: String,
    calendars: Option<String>,
}

/// Principal, address-book home and calendar home from one context URL.
async fn discover_at<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    client: &mut DavClient,
    context_url: &str,
) -> Result<Homes, RemoteError> {
    let (response, answered) =
        client.send_discovering(ctx, propfind(context_url, "0", body::current_user_principal())).await?;
    let response = check_status(response)?;
    let status = parse_multistatus(&response.body).map_err(|_| RemoteError::NotDav)?;
    let principal = status
        .responses
        .iter()
        .find_map(|r| r.props.current_user_principal.clone())
        .and_then(|p| resolve(&answered, &p))
        .ok_or(RemoteError::NotDav)?;

    let response = client.send_ok(ctx, propfind(&principal, "0", body::home_sets())).await?;
    let status = parse_multistatus(&response.body)?;
    let home = |pick: fn(&DavResponse) -> Option<&String>| {
        status.responses.iter().find_map(pick).and_then(|h| resolve(&principal, h)).map(|h| as_collection(&h))
    };
    let addressbooks = home(|r| r.props.addressbook_home_set.first()).ok_or(RemoteError::NotDav)?;
    let calendars = home(|r| r.props.calendar_home_set.first());
    Ok(Homes { principal, addressbooks, calendars })
}
