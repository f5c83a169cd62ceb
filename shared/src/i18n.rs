//! User-facing text in French, Dutch and English (Belgium), chosen from the
//! device locale. The core produces finished sentences so that every shell
//! says the same thing in the same words.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    Fr,
    Nl,
    #[default]
    En,
}

impl Locale {
    /// From a BCP 47 tag or POSIX locale: "fr-BE", "nl_BE.UTF-8", "en".
    /// Anything else falls back to English.
    pub fn from_tag(tag: &str) -> Self {
        let lang: String =
            tag.trim().chars().take_while(|c| c.is_ascii_alphabetic()).collect::<String>().to_ascii_lowercase();
        match lang.as_str() {
            "fr" => Self::Fr,
            "nl" | "vls" => Self::Nl,
            _ => Self::En,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Self::Fr => "fr-BE",
            Self::Nl => "nl-BE",
            Self::En => "en-BE",
        }
    }
}

/// Every sentence the core shows. Parameters are carried in the variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    SignedOut,
    SignedIn(String),
    Discovering,
    WrongPassword,
    /// Refused with the e-mail address as the login name.
    WrongPasswordOrUserName,
    /// The server has no sign-in through its own page (not a Nextcloud).
    NoBrowserSignIn,
    /// The member did not approve the app on the server's page in time.
    BrowserSignInExpired,
    /// The page of the member's server where they let the app in.
    OpenSignInPage(String),
    ServerUnreachable(String),
    /// At sign-in: nothing is on this device yet, so nothing is "kept".
    SignInUnreachable(String),
    /// At sign-in, a 5xx (or busy) answer: its status.
    SignInServerTrouble(u16),
    NotADavServer,
    /// 404: what was asked for is not (or no longer) on the server.
    NotFoundOnServer,
    NoAddressBooks,
    TlsFailure(String),
    RedirectRefused,
    ServerError(u16),
    /// 423: the file is open (locked) elsewhere.
    ServerLocked,
    /// 507: the member's storage on the server is full.
    ServerStorageFull,
    ServerBusy {
        retry_after_s: Option<u64>,
    },
    BadResponse(String),
    Forbidden,
    StoreFailure(String),
    /// The item was deleted meanwhile.
    ItemGone,
    /// Versions kept side by side during the sync, for the member to choose.
    ConflictsKept(u32),
    /// One collection could not be synced; the others were.
    CollectionNotSynced {
        name: String,
        reason: Box<Text>,
    },
    SyncRunning,
    SyncPushing {
        done: usize,
        total: usize,
    },
    SyncListing(String),
    SyncFetching {
        done: usize,
        total: usize,
    },
    SyncDone {
        added: u32,
        updated: u32,
        deleted: u32,
        pushed: u32,
    },
    SyncNeverRan,
    ConflictExplained(String),
    PendingChanges(usize),
    UnreadableItems(usize),
    NotSignedIn,
    ContactSaved,
    /// A member's edit met a version that arrived while they edited: both kept.
    EditKeptBesideNewer,
    /// A delete met a version that arrived after the member looked: kept.
    ChangedBeforeDelete,
    ContactDeleted,
    ReadOnlyBook,
    NoName,
    /// The row at the end of a list that grows as the member scrolls.
    MoreContactsComing,
    /// A search found this many contacts beyond those listed.
    ContactsNotShown(usize),
    /// An event without a title.
    Untitled,
    EventSaved,
    EventDeleted,
    OccurrenceCancelled,
    ReadOnlyCalendar,
    NoCalendar,
    UnreadableEvents(usize),
    /// The event names a time zone no table or VTIMEZONE explains: its
    /// times are read in the member's zone.
    ZoneUnknown(String),
    /// The event broke the iCalendar rules the way some exports do (an
    /// empty or contradictory recurrence, no UID): read as other calendar
    /// apps read it, and said.
    EventRepaired,
    AgendaTruncated,
    /// An event's reminder: this many minutes after (positive) or before
    /// (negative) its start, or its end.
    ReminderRelative {
        minutes: i64,
        from_end: bool,
    },
    BadEvent(EventProblem),
    /// A reminder's text: the event starts at this date and time (already
    /// in the member's words, see [`day_time_label`]).
    StartsAt(String),
    AllDay,
    /// Discovery leads to this host, which the member has not accepted.
    HostNeedsApproval(String),
    /// The server points to another site for the member's data.
    OtherSiteRefused(String),
    /// `http://` to a host other than this device.
    InsecureServer(String),
    /// A redirect from `https://` to `http://`.
    InsecureRedirect,
    /// The server sent more than the app reads in one sync.
    ServerSentTooMuch(Limit),
    /// A bug stopped the sync (caught); the data is as it was.
    UnexpectedStop,
    /// No conflict has this number (resolved already, or a typo).
    NoSuchConflict(i64),
    NoteSaved,
    NoteDeleted,
    ReadOnlyNotes,
    /// The title of a note whose title had nothing a file name can hold.
    NewNoteTitle,
    /// The notes' own folder, as the category of notes outside any other.
    NotesWithoutCategory,
    /// A note that is not text: kept as it is, not editable here.
    NoteUnreadable,
    /// A file too large to be a note (bytes): listed, not downloaded.
    NoteTooLarge(u64),
    /// No Notes folder is known for the account (not Nextcloud, or not set).
    NoNotesFolder,
    /// The category a note was to be put in does not exist.
    NoSuchCategory(String),
    /// The notes folder a member typed is not on the account's server.
    NotesFolderElsewhere,
    NotesFolderSaved,
    /// A source of announcements that fails: its name, since when (a date
    /// and time already in the member's words), and why.
    NewsSourceFailing {
        source: String,
        since: String,
        reason: Box<Text>,
    },
    NewsMovedElsewhere(String),
    NewsUnreadable(String),
    /// 404 or 410 for a feed: its status.
    NewsGone(u16),
    NewsRefused(String),
    FeedAdded(String),
    FeedRemoved(String),
    FeedAlreadyThere(String),
    /// Not an http(s) address (or http to another device).
    FeedAddressRefused(String),
    NoSuchFeed(String),
    /// What the Announcement Center of the account's server is called.
    NewsCenterName,
    NewsAllRead,
    /// Looked again for the cooperative's feeds: how many were new.
    NewsFeedsFound(u32),
    /// Asked to look again for feeds, the domain's home page could not be read.
    NewsHomeUnreadable(String),
    /// How many announcements in other languages are not shown.
    NewsOtherLanguages(usize),
    AnnouncementAddedToAgenda(String),
    AnnouncementWithoutEvent,
    AnnouncementEventUnreadable(String),
    CategoryCreated(String),
}

/// Why an event was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventProblem {
    /// A date or time the app cannot read, as it came.
    Time(String),
    EndBeforeStart,
    /// The event or the date of the series to change is no longer there.
    Gone,
    NoTitle,
}

/// A bound the server went past; the count is the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Entries in one answer.
    Entries(usize),
    /// Items one collection lists.
    Items(usize),
    /// "507: ask again" pages in one sync.
    Pages(usize),
    /// MiB in one answer.
    Megabytes(u64),
}

/// 50000 → "50 000" (fr), "50.000" (nl), "50,000" (en).
/// 3_355_443 bytes → "3,2 Mo" (fr), "3,2 MB" (nl), "3.2 MB" (en).
fn megabytes(bytes: u64, locale: Locale) -> String {
    let tenths = (bytes.saturating_mul(10) + (1 << 19)) >> 20;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    match locale {
        Locale::Fr => format!("{whole},{tenth}\u{a0}Mo"),
        Locale::Nl => format!("{whole},{tenth} MB"),
        Locale::En => format!("{whole}.{tenth} MB"),
    }
}

