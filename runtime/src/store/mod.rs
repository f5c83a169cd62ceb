//! The local store on SQLite. (INTERFACE STUB — being implemented.)
