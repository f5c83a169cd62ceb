//! vCard 3.0 / 4.0: read with `calcard`, written back line by line.
//!
//! Why not write with calcard too: its writer changes properties nobody
//! edited (it adds `CHARSET=UTF-8` to vCard 3 text and escapes the comma of
//! `data:` photo URIs, corrupting them). Members' contacts must come back
//! from an edit exactly as they were except for what was edited, so the
//! document keeps every content line as received and only the lines of
//! edited properties are regenerated (a small hand-written writer below).

use calcard::common::IanaString;
use calcard::vcard::{VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue};
use serde::{Deserialize, Serialize};

use crate::contacts::text::fold;
use crate::formats::content_line::{escape_text, fold_line, head_of, unescape_text, unfold, Line};
use crate::effects::store::ContactIndex;

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
        let lines: Vec<Line> = raws.into_iter().map(Line::parse).collect();
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

    fn entries<'a>(&'a self, property: &'a VCardProperty) -> impl Iterator<Item = &'a VCardEntry> + 'a {
        self.card.entries.iter().filter(move |e| &e.name == property)
    }

    fn first_text(&self, property: &VCardProperty) -> Option<String> {
        self.entries(property).next().map(|e| values_text(e).join(" ").trim().to_string())
    }

    fn components(&self, property: &VCardProperty) -> Vec<String> {
        self.entries(property).next().map(values_text).unwrap_or_default()
    }

    fn label(&self, entry: &VCardEntry) -> String {
        // Apple writes custom labels as a grouped X-ABLabel.
        if let Some(group) = &entry.group {
            let label = self.card.entries.iter().find(|e| {
                e.group.as_deref() == Some(group.as_str())
                    && matches!(&e.name, VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-ABLabel"))
            });
            if let Some(label) = label {
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
            .filter(|t| !matches!(t.as_str(), "pref" | "internet" | "x400" | "voice" | ""))
            .collect();
        types.first().cloned().unwrap_or_default()
    }

    pub fn fields(&self) -> ContactFields {
        let n = self.components(&VCardProperty::N);
        let labeled = |property: VCardProperty, phone: bool| -> Vec<Labeled> {
            self.entries(&property)
                .map(|e| {
                    let value = values_text(e).join(",");
                    Labeled { label: self.label(e), value: if phone { phone_display(&value) } else { value.trim().to_string() } }
                })
                .filter(|l| !l.value.is_empty())
                .collect()
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
                Labeled { label: self.label(e), value }
            })
            .filter(|l| !l.value.is_empty())
            .collect();
        ContactFields {
            full_name: self.first_text(&VCardProperty::Fn).unwrap_or_default(),
            family_name: n.first().cloned().unwrap_or_default(),
            given_name: n.get(1).cloned().unwrap_or_default(),
            emails: labeled(VCardProperty::Email, false),
            phones: labeled(VCardProperty::Tel, true),
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
        }
    }

    /// Writes the edited fields back. Properties the edit left as they were
    /// keep their exact lines (parameters, groups, folding); all others stay.
    pub fn apply(&mut self, fields: &ContactFields) {
        let current = self.fields();
        let mut full_name = fields.full_name.trim().to_string();
        if full_name.is_empty() {
            full_name = format!("{} {}", fields.given_name.trim(), fields.family_name.trim()).trim().to_string();
        }
        if full_name.is_empty() {
            full_name = fields.org.trim().to_string();
        }
        if full_name != current.full_name {
            self.set_single("FN", &escape_text(&full_name));
        }
        if fields.given_name != current.given_name
            || fields.family_name != current.family_name
            || !self.lines.iter().any(|l| l.name == "N")
        {
            let mut n = self.components(&VCardProperty::N);
            n.resize(5, String::new());
            n[0] = fields.family_name.trim().to_string();
            n[1] = fields.given_name.trim().to_string();
            let value = n.iter().map(|c| escape_text(c)).collect::<Vec<_>>().join(";");
            self.set_single("N", &value);
        }
        if fields.emails != current.emails {
            self.reconcile("EMAIL", &fields.emails, false);
        }
        if fields.phones != current.phones {
            self.reconcile("TEL", &fields.phones, true);
        }
        if fields.org.trim() != current.org {
            if fields.org.trim().is_empty() {
                self.remove("ORG");
            } else {
                let mut org = self.components(&VCardProperty::Org);
                if org.is_empty() {
                    org.push(String::new());
                }
                org[0] = fields.org.trim().to_string();
                let value = org.iter().map(|c| escape_text(c)).collect::<Vec<_>>().join(";");
                self.set_single("ORG", &value);
            }
        }
        for (name, new, old) in [("TITLE", &fields.title, &current.title), ("NOTE", &fields.note, &current.note)] {
            if new.trim() != old.as_str() {
                if new.trim().is_empty() {
                    self.remove(name);
                } else {
                    self.set_single(name, &escape_text(new.trim()));
                }
            }
        }
        self.reread();
    }

    pub fn set_uid(&mut self, uid: &str) {
        self.set_single("UID", &escape_text(uid));
        self.reread();
    }

    /// REV, as a UTC timestamp.
    pub fn set_rev(&mut self, millis: i64) {
        let when = chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default();
        self.set_single("REV", &when.format("%Y%m%dT%H%M%SZ").to_string());
        self.reread();
    }

    /// Serialised in the vCard's own version, CRLF line ends.
    pub fn to_vcard_string(&self) -> String {
        let mut out = String::from("BEGIN:VCARD\r\n");
        for line in &self.lines {
            out.push_str(&line.raw);
            out.push_str("\r\n");
        }
        out.push_str("END:VCARD\r\n");
        out
    }

    fn reread(&mut self) {
        if let Ok(card) = read_card(&self.lines) {
            self.card = card;
        }
    }

    fn remove(&mut self, name: &str) {
        self.lines.retain(|l| l.name != name);
    }

    /// Replaces the first line of `name` (keeping its group and parameters),
    /// drops any others, or adds one.
    fn set_single(&mut self, name: &str, value: &str) {
        match self.lines.iter().position(|l| l.name == name) {
            Some(i) => {
                let unfolded = unfold(&self.lines[i].raw);
                let head = head_of(&unfolded);
                self.lines[i] = Line::parse(fold_line(&format!("{head}:{value}")));
                let mut seen = 0;
                self.lines.retain(|l| {
                    if l.name == name {
                        seen += 1;
                        seen == 1
                    } else {
                        true
                    }
                });
            }
            None => {
                let at = self.insertion_point(name);
                self.lines.insert(at, Line::new(None, name, "", value));
            }
        }
    }

    fn insertion_point(&self, name: &str) -> usize {
        let after = |n: &str| self.lines.iter().rposition(|l| l.name == n).map(|i| i + 1);
        after(name)
            .or_else(|| after("TEL"))
            .or_else(|| after("EMAIL"))
            .or_else(|| after("N"))
            .or_else(|| after("FN"))
            .or_else(|| after("UID"))
            .unwrap_or(self.lines.len())
    }

    /// Keeps lines whose value and label are unchanged, rewrites those whose
    /// label changed, removes the rest (with their grouped companions) and
    /// adds new ones.
    fn reconcile(&mut self, name: &str, wanted: &[Labeled], phone: bool) {
        let v4 = self.version() == VCardVersion::V4;
        let decode = |raw: &str| {
            let v = unescape_text(raw);
            if phone { phone_display(&v) } else { v.trim().to_string() }
        };
        let existing: Vec<(usize, String, String)> = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.name == name)
            .map(|(i, l)| {
                let label = self.label_of_line(l);
                (i, decode(&l.value()), label)
            })
            .collect();
        let mut keep: Vec<Option<Line>> = vec![None; self.lines.len()];
        let mut used = vec![false; existing.len()];
        let mut added: Vec<Line> = Vec::new();
        for item in wanted.iter().filter(|w| !w.value.trim().is_empty()) {
            let value = item.value.trim();
            let found = existing.iter().enumerate().find(|(k, (_, v, _))| !used[*k] && v == value);
            match found {
                Some((k, (i, _, label))) => {
                    used[k] = true;
                    let line = &self.lines[*i];
                    keep[*i] = Some(if label == &item.label {
                        line.clone()
                    } else {
                        Line::new(line.group.as_deref(), name, &type_param(&item.label, v4), &escape_text(value))
                    });
                }
                None => added.push(Line::new(None, name, &type_param(&item.label, v4), &escape_text(value))),
            }
        }
        let dropped_groups: Vec<String> = existing
            .iter()
            .enumerate()
            .filter(|(k, _)| !used[*k])
            .filter_map(|(_, (i, _, _))| self.lines[*i].group.clone())
            .collect();
        let mut result = Vec::with_capacity(self.lines.len() + added.len());
        let mut last_kept = None;
        for (i, line) in self.lines.iter().enumerate() {
            if line.name == name {
                if let Some(kept) = keep[i].take() {
                    result.push(kept);
                    last_kept = Some(result.len());
                }
                continue;
            }
            if line.group.as_ref().is_some_and(|g| dropped_groups.contains(g)) {
                continue;
            }
            result.push(line.clone());
        }
        self.lines = result;
        // New lines go after the kept ones and their grouped companions.
        let kept_groups: Vec<String> =
            self.lines.iter().filter(|l| l.name == name).filter_map(|l| l.group.clone()).collect();
        let after_group = self
            .lines
            .iter()
            .rposition(|l| l.group.as_ref().is_some_and(|g| kept_groups.contains(g)))
            .map(|i| i + 1);
        let at = match (last_kept, after_group) {
            (Some(a), Some(b)) => a.max(b),
            (a, b) => a.or(b).unwrap_or_else(|| self.insertion_point(name)),
        };
        for (offset, line) in added.into_iter().enumerate() {
            self.lines.insert(at + offset, line);
        }
    }

    fn label_of_line(&self, line: &Line) -> String {
        read_card(std::slice::from_ref(line))
            .ok()
            .and_then(|card| card.entries.into_iter().find(|e| !matches!(e.name, VCardProperty::Version)))
            .map(|mut e| {
                // The label of a grouped line comes from its companion.
                if let Some(group) = &line.group {
                    if let Some(companion) = self.lines.iter().find(|l| {
                        l.group.as_deref() == Some(group.as_str()) && l.name == "X-ABLABEL"
                    }) {
                        let text = unescape_text(&companion.value());
                        let clean = text.trim().trim_start_matches("_$!<").trim_end_matches(">!$_").to_lowercase();
                        if !clean.is_empty() {
                            return clean;
                        }
                    }
                }
                e.group = None;
                self.label(&e)
            })
            .unwrap_or_default()
    }
}

fn type_param(label: &str, v4: bool) -> String {
    let label = label.trim();
    if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        String::new()
    } else if v4 {
        format!(";TYPE={}", label.to_ascii_lowercase())
    } else {
        format!(";TYPE={}", label.to_ascii_uppercase())
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
