//! Signing in: finding the member's servers from an e-mail address.

pub mod discovery;
pub mod login_flow;
