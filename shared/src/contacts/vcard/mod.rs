//! vCard 3.0 / 4.0: read with `calcard`, written back line by line.
//!
//! Why not write with calcard too: checked against calcard 0.3.14, its
//! writer changes properties nobody edited. It adds `CHARSET=UTF-8` to
//! non-ASCII vCard 3 text, escapes `,` and `;` in unknown X- values, merges,
//! reorders and upper-cases parameters (`type=INTERNET;type=pref` becomes
//! `TYPE=INTERNET,pref`), rewrites REV, and writes `data:` photo URIs as
//! `base64\,` (corrupting them). Folding, escapes and groups it gets right.
//! Members' contacts must come back from an edit exactly as they were except
//! for what was edited, so the document keeps every content line as received
//! and only the lines of edited properties are regenerated (a small
//! hand-written writer below); calcard still does the reading.

use calcard::common::IanaString;
use calcard::vcard::{VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue};
use serde::{Deserialize, Serialize};

use crate::contacts::text::fold;
use crate::effects::store::ContactIndex;
mod edit;

use crate::formats::content_line::{escape_text, fold_line, head_of, split_unquoted, unescape_text, unfold, Line};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VCardVersion {
    V3,
    V4,
}

/// A value with its kind as the member sees it ("work", "home", "cell", or a
/// custom label). Empty label when the vCard gives none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labeled {
    pub label: String,
    pub value: String,
}

/// The fields the app shows and edits. Everything else in the vCard is kept
/// untouched when these are written back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFields {
    pub full_name: String,
    pub given_name: String,
    pub family_name: String,
    pub emails: Vec<Labeled>,
    pub phones: Vec<Labeled>,
    pub org: String,
    pub title: String,
    pub note: String,
    /// Postal addresses, one formatted line each (read-only in the app).
    pub addresses: Vec<Labeled>,
    /// As written in the vCard (e.g. "1984-05-21").
    pub birthday: String,
    pub has_photo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VCardError {
    #[error("not a vCard: {0}")]
    Invalid(String),
}

/// The largest contact picture shown (phones' address books keep theirs
/// well under this; a larger one is left to the member's other apps).
pub const PHOTO_MAX_BYTES: usize = 256 * 1024;

