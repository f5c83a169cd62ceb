//! RFC 5545 / RFC 6350 content lines, shared by iCalendar and vCard.
//!
//! Kept by hand, not through calcard's writer: the app re-emits every line
//! it did not edit exactly as received (see `contacts::vcard` for why), and
//! only regenerates the lines of edited properties.

use std::borrow::Cow;

/// One content line as received: folded text kept verbatim.
#[derive(Debug, Clone)]
pub struct Line {
    /// Physical lines joined with CRLF, without the final line break.
    pub raw: String,
    pub group: Option<String>,
    /// Upper-case property name.
    pub name: String,
}

impl Line {
    pub fn parse(raw: String) -> Self {
        let unfolded = unfold(&raw);
        let head_end = unfolded.find([';', ':']).unwrap_or(unfolded.len());
        let head = &unfolded[..head_end];
        let (group, name) = match head.rsplit_once('.') {
            Some((g, n)) => (Some(g.to_string()), n.to_ascii_uppercase()),
            None => (None, head.to_ascii_uppercase()),
        };
        Self { raw, group, name }
    }

    pub fn new(group: Option<&str>, name: &str, params: &str, value: &str) -> Self {
        let prefix = group.map(|g| format!("{g}.")).unwrap_or_default();
        Self::parse(fold_line(&format!("{prefix}{name}{params}:{value}")))
    }

    /// A parameter's value (case-insensitive name, quotes removed).
    pub fn param(&self, name: &str) -> Option<String> {
        let unfolded = unfold(&self.raw);
        let head = head_of(&unfolded);
        split_unquoted(head, ';').into_iter().skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().trim_matches('"').to_string())
        })
    }

    /// The value after the first `:` outside quoted parameter values.
    pub fn value(&self) -> String {
        let unfolded = unfold(&self.raw);
        let head = head_of(&unfolded).len();
        unfolded.get(head + 1..).unwrap_or("").to_string()
    }
}

/// One logical line from its folded form. Most lines are not folded, and
/// every property access unfolds: those are borrowed, not copied.
pub fn unfold(raw: &str) -> Cow<'_, str> {
    if !raw.contains("\r\n") {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(raw.replace("\r\n ", "").replace("\r\n\t", ""))
}

/// Folds at 75 octets (RFC 6350 §3.2), never inside a UTF-8 character.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out
}

pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            c => out.push(c),
        }
    }
    out
}

pub fn unescape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// "item1.EMAIL;TYPE=WORK" of "item1.EMAIL;TYPE=WORK:x@y" (quotes respected).
pub fn head_of(unfolded: &str) -> &str {
    let mut quoted = false;
    for (i, c) in unfolded.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return &unfolded[..i],
            _ => {}
        }
    }
    unfolded
}

/// Splits on `sep` where it is not inside double quotes.
pub fn split_unquoted(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}
