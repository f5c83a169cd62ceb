//! When to poll a source, and what its answer means. Pure: the caller gives
//! the time and the answer, and stores the [`SourceState`] it gets back.
//!
//! - Conditional requests: the stored `ETag` as `If-None-Match`, the stored
//!   `Last-Modified` as `If-Modified-Since`, both as received.
//! - A scheduled poll waits [`POLL_INTERVAL_MS`] after a success, longer if
//!   `Cache-Control: max-age` says the answer stays fresh (at most
//!   [`MAX_FRESHNESS_MS`]); a member's refresh waits only for freshness.
//! - `Retry-After` (seconds or an HTTP date, at most [`MAX_RETRY_AFTER_MS`]
//!   ahead) is honoured by every poll, the member's too.
//! - Failures back off exponentially from [`BACKOFF_BASE_MS`], doubling, up
//!   to [`BACKOFF_CAP_MS`]; a member's refresh does not wait for backoff.
//! - 301 and 308 to the same origin (scheme, host, port) move the source; 302,
//!   303 and 307 to the same origin are followed once; any redirect elsewhere
//!   is a failure. The caller follows at most [`MAX_REDIRECTS`] in a row.

use chrono::{DateTime, NaiveDateTime};
use serde::{Deserialize, Serialize};
use url::Url;

/// A scheduled poll comes at most this often (hourly).
pub const POLL_INTERVAL_MS: i64 = 60 * 60 * 1000;
/// `max-age` beyond a day is read as a day.
pub const MAX_FRESHNESS_MS: i64 = 24 * 60 * 60 * 1000;
/// `Retry-After` beyond a day is read as a day.
pub const MAX_RETRY_AFTER_MS: i64 = 24 * 60 * 60 * 1000;
/// The first wait after a failure: 5 minutes, then 10, 20, …
pub const BACKOFF_BASE_MS: i64 = 5 * 60 * 1000;
/// … never more than 6 hours.
pub const BACKOFF_CAP_MS: i64 = 6 * 60 * 60 * 1000;
pub const MAX_REDIRECTS: usize = 5;

