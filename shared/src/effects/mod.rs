//! Every side effect the core can ask for. The core never performs I/O; the
//! runtime (HTTP, store, DNS, time, UIDs) or the shell (render, secrets,
//! notifications) carries the effect out and resolves it.

pub mod dns;
pub mod http;
pub mod notify;
pub mod secrets;
pub mod store;
pub mod time;
pub mod uid;

use crux_core::{macros::effect, render::RenderOperation};

pub use dns::{DnsRequest, DnsResponse, SrvRecord};
pub use http::{HttpError, HttpRequest, HttpResponse, HttpResult};
pub use notify::{Notification, NotifyRequest, Reminder};
pub use secrets::{SecretRequest, SecretResponse};
pub use store::{StoreRequest, StoreResponse};
pub use time::{Instant, NowRequest, WaitRequest};
pub use uid::NewUid;

#[effect(typegen)]
#[derive(Debug)]
pub enum Effect {
    Render(RenderOperation),
    Http(HttpRequest),
    Store(StoreRequest),
    Dns(DnsRequest),
    Time(NowRequest),
    Wait(WaitRequest),
    Uid(NewUid),
    Secret(SecretRequest),
    Notify(NotifyRequest),
}
