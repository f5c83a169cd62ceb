//! Every sentence and label the core gives a member, read in French and
//! Dutch for what a Belgian translator would strike out: English pasted in,
//! protocol jargon, ISO dates, French spacing and apostrophes, "(s)" plurals.
//! The same rules, for the shells' own files: `scripts/check-words.py`.

use chrono::NaiveDate;

use super::*;

/// English words that are not also French or Dutch words ("was" is Dutch).
const ENGLISH: &[&str] = &[
    "the",
    "error",
    "request",
    "unexpected",
    "invalid",
    "failed",
    "failure",
    "timeout",
    "summary",
    "sending",
    "response",
    "peer",
    "certificate",
    "unreadable",
    "needed",
    "missing",
    "unknown",
    "cannot",
    "could",
    "should",
    "with",
    "without",
    "your",
    "please",
    "not",
    "found",
    "expected",
    "url",
    "connection",
    "refused",
    "while",
    "occurred",
    "decode",
    "body",
    "header",
    "status",
    // vCard labels left untranslated.
    "cell",
    "home",
    "work",
];

/// Protocol and file-format words a member has no use for ("dav" alone is
/// left out: it starts many a server's host name, which the member typed).
const JARGON: &[&str] = &[
    "carddav",
    "caldav",
    "webdav",
    "http",
    "href",
    "token",
    "ctag",
    "etag",
    "propfind",
    "vcard",
    "icalendar",
    "ics",
    "utf",
];

/// Words one language must not use (wrong register, wrong country, jargon).
const FRENCH_AVOIDED: &[&str] = &["occurrence", "en tant que", "êtes pas connecté"];
/// The register is "je": no "u"/"uw", and no emphatic "jij".
const DUTCH_AVOIDED: &[&str] = &["u", "uw", "jij", "achternaam", "komend"];

/// Words of `text`, lower case ("CardDAV-server" is two).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// `text` without the `http://` and `https://` schemes: a member types
/// them, so a sentence may name them (the rest of a URL is the member's).
fn without_schemes(text: &str) -> String {
    text.replace("https://", " ").replace("http://", " ")
}

fn has_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(10)
        .any(|w| w.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() }))
}

fn is_nbsp(c: Option<char>) -> bool {
    matches!(c, Some('\u{202f}' | '\u{a0}'))
}

/// What is wrong with `text` as a sentence in `locale`; empty when nothing is.
pub(crate) fn problems(locale: Locale, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let plain = without_schemes(text);
    let ws = words(&plain);
    let phrase = format!(" {} ", ws.join(" "));
    for w in ENGLISH.iter().chain(JARGON) {
        if ws.iter().any(|x| x == w) {
            found.push(format!("“{w}”"));
        }
    }
    if has_iso_date(text) {
        found.push("an ISO date".into());
    }
    if text.contains("HTTP") {
        found.push("“HTTP”".into());
    }
    let avoided = if locale == Locale::Fr { FRENCH_AVOIDED } else { DUTCH_AVOIDED };
    for a in avoided {
        if phrase.contains(&format!(" {a} ")) {
            found.push(format!("“{a}”"));
        }
    }
    match locale {
        Locale::Fr => {
            let chars: Vec<char> = plain.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                let time = *c == ':' && before.is_some_and(|b| b.is_ascii_digit());
                if matches!(c, ':' | ';' | '?' | '!' | '»') && !time && !is_nbsp(before) {
                    found.push(format!("no narrow no-break space before “{c}”"));
                }
                if *c == '«' && !is_nbsp(after) {
                    found.push("no narrow no-break space after “«”".into());
                }
            }
            if text.contains('\'') {
                found.push("a straight apostrophe".into());
            }
            if text.contains("(s)") {
                found.push("a “(s)” plural".into());
            }
            if ws.windows(2).any(|w| w[0] == "1" && MONTHS[0].contains(&w[1].as_str())) {
                found.push("“1” for « 1er »".into());
            }
        }
        Locale::Nl => {
            if text.contains("(en)") || text.contains("/afspraken") {
                found.push("a “(en)” plural".into());
            }
        }
        Locale::En => {}
    }
    found
}