/// What the device keeps about one source between polls (times in UTC ms).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_success: Option<i64>,
    pub consecutive_failures: u32,
    /// The first failure of the current run of failures.
    pub failing_since: Option<i64>,
    pub last_failure: Option<i64>,
    /// The server asked not to be polled before this.
    pub retry_after_until: Option<i64>,
    /// The server said its last answer stays fresh until this.
    pub max_age_until: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// The app's own schedule (background, start).
    Scheduled,
    /// The member asked (pull to refresh).
    Member,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PollDecision {
    /// Send the request with these headers.
    Poll {
        headers: Vec<(String, String)>,
    },
    Wait {
        until: i64,
        reason: WaitReason,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitReason {
    RetryAfter,
    Backoff,
    Fresh,
    Interval,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PollOutcome {
    /// 2xx: read the body, then merge its entries. If it cannot be read, call
    /// [`on_unreadable_body`] with the state from *before* this answer.
    Fetched,
    /// 304: what the device has is current.
    NotModified,
    /// Ask again at `to`; `permanent` (301, 308): store `to` as the source's
    /// URL from now on.
    Redirect { to: String, permanent: bool },
    /// Failing since `since`; the next scheduled poll comes at `retry_at`.
    Failed { reason: FailureReason, since: i64, retry_at: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FailureReason {
    /// No answer (DNS, connection, TLS, timeout).
    Network,
    Status(u16),
    /// A redirect elsewhere (another host, port or scheme), refused.
    RedirectElsewhere(String),
    /// A redirect without a usable `Location`.
    BadRedirect,
    /// A 2xx whose body is not a feed we can read.
    Unreadable,
}

/// Whether to poll now, and with which headers.
pub fn should_poll(state: &SourceState, now: i64, trigger: Trigger) -> PollDecision {
    if let Some(until) = state.retry_after_until.filter(|until| *until > now) {
        return PollDecision::Wait { until, reason: WaitReason::RetryAfter };
    }
    if trigger == Trigger::Scheduled && state.consecutive_failures > 0 {
        if let Some(until) = state.last_failure.map(|at| at + backoff(state.consecutive_failures)).filter(|u| *u > now)
        {
            return PollDecision::Wait { until, reason: WaitReason::Backoff };
        }
    }
    if state.consecutive_failures == 0 {
        if let Some(until) = state.max_age_until.filter(|until| *until > now) {
            return PollDecision::Wait { until, reason: WaitReason::Fresh };
        }
        if trigger == Trigger::Scheduled {
            if let Some(until) = state.last_success.map(|at| at + POLL_INTERVAL_MS).filter(|until| *until > now) {
                return PollDecision::Wait { until, reason: WaitReason::Interval };
            }
        }
    }
    let mut headers = Vec::new();
    if state.last_success.is_some() {
        if let Some(etag) = &state.etag {
            headers.push(("If-None-Match".to_string(), etag.clone()));
        }
        if let Some(date) = &state.last_modified {
            headers.push(("If-Modified-Since".to_string(), date.clone()));
        }
    }
    PollDecision::Poll { headers }
}

/// The wait after `failures` failures in a row.
pub fn backoff(failures: u32) -> i64 {
    let doublings = failures.saturating_sub(1).min(20);
    (BACKOFF_BASE_MS << doublings).min(BACKOFF_CAP_MS)
}

/// Reads the answer to a poll of `request_url`.
pub fn on_response(
    state: &SourceState,
    now: i64,
    request_url: &str,
    status: u16,
    headers: &[(String, String)],
) -> (SourceState, PollOutcome) {
    match status {
        200..=299 | 304 => {
            let mut next = succeeded(state, now);
            next.max_age_until = max_age(headers).map(|age| now + age);
            if status == 304 {
                // A 304 may refresh the validators; it never removes them.
                next.etag = header(headers, "etag").map(str::to_string).or(next.etag);
                next.last_modified = header(headers, "last-modified").map(str::to_string).or(next.last_modified);
                (next, PollOutcome::NotModified)
            } else {
                next.etag = header(headers, "etag").map(str::to_string);
                next.last_modified = header(headers, "last-modified").map(str::to_string);
                (next, PollOutcome::Fetched)
            }
        }
        301 | 302 | 303 | 307 | 308 => {
            let permanent = matches!(status, 301 | 308);
            let target = header(headers, "location")
                .and_then(|location| Url::parse(request_url).ok()?.join(location.trim()).ok());
            match target {
                None => failed(state, now, FailureReason::BadRedirect, headers),
                Some(to) if !same_origin(request_url, &to) => {
                    failed(state, now, FailureReason::RedirectElsewhere(to.into()), headers)
                }
                Some(to) => {
                    let mut next = state.clone();
                    if permanent {
                        // Validators belong to the old URL.
                        next.etag = None;
                        next.last_modified = None;
                    }
                    (next, PollOutcome::Redirect { to: to.into(), permanent })
                }
            }
        }
        _ => failed(state, now, FailureReason::Status(status), headers),
    }
}

/// No answer at all (DNS, connection, TLS, timeout).
pub fn on_network_error(state: &SourceState, now: i64) -> (SourceState, PollOutcome) {
    failed(state, now, FailureReason::Network, &[])
}

/// A 2xx whose body could not be read: a failure, and its validators are
/// forgotten so that the next poll asks for the whole body again.
pub fn on_unreadable_body(state_before: &SourceState, now: i64) -> (SourceState, PollOutcome) {
    let (mut next, outcome) = failed(state_before, now, FailureReason::Unreadable, &[]);
    next.etag = None;
    next.last_modified = None;
    (next, outcome)
}

fn succeeded(state: &SourceState, now: i64) -> SourceState {
    SourceState {
        last_success: Some(now),
        consecutive_failures: 0,
        failing_since: None,
        last_failure: None,
        retry_after_until: None,
        ..state.clone()
    }
}

fn failed(
    state: &SourceState,
    now: i64,
    reason: FailureReason,
    headers: &[(String, String)],
) -> (SourceState, PollOutcome) {
    let failures = state.consecutive_failures.saturating_add(1);
    let since = state.failing_since.unwrap_or(now);
    let retry_after_until = header(headers, "retry-after").and_then(|value| retry_after(value, now));
    let retry_at = (now + backoff(failures)).max(retry_after_until.unwrap_or(i64::MIN));
    let next = SourceState {
        consecutive_failures: failures,
        failing_since: Some(since),
        last_failure: Some(now),
        retry_after_until,
        max_age_until: None,
        ..state.clone()
    };
    (next, PollOutcome::Failed { reason, since, retry_at })
}

fn same_origin(request_url: &str, to: &Url) -> bool {
    Url::parse(request_url).is_ok_and(|from| from.origin() == to.origin() && from.origin().is_tuple())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.trim())
}

/// `Cache-Control: max-age` in ms (capped), unless `no-cache` or `no-store`.
fn max_age(headers: &[(String, String)]) -> Option<i64> {
    let directives = headers
        .iter()
        .filter(|(key, _)| key.eq_ignore_ascii_case("cache-control"))
        .flat_map(|(_, value)| value.split(','))
        .map(|directive| directive.trim().to_ascii_lowercase());
    let mut age = None;
    for directive in directives {
        match directive.split_once('=') {
            _ if directive == "no-cache" || directive == "no-store" => return None,
            Some((name, value)) if name.trim() == "max-age" => {
                age = value.trim().trim_matches('"').parse::<u64>().ok();
            }
            _ => {}
        }
    }
    age.map(|seconds| i64::try_from(seconds.saturating_mul(1000)).unwrap_or(i64::MAX).min(MAX_FRESHNESS_MS))
}

/// `Retry-After` as the time it points to (capped), if in the future.
fn retry_after(value: &str, now: i64) -> Option<i64> {
    let until = if value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: i64 = value.parse().unwrap_or(i64::MAX / 1000);
        now.saturating_add(seconds.saturating_mul(1000).min(MAX_RETRY_AFTER_MS))
    } else {
        http_date(value)?.min(now.saturating_add(MAX_RETRY_AFTER_MS))
    };
    (until > now).then_some(until)
}

/// An HTTP date in any of the three forms RFC 9110 asks recipients to read.
pub fn http_date(value: &str) -> Option<i64> {
    let value = value.trim();
    if let Ok(date) = DateTime::parse_from_rfc2822(value) {
        return Some(date.timestamp_millis());
    }
    ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
        .map(|date| date.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 60 * 60 * 1000;
    const NOW: i64 = 1_806_969_600_000; // 2027-04-06T00:00:00Z
    const URL: &str = "https://nubo.coop/fr/news/feed.atom";

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn backoff_doubles_and_is_capped_at_six_hours() {
        let waits: Vec<i64> = (1..=9).map(backoff).collect();
        assert_eq!(waits[..4], [5 * 60_000, 10 * 60_000, 20 * 60_000, 40 * 60_000]);
        assert_eq!(waits[7], 6 * HOUR);
        assert_eq!(backoff(u32::MAX), 6 * HOUR);
    }

    #[test]
    fn http_dates_in_all_three_forms() {
        let expected = Some(784_111_777_000);
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
        assert_eq!(http_date("Sun Nov  6 08:49:37 1994"), expected);
        assert_eq!(http_date("tomorrow"), None);
    }

    #[test]
    fn hostile_cache_and_retry_values_are_bounded() {
        let (state, _) = on_response(
            &SourceState::default(),
            NOW,
            URL,
            200,
            &h(&[("Cache-Control", "max-age=99999999999999999999")]),
        );
        assert_eq!(state.max_age_until, None, "not a number we can read");
        let (state, _) =
            on_response(&SourceState::default(), NOW, URL, 200, &h(&[("Cache-Control", "public, max-age=31536000")]));
        assert_eq!(state.max_age_until, Some(NOW + MAX_FRESHNESS_MS));
        let (state, _) =
            on_response(&SourceState::default(), NOW, URL, 503, &h(&[("Retry-After", "999999999999999999999")]));
        assert_eq!(state.retry_after_until, Some(NOW + MAX_RETRY_AFTER_MS));
        let (state, _) = on_response(
            &SourceState::default(),
            NOW,
            URL,
            503,
            &h(&[("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")]),
        );
        assert_eq!(state.retry_after_until, None, "a date in the past asks nothing");
    }
}
