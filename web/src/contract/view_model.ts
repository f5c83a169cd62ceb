// The core's JSON, exactly: the `ViewModel` it renders and the `Event`s a
// shell sends (serde: snake_case fields, externally tagged enums, `null`
// for an absent Option, every field always written). Mirrors
// shared/src/app.rs; web/tests/contract.test.mjs checks these types against
// shared/contract/*.json, which the core's own test writes, so a field
// renamed on either side fails there. No optional (`?`) fields: the core
// never leaves one out.

/** Everything a screen shows; sentences already in the member's language. */
export interface ViewModel {
  /** "fr-BE", "nl-BE" or "en-BE". */
  locale: string;
  /** False until the store has said whether there is an account: show neither sign-in nor the app. */
  loaded: boolean;
  signed_in: boolean;
  account_email: string | null;
  signing_in: boolean;
  sign_in_error: string | null;
  /** Sign-in led to this other server: offer to trust it (SignIn again with accept_host). */
  host_to_accept: string | null;
  /** Signing in on the server's own page: the member opens it to let the app in; the core waits. */
  sign_in_page: string | null;
  sync: SyncView;
  address_books: BookView[];
  calendars: CalendarView[];
  query: string;
  contacts: ContactRow[];
  /** A search found more than `contacts` lists: how many more, and to type more (a sentence). */
  contacts_more: string | null;
  /** More contacts than `contacts` lists: the words of a row at the list's end, whose coming into view sends ShowMoreContacts. */
  contacts_coming: string | null;
  /** The runs of one initial in the whole list, in order (a letter may recur: "#"): headings and the index down the side. */
  contact_initials: ContactInitial[];
  selected: ContactView | null;
  conflicts: ConflictView[];
  pending_changes: number;
  agenda: AgendaView;
  /** The open event, ready for the edit form. */
  event: EventView | null;
  notes: NotesView;
  /** The open note. */
  note: NoteView | null;
  /** The cooperative's announcements. */
  news: NewsView;
  /** The open announcement. */
  announcement: AnnouncementView | null;
  /** A one-line message for the member (saved, deleted). */
  notice: string | null;
  error: string | null;
  /** What went wrong in technical English, beside `error` or `sign_in_error`: for a "details" line. */
  error_detail: string | null;
}

export interface SyncView {
  running: boolean;
  /** 0.0 to 1.0 when known. */
  progress: number | null;
  status: string;
  failed: boolean;
  /** Seconds the server asked to wait (503 Retry-After). */
  retry_after_s: number | null;
  /** What went wrong in technical English, beside `status`: for a "details" line. */
  detail: string | null;
  /** When the last sync that reached every collection ended (ms since the epoch), null before one: said in words by the page. */
  last_success_ms: number | null;
  /** What that sync found that stays true (items kept unread, versions kept), also in `status`: said beside the time. */
  remarks: string[];
}

export interface BookView {
  href: string;
  name: string;
  read_only: boolean;
}

export interface CalendarView {
  href: string;
  name: string;
  /** "#RRGGBB", or null to let the shell pick one. */
  color: string | null;
  read_only: boolean;
}

/** A run of one initial ("A", "Ł", "#") and the position of its first contact in the whole list. */
export interface ContactInitial {
  letter: string;
  first: number;
}

export interface ContactRow {
  id: number;
  name: string;
  detail: string;
  pending: boolean;
  conflict: boolean;
}

/** A value with its kind ("work", "cell", a custom label, or ""). */
export interface Labeled {
  label: string;
  value: string;
}

/** The fields the app shows and edits; the core keeps the rest of the vCard. */
export interface ContactFields {
  full_name: string;
  given_name: string;
  family_name: string;
  emails: Labeled[];
  phones: Labeled[];
  org: string;
  title: string;
  note: string;
  /** One formatted line each; read-only in the app. */
  addresses: Labeled[];
  /** As written in the vCard, e.g. "1984-05-21". */
  birthday: string;
  has_photo: boolean;
}