/// One of each `Text`, with parameters as the app really fills them
/// (library messages included): the `match` has no wildcard, so a new
/// variant does not compile until it has its sample here.
macro_rules! one_of_each {
    ($($pattern:pat => $sample:expr),* $(,)?) => {
        fn one_of_each() -> Vec<Text> {
            let samples = vec![$($sample),*];
            for s in &samples {
                // Each sample is of the variant it stands for.
                assert!(covered(s), "{s:?}");
            }
            samples
        }
        fn covered(text: &Text) -> bool {
            match text {
                $($pattern => true),*
            }
        }
    };
}

const LIB: &str = "error sending request for url (https://dav.nubo.coop/remote.php/dav/): operation timed out";

one_of_each! {
    Text::SignedOut => Text::SignedOut,
    Text::ZoneUnknown(_) => Text::ZoneUnknown("Heure de l’atelier".into()),
    Text::EventRepaired => Text::EventRepaired,
    Text::NewsFeedsFound(_) => Text::NewsFeedsFound(2),
    Text::NewsHomeUnreadable(_) => Text::NewsHomeUnreadable("nubo.coop".into()),
    Text::SignedIn(_) => Text::SignedIn("lea@nubo.coop".into()),
    Text::Discovering => Text::Discovering,
    Text::WrongPassword => Text::WrongPassword,
    Text::WrongPasswordOrUserName => Text::WrongPasswordOrUserName,
    Text::NoBrowserSignIn => Text::NoBrowserSignIn,
    Text::BrowserSignInExpired => Text::BrowserSignInExpired,
    Text::OpenSignInPage(_) => Text::OpenSignInPage("https://cloud.nubo.coop/login/v2/flow/abc".into()),
    Text::ServerUnreachable(_) => Text::ServerUnreachable(LIB.into()),
    Text::SignInUnreachable(_) => Text::SignInUnreachable(LIB.into()),
    Text::SignInServerTrouble(_) => Text::SignInServerTrouble(503),
    Text::NotADavServer => Text::NotADavServer,
    Text::NotFoundOnServer => Text::NotFoundOnServer,
    Text::NoAddressBooks => Text::NoAddressBooks,
    Text::TlsFailure(_) => Text::TlsFailure("invalid peer certificate: UnknownIssuer".into()),
    Text::RedirectRefused => Text::RedirectRefused,
    Text::ServerError(_) => Text::ServerError(412),
    Text::ServerLocked => Text::ServerLocked,
    Text::ServerStorageFull => Text::ServerStorageFull,
    Text::ServerBusy { .. } => Text::ServerBusy { retry_after_s: Some(3600) },
    Text::BadResponse(_) => Text::BadResponse("unexpected answer (sync-collection without sync-token)".into()),
    Text::Forbidden => Text::Forbidden,
    Text::StoreFailure(_) => Text::StoreFailure("database is locked: unexpected answer".into()),
    Text::ItemGone => Text::ItemGone,
    Text::ConflictsKept(_) => Text::ConflictsKept(2),
    Text::CollectionNotSynced { .. } => Text::CollectionNotSynced {
        name: "Conseil".into(),
        reason: Box::new(Text::ServerError(500)),
    },
    Text::SyncRunning => Text::SyncRunning,
    Text::SyncPushing { .. } => Text::SyncPushing { done: 1, total: 2 },
    Text::SyncListing(_) => Text::SyncListing("Famille".into()),
    Text::SyncFetching { .. } => Text::SyncFetching { done: 1, total: 2 },
    Text::SyncDone { .. } => Text::SyncDone { added: 1, updated: 2, deleted: 0, pushed: 1 },
    Text::SyncNeverRan => Text::SyncNeverRan,
    Text::ConflictExplained(_) => Text::ConflictExplained("Léa Peeters".into()),
    Text::PendingChanges(_) => Text::PendingChanges(2),
    Text::UnreadableItems(_) => Text::UnreadableItems(2),
    Text::NotSignedIn => Text::NotSignedIn,
    Text::ContactSaved => Text::ContactSaved,
    Text::EditKeptBesideNewer => Text::EditKeptBesideNewer,
    Text::ChangedBeforeDelete => Text::ChangedBeforeDelete,
    Text::ContactDeleted => Text::ContactDeleted,
    Text::ReadOnlyBook => Text::ReadOnlyBook,
    Text::NoName => Text::NoName,
    Text::MoreContactsComing => Text::MoreContactsComing,
    Text::ContactsNotShown(_) => Text::ContactsNotShown(2),
    Text::Untitled => Text::Untitled,
    Text::EventSaved => Text::EventSaved,
    Text::EventDeleted => Text::EventDeleted,
    Text::OccurrenceCancelled => Text::OccurrenceCancelled,
    Text::ReadOnlyCalendar => Text::ReadOnlyCalendar,
    Text::NoCalendar => Text::NoCalendar,
    Text::UnreadableEvents(_) => Text::UnreadableEvents(2),
    Text::AgendaTruncated => Text::AgendaTruncated,
    Text::ReminderRelative { .. } => Text::ReminderRelative { minutes: -15, from_end: false },
    Text::BadEvent(_) => Text::BadEvent(EventProblem::NoTitle),
    // Its date and time: see `date_labels`.
    Text::StartsAt(_) => Text::StartsAt("…".into()),
    Text::AllDay => Text::AllDay,
    Text::HostNeedsApproval(_) => Text::HostNeedsApproval("dav.example.org".into()),
    Text::OtherSiteRefused(_) => Text::OtherSiteRefused("evil.example.org".into()),
    Text::InsecureServer(_) => Text::InsecureServer("dav.example.org".into()),
    Text::InsecureRedirect => Text::InsecureRedirect,
    Text::ServerSentTooMuch(_) => Text::ServerSentTooMuch(Limit::Entries(50_000)),
    Text::UnexpectedStop => Text::UnexpectedStop,
    Text::NoSuchConflict(_) => Text::NoSuchConflict(7),
    Text::NoteSaved => Text::NoteSaved,
    Text::NoteDeleted => Text::NoteDeleted,
    Text::ReadOnlyNotes => Text::ReadOnlyNotes,
    Text::NewNoteTitle => Text::NewNoteTitle,
    Text::NotesWithoutCategory => Text::NotesWithoutCategory,
    Text::NoteUnreadable => Text::NoteUnreadable,
    Text::NoteTooLarge(_) => Text::NoteTooLarge(3_355_443),
    Text::NoNotesFolder => Text::NoNotesFolder,
    Text::NoSuchCategory(_) => Text::NoSuchCategory("Recettes".into()),
    Text::NotesFolderElsewhere => Text::NotesFolderElsewhere,
    Text::NotesFolderSaved => Text::NotesFolderSaved,
    Text::NewsSourceFailing { .. } => Text::NewsSourceFailing {
        source: "Nubo".into(),
        since: day_time_label(Locale::Fr, NaiveDate::from_ymd_opt(2027, 3, 1).unwrap().and_hms_opt(14, 30, 0).unwrap()),
        reason: Box::new(Text::NewsUnreadable("expected <rss>, found <html>".into())),
    },
    Text::NewsMovedElsewhere(_) => Text::NewsMovedElsewhere("news.example.org".into()),
    Text::NewsUnreadable(_) => Text::NewsUnreadable("invalid XML: unexpected end of file".into()),
    Text::NewsGone(_) => Text::NewsGone(404),
    Text::NewsRefused(_) => Text::NewsRefused("HTTP 403 Forbidden".into()),
    Text::FeedAdded(_) => Text::FeedAdded("https://nubo.coop/fr/feed.xml".into()),
    Text::FeedRemoved(_) => Text::FeedRemoved("https://nubo.coop/fr/feed.xml".into()),
    Text::FeedAlreadyThere(_) => Text::FeedAlreadyThere("https://nubo.coop/fr/feed.xml".into()),
    Text::FeedAddressRefused(_) => Text::FeedAddressRefused("nubo.coop/flux".into()),
    Text::NoSuchFeed(_) => Text::NoSuchFeed("https://nubo.coop/fr/feed.xml".into()),
    Text::NewsCenterName => Text::NewsCenterName,
    Text::NewsAllRead => Text::NewsAllRead,
    Text::NewsOtherLanguages(_) => Text::NewsOtherLanguages(2),
    Text::AnnouncementAddedToAgenda(_) => Text::AnnouncementAddedToAgenda("Coopérative".into()),
    Text::AnnouncementWithoutEvent => Text::AnnouncementWithoutEvent,
    Text::AnnouncementEventUnreadable(_) => Text::AnnouncementEventUnreadable("invalid UTF-8".into()),
    Text::CategoryCreated(_) => Text::CategoryCreated("Recettes".into()),
}

