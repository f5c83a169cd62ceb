//! User-facing text in French, Dutch and English (Belgium), chosen from the
//! device locale.
