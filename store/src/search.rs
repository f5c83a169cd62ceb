//! The full-text index: what is written to `contacts_fts`, and how what a
//! member types becomes an FTS5 query.
//!
//! Both sides go through [`fold`], so matching does not depend on how the
//! text was typed (decomposed accents from some keyboards, ligatures); the
//! `unicode61 remove_diacritics 2` tokenizer is a second layer.

use rusqlite::{params, Transaction};
use shared::contacts::text;
use shared::contacts::vcard::VCardDoc;
use shared::effects::store::{ContactIndex, NoteIndex};

use super::StoreError;

/// Lower case, accent-free, ligatures spelled out: "Dubœuf" and "duboeuf"
/// are the same word to a member.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in text::fold(s).chars() {
        match c {
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            'ĳ' => out.push_str("ij"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ı' => out.push('i'),
            _ => out.push(c),
        }
    }
    out
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Phone tokens as members type them: as written, the digits alone (so
/// "0470 12" and "047012" both match), and for Belgian numbers the other
/// form too ("+32 470 12…" is found by "0470 12", "0470 12…" by "+32 470").
pub fn phone_terms(phones: &[String]) -> String {
    let mut terms = Vec::new();
    for phone in phones {
        terms.push(phone.clone());
        let digits = digits(phone);
        if digits.is_empty() {
            continue;
        }
        let subscriber = digits
            .strip_prefix("0032")
            .or_else(|| digits.strip_prefix("32"))
            .or_else(|| digits.strip_prefix('0').filter(|n| !n.starts_with('0')));
        if let Some(subscriber) = subscriber {
            terms.push(format!("0{subscriber}"));
            terms.push(format!("32{subscriber}"));
        }
        terms.push(digits);
    }
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    terms.join(" ")
}

/// Writes a note into full-text search: its title and whole text (read
/// from its row, written just before).
pub fn index_note(tx: &Transaction, id: i64, index: &NoteIndex) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM notes_fts WHERE rowid = ?1")?.execute([id])?;
    let body: String = if index.unreadable {
        String::new()
    } else {
        tx.prepare_cached("SELECT data FROM items WHERE id = ?1")?.query_row([id], |r| r.get(0))?
    };
    tx.prepare_cached("INSERT INTO notes_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?.execute(params![
        id,
        fold(&index.title),
        fold(&body)
    ])?;
    Ok(())
}

/// Writes a contact into full-text search.
pub fn index_contact(tx: &Transaction, id: i64, index: &ContactIndex) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM contacts_fts WHERE rowid = ?1")?.execute([id])?;
    tx.prepare_cached(
        "INSERT INTO contacts_fts (rowid, display_name, emails, phones, org, categories)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        fold(&index.display_name),
        fold(&index.emails.join(" ")),
        phone_terms(&index.phones),
        fold(&index.org),
        fold(&index.categories.join(" "))
    ])?;
    Ok(())
}

/// Migration step 24: the contacts filed under a group indexed again, from
/// their vCard, now that groups are searched (the others have none to add).
/// A card that no longer parses keeps the index it had.
pub fn index_categories(tx: &Transaction) -> Result<(), StoreError> {
    let mut stmt = tx.prepare(
        "SELECT id, data FROM items WHERE kind = 'contact' AND state != 'deleted' AND data LIKE '%CATEGORIES%'",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, data): (i64, String) = (r.get(0)?, r.get(1)?);
        let categories = VCardDoc::parse(&data).map(|doc| doc.categories()).unwrap_or_default();
        if !categories.is_empty() {
            tx.prepare_cached("UPDATE contacts_fts SET categories = ?2 WHERE rowid = ?1")?
                .execute(params![id, fold(&categories.join(" "))])?;
        }
    }
    Ok(())
}

/// Migration step 4: every contact indexed again from its stored columns
/// (the table as it was named at schema 4, its index without groups).
pub fn reindex_all(tx: &Transaction) -> Result<(), StoreError> {
    tx.execute("DELETE FROM contacts_fts", [])?;
    let mut stmt = tx.prepare("SELECT id, display_name, emails, phones, org FROM contacts")?;
    let mut rows = stmt.query([])?;
    let list = |text: String| serde_json::from_str::<Vec<String>>(&text).unwrap_or_default();
    while let Some(r) = rows.next()? {
        let (display_name, org): (String, String) = (r.get("display_name")?, r.get("org")?);
        tx.execute(
            "INSERT INTO contacts_fts (rowid, display_name, emails, phones, org) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                r.get::<_, i64>("id")?,
                fold(&display_name),
                fold(&list(r.get("emails")?).join(" ")),
                phone_terms(&list(r.get("phones")?)),
                fold(&org)
            ],
        )?;
    }
    Ok(())
}