/// `bytes` as a `data:` URI when they are an image every shell can draw.
fn image_data_uri(bytes: &[u8]) -> Option<String> {
    use base64::Engine as _;
    if bytes.len() > PHOTO_MAX_BYTES {
        return None;
    }
    let mime = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "image/gif"
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else {
        return None;
    };
    Some(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// A phone as shown: `tel:` URIs (vCard 4) without their scheme.
fn phone_display(value: &str) -> String {
    let v = value.trim();
    v.strip_prefix("tel:").unwrap_or(v).to_string()
}

/// A parsed vCard that remembers everything it was given.
#[derive(Debug, Clone)]
pub struct VCardDoc {
    lines: Vec<Line>,
    card: VCard,
}

impl VCardDoc {
    pub fn parse(text: &str) -> Result<Self, VCardError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut physical: Vec<&str> = Vec::new();
        let mut started = false;
        let mut ended = false;
        for line in text.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !started {
                started = line.trim().eq_ignore_ascii_case("BEGIN:VCARD");
                continue;
            }
            if line.trim().eq_ignore_ascii_case("END:VCARD") && !line.starts_with([' ', '\t']) {
                ended = true;
                break;
            }
            physical.push(line);
        }
        if !started {
            return Err(VCardError::Invalid("no BEGIN:VCARD".into()));
        }
        if !ended {
            return Err(VCardError::Invalid("no END:VCARD (truncated?)".into()));
        }
        let mut raws: Vec<String> = Vec::new();
        for line in physical {
            if line.starts_with([' ', '\t']) {
                match raws.last_mut() {
                    Some(last) => {
                        last.push_str("\r\n");
                        last.push_str(line);
                    }
                    None => return Err(VCardError::Invalid("continuation before any property".into())),
                }
            } else if !line.trim().is_empty() {
                raws.push(line.to_string());
            }
        }
        let mut lines: Vec<Line> = raws.into_iter().map(Line::parse).collect();
        // Lenient: a card without VERSION is read, and written back, as 3.0.
        if !lines.iter().any(|l| l.name == "VERSION") {
            lines.insert(0, Line::new(None, "VERSION", "", "3.0"));
        }
        let card = read_card(&lines)?;
        Ok(Self { lines, card })
    }

    /// A new contact (vCard 3.0, the version every CardDAV server accepts).
    pub fn new_contact(uid: &str, fields: &ContactFields) -> Self {
        let lines = vec![
            Line::new(None, "VERSION", "", "3.0"),
            Line::new(None, "PRODID", "", "-//Nubo//Nubo companion//EN"),
            Line::new(None, "UID", "", &escape_text(uid)),
        ];
        let card = read_card(&lines).unwrap_or(VCard { entries: Vec::new() });
        let mut doc = Self { lines, card };
        doc.apply(fields);
        doc
    }

    pub fn version(&self) -> VCardVersion {
        match self.lines.iter().find(|l| l.name == "VERSION").map(|l| l.value()) {
            Some(v) if v.trim().starts_with('4') => VCardVersion::V4,
            _ => VCardVersion::V3,
        }
    }

    pub fn uid(&self) -> Option<String> {
        self.first_text(&VCardProperty::Uid).filter(|u| !u.is_empty())
    }

    /// The contact's picture as a `data:` URI the shells can show, when the
    /// vCard carries it inline and its bytes are a JPEG, PNG, GIF or WebP of
    /// at most [`PHOTO_MAX_BYTES`]. The type is read from the bytes, never
    /// from the vCard's word for it (an SVG could carry script). A picture
    /// at a web address is not fetched: that server would learn when the
    /// member looks at the contact.
    pub fn photo(&self) -> Option<String> {
        self.entries(&VCardProperty::Photo).find_map(|e| {
            e.values.iter().find_map(|v| match v {
                VCardValue::Binary(data) => image_data_uri(&data.data),
                _ => None,
            })
        })
    }

    fn entries<'a>(&'a self, property: &'a VCardProperty) -> impl Iterator<Item = &'a VCardEntry> + 'a {
        self.card.entries.iter().filter(move |e| &e.name == property)
    }

    fn first_text(&self, property: &VCardProperty) -> Option<String> {
        self.entries(property).next().map(|e| values_text(e).join(" ").trim().to_string())
    }

    fn components(&self, property: &VCardProperty) -> Vec<String> {
        self.entries(property).next().map(values_text).unwrap_or_default()
    }

    /// Apple's label entries by group, found once per read (a lookup per
    /// entry would be quadratic in a vCard of many grouped lines).
    fn label_entries(&self) -> std::collections::HashMap<&str, &VCardEntry> {
        let mut map = std::collections::HashMap::new();
        for e in &self.card.entries {
            if let (Some(group), VCardProperty::Other(n)) = (e.group.as_deref(), &e.name) {
                if n.eq_ignore_ascii_case("X-ABLabel") {
                    map.entry(group).or_insert(e);
                }
            }
        }
        map
    }

    fn label(&self, entry: &VCardEntry, labels: &std::collections::HashMap<&str, &VCardEntry>) -> String {
        // Apple writes custom labels as a grouped X-ABLabel.
        if let Some(group) = &entry.group {
            if let Some(label) = labels.get(group.as_str()) {
                let text = values_text(label).join(" ");
                let clean = text.trim_start_matches("_$!<").trim_end_matches(">!$_").to_lowercase();
                if !clean.is_empty() {
                    return clean;
                }
            }
        }
        let types: Vec<String> = entry
            .params
            .iter()
            .filter(|p| p.name == VCardParameterName::Type)
            .flat_map(|p| match &p.value {
                VCardParameterValue::Type(t) => vec![t.as_str().to_lowercase()],
                VCardParameterValue::Text(t) => t.split(',').map(|s| s.trim().to_lowercase()).collect(),
                _ => Vec::new(),
            })
            .filter(|t| !matches!(t.as_str(), "pref" | "internet" | "x400" | ""))
            .collect();
        // "voice" says little next to "cell" or "work": a label of last resort.
        types.iter().find(|t| *t != "voice").or(types.first()).cloned().unwrap_or_default()
    }

    pub fn fields(&self) -> ContactFields {
        let n = self.components(&VCardProperty::N);
        let labels = self.label_entries();
        let labeled = |name: &str, phone: bool| -> Vec<Labeled> {
            self.shown(name, phone).into_iter().map(|(_, value, label)| Labeled { label, value }).collect()
        };
        let addresses = self
            .entries(&VCardProperty::Adr)
            .map(|e| {
                let parts = values_text(e);
                let get = |i: usize| parts.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
                let city = [get(5), get(3)].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(" ");
                let value = [get(0), get(1), get(2), city, get(4), get(6)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                Labeled { label: self.label(e, &labels), value }
            })
            .filter(|l| !l.value.is_empty())
            .collect();
        ContactFields {
            full_name: self.first_text(&VCardProperty::Fn).unwrap_or_default(),
            family_name: n.first().cloned().unwrap_or_default(),
            given_name: n.get(1).cloned().unwrap_or_default(),
            emails: labeled("EMAIL", false),
            phones: labeled("TEL", true),
            org: self.components(&VCardProperty::Org).first().cloned().unwrap_or_default(),
            title: self.first_text(&VCardProperty::Title).unwrap_or_default(),
            note: self.first_text(&VCardProperty::Note).unwrap_or_default(),
            addresses,
            // As written: calcard's partial dates drop the day of "1978-02-05".
            birthday: self
                .lines
                .iter()
                .find(|l| l.name == "BDAY")
                .map(|l| unescape_text(&l.value()).trim().to_string())
                .unwrap_or_default(),
            has_photo: self.entries(&VCardProperty::Photo).next().is_some(),
        }
    }

    /// The groups the card is filed under (`CATEGORIES`, every line of
    /// it), each once, in the card's order.
    pub fn categories(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // A set, not a scan of `out`: a hostile card may name thousands.
        let mut seen = std::collections::HashSet::new();
        for entry in self.entries(&VCardProperty::Categories) {
            // Some writers leave "A,B" as one value; the list's commas split it.
            for category in values_text(entry).iter().flat_map(|v| v.split(',')) {
                let category = category.trim();
                if !category.is_empty() && seen.insert(category.to_string()) {
                    out.push(category.to_string());
                }
            }
        }
        out
    }

    /// What the store indexes; the display name is never empty.
    pub fn index(&self) -> ContactIndex {
        let f = self.fields();
        let display_name = [
            f.full_name.trim().to_string(),
            format!("{} {}", f.given_name.trim(), f.family_name.trim()).trim().to_string(),
            f.org.trim().to_string(),
            f.emails.first().map(|e| e.value.clone()).unwrap_or_default(),
        ]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "?".to_string());
        ContactIndex {
            uid: self.uid().unwrap_or_default(),
            sort_key: fold(&display_name),
            display_name,
            emails: f.emails.into_iter().map(|e| e.value).collect(),
            phones: f.phones.into_iter().map(|p| p.value).collect(),
            org: f.org,
            categories: self.categories(),
        }
    }

    /// Serialised in the vCard's own version, CRLF line ends. Lines arrive
    /// as sent; only those longer than 75 octets are folded again (folding
    /// is transport, the unfolded content stays byte for byte).
    pub fn to_vcard_string(&self) -> String {
        let mut out = String::from("BEGIN:VCARD\r\n");
        for line in &self.lines {
            if line.raw.split("\r\n").any(|physical| physical.len() > 75) {
                out.push_str(&fold_line(&unfold(&line.raw)));
            } else {
                out.push_str(&line.raw);
            }
            out.push_str("\r\n");
        }
        out.push_str("END:VCARD\r\n");
        out
    }

    /// Every property as received (or as edited), in order: what survives a
    /// round trip. `BEGIN`/`END` are not listed.
    pub fn properties(&self) -> Vec<RawProperty> {
        self.lines.iter().map(RawProperty::of).collect()
    }
}

