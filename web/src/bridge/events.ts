// The events the page sends the core; checked with the view model against
// the core's own JSON (see contract/view_model.ts).
export type { AgendaRange, Event, Resolution } from "../contract/view_model";