export interface ContactView {
  id: number;
  fields: ContactFields;
  pending: boolean;
  read_only: boolean;
  book: string;
  /** The contact's picture as a `data:` URI (JPEG, PNG, GIF or WebP, checked by its bytes), when the core can show it. */
  photo: string | null;
}

export interface ConflictView {
  id: number;
  contact_id: number;
  message: string;
  kind: "contact" | "event" | "note";
  /** The member's version, kept until they choose: a contact's fields… */
  mine: ContactFields;
  /** …or a note's text. */
  mine_text: string | null;
}

export type AgendaSpan = "Upcoming" | "Day" | "Week" | "Month" | "Range";

export interface AgendaView {
  span: AgendaSpan;
  /** First and last day shown, "2027-05-01" and "2027-05-31". */
  from: string;
  to: string;
  title: string;
  /** Only the days that hold something, in order. */
  days: AgendaDayView[];
  /** Unreadable or truncated series, said plainly. */
  note: string | null;
}

export interface AgendaDayView {
  date: string;
  label: string;
  entries: AgendaEntryView[];
}

export interface AgendaEntryView {
  event_id: number;
  /** Names this occurrence of a series for OpenEvent / SaveEvent / DeleteEvent. */
  occurrence: string | null;
  title: string;
  location: string;
  /** "19:00 – 21:00", "All day", "… – 02:00" for an event begun the day before. */
  time: string;
  all_day: boolean;
  calendar: string;
  color: string | null;
  recurring: boolean;
  pending: boolean;
  read_only: boolean;
}

/** Wall-clock times in the member's zone: "2027-05-08T10:00", or a date all day (end: the last day). */
export interface EventFields {
  summary: string;
  location: string;
  description: string;
  start: string;
  end: string;
}

export interface EventView {
  id: number;
  occurrence: string | null;
  fields: EventFields;
  calendar: string;
  calendar_name: string;
  recurring: boolean;
  read_only: boolean;
  pending: boolean;
  /** Shown, never edited: the app sends no invitations. */
  organizer: string | null;
  attendees: string[];
  /** Its reminders in words ("15 minutes avant"), as the event (or the changed occurrence) sets them. */
  reminders: string[];
  /** Said when the event's time zone is unknown and its times were read in the member's. */
  zone_note: string | null;
  /** Said when the event broke the iCalendar rules and was read as other calendar apps read it. */
  repair_note: string | null;
  /** When it takes place, in the member's words (`fields` has the times as the form edits them). */
  time_label: string;
}

// ------------------------------------------------------------ notes

export interface NotesView {
  /** A Notes folder is known for the account (else the screen says how to name one). */
  folder_known: boolean;
  query: string;
  categories: CategoryView[];
  /** Newest first, or the notes holding every word of `query`. */
  notes: NoteRow[];
}

export interface CategoryView {
  /** What `SaveNote.category` takes: "" for notes without a category. */
  path: string;
  /** As the member reads it ("Sans catégorie" for ""). */
  name: string;
  read_only: boolean;
}

export interface NoteRow {
  id: number;
  title: string;
  /** Its category as the member reads it. */
  category: string;
  /** The first lines, plain text ("\n" between lines). */
  preview: string;
  /** "mardi 5 janvier 2027 à 14:30" in the member's zone. */
  modified: string;
  pending: boolean;
  conflict: boolean;
}

export interface NoteView {
  id: number;
  title: string;
  category: string;
  /** The file's text, for the edit form. */
  text: string;
  /** The text as blocks and spans: no Markdown or HTML to read. */
  document: Document;
  modified: string;
  pending: boolean;
  read_only: boolean;
  /** Why the note cannot be shown as text (not UTF-8), if so; then `text` is "". */
  unreadable: string | null;
}

// ------------------------------------------------------------ news

