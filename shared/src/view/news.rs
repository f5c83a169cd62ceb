//! The news screen: the cooperative's announcements in the member's
//! language first (the others on request), unread ones marked and counted,
//! each as a typed document; the sources and, for a failing one, since
//! when it fails.

use chrono::TimeZone;
use serde::{Deserialize, Serialize};

use crate::announcements::SourceError;
use crate::document::Document;
use crate::effects::store::{NewsSource, NewsSourceKind};
use crate::i18n::{day_label, Text};
use crate::model::news::{same_language, source_name, NewsEntry};
use crate::model::Model;

/// How many characters a row's preview holds.
const PREVIEW_CHARS: usize = 140;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsView {
    /// Unread announcements, in every language (the badge).
    pub unread_count: usize,
    pub unread_only: bool,
    /// The language shown ("fr"), or "all".
    pub language: String,
    /// Newest first; in "all", the member's language first.
    pub announcements: Vec<AnnouncementRow>,
    /// Announcements left out because they are in another language.
    pub other_languages: usize,
    /// "3 announcements in other languages." when some are left out.
    pub other_languages_note: Option<String>,
    pub sources: Vec<NewsSourceView>,
    pub polling: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementRow {
    pub id: i64,
    pub title: String,
    /// The source's name.
    pub source: String,
    /// "mardi 4 mai 2027" in the member's zone; "" without a date.
    pub date: String,
    pub language: Option<String>,
    pub read: bool,
    pub preview: String,
    /// It carries an event the member can add to the agenda.
    pub has_event: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementView {
    pub id: i64,
    pub title: String,
    pub source: String,
    pub date: String,
    pub language: Option<String>,
    pub author: Option<String>,
    /// The web page of the announcement (http or https).
    pub link: Option<String>,
    /// The body as blocks and spans: never HTML.
    pub document: Document,
    pub read: bool,
    /// The calendar file "add to my agenda" would read, and its name.
    pub event_url: Option<String>,
    pub event_title: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsSourceView {
    pub url: String,
    /// "feed" or "ocs" (the Announcement Center).
    pub kind: String,
    pub name: String,
    pub language: Option<String>,
    pub added_by_member: bool,
    /// Since when and why it fails, in one sentence; `None` while it works.
    pub failing: Option<String>,
    /// The technical words (English) behind `failing`: the server's
    /// message, the parser's.
    pub failing_detail: Option<String>,
}

fn date(model: &Model, ms: Option<i64>) -> String {
    let Some(at) = ms.and_then(|ms| chrono_tz::UTC.timestamp_millis_opt(ms).single()) else { return String::new() };
    day_label(model.locale, at.with_timezone(&model.zone()).date_naive())
}

use super::notes::when as moment;

fn member_language(model: &Model) -> &'static str {
    model.locale.tag().split('-').next().unwrap_or("en")
}

fn name_of(model: &Model, url: &str) -> String {
    model
        .news_sources
        .iter()
        .find(|s| s.url == url)
        .map(|s| source_name(s, model.locale))
        .unwrap_or_else(|| crate::dav::url::authority(url).unwrap_or_default())
}

fn in_language(entry: &NewsEntry, language: &str) -> bool {
    entry.announcement().language.as_deref().is_none_or(|l| same_language(l, language))
}

impl NewsView {
    pub fn new(model: &Model) -> Self {
        let asked = model.news_language.clone().unwrap_or_else(|| member_language(model).to_string());
        let all = asked == "all";
        let shown_language = if all { member_language(model).to_string() } else { asked.clone() };
        let unread_ok = |e: &&NewsEntry| !model.news_unread_only || !e.record.read;
        let mut shown: Vec<&NewsEntry> =
            model.news.iter().filter(unread_ok).filter(|e| in_language(e, &shown_language)).collect();
        let others: Vec<&NewsEntry> =
            model.news.iter().filter(unread_ok).filter(|e| !in_language(e, &shown_language)).collect();
        let other_languages = if all {
            shown.extend(others);
            0
        } else {
            others.len()
        };
        NewsView {
            unread_count: model.news.iter().filter(|e| !e.record.read).count(),
            unread_only: model.news_unread_only,
            language: asked,
            announcements: shown.into_iter().map(|e| row(model, e)).collect(),
            other_languages,
            other_languages_note: (other_languages > 0)
                .then(|| Text::NewsOtherLanguages(other_languages).in_locale(model.locale)),
            sources: model.news_sources.iter().map(|s| source_view(model, s)).collect(),
            polling: model.news_polling,
        }
    }
}

fn row(model: &Model, e: &NewsEntry) -> AnnouncementRow {
    let a = e.announcement();
    AnnouncementRow {
        id: e.id(),
        title: a.title.clone(),
        source: name_of(model, &a.source),
        date: date(model, a.date()),
        language: a.language.clone(),
        read: e.record.read,
        preview: e.document.preview(PREVIEW_CHARS),
        has_event: e.event().is_some(),
    }
}

impl AnnouncementView {
    pub fn new(model: &Model, e: &NewsEntry) -> Self {
        let a = e.announcement();
        AnnouncementView {
            id: e.id(),
            title: a.title.clone(),
            source: name_of(model, &a.source),
            date: date(model, a.date()),
            language: a.language.clone(),
            author: a.author.clone().filter(|a| !a.is_empty()),
            link: a.link.clone(),
            document: e.document.clone(),
            read: e.record.read,
            event_url: e.event().map(|ev| ev.url.clone()),
            event_title: e.event().and_then(|ev| ev.title.clone()),
        }
    }
}

/// Why a source fails, in the member's words.
fn reason(error: &SourceError) -> Text {
    match error {
        SourceError::Network(d) => Text::ServerUnreachable(d.clone()),
        SourceError::Status(status @ (429 | 503)) => {
            let _ = status;
            Text::ServerBusy { retry_after_s: None }
        }
        SourceError::Status(status @ (404 | 410)) => Text::NewsGone(*status),
        SourceError::Status(status) => Text::ServerError(*status),
        SourceError::MovedElsewhere(host) => Text::NewsMovedElsewhere(host.clone()),
        SourceError::BadRedirect => Text::RedirectRefused,
        SourceError::Insecure(host) => Text::InsecureServer(host.clone()),
        SourceError::Unreadable(d) => Text::NewsUnreadable(d.clone()),
        SourceError::Refused(m) => Text::NewsRefused(m.clone()),
        SourceError::Unauthorized => Text::WrongPassword,
    }
}

fn source_view(model: &Model, s: &NewsSource) -> NewsSourceView {
    let name = source_name(s, model.locale);
    let failing = match (&s.last_error, s.state.failing_since) {
        (Some(error), Some(since)) => Some(Text::NewsSourceFailing {
            source: name.clone(),
            since: moment(model, since),
            reason: Box::new(reason(error)),
        }),
        _ => None,
    };
    NewsSourceView {
        url: s.url.clone(),
        kind: match s.kind {
            NewsSourceKind::Feed => "feed".into(),
            NewsSourceKind::Ocs => "ocs".into(),
        },
        name,
        language: s.language.clone(),
        added_by_member: s.added_by_member,
        failing_detail: failing.as_ref().and_then(Text::detail),
        failing: failing.map(|t| t.in_locale(model.locale)),
    }
}
