//! CardDAV sync engine. (being written)
