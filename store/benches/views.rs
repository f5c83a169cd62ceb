//! What a member waits for, measured in-process on a real store file (not
//! a test: `scripts/bench/in_process.sh` generates the data and runs it).
//!
//!   cargo bench -p nubo-store --bench views -- --events DIR --contacts DIR [--runs N]
//!
//! Medians over `--runs` of: opening the store, a month view (kept
//! occurrences, the first view of a new window that expands them, the first
//! month after opening the file, and the expansion of every event as before
//! occurrences were kept, for the ratio), the year kept ahead after a sync
//! (from nothing kept, and when nothing changed), a contact search and the
//! whole list (then again with a 40 KB photo on every third card: the
//! ratio shows whether the photos' bytes are read), opening a contact,
//! applying one multiget batch of 100 items, and a whole first sync (as
//! multigets, and as a first query's answer is applied).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use nubo_store::Store;
use shared::agenda::view::{assemble, build, by_day, quarters_ahead};
use shared::contacts::vcard::VCardDoc;
use shared::effects::store::*;
use shared::kinds::{ContactKind, EventKind, Kind, StaticKind};
use shared::model::contacts::CONTACTS_PAGE;
use shared::sync::{APPLY_BATCH, MULTIGET_BATCH};

const CALENDAR: &str = "https://bench.test/alice/agenda/";
const BOOK: &str = "https://bench.test/alice/contacts/";
const ZONE: Tz = Tz::Europe__Brussels;

struct Options {
    events: Option<PathBuf>,
    contacts: Option<PathBuf>,
    runs: usize,
}

fn options() -> Options {
    let mut o = Options { events: None, contacts: None, runs: 15 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--events" => o.events = args.next().map(PathBuf::from),
            "--contacts" => o.contacts = args.next().map(PathBuf::from),
            "--runs" => o.runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(o.runs),
            _ => {} // cargo bench passes --bench
        }
    }
    o
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times.get(times.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let started = Instant::now();
    let out = f();
    (started.elapsed(), out)
}

fn files(dir: &Path, extension: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (name, std::fs::read_to_string(&p).unwrap_or_default())
        })
        .collect();
    found.sort();
    found
}

fn remote<K: Kind>(kind: &K, collection: &str, name: &str, data: String) -> RemoteItem {
    let href = format!("{collection}{name}");
    let index = kind.index(&href, &data).unwrap_or_else(|| kind.unreadable_index(name));
    RemoteItem { href, etag: Some("\"1\"".into()), data, index }
}

fn collection(kind: ItemKind, href: &str) -> Collection {
    Collection {
        kind,
        href: href.into(),
        display_name: "bench".into(),
        color: None,
        read_only: false,
        supports_sync: true,
        sync_token: None,
        ctag: None,
    }
}

fn apply(store: &mut Store, collection: &str, upserts: Vec<RemoteItem>) {
    let batch = PullBatch { collection: collection.into(), upserts, ..Default::default() };
    assert!(matches!(store.handle(StoreRequest::ApplyPull(batch)), StoreResponse::Applied(_)));
}

/// Applies `items` in batches of `size`: the last ten batches' times, and
/// the whole fill's. With [`MULTIGET_BATCH`], as a first sync fetched by
/// multigets does (a batch's time is what one multiget costs on a full
/// store).
fn fill(store: &mut Store, collection: &str, items: Vec<RemoteItem>, size: usize) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let mut times = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        let batch: Vec<RemoteItem> = items.by_ref().take(size).collect();
        let (took, ()) = time(|| apply(store, collection, batch));
        times.push(took);
    }
    let keep = times.len().saturating_sub(10);
    (times.split_off(keep), started.elapsed())
}

/// Applies `items` to a new store file as a first sync applies its query's
/// answer ([`APPLY_BATCH`] a transaction): the whole time.
fn apply_answer(dir: &Path, kind: ItemKind, collection: &str, items: Vec<RemoteItem>) -> Duration {
    let path = dir.join("answer.sqlite3");
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(&path).expect("a store");
    store.handle(StoreRequest::SaveCollections { kind, collections: vec![self::collection(kind, collection)] });
    fill(&mut store, collection, items, APPLY_BATCH).1
}

