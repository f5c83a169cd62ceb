//! Test fixtures: real servers on loopback.