fn count(n: usize, locale: Locale) -> String {
    let sep = match locale {
        Locale::Fr => '\u{202f}',
        Locale::Nl => '.',
        Locale::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// "15 minutes avant", "1 dag na het einde": a reminder as calendar apps
/// say it, in the largest unit that says it exactly.
fn reminder_label(locale: Locale, minutes: i64, from_end: bool) -> String {
    use std::cmp::Ordering::*;
    use Locale::*;
    let amount = amount_label(locale, minutes.unsigned_abs());
    match (minutes.cmp(&0), from_end, locale) {
        (Less, false, Fr) => format!("{amount} avant"),
        (Less, false, Nl) => format!("{amount} vooraf"),
        (Less, false, En) => format!("{amount} before"),
        (Equal, false, Fr) => "Au début".into(),
        (Equal, false, Nl) => "Bij het begin".into(),
        (Equal, false, En) => "At the start".into(),
        (Greater, false, Fr) => format!("{amount} après le début"),
        (Greater, false, Nl) => format!("{amount} na het begin"),
        (Greater, false, En) => format!("{amount} after the start"),
        (Less, true, Fr) => format!("{amount} avant la fin"),
        (Less, true, Nl) => format!("{amount} voor het einde"),
        (Less, true, En) => format!("{amount} before the end"),
        (Equal, true, Fr) => "À la fin".into(),
        (Equal, true, Nl) => "Bij het einde".into(),
        (Equal, true, En) => "At the end".into(),
        (Greater, true, Fr) => format!("{amount} après la fin"),
        (Greater, true, Nl) => format!("{amount} na het einde"),
        (Greater, true, En) => format!("{amount} after the end"),
    }
}

/// 10080 → "1 semaine", 90 → "90 minutes", 2880 → "2 dagen".
fn amount_label(locale: Locale, minutes: u64) -> String {
    const UNITS: [(u64, [&str; 6]); 4] = [
        (7 * 24 * 60, ["semaine", "semaines", "week", "weken", "week", "weeks"]),
        (24 * 60, ["jour", "jours", "dag", "dagen", "day", "days"]),
        (60, ["heure", "heures", "uur", "uur", "hour", "hours"]),
        (1, ["minute", "minutes", "minuut", "minuten", "minute", "minutes"]),
    ];
    let (size, names) = UNITS.iter().find(|(size, _)| minutes.is_multiple_of(*size)).unwrap_or(&UNITS[3]);
    let n = minutes / size;
    let name = names[2 * row(locale) + usize::from(n != 1)];
    // French keeps the number and its unit together on one line.
    let space = if locale == Locale::Fr { "\u{a0}" } else { " " };
    format!("{n}{space}{name}")
}

/// 90 s → "2 minutes"; 3600 s → "1 heure": a wait as a member says it.
fn wait(seconds: u64, locale: Locale) -> String {
    let minutes = seconds.div_ceil(60).max(1);
    let hours = minutes.div_ceil(60);
    match (locale, minutes < 60) {
        (Locale::Fr, true) if minutes == 1 => "1\u{a0}minute".into(),
        (Locale::Fr, true) => format!("{minutes}\u{a0}minutes"),
        (Locale::Fr, false) if hours == 1 => "1\u{a0}heure".into(),
        (Locale::Fr, false) => format!("{hours}\u{a0}heures"),
        (Locale::Nl, true) if minutes == 1 => "1 minuut".into(),
        (Locale::Nl, true) => format!("{minutes} minuten"),
        (Locale::Nl, false) => format!("{hours} uur"),
        (Locale::En, true) if minutes == 1 => "1 minute".into(),
        (Locale::En, true) => format!("{minutes} minutes"),
        (Locale::En, false) if hours == 1 => "1 hour".into(),
        (Locale::En, false) => format!("{hours} hours"),
    }
}

impl EventProblem {
    /// The end of "Event not saved: …", with what to do.
    fn in_locale(&self, locale: Locale) -> String {
        use EventProblem::*;
        use Locale::*;
        match (self, locale) {
            (Time(_), Fr) => "une date ou une heure n’a pas pu être lue\u{202f}; vérifiez-les.".into(),
            (Time(_), Nl) => "een datum of uur kon niet worden gelezen; controleer ze.".into(),
            (Time(_), En) => "a date or time could not be read; check them.".into(),
            (EndBeforeStart, Fr) => "la fin est avant le début\u{202f}; corrigez l’une des deux.".into(),
            (EndBeforeStart, Nl) => "het einde ligt voor het begin; pas een van beide aan.".into(),
            (EndBeforeStart, En) => "the end is before the start; change one of them.".into(),
            (Gone, Fr) => "cet événement ou cette date n’existe plus, il a peut-être été supprimé entre-temps.".into(),
            (Gone, Nl) => "deze afspraak of deze keer bestaat niet meer, misschien werd ze intussen verwijderd.".into(),
            (Gone, En) => "this event or date no longer exists, it may have been deleted meanwhile.".into(),
            (NoTitle, Fr) => "donnez-lui un titre.".into(),
            (NoTitle, Nl) => "geef ze een titel.".into(),
            (NoTitle, En) => "give it a title.".into(),
        }
    }
}

impl Text {
    /// The technical detail behind a sentence, in English (a library's or
    /// the server's words): for a log or a "details" disclosure, never
    /// inside the sentence itself.
    pub fn detail(&self) -> Option<String> {
        match self {
            Text::ServerUnreachable(d)
            | Text::SignInUnreachable(d)
            | Text::TlsFailure(d)
            | Text::BadResponse(d)
            | Text::StoreFailure(d)
            | Text::NewsUnreadable(d)
            | Text::NewsRefused(d)
            | Text::AnnouncementEventUnreadable(d) => Some(d.clone()),
            Text::ServerError(status) | Text::SignInServerTrouble(status) | Text::NewsGone(status) => {
                Some(format!("HTTP {status}"))
            }
            Text::ServerBusy { retry_after_s: Some(s) } => Some(format!("Retry-After: {s}")),
            Text::BadEvent(EventProblem::Time(t)) => Some(format!("unreadable date or time: {t}")),
            Text::CollectionNotSynced { reason, .. } | Text::NewsSourceFailing { reason, .. } => reason.detail(),
            _ => None,
        }
        .filter(|d| !d.is_empty())
    }

    pub fn in_locale(&self, locale: Locale) -> String {
        use Locale::*;
        use Text::*;
        match (self, locale) {
            (NewsSourceFailing { source, since, reason }, Fr) => {
                format!("{source}\u{202f}: aucune réponse utilisable depuis le {since}. {}", reason.in_locale(Fr))
            }
            (NewsSourceFailing { source, since, reason }, Nl) => {
                format!("{source}: geen bruikbaar antwoord sinds {since}. {}", reason.in_locale(Nl))
            }
            (NewsSourceFailing { source, since, reason }, En) => format!("{source}: failing since {since}. {}", reason.in_locale(En)),
            (NewsMovedElsewhere(h), Fr) => format!("Le flux a déménagé vers un autre site ({h}), qui n’a pas été suivi."),
            (NewsMovedElsewhere(h), Nl) => format!("De feed is verhuisd naar een andere site ({h}), die niet gevolgd werd."),
            (NewsMovedElsewhere(h), En) => format!("The feed moved to another site ({h}), which was not followed."),
            (NewsUnreadable(_), Fr) => "Ce n’est pas un flux lisible\u{202f}; les annonces déjà reçues restent.".into(),
            (NewsUnreadable(_), Nl) => "Dit is geen leesbare feed; de ontvangen berichten blijven.".into(),
            (NewsUnreadable(_), En) => "This is not a readable feed; the announcements already received stay.".into(),
            (NewsGone(_), Fr) => "Ce flux n’existe pas (ou plus) à cette adresse\u{202f}: vérifiez-la, ou retirez le flux.".into(),
            (NewsGone(_), Nl) => "Deze feed bestaat niet (meer) op dit adres: controleer het, of verwijder de feed.".into(),
            (NewsGone(_), En) => "This feed is not (or no longer) at this address: check it, or remove the feed.".into(),
            (NewsRefused(_), Fr) => "Le serveur a refusé de donner les annonces\u{202f}; celles déjà reçues restent.".into(),
            (NewsRefused(_), Nl) => "De server weigerde de berichten te geven; de ontvangen berichten blijven.".into(),
            (NewsRefused(_), En) => "The server refused to give the announcements; those already received stay.".into(),
            (FeedAdded(u), Fr) => format!("Flux ajouté\u{202f}: {u}"),
            (FeedAdded(u), Nl) => format!("Feed toegevoegd: {u}"),
            (FeedAdded(u), En) => format!("Feed added: {u}"),
            (FeedRemoved(u), Fr) => format!("Flux retiré, avec ses annonces\u{202f}: {u}"),
            (FeedRemoved(u), Nl) => format!("Feed verwijderd, met zijn berichten: {u}"),
            (FeedRemoved(u), En) => format!("Feed removed, with its announcements: {u}"),
            (FeedAlreadyThere(u), Fr) => format!("Ce flux est déjà suivi\u{202f}: {u}"),
            (FeedAlreadyThere(u), Nl) => format!("Deze feed wordt al gevolgd: {u}"),
            (FeedAlreadyThere(u), En) => format!("This feed is already followed: {u}"),
            (FeedAddressRefused(u), Fr) => {
                format!("«\u{202f}{u}\u{202f}» n’est pas l’adresse d’un flux\u{202f}: il faut une adresse https:// (http:// seulement sur cet appareil).")
            }
            (FeedAddressRefused(u), Nl) => {
                format!("‘{u}’ is geen feedadres: er is een https://-adres nodig (http:// alleen op dit toestel).")
            }
            (FeedAddressRefused(u), En) => {
                format!("“{u}” is not a feed address: it must be https:// (http:// only on this device).")
            }
            (NoSuchFeed(u), Fr) => format!("Aucun flux suivi à cette adresse\u{202f}: {u}"),
            (NoSuchFeed(u), Nl) => format!("Geen gevolgde feed op dit adres: {u}"),
            (NoSuchFeed(u), En) => format!("No feed followed at this address: {u}"),
            (NewsCenterName, Fr) => "Annonces du serveur Nextcloud".into(),
            (NewsCenterName, Nl) => "Berichten van de Nextcloud-server".into(),
            (NewsCenterName, En) => "Announcements of the Nextcloud server".into(),
            (NewsAllRead, Fr) => "Toutes les annonces sont marquées comme lues.".into(),
            (NewsAllRead, Nl) => "Alle berichten zijn als gelezen gemarkeerd.".into(),
            (NewsAllRead, En) => "All announcements are marked as read.".into(),
            (NewsHomeUnreadable(d), Fr) => {
                format!("La page d’accueil de {d} n’a pas pu être lue\u{202f}; réessayez plus tard.")
            }
            (NewsHomeUnreadable(d), Nl) => format!("De startpagina van {d} kon niet gelezen worden; probeer later opnieuw."),
            (NewsHomeUnreadable(d), En) => format!("The home page of {d} could not be read; try again later."),
            (NewsFeedsFound(0), Fr) => "Aucune nouvelle source d’annonces trouvée.".into(),
            (NewsFeedsFound(0), Nl) => "Geen nieuwe bron van berichten gevonden.".into(),
            (NewsFeedsFound(0), En) => "No new source of announcements found.".into(),
            (NewsFeedsFound(1), Fr) => "1 nouvelle source d’annonces suivie.".into(),
            (NewsFeedsFound(1), Nl) => "1 nieuwe bron van berichten gevolgd.".into(),
            (NewsFeedsFound(1), En) => "1 new source of announcements followed.".into(),
            (NewsFeedsFound(n), Fr) => format!("{n} nouvelles sources d’annonces suivies."),
            (NewsFeedsFound(n), Nl) => format!("{n} nieuwe bronnen van berichten gevolgd."),
            (NewsFeedsFound(n), En) => format!("{n} new sources of announcements followed."),
            (NewsOtherLanguages(n), Fr) => match n {
                1 => "1 annonce dans une autre langue.".into(),
                n => format!("{} annonces dans d’autres langues.", count(*n, Fr)),
            },
            (NewsOtherLanguages(n), Nl) => match n {
                1 => "1 bericht in een andere taal.".into(),
                n => format!("{} berichten in andere talen.", count(*n, Nl)),
            },
            (NewsOtherLanguages(n), En) => match n {
                1 => "1 announcement in another language.".into(),
                n => format!("{} announcements in other languages.", count(*n, En)),
            },
            (AnnouncementAddedToAgenda(c), Fr) => format!("L’événement de l’annonce est ajouté à l’agenda «\u{202f}{c}\u{202f}»."),
            (AnnouncementAddedToAgenda(c), Nl) => format!("De afspraak uit het bericht staat nu in de agenda ‘{c}’."),
            (AnnouncementAddedToAgenda(c), En) => format!("The announcement's event is added to the calendar “{c}”."),
            (AnnouncementWithoutEvent, Fr) => "Cette annonce ne contient pas d’événement à ajouter à l’agenda.".into(),
            (AnnouncementWithoutEvent, Nl) => "Dit bericht bevat geen afspraak om aan de agenda toe te voegen.".into(),
            (AnnouncementWithoutEvent, En) => "This announcement carries no event to add to the agenda.".into(),
            (AnnouncementEventUnreadable(_), Fr) => "Le fichier d’agenda de l’annonce est illisible\u{202f}; rien n’a été ajouté.".into(),
            (AnnouncementEventUnreadable(_), Nl) => "Het agendabestand van het bericht is onleesbaar; er is niets toegevoegd.".into(),
            (AnnouncementEventUnreadable(_), En) => "The announcement’s calendar file cannot be read; nothing was added.".into(),
            (SignedOut, Fr) => "Connectez-vous avec votre adresse Nubo.".into(),
            (SignedOut, Nl) => "Meld je aan met je Nubo-adres.".into(),
            (SignedOut, En) => "Sign in with your Nubo address.".into(),
            (SignedIn(e), Fr) => format!("Connexion réussie\u{202f}: {e}."),
            (SignedIn(e), Nl) => format!("Aangemeld als {e}."),
            (SignedIn(e), En) => format!("Signed in as {e}."),
            (Discovering, Fr) => "Recherche de votre serveur…".into(),
            (Discovering, Nl) => "Je server wordt gezocht…".into(),
            (Discovering, En) => "Looking for your server…".into(),
            (WrongPassword, Fr) => "Adresse ou mot de passe incorrect.".into(),
            (WrongPassword, Nl) => "Verkeerd adres of wachtwoord.".into(),
            (WrongPassword, En) => "Wrong address or password.".into(),
            (WrongPasswordOrUserName, Fr) => "Adresse ou mot de passe incorrect. Si votre nom d’utilisateur n’est pas votre adresse, indiquez-le aussi.".into(),
            (WrongPasswordOrUserName, Nl) => "Verkeerd adres of wachtwoord. Is je gebruikersnaam niet je adres, vul hem dan ook in.".into(),
            (WrongPasswordOrUserName, En) => "Wrong address or password. If your user name is not your address, give it too.".into(),
            (NoBrowserSignIn, Fr) => "Ce serveur ne propose pas la connexion par sa propre page. Connectez-vous avec votre mot de passe.".into(),
            (NoBrowserSignIn, Nl) => "Deze server biedt geen aanmelding via zijn eigen pagina aan. Meld je aan met je wachtwoord.".into(),
            (NoBrowserSignIn, En) => "This server does not offer signing in through its own page. Sign in with your password.".into(),
            (BrowserSignInExpired, Fr) => "L’accès n’a pas été accordé à temps sur la page du serveur. Recommencez.".into(),
            (BrowserSignInExpired, Nl) => "De toegang werd niet op tijd verleend op de pagina van de server. Begin opnieuw.".into(),
            (BrowserSignInExpired, En) => "Access was not granted in time on the server’s page. Start again.".into(),
            (OpenSignInPage(url), Fr) => format!("Ouvrez cette page, connectez-vous et autorisez l’application\u{202f}: {url}"),
            (OpenSignInPage(url), Nl) => format!("Open deze pagina, meld je aan en geef de app toegang: {url}"),
            (OpenSignInPage(url), En) => format!("Open this page, sign in and allow the app: {url}"),
            (ServerUnreachable(_), Fr) => "Le serveur est injoignable. Vérifiez votre connexion à internet, puis réessayez\u{202f}; vos données restent disponibles sur cet appareil.".into(),
            (ServerUnreachable(_), Nl) => "De server is onbereikbaar. Controleer je internetverbinding en probeer opnieuw; je gegevens blijven beschikbaar op dit toestel.".into(),
            (ServerUnreachable(_), En) => "Server unreachable. Check your internet connection and try again; your data stays available on this device.".into(),
            (SignInUnreachable(_), Fr) => "Le serveur est injoignable. Vérifiez votre connexion à internet et l’adresse du serveur, puis réessayez.".into(),
            (SignInUnreachable(_), Nl) => "De server is onbereikbaar. Controleer je internetverbinding en het serveradres en probeer opnieuw.".into(),
            (SignInUnreachable(_), En) => "Server unreachable. Check your internet connection and the server address, then try again.".into(),
            (SignInServerTrouble(_), Fr) => "Le serveur a un problème et n’a pas pu vous connecter. Réessayez plus tard\u{202f}; si cela dure, prévenez Nubo.".into(),
            (SignInServerTrouble(_), Nl) => "De server heeft een probleem en kon je niet aanmelden. Probeer later opnieuw; duurt het lang, verwittig dan Nubo.".into(),
            (SignInServerTrouble(_), En) => "The server has a problem and could not sign you in. Try again later; if it lasts, tell Nubo.".into(),
            (NotADavServer, Fr) => "Ce serveur ne propose ni carnet d’adresses ni agenda à synchroniser.".into(),
            (NotADavServer, Nl) => "Deze server biedt geen adresboek of agenda aan om te synchroniseren.".into(),
            (NotADavServer, En) => "This server offers no address book or calendar to sync.".into(),
            (NotFoundOnServer, Fr) => "Le serveur ne trouve pas ce qui est demandé\u{202f}: cela a peut-être été supprimé ou déplacé. Réessayez\u{202f}; si cela se répète, vérifiez l’adresse du serveur.".into(),
            (NotFoundOnServer, Nl) => "De server vindt niet wat gevraagd werd: het is misschien verwijderd of verplaatst. Probeer opnieuw; gebeurt het opnieuw, controleer dan het serveradres.".into(),
            (NotFoundOnServer, En) => "The server cannot find what was asked for: it may have been deleted or moved. Try again; if it happens again, check the server address.".into(),
            (NoAddressBooks, Fr) => "Aucun carnet d’adresses sur ce compte.".into(),
            (NoAddressBooks, Nl) => "Geen adresboeken in deze account.".into(),
            (NoAddressBooks, En) => "No address books in this account.".into(),
            (TlsFailure(_), Fr) => "Connexion non sécurisée refusée\u{202f}: l’identité du serveur n’a pas pu être vérifiée, rien ne lui a été envoyé. Réessayez sur un autre réseau\u{202f}; si cela se répète, prévenez Nubo.".into(),
            (TlsFailure(_), Nl) => "Onveilige verbinding geweigerd: de identiteit van de server kon niet worden gecontroleerd, er is niets naartoe gestuurd. Probeer een ander netwerk; gebeurt het opnieuw, verwittig dan Nubo.".into(),
            (TlsFailure(_), En) => "Insecure connection refused: the server’s identity could not be checked, nothing was sent to it. Try another network; if it happens again, tell Nubo.".into(),
            (RedirectRefused, Fr) => "Le serveur redirige vers un autre site\u{202f}; vos identifiants n’y ont pas été envoyés.".into(),
            (RedirectRefused, Nl) => "De server verwijst naar een andere site; je gegevens zijn daar niet naartoe gestuurd.".into(),
            (RedirectRefused, En) => "The server redirects to another site; your credentials were not sent there.".into(),
            (ServerLocked, Fr) => {
                "Ce fichier est ouvert ailleurs (verrouillé)\u{202f}; votre modification est gardée et sera renvoyée à la prochaine synchronisation.".into()
            }
            (ServerLocked, Nl) => {
                "Dit bestand is elders geopend (vergrendeld); je wijziging blijft bewaard en wordt bij de volgende synchronisatie opnieuw verstuurd.".into()
            }
            (ServerLocked, En) => {
                "This file is open elsewhere (locked); your change is kept and will be sent again at the next sync.".into()
            }
            (ServerStorageFull, Fr) => {
                "Votre espace sur le serveur est plein\u{202f}; votre modification est gardée ici. Libérez de la place, puis synchronisez.".into()
            }
            (ServerStorageFull, Nl) => {
                "Je opslagruimte op de server is vol; je wijziging blijft hier bewaard. Maak ruimte vrij en synchroniseer dan.".into()
            }
            (ServerStorageFull, En) => {
                "Your space on the server is full; your change is kept here. Free some space, then sync.".into()
            }
            (ServerError(_), Fr) => "Le serveur a rencontré un problème. Rien n’est perdu\u{202f}; réessayez plus tard.".into(),
            (ServerError(_), Nl) => "De server had een probleem. Er gaat niets verloren; probeer later opnieuw.".into(),
            (ServerError(_), En) => "Server error. Nothing is lost; try again later.".into(),
            (ServerBusy { retry_after_s: Some(s) }, Fr) => format!("Le serveur est surchargé et demande d’attendre {}. Rien n’est perdu\u{202f}; réessayez ensuite.", wait(*s, Fr)),
            (ServerBusy { retry_after_s: Some(s) }, Nl) => format!("De server is overbelast en vraagt {} te wachten. Er gaat niets verloren; probeer daarna opnieuw.", wait(*s, Nl)),
            (ServerBusy { retry_after_s: Some(s) }, En) => format!("Server busy: it asks to wait {}. Nothing is lost; try again then.", wait(*s, En)),
            (ServerBusy { retry_after_s: None }, Fr) => "Le serveur est surchargé. Rien n’est perdu\u{202f}; réessayez plus tard.".into(),
            (ServerBusy { retry_after_s: None }, Nl) => "De server is overbelast. Er gaat niets verloren; probeer later opnieuw.".into(),
            (ServerBusy { retry_after_s: None }, En) => "Server busy. Nothing is lost; try again later.".into(),
            (BadResponse(_), Fr) => "Le serveur a envoyé une réponse illisible. Vos données sur cet appareil sont intactes\u{202f}; réessayez plus tard.".into(),
            (BadResponse(_), Nl) => "De server stuurde een onleesbaar antwoord. Je gegevens op dit toestel zijn intact; probeer later opnieuw.".into(),
            (BadResponse(_), En) => "Unreadable server response. Your data on this device is intact; try again later.".into(),
            (Forbidden, Fr) => "Le serveur refuse cette opération\u{202f}: votre compte n’en a pas le droit. Demandez-le à la personne qui vous a partagé ce carnet, cet agenda ou ce dossier.".into(),
            (Forbidden, Nl) => "De server weigert deze bewerking: je account heeft er geen rechten voor. Vraag ze aan wie dit adresboek, deze agenda of deze map met je gedeeld heeft.".into(),
            (Forbidden, En) => "The server refuses this operation: your account may not do it. Ask the person who shared this address book, calendar or folder with you.".into(),
            (StoreFailure(_), Fr) => "Cet appareil n’a pas pu lire ou écrire vos données\u{202f}; ce qui était enregistré est gardé. Vérifiez qu’il reste de la place, puis réessayez.".into(),
            (StoreFailure(_), Nl) => "Dit toestel kon je gegevens niet lezen of schrijven; wat bewaard was, blijft bewaard. Controleer of er nog ruimte is en probeer opnieuw.".into(),
            (StoreFailure(_), En) => "This device could not read or write your data; what was saved is kept. Check that space is left, then try again.".into(),
            (ItemGone, Fr) => "Cet élément n’existe plus\u{202f}: il a été supprimé entre-temps.".into(),
            (ItemGone, Nl) => "Dit item bestaat niet meer: het werd intussen verwijderd.".into(),
            (ItemGone, En) => "This item no longer exists: it was deleted meanwhile.".into(),
            (ConflictsKept(n @ (0 | 1)), Fr) => format!("{n} modification faite ailleurs aussi\u{202f}: les deux versions sont gardées, choisissez."),
            (ConflictsKept(n), Fr) => format!("{n} modifications faites ailleurs aussi\u{202f}: les deux versions sont gardées, choisissez."),
            (ConflictsKept(1), Nl) => "1 wijziging ook elders gemaakt: beide versies zijn bewaard, kies er een.".into(),
            (ConflictsKept(n), Nl) => format!("{n} wijzigingen ook elders gemaakt: beide versies zijn bewaard, kies er een."),
            (ConflictsKept(1), En) => "1 change was also made elsewhere: both versions are kept, choose one.".into(),
            (ConflictsKept(n), En) => format!("{n} changes were also made elsewhere: both versions are kept, choose one."),
            (CollectionNotSynced { name, reason }, Fr) => format!("«\u{202f}{name}\u{202f}» n’a pas pu être synchronisé. {}", reason.in_locale(Fr)),
            (CollectionNotSynced { name, reason }, Nl) => format!("„{name}” kon niet worden gesynchroniseerd. {}", reason.in_locale(Nl)),
            (CollectionNotSynced { name, reason }, En) => format!("“{name}” could not be synced. {}", reason.in_locale(En)),
            (SyncRunning, Fr) => "Synchronisation…".into(),
            (SyncRunning, Nl) => "Synchroniseren…".into(),
            (SyncRunning, En) => "Syncing…".into(),
            (SyncPushing { done, total }, Fr) => format!("Envoi de vos modifications ({done}/{total})"),
            (SyncPushing { done, total }, Nl) => format!("Je wijzigingen worden verstuurd ({done}/{total})"),
            (SyncPushing { done, total }, En) => format!("Sending your changes ({done}/{total})"),
            (SyncListing(b), Fr) => format!("Recherche des modifications dans «\u{202f}{b}\u{202f}»"),
            (SyncListing(b), Nl) => format!("Wijzigingen zoeken in ‘{b}’"),
            (SyncListing(b), En) => format!("Looking for changes in “{b}”"),
            (SyncFetching { done, total }, Fr) => format!("Réception des modifications ({done}/{total})"),
            (SyncFetching { done, total }, Nl) => format!("Wijzigingen ophalen ({done}/{total})"),
            (SyncFetching { done, total }, En) => format!("Receiving changes ({done}/{total})"),
            // French: the singular up to one ("0 ajouté", "1 ajouté", "2 ajoutés").
            (SyncDone { added, updated, deleted, pushed }, locale) => sync_done(locale, [*added, *updated, *deleted, *pushed]),
            (SyncNeverRan, Fr) => "Pas encore synchronisé.".into(),
            (SyncNeverRan, Nl) => "Nog niet gesynchroniseerd.".into(),
            (SyncNeverRan, En) => "Not synced yet.".into(),
            (ConflictExplained(n), Fr) => format!("«\u{202f}{n}\u{202f}» a été modifié ailleurs pendant que vous le modifiiez. Les deux versions sont gardées\u{202f}: choisissez."),
            (ConflictExplained(n), Nl) => format!("‘{n}’ werd elders gewijzigd terwijl je het wijzigde. Beide versies zijn bewaard: kies er een."),
            (ConflictExplained(n), En) => format!("“{n}” was changed elsewhere while you edited it. Both versions are kept: choose."),
            (PendingChanges(n @ (0 | 1)), Fr) => format!("{n} modification en attente d’envoi"),
            (PendingChanges(n), Fr) => format!("{n} modifications en attente d’envoi"),
            (PendingChanges(1), Nl) => "1 wijziging wacht op verzending".into(),
            (PendingChanges(n), Nl) => format!("{n} wijzigingen wachten op verzending"),
            (PendingChanges(1), En) => "1 change waiting to be sent".into(),
            (PendingChanges(n), En) => format!("{n} changes waiting to be sent"),
            (UnreadableItems(n @ (0 | 1)), Fr) => format!("{n} élément illisible, gardé tel quel."),
            (UnreadableItems(n), Fr) => format!("{n} éléments illisibles, gardés tels quels."),
            (UnreadableItems(1), Nl) => "1 onleesbaar item, ongewijzigd bewaard.".into(),
            (UnreadableItems(n), Nl) => format!("{n} onleesbare items, ongewijzigd bewaard."),
            (UnreadableItems(1), En) => "1 unreadable item, kept as it is.".into(),
            (UnreadableItems(n), En) => format!("{n} unreadable items, kept as they are."),
            (NotSignedIn, Fr) => "Aucun compte n’est connecté\u{202f}: connectez-vous d’abord.".into(),
            (NotSignedIn, Nl) => "Je bent niet aangemeld: meld je eerst aan.".into(),
            (NotSignedIn, En) => "You are not signed in: sign in first.".into(),
            (ContactSaved, Fr) => "Contact enregistré\u{202f}; il sera envoyé à la prochaine synchronisation.".into(),
            (ContactSaved, Nl) => "Contact bewaard; het wordt bij de volgende synchronisatie verstuurd.".into(),
            (ContactSaved, En) => "Contact saved; it will be sent at the next sync.".into(),
            (EditKeptBesideNewer, Fr) => "Une version plus récente est arrivée d’un autre appareil pendant que vous modifiiez. Les deux versions sont gardées\u{202f}: choisissez.".into(),
            (EditKeptBesideNewer, Nl) => "Terwijl je wijzigde, kwam er een nieuwere versie van een ander toestel binnen. Beide versies zijn bewaard: kies er een.".into(),
            (ChangedBeforeDelete, Fr) => "Ceci a été modifié sur un autre appareil entre-temps\u{202f}: rien n’a été supprimé. Voici la nouvelle version\u{202f}; supprimez à nouveau si vous le souhaitez toujours.".into(),
            (ChangedBeforeDelete, Nl) => "Dit werd intussen op een ander toestel gewijzigd: er is niets verwijderd. Hier is de nieuwe versie; verwijder opnieuw als je dat nog wilt.".into(),
            (ChangedBeforeDelete, En) => "This was changed on another device meanwhile: nothing was deleted. Here is the new version; delete again if you still want to.".into(),
            (EditKeptBesideNewer, En) => "A newer version arrived from another device while you were editing. Both versions are kept: choose.".into(),
            (ContactDeleted, Fr) => "Contact supprimé.".into(),
            (ContactDeleted, Nl) => "Contact verwijderd.".into(),
            (ContactDeleted, En) => "Contact deleted.".into(),
            (NoteSaved, Fr) => "Note enregistrée\u{202f}; elle sera envoyée à la prochaine synchronisation.".into(),
            (NoteSaved, Nl) => "Notitie bewaard; ze wordt bij de volgende synchronisatie verstuurd.".into(),
            (NoteSaved, En) => "Note saved; it will be sent at the next sync.".into(),
            (NoteDeleted, Fr) => "Note supprimée.".into(),
            (NoteDeleted, Nl) => "Notitie verwijderd.".into(),
            (NoteDeleted, En) => "Note deleted.".into(),
            (ReadOnlyNotes, Fr) => "Ce dossier de notes est en lecture seule\u{202f}: vous pouvez le consulter, pas le modifier.".into(),
            (ReadOnlyNotes, Nl) => "Deze notitiemap kun je alleen bekijken, niet wijzigen.".into(),
            (ReadOnlyNotes, En) => "This notes folder is read-only: you can look at it, not change it.".into(),
            (NewNoteTitle, Fr) => "Nouvelle note".into(),
            (NewNoteTitle, Nl) => "Nieuwe notitie".into(),
            (NewNoteTitle, En) => "New note".into(),
            (NotesWithoutCategory, Fr) => "Sans catégorie".into(),
            (NotesWithoutCategory, Nl) => "Zonder categorie".into(),
            (NotesWithoutCategory, En) => "No category".into(),
            (NoteUnreadable, Fr) => {
                "Cette note n’est pas du texte lisible\u{202f}; elle reste telle quelle sur le serveur et ne peut pas être modifiée ici.".into()
            }
            (NoteUnreadable, Nl) => {
                "Deze notitie is geen leesbare tekst; ze blijft ongewijzigd op de server en kan hier niet worden aangepast.".into()
            }
            (NoteUnreadable, En) => {
                "This note is not readable text; it stays as it is on the server and cannot be changed here.".into()
            }
            (NoteTooLarge(bytes), Fr) => format!(
                "Ce fichier fait {}\u{202f}: trop grand pour une note, il n’est pas téléchargé. Il reste tel quel sur le serveur.",
                megabytes(*bytes, Fr)
            ),
            (NoteTooLarge(bytes), Nl) => format!(
                "Dit bestand is {}: te groot voor een notitie, het wordt niet gedownload. Het blijft ongewijzigd op de server.",
                megabytes(*bytes, Nl)
            ),
            (NoteTooLarge(bytes), En) => format!(
                "This file is {}: too large for a note, so it is not downloaded. It stays as it is on the server.",
                megabytes(*bytes, En)
            ),
            (NoNotesFolder, Fr) => "Aucun dossier de notes n’est connu pour ce compte.".into(),
            (NoNotesFolder, Nl) => "Voor deze account is geen notitiemap bekend.".into(),
            (NoNotesFolder, En) => "No notes folder is known for this account.".into(),
            (NoSuchCategory(c), Fr) => format!("La catégorie «\u{202f}{c}\u{202f}» n’existe pas sur le serveur."),
            (NoSuchCategory(c), Nl) => format!("De categorie „{c}” bestaat niet op de server."),
            (NoSuchCategory(c), En) => format!("The category “{c}” does not exist on the server."),
            (CategoryCreated(c), Fr) => format!("Catégorie «\u{202f}{c}\u{202f}» créée."),
            (CategoryCreated(c), Nl) => format!("Categorie „{c}” aangemaakt."),
            (CategoryCreated(c), En) => format!("Category “{c}” created."),
            (NotesFolderSaved, Fr) => "Dossier de notes enregistré\u{202f}; la prochaine synchronisation le lira.".into(),
            (NotesFolderSaved, Nl) => "Notitiemap bewaard; de volgende synchronisatie leest ze.".into(),
            (NotesFolderSaved, En) => "Notes folder saved; the next sync reads it.".into(),
            (NotesFolderElsewhere, Fr) => "Le dossier de notes doit se trouver sur le serveur de votre compte.".into(),
            (NotesFolderElsewhere, Nl) => "De notitiemap moet op de server van je account staan.".into(),
            (NotesFolderElsewhere, En) => "The notes folder must be on your account’s server.".into(),
            (ReadOnlyBook, Fr) => "Ce carnet d’adresses est en lecture seule\u{202f}: vous pouvez le consulter, pas le modifier.".into(),
            (ReadOnlyBook, Nl) => "Dit adresboek kun je alleen bekijken, niet wijzigen.".into(),
            (ReadOnlyBook, En) => "This address book is read-only: you can look at it, not change it.".into(),
            (NoName, Fr) => "(sans nom)".into(),
            (NoName, Nl) => "(zonder naam)".into(),
            (NoName, En) => "(no name)".into(),
            (MoreContactsComing, Fr) => "Chargement d’autres contacts…".into(),
            (MoreContactsComing, Nl) => "Meer contacten laden…".into(),
            (MoreContactsComing, En) => "Loading more contacts…".into(),
            (Untitled, Fr) => "(sans titre)".into(),
            (Untitled, Nl) => "(zonder titel)".into(),
            (Untitled, En) => "(untitled)".into(),
            (EventSaved, Fr) => "Événement enregistré\u{202f}; il sera envoyé à la prochaine synchronisation.".into(),
            (EventSaved, Nl) => "Afspraak bewaard; ze wordt bij de volgende synchronisatie verstuurd.".into(),
            (EventSaved, En) => "Event saved; it will be sent at the next sync.".into(),
            (EventDeleted, Fr) => "Événement supprimé.".into(),
            (EventDeleted, Nl) => "Afspraak verwijderd.".into(),
            (EventDeleted, En) => "Event deleted.".into(),
            (OccurrenceCancelled, Fr) => "Cette date est annulée\u{202f}; les autres dates de la série restent.".into(),
            (OccurrenceCancelled, Nl) => "Deze keer is geschrapt; de andere keren van de reeks blijven.".into(),
            (OccurrenceCancelled, En) => "This date is cancelled; the other dates of the series stay.".into(),
            (ReadOnlyCalendar, Fr) => "Cet agenda est en lecture seule\u{202f}: vous pouvez le consulter, pas le modifier.".into(),
            (ReadOnlyCalendar, Nl) => "Deze agenda kun je alleen bekijken, niet wijzigen.".into(),
            (ReadOnlyCalendar, En) => "This calendar is read-only: you can look at it, not change it.".into(),
            (NoCalendar, Fr) => "Aucun agenda modifiable sur ce compte.".into(),
            (NoCalendar, Nl) => "Geen bewerkbare agenda in deze account.".into(),
            (NoCalendar, En) => "No editable calendar on this account.".into(),
            (ZoneUnknown(z), Fr) => format!(
                "Heures lues dans votre fuseau horaire\u{202f}: celui de cet événement («\u{202f}{z}\u{202f}») est inconnu de l’app. Vérifiez-les auprès de la personne qui l’a envoyé."
            ),
            (ZoneUnknown(z), Nl) => format!(
                "Uren gelezen in je tijdzone: die van deze afspraak („{z}”) kent de app niet. Controleer ze bij wie de afspraak verstuurde."
            ),
            (ZoneUnknown(z), En) => format!(
                "Times read in your time zone: the app does not know this event’s (“{z}”). Check them with whoever sent it."
            ),
            (EventRepaired, Fr) => "Cet événement était mal formé\u{202f}: l’app l’a réparé comme le font les autres applications d’agenda. Vérifiez ses dates auprès de la personne qui l’a envoyé.".into(),
            (EventRepaired, Nl) => "Deze afspraak was niet helemaal correct opgesteld: de app heeft ze hersteld zoals andere agenda-apps dat doen. Controleer de datums bij wie de afspraak verstuurde.".into(),
            (EventRepaired, En) => "This event was not quite well formed: the app repaired it as other calendar apps do. Check its dates with whoever sent it.".into(),
            (UnreadableEvents(n @ (0 | 1)), Fr) => format!("{n} événement illisible, gardé tel quel."),
            (UnreadableEvents(n), Fr) => format!("{n} événements illisibles, gardés tels quels."),
            (UnreadableEvents(1), Nl) => "1 onleesbare afspraak, ongewijzigd bewaard.".into(),
            (UnreadableEvents(n), Nl) => format!("{n} onleesbare afspraken, ongewijzigd bewaard."),
            (UnreadableEvents(1), En) => "1 unreadable event, kept as it is.".into(),
            (UnreadableEvents(n), En) => format!("{n} unreadable events, kept as they are."),
            (ContactsNotShown(1), Fr) => "1 autre contact trouvé n’est pas affiché\u{202f}: précisez votre recherche.".into(),
            (ContactsNotShown(n), Fr) => format!(
                "{} autres contacts trouvés ne sont pas affichés\u{202f}: précisez votre recherche.",
                count(*n, locale)
            ),
            (ContactsNotShown(1), Nl) => "Nog 1 contact gevonden maar niet getoond: typ verder om te verfijnen.".into(),
            (ContactsNotShown(n), Nl) => {
                format!("Nog {} contacten gevonden maar niet getoond: typ verder om te verfijnen.", count(*n, locale))
            }
            (ContactsNotShown(1), En) => "1 more contact found but not shown: type more to narrow the search.".into(),
            (ContactsNotShown(n), En) => {
                format!("{} more contacts found but not shown: type more to narrow the search.", count(*n, locale))
            }
            (AgendaTruncated, Fr) => "Certains événements très fréquents ne sont pas tous affichés.".into(),
            (AgendaTruncated, Nl) => "Sommige zeer frequente afspraken worden niet allemaal getoond.".into(),
            (AgendaTruncated, En) => "Some very frequent events are not all shown.".into(),
            (ReminderRelative { minutes, from_end }, _) => reminder_label(locale, *minutes, *from_end),
            (BadEvent(why), Fr) => format!("Événement non enregistré\u{202f}: {}", why.in_locale(Fr)),
            (BadEvent(why), Nl) => format!("Afspraak niet bewaard: {}", why.in_locale(Nl)),
            (BadEvent(why), En) => format!("Event not saved: {}", why.in_locale(En)),
            (StartsAt(t), Fr) => format!("Commence le {t}"),
            (StartsAt(t), Nl) => format!("Begint op {t}"),
            (StartsAt(t), En) => format!("Starts on {t}"),
            (AllDay, Fr) => "Toute la journée".into(),
            (AllDay, Nl) => "Hele dag".into(),
            (AllDay, En) => "All day".into(),
            (HostNeedsApproval(h), Fr) => format!("La connexion mène à un autre serveur\u{202f}: {h}. Votre mot de passe ne lui a pas été envoyé. Acceptez ce serveur seulement si vous lui faites confiance, puis reconnectez-vous."),
            (HostNeedsApproval(h), Nl) => format!("Aanmelden leidt naar een andere server: {h}. Je wachtwoord is daar niet naartoe gestuurd. Aanvaard deze server alleen als je hem vertrouwt en meld je dan opnieuw aan."),
            (HostNeedsApproval(h), En) => format!("Signing in leads to another server: {h}. Your password was not sent there. Accept this server only if you trust it, then sign in again."),
            (OtherSiteRefused(h), Fr) => format!("Le serveur envoie vos données vers un autre site ({h})\u{202f}: refusé, vos identifiants n’y ont pas été envoyés."),
            (OtherSiteRefused(h), Nl) => format!("De server verwijst voor je gegevens naar een andere site ({h}): geweigerd, je aanmeldgegevens zijn daar niet naartoe gestuurd."),
            (OtherSiteRefused(h), En) => format!("The server points to another site ({h}) for your data: refused, your credentials were not sent there."),
            (InsecureServer(h), Fr) => format!("Refusé\u{202f}: {h} serait joint sans chiffrement (http://). Utilisez une adresse https://."),
            (InsecureServer(h), Nl) => format!("Geweigerd: {h} zou zonder versleuteling bereikt worden (http://). Gebruik een https://-adres."),
            (InsecureServer(h), En) => format!("Refused: {h} would be reached without encryption (http://). Use an https:// address."),
            (InsecureRedirect, Fr) => "Le serveur redirige vers une adresse non chiffrée (http://)\u{202f}: refusé, rien n’y a été envoyé.".into(),
            (InsecureRedirect, Nl) => "De server verwijst naar een onversleuteld adres (http://): geweigerd, er is niets naartoe gestuurd.".into(),
            (InsecureRedirect, En) => "The server redirects to an unencrypted address (http://): refused, nothing was sent there.".into(),
            (NoSuchConflict(n), Fr) => format!("Aucun conflit n° {n}\u{202f}: il a peut-être déjà été résolu."),
            (NoSuchConflict(n), Nl) => format!("Er is geen conflict nr. {n}: misschien is het al opgelost."),
            (NoSuchConflict(n), En) => format!("There is no conflict number {n}: it may already be resolved."),
            (UnexpectedStop, Fr) => "Une erreur inattendue de l’application a arrêté la synchronisation. Vos données sont intactes\u{202f}; réessayez plus tard ou signalez-le à Nubo.".into(),
            (UnexpectedStop, Nl) => "Een onverwachte fout in de app heeft de synchronisatie gestopt. Je gegevens zijn intact; probeer het later opnieuw of meld het aan Nubo.".into(),
            (UnexpectedStop, En) => "An unexpected error in the app stopped the sync. Your data is intact; try again later or report it to Nubo.".into(),
            (ServerSentTooMuch(limit), l) => {
                let n = match limit {
                    Limit::Entries(n) | Limit::Items(n) | Limit::Pages(n) => count(*n, l),
                    Limit::Megabytes(n) => count(*n as usize, l),
                };
                match (limit, l) {
                    (Limit::Entries(_), Fr) => format!("Le serveur a envoyé plus de {n} éléments en une réponse\u{202f}: cette collection n’a pas été synchronisée. Vos données locales sont intactes."),
                    (Limit::Entries(_), Nl) => format!("De server stuurde meer dan {n} items in één antwoord: deze verzameling is niet gesynchroniseerd. Je lokale gegevens zijn intact."),
                    (Limit::Entries(_), En) => format!("The server sent more than {n} entries in one answer: this collection was not synced. Your local data is intact."),
                    (Limit::Items(_), Fr) => format!("Le serveur annonce plus de {n} éléments dans cette collection, trop pour la synchroniser. Vos données locales sont intactes."),
                    (Limit::Items(_), Nl) => format!("De server meldt meer dan {n} items in deze verzameling, te veel om te synchroniseren. Je lokale gegevens zijn intact."),
                    (Limit::Items(_), En) => format!("The server lists more than {n} items in this collection, too many to sync. Your local data is intact."),
                    (Limit::Pages(_), Fr) => format!("Le serveur demande sans fin de revenir chercher la suite (plus de {n} fois)\u{202f}: synchronisation arrêtée. Vos données locales sont intactes."),
                    (Limit::Pages(_), Nl) => format!("De server blijft vragen om de rest later op te halen (meer dan {n} keer): synchronisatie gestopt. Je lokale gegevens zijn intact."),
                    (Limit::Pages(_), En) => format!("The server keeps asking to come back for the rest (more than {n} times): sync stopped. Your local data is intact."),
                    (Limit::Megabytes(_), Fr) => format!("Le serveur a envoyé une réponse de plus de {n} Mo\u{202f}: elle n’a pas été lue. Vos données locales sont intactes."),
                    (Limit::Megabytes(_), Nl) => format!("De server stuurde een antwoord van meer dan {n} MB: het is niet gelezen. Je lokale gegevens zijn intact."),
                    (Limit::Megabytes(_), En) => format!("The server sent an answer larger than {n} MB: it was not read. Your local data is intact."),
                }
            }
        }
    }
}

const WEEKDAYS: [[&str; 7]; 3] = [
    ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
];

const MONTHS: [[&str; 12]; 3] = [
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
];

fn row(locale: Locale) -> usize {
    match locale {
        Locale::Fr => 0,
        Locale::Nl => 1,
        Locale::En => 2,
    }
}

/// The day of the month: French says "1er" for the first.
fn day_number(locale: Locale, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match (locale, date.day()) {
        (Locale::Fr, 1) => "1er".into(),
        (_, d) => d.to_string(),
    }
}

/// "5 janvier 2027", "1er mars 2027", "1 maart 2027".
fn date_label(locale: Locale, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", day_number(locale, date), MONTHS[row(locale)][date.month0() as usize], date.year())
}

/// "mardi 5 janvier 2027", "dinsdag 5 januari 2027", "Tuesday 5 January 2027".
pub fn day_label(locale: Locale, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let weekday = WEEKDAYS[row(locale)][date.weekday().num_days_from_monday() as usize];
    format!("{weekday} {}", date_label(locale, date))
}

/// "mardi 1er mars 2027 à 14:30", "dinsdag 1 maart 2027 om 14:30".
pub fn day_time_label(locale: Locale, at: chrono::NaiveDateTime) -> String {
    let separator = match locale {
        Locale::Fr => " à ",
        Locale::Nl => " om ",
        Locale::En => ", ",
    };
    format!("{}{separator}{}", day_label(locale, at.date()), at.format("%H:%M"))
}

/// Several days, both included: « du 1er au 7 mars 2027 », "1 – 7 maart
/// 2027"; the month and year are said once when both days share them.
pub fn days_label(locale: Locale, first: chrono::NaiveDate, last: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if first == last {
        return day_label(locale, first);
    }
    let month = |d: chrono::NaiveDate| MONTHS[row(locale)][d.month0() as usize];
    let from = if first.year() != last.year() {
        date_label(locale, first)
    } else if first.month() != last.month() {
        format!("{} {}", day_number(locale, first), month(first))
    } else {
        day_number(locale, first)
    };
    let to = date_label(locale, last);
    match locale {
        Locale::Fr => format!("du {from} au {to}"),
        Locale::Nl | Locale::En => format!("{from} – {to}"),
    }
}

/// An event's time as the edit form carries it ("2027-03-01T14:30",
/// "2027-03-01"; an all-day end is its last day) in words: « mardi 1er mars
/// 2027 de 14:30 à 16:00 », „dinsdag 1 maart 2027 van 14:30 tot 16:00";
/// what cannot be read is shown as it came.
pub fn event_time_label(locale: Locale, start: &str, end: &str) -> String {
    use chrono::{NaiveDate, NaiveDateTime};
    let moment = |s: &str| NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M").ok();
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let time = |t: NaiveDateTime| t.format("%H:%M").to_string();
    if let Some(from) = moment(start) {
        return match moment(end) {
            None if end.trim().is_empty() => day_time_label(locale, from),
            None => format!("{} – {end}", day_time_label(locale, from)),
            Some(to) if to.date() == from.date() => {
                let day = day_label(locale, from.date());
                match locale {
                    Locale::Fr => format!("{day} de {} à {}", time(from), time(to)),
                    Locale::Nl => format!("{day} van {} tot {}", time(from), time(to)),
                    Locale::En => format!("{day}, {} – {}", time(from), time(to)),
                }
            }
            Some(to) => {
                let (a, b) = (day_time_label(locale, from), day_time_label(locale, to));
                match locale {
                    Locale::Fr => format!("du {a} au {b}"),
                    Locale::Nl => format!("van {a} tot {b}"),
                    Locale::En => format!("{a} – {b}"),
                }
            }
        };
    }
    match (date(start), date(end)) {
        (Some(from), Some(to)) if to >= from => days_label(locale, from, to),
        (Some(from), _) if end.trim().is_empty() => day_label(locale, from),
        _ => [start, end].iter().filter(|s| !s.trim().is_empty()).copied().collect::<Vec<_>>().join(" – "),
    }
}

/// A birthday as written in a vCard ("1984-05-21", "19840521", "--0521")
/// → "21 mai 1984", "1er mai" (no year); anything else as it came.
pub fn birthday_label(locale: Locale, raw: &str) -> String {
    use chrono::Datelike;
    let digits: String = raw.trim().split('T').next().unwrap_or_default().chars().filter(|c| *c != '-').collect();
    let no_year = raw.trim().starts_with("--");
    let parsed = match (digits.len(), no_year) {
        (8, false) => chrono::NaiveDate::parse_from_str(&digits, "%Y%m%d").ok().map(|d| (d, true)),
        // A leap year, so that 29 February is a date.
        (4, true) => chrono::NaiveDate::parse_from_str(&format!("2000{digits}"), "%Y%m%d").ok().map(|d| (d, false)),
        _ => None,
    };
    match parsed {
        Some((d, true)) => date_label(locale, d),
        Some((d, false)) => format!("{} {}", day_number(locale, d), MONTHS[row(locale)][d.month0() as usize]),
        None => raw.to_string(),
    }
}

/// vCard TYPE values (and Apple's labels) with what a member reads for
/// them in French, Dutch and English; Belgians say GSM for a mobile.
const TYPE_LABELS: [(&str, [&str; 3]); 11] = [
    ("cell", ["GSM", "gsm", "mobile"]),
    ("mobile", ["GSM", "gsm", "mobile"]),
    ("work", ["travail", "werk", "work"]),
    ("home", ["domicile", "thuis", "home"]),
    ("other", ["autre", "ander", "other"]),
    ("fax", ["fax", "fax", "fax"]),
    ("pager", ["bip", "pieper", "pager"]),
    ("main", ["principal", "hoofdnummer", "main"]),
    ("voice", ["téléphone", "telefoon", "phone"]),
    ("text", ["SMS", "sms", "text"]),
    ("school", ["école", "school", "school"]),
];

/// "cell" → "GSM" (fr), "gsm" (nl); a label of the member's own as it is.
pub fn type_label(locale: Locale, raw: &str) -> String {
    match TYPE_LABELS.iter().find(|(token, _)| token.eq_ignore_ascii_case(raw.trim())) {
        Some((_, names)) => names[row(locale)].to_string(),
        None => raw.to_string(),
    }
}

/// The other way, for what a shell sends back: "GSM", "werk" → the vCard
/// value; `None` for a label of the member's own.
pub fn type_token(label: &str) -> Option<&'static str> {
    let label = label.trim();
    TYPE_LABELS.iter().find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(label))).map(|(token, _)| *token)
}