fn answer_row(answer: Duration, batches: Duration) -> (String, f64, String) {
    (
        "apply a first query's answer".into(),
        answer.as_secs_f64() * 1000.0,
        format!("{APPLY_BATCH} a transaction; / by multigets = {:.2}", answer.as_secs_f64() / batches.as_secs_f64()),
    )
}

fn month(year: i32, m: u32) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |y, m| ZONE.with_ymd_and_hms(y, m, 1, 0, 0, 0).unwrap().with_timezone(&Utc);
    let next = if m == 12 { start(year + 1, 1) } else { start(year, m + 1) };
    (start(year, m), next)
}

/// A month view as the core builds it now: kept occurrences, expansion of
/// what is not kept (then kept), the days laid out. Returns how many
/// occurrences it shows.
fn month_view(store: &mut Store, (from, to): (DateTime<Utc>, DateTime<Utc>)) -> usize {
    let request = StoreRequest::ListOccurrences {
        from: from.timestamp_millis(),
        to: to.timestamp_millis(),
        zone: ZONE.name().into(),
    };
    let StoreResponse::Occurrences(page) = store.handle(request) else { panic!("no occurrences") };
    let (agenda, keep) = assemble(page, from, to, ZONE);
    if !keep.items.is_empty() {
        store.handle(StoreRequest::SaveOccurrences(Box::new(keep)));
    }
    by_day(&agenda, from, to, ZONE).len();
    agenda.occurrences.len()
}

/// The same month as before occurrences were kept: every event expanded.
fn month_expanded(store: &mut Store, (from, to): (DateTime<Utc>, DateTime<Utc>)) -> usize {
    let request =
        StoreRequest::ListEvents { from: from.timestamp_millis(), to: to.timestamp_millis(), only_with_alarms: false };
    let StoreResponse::Items(items) = store.handle(request) else { panic!("no events") };
    let agenda = build(&items, from, to, ZONE);
    by_day(&agenda, from, to, ZONE).len();
    agenda.occurrences.len()
}

/// What the core does after a sync: the twelve months from `now` kept, a
/// quarter at a time. Returns how many events it expanded.
fn keep_ahead(store: &mut Store, now: DateTime<Utc>) -> usize {
    let mut expanded = 0;
    for (from, to) in quarters_ahead(now, ZONE) {
        let request = StoreRequest::OccurrencesAhead {
            from: from.timestamp_millis(),
            to: to.timestamp_millis(),
            zone: ZONE.name().into(),
        };
        let StoreResponse::Occurrences(page) = store.handle(request) else { panic!("no occurrences") };
        expanded += page.expand.len();
        let (_, keep) = assemble(page, from, to, ZONE);
        if !keep.items.is_empty() {
            store.handle(StoreRequest::SaveOccurrences(Box::new(keep)));
        }
    }
    expanded
}