/// A typed number as the index holds it: digits only, "00" read as "+".
fn dialled(s: &str) -> String {
    let digits = digits(s);
    match digits.strip_prefix("00") {
        Some(international) if !international.is_empty() => international.to_string(),
        _ => digits,
    }
}

/// Only digits and what people put between them in a phone number.
fn phone_like(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        && word.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "+-./()".contains(c))
}

/// One FTS5 term matching words that start with `text`. Quoted, and `text`
/// holds no `"`: nothing a member types is read as FTS syntax.
fn prefix(text: &str) -> String {
    format!("\"{text}\"*")
}

/// What a member typed, as an FTS5 query: every word must match as a
/// prefix. `None` when nothing searchable is left (list everyone).
pub fn fts_query(query: &str) -> Option<String> {
    let folded = fold(query);
    let mut terms = Vec::new();
    for word in folded.split_whitespace() {
        // Punctuation splits like the tokenizer does, kept as one phrase:
        // "o'brien" → "o brien", "jan@nubo" → "jan nubo".
        let phrase: String = word.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        if phrase.is_empty() {
            continue;
        }
        let joined = dialled(word);
        if phone_like(word) && joined != phrase {
            // "0470-12-34" is also the start of the stored digits.
            terms.push(format!("({} OR {})", prefix(&phrase), prefix(&joined)));
        } else {
            terms.push(prefix(&phrase));
        }
    }
    if terms.is_empty() {
        return None;
    }
    let all = terms.join(" AND ");
    // "0470 123 456": also the whole number, whatever its grouping.
    if terms.len() > 1 && phone_like(&folded) {
        return Some(format!("({all}) OR {}", prefix(&dialled(&folded))));
    }
    Some(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_spells_out_ligatures_and_drops_accents() {
        assert_eq!(fold("Hélène DUBŒUF"), "helene duboeuf");
        assert_eq!(fold("He\u{301}le\u{300}ne"), "helene");
        assert_eq!(fold("Straße Søren Łukasz"), "strasse soren lukasz");
        // Each letter with no decomposition, as Belgian address books hold them.
        assert_eq!(fold("Lærke Ĳssel Đorđe Ðóra Dıyarbakır İlknur"), "laerke ijssel dorde dora diyarbakir ilknur");
    }

    #[test]
    fn a_typed_number_keeps_what_is_not_an_international_prefix() {
        assert_eq!(dialled("0032 470"), "32470");
        assert_eq!(dialled("00"), "00", "two zeros alone are digits, not a prefix");
        assert_eq!(dialled("+32 (0)470"), "320470");
    }

    #[test]
    fn queries_are_quoted_prefixes_all_required() {
        assert_eq!(fts_query("hél dub").as_deref(), Some("\"hel\"* AND \"dub\"*"));
        assert_eq!(fts_query("o'brien").as_deref(), Some("\"o brien\"*"));
        assert_eq!(fts_query("\"a\" OR b*").as_deref(), Some("\"a\"* AND \"or\"* AND \"b\"*"));
        assert_eq!(fts_query("0470-12").as_deref(), Some("(\"0470 12\"* OR \"047012\"*)"));
        assert_eq!(fts_query("0470 12").as_deref(), Some("(\"0470\"* AND \"12\"*) OR \"047012\"*"));
        assert_eq!(fts_query("0032470").as_deref(), Some("(\"0032470\"* OR \"32470\"*)"));
        assert_eq!(fts_query(" \" * ( - ").as_deref(), None);
        // Digits among letters are an address, not a phone number.
        assert_eq!(fts_query("rue 12b").as_deref(), Some("\"rue\"* AND \"12b\"*"));
    }

    #[test]
    fn phones_are_indexed_in_both_belgian_forms() {
        assert_eq!(phone_terms(&["+32 470 12".into()]), "+32 470 12 047012 3247012");
        assert_eq!(phone_terms(&["0470/12".into()]), "0470/12 047012 3247012");
        assert_eq!(phone_terms(&["0032 2 1".into(), "ext".into()]), "0032 2 1 021 3221 003221 ext");
    }
}
