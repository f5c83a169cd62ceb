//! The native runtime: carries out, in-process, the effects every platform
//! needs the same way (HTTP with reqwest, the local store with rusqlite,
//! DNS, time, UIDs), so they never cross the FFI. Shells only render, keep
//! secrets and show notifications.

pub mod store;