/// The variants whose sentence changes with a parameter, in their other forms.
fn other_forms() -> Vec<Text> {
    let mut more = vec![
        Text::ServerBusy { retry_after_s: None },
        Text::ServerBusy { retry_after_s: Some(30) },
        Text::ServerBusy { retry_after_s: Some(7200) },
        Text::ServerSentTooMuch(Limit::Items(100_000)),
        Text::ServerSentTooMuch(Limit::Pages(50)),
        Text::ServerSentTooMuch(Limit::Megabytes(64)),
        Text::NewsSourceFailing {
            source: "Nubo".into(),
            since: day_label(Locale::Nl, NaiveDate::from_ymd_opt(2027, 5, 1).unwrap()),
            reason: Box::new(Text::ServerUnreachable(LIB.into())),
        },
        Text::BadEvent(EventProblem::Time("2027-13-01T25:00".into())),
        Text::BadEvent(EventProblem::EndBeforeStart),
        Text::BadEvent(EventProblem::Gone),
    ];
    for n in [0, 1, 1234] {
        more.extend([
            Text::ConflictsKept(n as u32),
            Text::PendingChanges(n),
            Text::UnreadableItems(n),
            Text::UnreadableEvents(n),
            Text::NewsOtherLanguages(n),
            Text::ContactsNotShown(n),
        ]);
    }
    more.push(Text::SyncDone { added: 1, updated: 0, deleted: 1, pushed: 0 });
    more
}