/// What a sync brought and sent, zeros left out: « À jour : 3 ajouts,
/// 1 envoi. », « Tout est à jour. » when nothing changed.
fn sync_done(locale: Locale, counts: [u32; 4]) -> String {
    // French counts nouns (1 ajout, 2 ajouts; 0 and 1 singular); Dutch and
    // English participles do not agree.
    const FR: [(&str, &str); 4] =
        [("ajout", "ajouts"), ("modification", "modifications"), ("suppression", "suppressions"), ("envoi", "envois")];
    const NL: [&str; 4] = ["toegevoegd", "gewijzigd", "verwijderd", "verstuurd"];
    const EN: [&str; 4] = ["added", "updated", "deleted", "sent"];
    let parts: Vec<String> = counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| match locale {
            Locale::Fr => format!("{} {}", count(*n as usize, locale), if *n > 1 { FR[i].1 } else { FR[i].0 }),
            Locale::Nl => format!("{} {}", count(*n as usize, locale), NL[i]),
            Locale::En => format!("{} {}", count(*n as usize, locale), EN[i]),
        })
        .collect();
    match (locale, parts.is_empty()) {
        (Locale::Fr, true) => "Tout est à jour.".into(),
        (Locale::Nl, true) => "Alles is bijgewerkt.".into(),
        (Locale::En, true) => "Everything is up to date.".into(),
        (Locale::Fr, false) => format!("À jour\u{202f}: {}.", parts.join(", ")),
        (Locale::Nl, false) => format!("Bijgewerkt: {}.", parts.join(", ")),
        (Locale::En, false) => format!("Up to date: {}.", parts.join(", ")),
    }
}