/// One content line split into its parts; parameter values are as written
/// (quotes included) so that a comparison sees any change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawProperty {
    pub group: Option<String>,
    /// Upper-case.
    pub name: String,
    /// `(NAME, value)`, in order, names upper-cased.
    pub params: Vec<(String, String)>,
    /// The value, unfolded but still escaped.
    pub value: String,
}

impl RawProperty {
    fn of(line: &Line) -> Self {
        let unfolded = unfold(&line.raw);
        let head = head_of(&unfolded);
        let params = split_unquoted(head, ';')
            .into_iter()
            .skip(1)
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_uppercase(), v.to_string()),
                None => (p.trim().to_ascii_uppercase(), String::new()),
            })
            .collect();
        Self { group: line.group.clone(), name: line.name.clone(), params, value: line.value() }
    }
}

fn read_card(lines: &[Line]) -> Result<VCard, VCardError> {
    let mut text = String::from("BEGIN:VCARD\r\n");
    for line in lines {
        text.push_str(&line.raw);
        text.push_str("\r\n");
    }
    text.push_str("END:VCARD\r\n");
    match calcard::Parser::new(&text).entry() {
        calcard::Entry::VCard(card) => Ok(card),
        other => Err(VCardError::Invalid(format!("{other:?}").chars().take(80).collect())),
    }
}

fn values_text(entry: &VCardEntry) -> Vec<String> {
    entry
        .values
        .iter()
        .map(|v| match v {
            VCardValue::Text(s) => s.clone(),
            VCardValue::Component(parts) => parts.join(","),
            VCardValue::Integer(i) => i.to_string(),
            VCardValue::Float(f) => f.to_string(),
            VCardValue::Boolean(b) => b.to_string(),
            VCardValue::PartialDateTime(d) => {
                let date = match (d.year, d.month, d.day) {
                    (Some(y), Some(m), Some(day)) => format!("{y:04}-{m:02}-{day:02}"),
                    (None, Some(m), Some(day)) => format!("--{m:02}-{day:02}"),
                    (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
                    (Some(y), None, None) => format!("{y:04}"),
                    _ => String::new(),
                };
                date
            }
            _ => String::new(),
        })
        .collect()
}
