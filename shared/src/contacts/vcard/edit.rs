//! Writing a vCard back after an edit: only the lines of edited
//! properties are regenerated, every other line stays as received.

use std::collections::HashMap;

use super::*;

/// Apple label lines (`itemN.X-ABLabel`) by lower-case group.
type Companions = HashMap<String, usize>;

impl VCardDoc {
    /// Writes the edited fields back. Properties the edit left as they were
    /// keep their exact lines (parameters, groups); all others stay.
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
        let has_n = self.lines.iter().any(|l| l.name == "N");
        // N is required in vCard 3 only.
        let needs_n = !has_n && self.version() == VCardVersion::V3;
        if fields.given_name.trim() != current.given_name.trim()
            || fields.family_name.trim() != current.family_name.trim()
            || needs_n
        {
            // Only the changed components are rewritten: the others keep
            // their raw text (value lists such as "Pieter,Karel" included).
            let mut n = self.raw_components("N");
            if n.len() < 5 {
                n.resize(5, String::new());
            }
            if fields.family_name.trim() != current.family_name.trim() {
                n[0] = escape_text(fields.family_name.trim());
            }
            if fields.given_name.trim() != current.given_name.trim() {
                n[1] = escape_text(fields.given_name.trim());
            }
            self.set_single("N", &n.join(";"));
        }
        if fields.emails != current.emails {
            self.reconcile("EMAIL", &fields.emails, false);
        }
        if fields.phones != current.phones {
            self.reconcile("TEL", &fields.phones, true);
        }
        if fields.org.trim() != current.org.trim() {
            if fields.org.trim().is_empty() {
                self.remove("ORG");
            } else {
                let mut org = self.raw_components("ORG");
                if org.is_empty() {
                    org.push(String::new());
                }
                org[0] = escape_text(fields.org.trim());
                self.set_single("ORG", &org.join(";"));
            }
        }
        for (name, new, old) in [("TITLE", &fields.title, &current.title), ("NOTE", &fields.note, &current.note)] {
            if new.trim() != old.trim() {
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

    fn reread(&mut self) {
        if let Ok(card) = read_card(&self.lines) {
            self.card = card;
        }
    }

    fn remove(&mut self, name: &str) {
        self.lines.retain(|l| l.name != name);
    }

    /// The `;`-separated components of the first `name` line, still escaped.
    fn raw_components(&self, name: &str) -> Vec<String> {
        self.lines.iter().find(|l| l.name == name).map(|l| split_escaped(&l.value(), ';')).unwrap_or_default()
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
            .or_else(|| after("NOTE"))
            .or_else(|| after("TITLE"))
            .or_else(|| after("ORG"))
            .or_else(|| after("TEL"))
            .or_else(|| after("EMAIL"))
            .or_else(|| after("N"))
            .or_else(|| after("FN"))
            .or_else(|| after("UID"))
            .unwrap_or(self.lines.len())
    }

    /// The X-ABLabel line sharing a group with `line`, if any.
    fn companion_of(line: &Line, companions: &Companions) -> Option<usize> {
        companions.get(&line.group.as_deref()?.to_ascii_lowercase()).copied()
    }

    /// Every Apple label line by its group (case-insensitive), found once:
    /// looking each one up by scanning would make a vCard of many grouped
    /// lines cost quadratic time.
    fn companions(&self) -> Companions {
        let mut map = Companions::new();
        for (i, l) in self.lines.iter().enumerate() {
            if let (true, Some(group)) = (l.name == "X-ABLABEL", l.group.as_deref()) {
                map.entry(group.to_ascii_lowercase()).or_insert(i);
            }
        }
        map
    }

    /// Brings the lines of `name` (EMAIL or TEL) in line with `wanted`:
    /// - a value still present keeps its line (relabelled if its label changed);
    /// - a value edited in place (same position, same label) keeps the line's
    ///   group and parameters, only the value changes;
    /// - other values are added; lines no longer wanted are removed with
    ///   their Apple companions (`itemN.X-ABLabel`).
    ///
    /// Lines with an empty value, invisible in the app, are left alone.
    fn reconcile(&mut self, name: &str, wanted: &[Labeled], phone: bool) {
        let v4 = self.version() == VCardVersion::V4;
        let existing = self.shown(name, phone);
        let companion_lines = self.companions();
        let wanted: Vec<(usize, &Labeled)> =
            wanted.iter().enumerate().filter(|(_, w)| !w.value.trim().is_empty()).collect();

        let mut pair: Vec<Option<usize>> = vec![None; wanted.len()];
        let mut used = vec![false; existing.len()];
        for (w, (_, item)) in wanted.iter().enumerate() {
            if let Some(k) = (0..existing.len()).find(|&k| !used[k] && existing[k].1 == item.value.trim()) {
                used[k] = true;
                pair[w] = Some(k);
            }
        }
        for (w, (position, item)) in wanted.iter().enumerate() {
            if pair[w].is_none()
                && *position < existing.len()
                && !used[*position]
                && same_label(&existing[*position].2, &item.label)
            {
                used[*position] = true;
                pair[w] = Some(*position);
            }
        }

        let mut next_group = self.next_item_group();
        // Replacement lines for kept lines (by line index), companions to
        // rewrite or drop (by line index), and new lines.
        let mut replaced: Vec<Option<Vec<Line>>> = vec![None; self.lines.len()];
        let mut companions: Vec<(usize, Option<Line>)> = Vec::new();
        let mut added: Vec<Line> = Vec::new();
        for (w, (_, item)) in wanted.iter().enumerate() {
            let value = item.value.trim();
            let Some(k) = pair[w] else {
                added.extend(labeled_lines(
                    None,
                    name,
                    &encode_value(value, phone, false),
                    &item.label,
                    v4,
                    &mut next_group,
                ));
                continue;
            };
            let (i, old_value, old_label) = &existing[k];
            let line = &self.lines[*i];
            let unfolded = unfold(&line.raw);
            let head = head_of(&unfolded).to_string();
            let raw_value = if old_value == value {
                line.value()
            } else {
                let uri = phone
                    && (line.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("uri"))
                        || line.value().starts_with("tel:"));
                encode_value(value, phone, uri)
            };
            // An unchanged value keeps its line exactly, folding included.
            let same_head = || {
                if old_value == value {
                    line.clone()
                } else {
                    Line::parse(fold_line(&format!("{head}:{raw_value}")))
                }
            };
            if same_label(old_label, &item.label) {
                replaced[*i] = Some(vec![same_head()]);
                continue;
            }
            match Self::companion_of(line, &companion_lines) {
                // Apple labels: the companion carries the label, the line stays.
                Some(c) if !item.label.trim().is_empty() => {
                    let old = unescape_text(&self.lines[c].value());
                    let unfolded = unfold(&self.lines[c].raw);
                    let companion_head = head_of(&unfolded);
                    let label = ablabel_value(&item.label, old.starts_with("_$!<"));
                    companions.push((c, Some(Line::parse(fold_line(&format!("{companion_head}:{label}"))))));
                    replaced[*i] = Some(vec![same_head()]);
                }
                companion => {
                    if let Some(c) = companion {
                        companions.push((c, None));
                    }
                    let stripped = strip_label_types(&head, !item.label.trim().is_empty());
                    let (group, rest) = split_group(&stripped);
                    let lines = labeled_lines(group, rest, &raw_value, &item.label, v4, &mut next_group);
                    replaced[*i] = Some(lines);
                }
            }
        }

        // Groups whose line goes: their Apple companions (X-AB*) go too.
        let dropped_groups: Vec<String> = existing
            .iter()
            .enumerate()
            .filter(|(k, _)| !used[*k])
            .filter_map(|(_, (i, _, _))| self.lines[*i].group.as_ref().map(|g| g.to_ascii_lowercase()))
            .collect();
        let shown: Vec<usize> = existing.iter().map(|(i, _, _)| *i).collect();
        let mut result = Vec::with_capacity(self.lines.len() + added.len());
        let mut last_kept = None;
        for (i, line) in self.lines.iter().enumerate() {
            if shown.contains(&i) {
                if let Some(lines) = replaced[i].take() {
                    result.extend(lines);
                    last_kept = Some(result.len());
                }
                continue;
            }
            if let Some((_, change)) = companions.iter().find(|(c, _)| *c == i) {
                if let Some(new) = change {
                    result.push(new.clone());
                }
                continue;
            }
            let orphan = line.name.starts_with("X-AB")
                && line.group.as_ref().is_some_and(|g| dropped_groups.contains(&g.to_ascii_lowercase()));
            if !orphan {
                result.push(line.clone());
            }
        }
        self.lines = result;
        // New lines go after the kept ones and their grouped companions.
        let kept_groups: Vec<String> =
            self.lines.iter().filter(|l| l.name == name).filter_map(|l| l.group.clone()).collect();
        let after_group =
            self.lines.iter().rposition(|l| l.group.as_ref().is_some_and(|g| kept_groups.contains(g))).map(|i| i + 1);
        let at = match (last_kept, after_group) {
            (Some(a), Some(b)) => a.max(b),
            (a, b) => a.or(b).unwrap_or_else(|| self.insertion_point(name)),
        };
        for (offset, line) in added.into_iter().enumerate() {
            self.lines.insert(at + offset, line);
        }
    }

    /// (line index, value as shown, label) of the EMAIL or TEL lines the
    /// app shows. Read from the lines themselves, so that what `fields`
    /// shows and what `apply` compares against can never disagree.
    pub(super) fn shown(&self, name: &str, phone: bool) -> Vec<(usize, String, String)> {
        let companions = self.companions();
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.name == name)
            .map(|(i, l)| {
                let value = unescape_text(&l.value());
                let value = if phone { phone_display(&value) } else { value.trim().to_string() };
                (i, value, self.label_of_line(l, &companions))
            })
            .filter(|(_, v, _)| !v.is_empty())
            .collect()
    }