/// "mai 2027", "mei 2027", "May 2027".
pub fn month_label(locale: Locale, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {}", MONTHS[row(locale)][date.month0() as usize], date.year())
}

#[cfg(test)]
mod words;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn picks_the_language_from_the_device_locale() {
        assert_eq!(Locale::from_tag("fr-BE"), Locale::Fr);
        assert_eq!(Locale::from_tag("nl_BE.UTF-8"), Locale::Nl);
        assert_eq!(Locale::from_tag("en-GB"), Locale::En);
        assert_eq!(Locale::from_tag("de-BE"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn days_and_months_are_named_in_each_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!(day_label(Locale::Fr, d), "mardi 5 janvier 2027");
        assert_eq!(day_label(Locale::Nl, d), "dinsdag 5 januari 2027");
        assert_eq!(day_label(Locale::En, d), "Tuesday 5 January 2027");
        assert_eq!(month_label(Locale::Fr, d.with_month(8).unwrap()), "août 2027");
        let first = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let at = first.and_hms_opt(14, 30, 0).unwrap();
        assert_eq!(day_time_label(Locale::Fr, at), "lundi 1er mars 2027 à 14:30");
        assert_eq!(day_time_label(Locale::Nl, at), "maandag 1 maart 2027 om 14:30");
        let week = |l| days_label(l, first, first + chrono::Duration::days(6));
        assert_eq!(week(Locale::Fr), "du 1er au 7 mars 2027");
        assert_eq!(week(Locale::Nl), "1 – 7 maart 2027");
        let across = days_label(Locale::Fr, chrono::NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(), d);
        assert_eq!(across, "du 28 décembre 2026 au 5 janvier 2027");
        assert_eq!(birthday_label(Locale::Fr, "1984-05-21"), "21 mai 1984");
        assert_eq!(birthday_label(Locale::Nl, "--0301"), "1 maart");
        assert_eq!(birthday_label(Locale::Fr, "vers 1984"), "vers 1984");
        assert_eq!(
            event_time_label(Locale::Fr, "2027-03-01T14:30", "2027-03-01T16:00"),
            "lundi 1er mars 2027 de 14:30 à 16:00"
        );
        assert_eq!(
            event_time_label(Locale::Nl, "2027-03-27T22:00", "2027-03-28T04:00"),
            "van zaterdag 27 maart 2027 om 22:00 tot zondag 28 maart 2027 om 04:00"
        );
        assert_eq!(event_time_label(Locale::Fr, "2027-06-19", "2027-06-20"), "du 19 au 20 juin 2027");
        assert_eq!(event_time_label(Locale::En, "soon", "later"), "soon – later");
        assert_eq!((type_label(Locale::Fr, "CELL"), type_label(Locale::Nl, "work")), ("GSM".into(), "werk".into()));
    }

    #[test]
    fn bounds_are_said_with_each_languages_digit_grouping() {
        let text = Text::ServerSentTooMuch(Limit::Entries(50_000));
        assert!(
            text.in_locale(Locale::Fr).contains("plus de 50\u{202f}000 éléments"),
            "{}",
            text.in_locale(Locale::Fr)
        );
        assert!(text.in_locale(Locale::Nl).contains("meer dan 50.000 items"));
        assert!(text.in_locale(Locale::En).contains("more than 50,000 entries"));
        let body = crate::dav::client::map_http_error(crate::effects::HttpError::TooLarge { limit_bytes: 64 << 20 });
        assert_eq!(
            body.text().in_locale(Locale::Nl),
            "De server stuurde een antwoord van meer dan 64 MB: het is niet gelezen. Je lokale gegevens zijn intact."
        );
        assert_eq!(count(999, Locale::En), "999");
        assert_eq!(count(1_234_567, Locale::Nl), "1.234.567");
    }

    #[test]
    fn a_reminder_is_said_in_the_largest_unit_that_is_exact_with_plurals_agreed() {
        let say = |minutes, from_end, l| Text::ReminderRelative { minutes, from_end }.in_locale(l);
        assert_eq!(say(-7 * 24 * 60, false, Locale::Fr), "1\u{a0}semaine avant");
        assert_eq!(say(-14 * 24 * 60, false, Locale::Nl), "2 weken vooraf");
        assert_eq!(say(-90, false, Locale::En), "90 minutes before");
        assert_eq!(say(-1, false, Locale::Nl), "1 minuut vooraf");
        assert_eq!(say(120, false, Locale::Fr), "2\u{a0}heures après le début");
        assert_eq!(say(-3 * 60, true, Locale::Nl), "3 uur voor het einde");
        assert_eq!(say(2 * 24 * 60, true, Locale::En), "2 days after the end");
        assert_eq!(say(0, false, Locale::Fr), "Au début");
    }

    #[test]
    fn a_sync_says_what_it_did_with_zeros_left_out_and_plurals_agreed() {
        let done = |added, updated, deleted, pushed| Text::SyncDone { added, updated, deleted, pushed };
        assert_eq!(done(1, 2, 0, 0).in_locale(Locale::Fr), "À jour\u{202f}: 1 ajout, 2 modifications.");
        assert_eq!(done(0, 0, 3, 1).in_locale(Locale::Fr), "À jour\u{202f}: 3 suppressions, 1 envoi.");
        assert_eq!(done(0, 0, 0, 0).in_locale(Locale::Fr), "Tout est à jour.");
        assert_eq!(done(1_500, 0, 0, 2).in_locale(Locale::Nl), "Bijgewerkt: 1.500 toegevoegd, 2 verstuurd.");
        assert_eq!(done(0, 0, 0, 0).in_locale(Locale::Nl), "Alles is bijgewerkt.");
        assert_eq!(done(0, 1, 0, 0).in_locale(Locale::En), "Up to date: 1 updated.");
    }

    #[test]
    fn every_language_says_something_different() {
        let t = Text::WrongPassword;
        let all = [t.in_locale(Locale::Fr), t.in_locale(Locale::Nl), t.in_locale(Locale::En)];
        assert_eq!(all[0], "Adresse ou mot de passe incorrect.");
        assert_eq!(all[1], "Verkeerd adres of wachtwoord.");
        assert_ne!(all[1], all[2]);
    }
}