export interface NewsView {
  /** Unread announcements in every language (the badge). */
  unread_count: number;
  unread_only: boolean;
  /** The language shown ("fr"), or "all". */
  language: string;
  /** Newest first; with "all", the member's language first. */
  announcements: AnnouncementRow[];
  /** Announcements left out because they are in another language. */
  other_languages: number;
  /** "3 announcements in other languages." when some are left out. */
  other_languages_note: string | null;
  sources: NewsSourceView[];
  /** A poll is under way. */
  polling: boolean;
}

export interface AnnouncementRow {
  id: number;
  title: string;
  /** The source's name. */
  source: string;
  /** "mardi 4 mai 2027" in the member's zone; "" without a date. */
  date: string;
  language: string | null;
  read: boolean;
  /** The first lines, plain text. */
  preview: string;
  /** It carries an event `AddAnnouncementToAgenda` can put in a calendar. */
  has_event: boolean;
}

export interface AnnouncementView {
  id: number;
  title: string;
  source: string;
  date: string;
  language: string | null;
  author: string | null;
  /** The announcement's web page (http or https). */
  link: string | null;
  /** The body as blocks and spans: never HTML. */
  document: Document;
  read: boolean;
  /** The calendar file "add to my agenda" reads, and its name. */
  event_url: string | null;
  event_title: string | null;
}

export interface NewsSourceView {
  url: string;
  /** "feed" or "ocs" (the Announcement Center of the account's Nextcloud). */
  kind: string;
  name: string;
  language: string | null;
  added_by_member: boolean;
  /** Since when and why it fails, one sentence; null while it works. */
  failing: string | null;
  /** The technical words (English) behind `failing`. */
  failing_detail: string | null;
}

// ------------------------------------------------------------ documents
// `shared::document`: serde snake_case, externally tagged. Every string is
// plain text, to be shown as text; links are absolute http(s)/mailto URLs.

export interface Document {
  blocks: Block[];
}

export type Block =
  /** `level` 1 (the largest) to 6. */
  | { heading: { level: number; spans: Span[] } }
  | { paragraph: { spans: Span[] } }
  /** One item of a list; `depth` 0 is the outermost; nested items follow with a greater depth. */
  | { list_item: { depth: number; marker: ListMarker; task: Task | null; spans: Span[] } }
  | { quote: { blocks: Block[] } }
  | { code: { language: string | null; text: string } }
  | "rule";

export type ListMarker = "bullet" | { number: number };

/** A checkbox; `index` is what `ToggleNoteTask.task` takes. */
export interface Task {
  checked: boolean;
  index: number;
}

export type Span =
  | { text: string }
  | { emphasis: Span[] }
  | { strong: Span[] }
  | { code: string }
  | { link: { href: string; spans: Span[] } }
  | "line_break";

// ------------------------------------------------------------ events

export type Resolution = "KeepMine" | "KeepServer" | "KeepBoth";

/** With an occurrence: that one only, or it and every later one. */
export type EditScope = "Occurrence" | "AndFollowing" | "Series";

/** Upcoming, or the day, week or month around `date` ("2027-05-08"; null: today); `until` ends a Range. */
export interface AgendaRange {
  span: AgendaSpan;
  date: string | null;
  until: string | null;
}

/** A screen whose list a start reads. */
export type Screen = "Agenda" | "Contacts" | "Notes" | "News";

