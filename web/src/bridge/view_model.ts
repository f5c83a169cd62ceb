// The core's view model as the page reads it: the types live in
// contract/view_model.ts, which a test checks against the JSON the core
// really sends (shared/contract/*.json).
export type {
  AgendaDayView,
  AgendaEntryView,
  AgendaSpan,
  AgendaView,
  BookView,
  CalendarView,
  ConflictView,
  ContactFields,
  ContactRow,
  ContactView,
  EventFields,
  EventView,
  Labeled,
  SyncView,
  ViewModel,
} from "../contract/view_model";
