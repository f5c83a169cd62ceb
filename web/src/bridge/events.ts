// The events a shell may send the core: serde JSON of `Event` in
// shared/src/app.rs (externally tagged: "Sync", or { "SignIn": { … } }).
// Only the variants a shell sends; those marked `#[serde(skip)]` come
// from effects inside the core. Change both sides together.
import type { AgendaSpan, ContactFields, EventFields } from "./view_model";

/** `shared::app::Resolution`: how the member settles a conflict. */
export type Resolution = "KeepMine" | "KeepServer" | "KeepBoth";

/** `shared::agenda::view::AgendaRange`: a span around a date (null: today). */
export interface AgendaRange {
  span: AgendaSpan;
  /** "2027-05-08"; may be left out on the wire (serde default). */
  date: string | null;
  /** Last day of a "Range"; may be left out on the wire (serde default). */
  until: string | null;
}

/** `shared::app::Event`, the variants a shell sends. */
export type Event =
  /** First event after launch; `time_zone` is IANA ("Europe/Brussels"), may be left out (serde default). */
  | { Start: { locale: string; time_zone: string | null } }
  | { SignIn: { email: string; password: string; server_url: string | null } }
  | "SignOut"
  | "Sync"
  | { Search: { query: string } }
  | { OpenContact: { id: number } }
  | "CloseContact"
  /** Create (`id: null`) or edit a contact; queued for the next sync. */
  | { SaveContact: { id: number | null; fields: ContactFields } }
  | { DeleteContact: { id: number } }
  | { ResolveConflict: { conflict_id: number; resolution: Resolution } }
  | { ShowAgenda: { range: AgendaRange } }
  /** An event, or one occurrence of a series (its key from the agenda). */
  | { OpenEvent: { id: number; occurrence: string | null } }
  | "CloseEvent"
  /** Create (`id: null`) or edit an event, the series or one occurrence. */
  | { SaveEvent: { id: number | null; calendar: string | null; occurrence: string | null; fields: EventFields } }
  /** Delete an event or whole series, or cancel one occurrence. */
  | { DeleteEvent: { id: number; occurrence: string | null } };