    /// The first free Apple-style group number ("item3" after "item2").
    fn next_item_group(&self) -> usize {
        self.lines
            .iter()
            .filter_map(|l| l.group.as_deref())
            .filter_map(|g| g.get(..4).filter(|p| p.eq_ignore_ascii_case("item")).and(g.get(4..)))
            .filter_map(|n| n.parse::<usize>().ok())
            .max()
            .map_or(1, |n| n + 1)
    }

    fn label_of_line(&self, line: &Line, companions: &Companions) -> String {
        // The label of a grouped line comes from its companion.
        if let Some(c) = Self::companion_of(line, companions) {
            let clean = clean_ablabel(&unescape_text(&self.lines[c].value()));
            if !clean.is_empty() {
                return clean;
            }
        }
        read_card(std::slice::from_ref(line))
            .ok()
            .and_then(|card| card.entries.into_iter().find(|e| !matches!(e.name, VCardProperty::Version)))
            .map(|mut e| {
                e.group = None;
                self.label(&e, &Default::default())
            })
            .unwrap_or_default()
    }
}

/// A value the member typed, as a content-line value. Phones of `tel:`
/// URI lines stay URIs (RFC 3966 has no spaces, only visual separators).
fn encode_value(value: &str, phone: bool, uri: bool) -> String {
    if phone && uri {
        let number = value.strip_prefix("tel:").unwrap_or(value).trim();
        format!("tel:{}", number.split_whitespace().collect::<Vec<_>>().join("-"))
    } else {
        escape_text(value)
    }
}

