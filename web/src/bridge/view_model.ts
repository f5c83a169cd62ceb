// The core's view model as the page reads it: the types live in
// contract/view_model.ts, which a test checks against the JSON the core
// really sends (shared/contract/*.json).
export type {
  AgendaDayView,
  AgendaEntryView,
  AgendaSpan,
  AgendaView,
  Block,
  BookView,
  CalendarView,
  CategoryView,
  ConflictView,
  ContactFields,
  ContactRow,
  ContactView,
  Document,
  EventFields,
  EventView,
  Labeled,
  ListMarker,
  NoteRow,
  NotesView,
  NoteView,
  Span,
  SyncView,
  Task,
  ViewModel,
} from "../contract/view_model";
