// The core's view model as the page receives it: `NuboWeb.view()` is
// serde JSON of `ViewModel` in shared/src/app.rs. Mirrored field for
// field (snake_case keys, `Option<T>` as `T | null`, enums externally
// tagged); change both sides together.

/** `shared::agenda::view::AgendaSpan`. */
export type AgendaSpan = "Upcoming" | "Day" | "Week" | "Month" | "Range";

/** `shared::contacts::vcard::Labeled`: a value with its kind ("work", "cell", or empty). */
export interface Labeled {
  label: string;
  value: string;
}

/** `shared::contacts::vcard::ContactFields`: what the app shows and edits of a vCard. */
export interface ContactFields {
  full_name: string;
  given_name: string;
  family_name: string;
  emails: Labeled[];
  phones: Labeled[];
  org: string;
  title: string;
  note: string;
  /** One formatted line each (read-only in the app). */
  addresses: Labeled[];
  /** As written in the vCard ("1984-05-21"). */
  birthday: string;
  has_photo: boolean;
}

/** `shared::agenda::edit::EventFields`: wall-clock times in the member's zone. */
export interface EventFields {
  summary: string;
  location: string;
  description: string;
  /** "2027-05-08T10:00", or "2027-05-08" for an all-day event. */
  start: string;
  /** Timed: the end (empty: one hour). All-day: the last day, inclusive. */
  end: string;
}

/** `shared::app::SyncView`. */
export interface SyncView {
  running: boolean;
  /** 0.0 to 1.0 when known. */
  progress: number | null;
  status: string;
  failed: boolean;
  /** Seconds the server asked to wait (503 Retry-After). */
  retry_after_s: number | null;
}

/** `shared::app::BookView`. */
export interface BookView {
  href: string;
  name: string;
  read_only: boolean;
}

/** `shared::app::CalendarView`. */
export interface CalendarView {
  href: string;
  name: string;
  /** "#RRGGBB", or null: the shell picks one. */
  color: string | null;
  read_only: boolean;
}

/** `shared::app::ContactRow`. */
export interface ContactRow {
  id: number;
  name: string;
  detail: string;
  pending: boolean;
  conflict: boolean;
}

/** `shared::app::ContactView`: the open contact. */
export interface ContactView {
  id: number;
  fields: ContactFields;
  pending: boolean;
  read_only: boolean;
  book: string;
}

/** `shared::app::ConflictView`. */
export interface ConflictView {
  id: number;
  contact_id: number;
  message: string;
  /** The member's version, kept. */
  mine: ContactFields;
}

/** `shared::app::AgendaEntryView`: one occurrence on one day. */
export interface AgendaEntryView {
  event_id: number;
  /** Names this occurrence of a series for OpenEvent / SaveEvent / DeleteEvent. */
  occurrence: string | null;
  title: string;
  location: string;
  /** "19:00 – 21:00", "All day", "… – 02:00". */
  time: string;
  all_day: boolean;
  calendar: string;
  color: string | null;
  recurring: boolean;
  pending: boolean;
  read_only: boolean;
}

/** `shared::app::AgendaDayView`. */
export interface AgendaDayView {
  date: string;
  label: string;
  entries: AgendaEntryView[];
}

/** `shared::app::AgendaView`. */
export interface AgendaView {
  span: AgendaSpan;
  /** First and last day shown, "2027-05-01" and "2027-05-31". */
  from: string;
  to: string;
  /** "mai 2027", "mardi 4 mai 2027", "4 – 10 mai 2027"… */
  title: string;
  /** Only the days that hold something, in order. */
  days: AgendaDayView[];
  /** Unreadable or truncated series, said plainly. */
  note: string | null;
}

/** `shared::app::EventView`: the open event, ready for the edit form. */
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
}

/** `shared::app::ViewModel`. */
export interface ViewModel {
  locale: string;
  signed_in: boolean;
  account_email: string | null;
  signing_in: boolean;
  sign_in_error: string | null;
  sync: SyncView;
  address_books: BookView[];
  calendars: CalendarView[];
  query: string;
  contacts: ContactRow[];
  selected: ContactView | null;
  conflicts: ConflictView[];
  pending_changes: number;
  agenda: AgendaView;
  event: EventView | null;
  /** A one-line message for the member (saved, deleted). */
  notice: string | null;
  error: string | null;
}