fn main() {
    let o = options();
    let dir = tempfile::tempdir().expect("a temporary folder");
    // BENCH_DB keeps the file for a look afterwards (sqlite3, EXPLAIN).
    let path = std::env::var_os("BENCH_DB").map_or_else(|| dir.path().join("bench.sqlite3"), PathBuf::from);
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(&path).expect("a store");
    let mut rows: Vec<(String, f64, String)> = Vec::new();

    if let Some(events_dir) = &o.events {
        let events = files(events_dir, "ics");
        let count = events.len();
        store.handle(StoreRequest::SaveCollections {
            kind: EventKind::KIND,
            collections: vec![collection(EventKind::KIND, CALENDAR)],
        });
        let items: Vec<RemoteItem> = events.into_iter().map(|(n, d)| remote(&EventKind, CALENDAR, &n, d)).collect();
        let answer = apply_answer(dir.path(), EventKind::KIND, CALENDAR, items.clone());
        let (batches, whole) = fill(&mut store, CALENDAR, items, MULTIGET_BATCH);
        rows.push(("apply one batch of 100 events".into(), median(batches), format!("{count} events kept")));
        rows.push((
            "apply a first sync by multigets of 100".into(),
            whole.as_secs_f64() * 1000.0,
            format!("{count} events"),
        ));
        rows.push(answer_row(answer, whole));

        // Spring 2027: the first view of a window expands it, the next ones read it.
        let months: Vec<_> = (1..=12).map(|m| month(2027, m)).collect();
        let mut first = Vec::new();
        let mut kept = Vec::new();
        let mut expanded = Vec::new();
        let mut shown = 0;
        for &m in &months {
            store = Store::open(&path).expect("reopened");
            // A window elsewhere, then this month: a new window each time.
            month_view(&mut store, month(2030, 1));
            first.push(time(|| month_view(&mut store, m)).0);
            for _ in 0..o.runs.max(1) {
                let (took, n) = time(|| month_view(&mut store, m));
                kept.push(took);
                shown = shown.max(n);
            }
            expanded.push(time(|| month_expanded(&mut store, m)).0);
        }
        let (mut after_open, mut opens) = (Vec::new(), Vec::new());
        for &m in months.iter().take(o.runs.max(1)) {
            month_view(&mut store, m);
            drop(store);
            let (took_open, reopened) = time(|| Store::open(&path).expect("reopened"));
            store = reopened;
            opens.push(took_open);
            after_open.push(time(|| month_view(&mut store, m)).0 + took_open);
        }
        // After a first sync (nothing kept near: a window elsewhere, then
        // the sync's own view), then after a sync that changed nothing.
        let now = month(2027, 1).0;
        let (mut ahead, mut ahead_again, mut ahead_events) = (Vec::new(), Vec::new(), 0);
        for _ in 0..o.runs.max(1) {
            month_view(&mut store, month(2030, 1));
            month_view(&mut store, (now, now + chrono::Duration::days(30)));
            let (took, n) = time(|| keep_ahead(&mut store, now));
            ahead.push(took);
            ahead_events = n;
            ahead_again.push(time(|| keep_ahead(&mut store, now)).0);
        }
        let kept_ms = median(kept);
        let expanded_ms = median(expanded);
        rows.push(("store open (events)".into(), median(opens), String::new()));
        rows.push((
            "month view, occurrences kept (warm)".into(),
            kept_ms,
            format!("up to {shown} occurrences a month"),
        ));
        rows.push(("month view, first after opening the file".into(), median(after_open), "open included".into()));
        rows.push(("month view, first of a new window".into(), median(first), "expands a window of ~4 months".into()));
        rows.push((
            "the year kept ahead after a first sync".into(),
            median(ahead),
            format!("{ahead_events} events expanded, by quarter"),
        ));
        rows.push(("the year kept ahead, nothing changed".into(), median(ahead_again), "four reads".into()));
        rows.push((
            "month view, every event expanded (before)".into(),
            expanded_ms,
            format!("kept / before = {:.2}", kept_ms / expanded_ms.max(f64::MIN_POSITIVE)),
        ));
    }

    if let Some(contacts_dir) = &o.contacts {
        let cards = files(contacts_dir, "vcf");
        let count = cards.len();
        store.handle(StoreRequest::SaveCollections {
            kind: ContactKind::KIND,
            collections: vec![collection(ContactKind::KIND, BOOK)],
        });
        let items: Vec<RemoteItem> = cards.into_iter().map(|(n, d)| remote(&ContactKind, BOOK, &n, d)).collect();
        let answer = apply_answer(dir.path(), ContactKind::KIND, BOOK, items.clone());
        let (batches, whole) = fill(&mut store, BOOK, items.clone(), MULTIGET_BATCH);
        rows.push(("apply one batch of 100 contacts".into(), median(batches), format!("{count} contacts kept")));
        rows.push((
            "apply a first sync by multigets of 100".into(),
            whole.as_secs_f64() * 1000.0,
            format!("{count} contacts"),
        ));
        rows.push(answer_row(answer, whole));
        let queries = ["helene", "van den", "nubo.coop", "+32 470", "weiss", "zzz", "ma", "Łukasz"];
        // As the core asks: the first page by name, and how many match.
        let search = |q: &str| StoreRequest::SearchContacts { query: q.into(), shown: CONTACTS_PAGE };
        let search_all = |store: &mut Store| -> Vec<Duration> {
            let mut took = Vec::new();
            for _ in 0..o.runs.max(1) {
                for q in queries {
                    took.push(time(|| store.handle(search(q))).0);
                }
            }
            took
        };
        // What the core reads after each sync or edit: the first page, how
        // many there are, and where each initial begins.
        let list = |store: &mut Store, shown: usize| -> Vec<Duration> {
            (0..o.runs.max(1)).map(|_| time(|| store.handle(StoreRequest::ListContacts { shown })).0).collect()
        };
        let list_all = |store: &mut Store| list(store, usize::MAX);
        let first_pages = list(&mut store, CONTACTS_PAGE);
        let (plain_searches, plain_lists) = (search_all(&mut store), list_all(&mut store));
        // Each query alone: a broad one costs what its matches cost.
        for q in queries {
            let StoreResponse::Contacts(ContactList { found, .. }) = store.handle(search(q)) else {
                panic!("no contacts")
            };
            let took = (0..o.runs.max(1)).map(|_| time(|| store.handle(search(q))).0).collect();
            rows.push((format!("  search \"{q}\""), median(took), format!("{found} found")));
        }
        // A change drops the order by name that searches keep: the first
        // search after it reads the table, the second reads the order again.
        let (mut first, mut second) = (Vec::new(), Vec::new());
        for _ in 0..o.runs.max(1) {
            store.handle(StoreRequest::SaveSyncedAt { at: 1 });
            first.push(time(|| store.handle(search("helene"))).0);
            second.push(time(|| store.handle(search("helene"))).0);
        }
        rows.push(("  search \"helene\", first after a change".into(), median(first), "from the table".into()));
        rows.push(("  the second, reading the order by name".into(), median(second), "kept for the next".into()));
        // The same book as phones keep it: a 40 KB photo on every third card.
        let photo = format!("PHOTO;ENCODING=b;TYPE=JPEG:{}\r\n", "A".repeat(40_000));
        let with_photos: Vec<RemoteItem> = items
            .into_iter()
            .enumerate()
            .filter(|(n, _)| n % 3 == 0)
            .map(|(_, item)| {
                let data = item.data.replacen("END:VCARD", &format!("{photo}END:VCARD"), 1);
                RemoteItem { etag: Some("\"2\"".into()), ..remote(&ContactKind, BOOK, &item.href[BOOK.len()..], data) }
            })
            .collect();
        let _ = fill(&mut store, BOOK, with_photos, MULTIGET_BATCH);
        let (photo_searches, photo_lists) = (search_all(&mut store), list_all(&mut store));
        let (plain, photos) = (median(plain_searches), median(photo_searches));
        rows.push(("contact search".into(), plain, format!("{} queries", queries.len())));
        rows.push((
            "contact search, a third with 40 KB photos".into(),
            photos,
            format!("/ without = {:.2}", photos / plain),
        ));
        let (plain, photos) = (median(plain_lists), median(photo_lists));
        let first_page = median(first_pages);
        rows.push((
            "the list's first page and its initials".into(),
            first_page,
            format!("{CONTACTS_PAGE} of {count}; / every contact = {:.2}", first_page / plain),
        ));
        rows.push(("every contact listed".into(), plain, String::new()));
        rows.push((
            "every contact listed, a third with photos".into(),
            photos,
            format!("/ without = {:.2}", photos / plain),
        ));
        let mut opens = Vec::new();
        for _ in 0..o.runs.max(1) {
            for q in queries {
                let StoreResponse::Contacts(ContactList { shown: found, .. }) = store.handle(search(q)) else {
                    panic!("no contacts")
                };
                if let Some(first) = found.first() {
                    let id = first.id;
                    opens.push(
                        time(|| {
                            let StoreResponse::Item(Some(item)) = store.handle(StoreRequest::GetItem { id }) else {
                                panic!("no contact {id}")
                            };
                            VCardDoc::parse(&item.data).map(|doc| doc.fields()).ok()
                        })
                        .0,
                    );
                }
            }
        }
        rows.push(("open a contact (read + parse)".into(), median(opens), String::new()));
        drop(store);
        let opens: Vec<Duration> =
            (0..o.runs.max(1)).map(|_| time(|| Store::open(&path).expect("reopened")).0).collect();
        rows.push(("store open (everything)".into(), median(opens), String::new()));
    }

    println!("{:<44} {:>10}  note", "what (median)", "ms");
    for (what, ms, note) in rows {
        println!("{what:<44} {ms:>10.2}  {note}");
    }
}