/// Splits on `sep` where it is not escaped by a backslash.
fn split_escaped(value: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(String::new());
            continue;
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
}

/// "item1.EMAIL;type=INTERNET" → (Some("item1"), "EMAIL;type=INTERNET").
fn split_group(head: &str) -> (Option<&str>, &str) {
    let name_end = head.find(';').unwrap_or(head.len());
    match head[..name_end].rsplit_once('.') {
        Some((group, _)) => (Some(group), &head[group.len() + 1..]),
        None => (None, head),
    }
}

fn same_label(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn clean_ablabel(text: &str) -> String {
    text.trim().trim_start_matches("_$!<").trim_end_matches(">!$_").trim().to_lowercase()
}

/// Apple's own labels are written `_$!<Work>!$_`; custom ones as typed.
fn ablabel_value(label: &str, apple_form: bool) -> String {
    const APPLE: [&str; 9] = ["home", "work", "other", "mobile", "main", "pager", "homepage", "school", "iphone"];
    let label = label.trim();
    let lower = label.to_lowercase();
    match APPLE.iter().find(|a| **a == lower) {
        Some(a) if apple_form => {
            let name = if *a == "iphone" { "iPhone".to_string() } else { a[..1].to_uppercase() + &a[1..] };
            format!("_$!<{name}>!$_")
        }
        _ => escape_text(label),
    }
}

/// TYPE values that say how to use a value, not what it is; kept when the
/// label changes ("voice" only when a new label is given).
fn is_technical_type(value: &str, keep_voice: bool) -> bool {
    let v = value.trim().to_ascii_lowercase();
    matches!(v.as_str(), "pref" | "internet" | "x400") || (keep_voice && v == "voice")
}

/// The head without its label TYPE values; other parameters untouched.
fn strip_label_types(head: &str, keep_voice: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (n, part) in split_unquoted(head, ';').into_iter().enumerate() {
        let Some((key, value)) = part.split_once('=').filter(|(k, _)| n > 0 && k.trim().eq_ignore_ascii_case("TYPE"))
        else {
            parts.push(part.to_string());
            continue;
        };
        let quoted = value.starts_with('"');
        let kept: Vec<&str> = value.trim_matches('"').split(',').filter(|v| is_technical_type(v, keep_voice)).collect();
        if !kept.is_empty() {
            let joined = kept.join(",");
            parts.push(if quoted { format!("{key}=\"{joined}\"") } else { format!("{key}={joined}") });
        }
    }
    parts.join(";")
}

/// The line(s) for a value with a label: a token label becomes a TYPE
/// parameter; any other label an Apple `itemN.X-ABLabel` companion, which
/// Apple, Nextcloud and DAVx⁵ all read.
fn labeled_lines(
    group: Option<&str>,
    name_and_params: &str,
    value: &str,
    label: &str,
    v4: bool,
    next_group: &mut usize,
) -> Vec<Line> {
    let label = label.trim();
    let token = !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if label.is_empty() || token {
        let head = format!("{name_and_params}{}", type_param(label, v4));
        return vec![Line::new(group, &head, "", value)];
    }
    let group = match group {
        Some(g) => g.to_string(),
        None => {
            *next_group += 1;
            format!("item{}", *next_group - 1)
        }
    };
    vec![
        Line::new(Some(&group), name_and_params, "", value),
        Line::new(Some(&group), "X-ABLabel", "", &escape_text(label)),
    ]
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