/** Every event a shell may send, by variant. */
export interface EventVariants {
  /**
   * First after launch: the device's locale and IANA zone (null: Brussels);
   * `screens`, the lists read at start (null: every one, as the
   * web app shows any tab at once).
   */
  Start: { Start: { locale: string; time_zone: string | null; screens: Screen[] | null } };
  SignIn: { SignIn: { email: string; password: string; server_url: string | null; accept_host: string | null; username: string | null } };
  /** On the server's own page (Nextcloud Login Flow v2): no password typed into the app. */
  SignInWithBrowser: { SignInWithBrowser: { email: string; server_url: string | null; accept_host: string | null } };
  CancelBrowserSignIn: "CancelBrowserSignIn";
  SignOut: "SignOut";
  Sync: "Sync";
  Search: { Search: { query: string } };
  /** The end of the list came into view (`through`: null), or the member wants the contact at `through` (an initial not listed yet). */
  ShowMoreContacts: { ShowMoreContacts: { through: number | null } };
  OpenContact: { OpenContact: { id: number } };
  CloseContact: "CloseContact";
  /** Create (`id: null`) or edit; queued for the next sync. */
  SaveContact: { SaveContact: { id: number | null; fields: ContactFields } };
  DeleteContact: { DeleteContact: { id: number } };
  ResolveConflict: { ResolveConflict: { conflict_id: number; resolution: Resolution } };
  ShowAgenda: { ShowAgenda: { range: AgendaRange } };
  /** An event, or one occurrence of a series (its key from the agenda). */
  OpenEvent: { OpenEvent: { id: number; occurrence: string | null } };
  CloseEvent: "CloseEvent";
  /** Create (`id: null`, in `calendar` or the first writable one) or edit the series, one occurrence, or one
   * and every later one (`scope`). */
  SaveEvent: {
    SaveEvent: { id: number | null; calendar: string | null; occurrence: string | null; fields: EventFields; scope: EditScope };
  };
  /** Delete an event or whole series, or cancel one occurrence. */
  DeleteEvent: { DeleteEvent: { id: number; occurrence: string | null } };
  /** All notes (empty query), or those holding every word typed. */
  SearchNotes: { SearchNotes: { query: string } };
  OpenNote: { OpenNote: { id: number } };
  CloseNote: "CloseNote";
  /**
   * A new note (`id: null`: `title` names its file, `category` a `CategoryView.path`,
   * null for the Notes folder itself) or a note's new text (its file name kept).
   */
  SaveNote: { SaveNote: { id: number | null; category: string | null; title: string; text: string } };
  /** Ticks or unticks a note's task (its `Task.index`). */
  ToggleNoteTask: { ToggleNoteTask: { id: number; task: number } };
  DeleteNote: { DeleteNote: { id: number } };
  /** Renames a note (`title`) or puts it in another category (a `CategoryView.path`); null keeps it. */
  MoveNote: { MoveNote: { id: number; title: string | null; category: string | null } };
  /** The WebDAV folder of the member's notes, on the account's server (absolute, or a path on it). */
  SetNotesFolder: { SetNotesFolder: { url: string } };
  /** Polls the sources of announcements that are due (background schedules). */
  PollNews: "PollNews";
  /** The member went to another tab or opened an edit form: the last notice ends. */
  MoveOn: "MoveOn";
  /** All or only unread announcements; `language` "fr"/"nl"/"en", "all", or null for the member's. */
  ShowNews: { ShowNews: { unread_only: boolean; language: string | null } };
  /** Opens an announcement and marks it read. */
  OpenAnnouncement: { OpenAnnouncement: { id: number } };
  CloseAnnouncement: "CloseAnnouncement";
  MarkAllNewsRead: "MarkAllNewsRead";
  /** Follows a feed (Atom, RSS, JSON Feed) by its address. */
  AddFeed: { AddFeed: { url: string } };
  /** Looks again for the cooperative's feeds on the account domain's home page. */
  FindNewsFeeds: "FindNewsFeeds";
  /** Stops following a feed (a `NewsSourceView.url`); its announcements go with it. */
  RemoveFeed: { RemoveFeed: { url: string } };
  /** Puts an announcement's event in `calendar` (href or name; null: the first writable one). */
  AddAnnouncementToAgenda: { AddAnnouncementToAgenda: { id: number; calendar: string | null } };
  /** A new category (a path, "Travail/Projets"), made on the server at once: needs a connection. */
  CreateNoteCategory: { CreateNoteCategory: { path: string } };
}

export type Event = EventVariants[keyof EventVariants];