/// Labels the views build: days, months, ranges, moments, birthdays, and
/// the vCard labels ("cell", "work"…) as a member reads them.
fn date_labels(locale: Locale) -> Vec<String> {
    let d = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
    [
        day_label(locale, d(3, 1)),
        day_label(locale, d(1, 5)),
        month_label(locale, d(5, 1)),
        days_label(locale, d(3, 1), d(3, 7)),
        days_label(locale, d(3, 29), d(4, 4)),
        days_label(locale, NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(), d(1, 3)),
        day_time_label(locale, d(3, 1).and_hms_opt(14, 30, 0).unwrap()),
        Text::StartsAt(day_time_label(locale, d(3, 1).and_hms_opt(14, 30, 0).unwrap())).in_locale(locale),
        event_time_label(locale, "2027-03-01T14:30", "2027-03-01T16:00"),
        event_time_label(locale, "2027-03-27T22:00", "2027-03-28T04:00"),
        event_time_label(locale, "2027-06-01", "2027-06-01"),
        birthday_label(locale, "1984-05-21"),
        birthday_label(locale, "19840301"),
        birthday_label(locale, "--0301"),
    ]
    .into_iter()
    .chain(TYPE_LABELS.iter().map(|(token, _)| type_label(locale, token)))
    .collect()
}

