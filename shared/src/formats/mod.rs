//! Text formats shared by several kinds of data.

pub mod content_line;