#[test]
fn every_sentence_and_label_reads_as_french_and_dutch() {
    let mut bad = Vec::new();
    for locale in [Locale::Fr, Locale::Nl] {
        let mut all: Vec<String> = one_of_each().iter().chain(&other_forms()).map(|t| t.in_locale(locale)).collect();
        all.extend(date_labels(locale));
        for sentence in all {
            let found = problems(locale, &sentence);
            if !found.is_empty() {
                bad.push(format!("{locale:?}: {sentence:?}: {}", found.join(", ")));
            }
        }
    }
    assert!(bad.is_empty(), "{} sentences to fix:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn the_detail_stays_out_of_the_sentence_and_in_english_beside_it() {
    let text = Text::ServerUnreachable(LIB.into());
    for locale in [Locale::Fr, Locale::Nl, Locale::En] {
        assert!(!text.in_locale(locale).contains("dav.nubo.coop"), "{}", text.in_locale(locale));
    }
    assert_eq!(text.detail().as_deref(), Some(LIB));
    let nested = Text::CollectionNotSynced { name: "Conseil".into(), reason: Box::new(Text::ServerError(412)) };
    assert_eq!(nested.detail().as_deref(), Some("HTTP 412"));
    assert_eq!(Text::WrongPassword.detail(), None);
}

#[test]
fn the_rules_catch_what_they_are_for() {
    let fr = |s: &str| problems(Locale::Fr, s);
    assert!(!fr("Serveur injoignable (error sending request)").is_empty());
    assert!(!fr("Erreur du serveur (HTTP 412).").is_empty());
    assert!(!fr("Rendez-vous le 2027-05-08.").is_empty());
    assert!(!fr("Aucun carnet d'adresses.").is_empty());
    assert!(!fr("Flux ajouté : https://nubo.coop").is_empty());
    assert!(!fr("« Conseil\u{202f}»").is_empty());
    assert!(!fr("1 contact(s)").is_empty());
    assert!(!fr("lundi 1 mars 2027").is_empty());
    assert!(fr("Flux ajouté\u{202f}: https://nubo.coop/feed.xml à 14:30").is_empty());
    assert!(fr("«\u{202f}Conseil\u{202f}» n’a pas pu être synchronisé\u{202f}!").is_empty());
    let nl = |s: &str| problems(Locale::Nl, s);
    assert!(!nl("Controleer uw verbinding.").is_empty());
    assert!(!nl("terwijl jij het wijzigde").is_empty());
    assert!(!nl("2 afspraak/afspraken").is_empty());
    assert!(!nl("De CardDAV-server").is_empty());
    assert!(nl("Controleer je verbinding: https://nubo.coop.").is_empty());
}

#[test]
fn sign_in_sentences_promise_nothing_about_data_not_there_yet() {
    use crate::dav::client::RemoteError;
    let errors = [
        RemoteError::Unreachable(LIB.into()),
        RemoteError::Server { status: 500, retry_after_s: None },
        RemoteError::Server { status: 503, retry_after_s: Some(60) },
    ];
    for e in errors {
        for locale in [Locale::Fr, Locale::Nl, Locale::En] {
            let s = e.sign_in_text().in_locale(locale);
            for kept in ["perdu", "appareil", "verloren", "toestel", "lost", "device"] {
                assert!(!s.contains(kept), "{s}");
            }
        }
    }
    assert_eq!(RemoteError::NotFound.sign_in_text(), Text::NotADavServer);
    assert_eq!(RemoteError::NotFound.text(), Text::NotFoundOnServer);
}

#[test]
#[ignore = "prints every sentence, for a translator to read"]
fn print_every_sentence() {
    for locale in [Locale::Fr, Locale::Nl] {
        for t in one_of_each().iter().chain(&other_forms()) {
            println!("{locale:?} | {}", t.in_locale(locale));
        }
    }
}

/// Keys of the view model whose strings the core writes itself (member data,
/// such as names and titles, is the member's and is not judged).
const CORE_WORDS: &[&str] = &[
    "status",
    "error",
    "notice",
    "sign_in_error",
    "label",
    "time",
    "time_label",
    "date",
    "modified",
    "failing",
    "other_languages_note",
    "unreadable",
    "message",
    "birthday",
];

fn core_strings<'a>(key: &str, value: &'a serde_json::Value, parent: &str, out: &mut Vec<(String, &'a str)>) {
    match value {
        // A day's `date` is its key for the shells (ISO on purpose); its `label` is shown.
        serde_json::Value::String(_) if parent == "days" && key == "date" => {}
        serde_json::Value::String(s) if CORE_WORDS.contains(&key) || (parent == "agenda" && key == "title") => {
            out.push((format!("{parent}.{key}"), s))
        }
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| core_strings(k, v, key, out)),
        serde_json::Value::Array(items) => items.iter().for_each(|v| core_strings(key, v, parent, out)),
        _ => {}
    }
}

#[test]
fn the_views_the_shells_receive_read_as_french_and_dutch() {
    // The contract's examples: real view models of a driven core.
    let examples: serde_json::Value = serde_json::from_str(include_str!("../../contract/view_models.json")).unwrap();
    let mut bad = Vec::new();
    let mut seen = 0;
    for (name, view) in examples.as_object().unwrap() {
        let locale = Locale::from_tag(view["locale"].as_str().unwrap_or_default());
        if locale == Locale::En {
            continue;
        }
        let mut found = Vec::new();
        core_strings("", view, "", &mut found);
        for (path, s) in found {
            seen += 1;
            let p = problems(locale, s);
            if !p.is_empty() {
                bad.push(format!("{name} {path}: {s:?}: {}", p.join(", ")));
            }
        }
    }
    assert!(seen > 50, "only {seen} strings read");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
