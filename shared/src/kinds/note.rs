//! Notes: the Markdown and text files of the member's Notes folder, kept
//! over plain WebDAV exactly as Nextcloud's Notes app keeps them. The
//! title is the file name without its suffix, a category is a folder
//! (nested categories nested folders), the file's modification time is
//! the note's date.

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use serde::{Deserialize, Serialize};

use super::{Fetch, ItemIndex, ItemKind, Kind, Layout, Rewritten, StaticKind};
use crate::dav::url::as_collection;
use crate::dav::xml::DavResponse;
use crate::document::markdown;
use crate::effects::store::Account;
use crate::i18n::Text;

/// The suffixes Nextcloud's Notes app reads; new notes are Markdown.
const SUFFIXES: [&str; 2] = [".md", ".txt"];

/// Characters of a preview: two lines of a phone's list row.
pub const PREVIEW_CHARS: usize = 160;

/// Files larger than this are listed with their size, not downloaded: a
/// note is text a member writes, a larger file is something else.
pub const MAX_NOTE_BYTES: u64 = 1 << 20;

/// Titles are cut here, as Nextcloud's Notes app does.
pub const MAX_TITLE_CHARS: usize = 100;

/// What the store indexes of a note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteIndex {
    /// The file name without its suffix.
    pub title: String,
    /// The first lines, as plain text.
    pub preview: String,
    /// Last change, ms since the epoch: the server's modification time, or
    /// when the member saved it here.
    pub modified: i64,
    /// Not text (not UTF-8), or too large to download: kept as it is,
    /// shown with the reason, never edited here.
    pub unreadable: bool,
    /// Bytes of a file over [`MAX_NOTE_BYTES`], listed but not downloaded.
    #[serde(default)]
    pub too_large: Option<u64>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct NoteKind;

impl StaticKind for NoteKind {
    const KIND: ItemKind = ItemKind::Note;
}

impl Kind for NoteKind {
    fn item_kind(&self) -> ItemKind {
        Self::KIND
    }

    fn media_type(&self) -> &'static str {
        "text/markdown; charset=utf-8"
    }

    fn extension(&self) -> &'static str {
        SUFFIXES[0]
    }

    fn home<'a>(&self, account: &'a Account) -> Option<&'a str> {
        account.notes_folder.as_deref()
    }

    /// Any folder, except hidden ones (Nextcloud keeps a note's pictures
    /// in `.attachments.<id>` folders).
    fn is_collection(&self, entry: &DavResponse) -> bool {
        entry.props.resource_types.iter().any(|t| t == "DAV:collection")
            && !super::file_name(&entry.href).starts_with('.')
    }

    fn layout(&self) -> Layout {
        Layout::FolderTree
    }

    fn accepts(&self, href: &str) -> bool {
        let name = decoded_name(href);
        !name.starts_with('.') && stem(&name).is_some()
    }

    /// The title as the file name, percent-encoded (a member's "Réunion du
    /// CA" stays "Réunion du CA.md" on the server).
    fn new_resource_url(&self, collection: &str, uid: &str) -> String {
        let name: String = utf8_percent_encode(&format!("{uid}{}", self.extension()), SEGMENT).collect();
        format!("{}{name}", as_collection(collection))
    }

    fn fetch(&self) -> Fetch {
        Fetch::Get
    }

    fn index(&self, href: &str, data: &str) -> Option<ItemIndex> {
        let name = decoded_name(href);
        let title = stem(&name).unwrap_or(&name).to_string();
        Some(ItemIndex::Note(note_index(title, data, 0)))
    }

    fn max_size(&self) -> Option<u64> {
        Some(MAX_NOTE_BYTES)
    }

    fn oversized_index(&self, file_name: &str, bytes: u64) -> ItemIndex {
        match self.unreadable_index(file_name) {
            ItemIndex::Note(note) => ItemIndex::Note(NoteIndex { too_large: Some(bytes), ..note }),
            other => other,
        }
    }

    fn unreadable_index(&self, file_name: &str) -> ItemIndex {
        let name = percent_decode_str(file_name).decode_utf8_lossy().into_owned();
        let title = stem(&name).unwrap_or(&name).to_string();
        ItemIndex::Note(NoteIndex { title, unreadable: true, ..Default::default() })
    }

    /// Servers store a file's bytes as sent; only line ends and the final
    /// newline may differ between editors.
    fn same_item(&self, server: &str, ours: &str) -> bool {
        let normal = |s: &str| s.replace("\r\n", "\n").trim_end().to_string();
        server == ours || normal(server) == normal(ours)
    }

    /// The member's version beside the server's, named as Nextcloud names
    /// its own conflict copies: "Title (conflict 2027-03-01 10.15)".
    fn with_new_uid(&self, data: &str, index: &ItemIndex, _uid: &str, now: i64, zone: Tz) -> Option<Rewritten> {
        let when = Utc.timestamp_millis_opt(now).single()?.with_timezone(&zone);
        let title = format!("{} (conflict {})", index.title(), when.format("%Y-%m-%d %H.%M"));
        Some((data.to_string(), ItemIndex::Note(note_index(title, data, now))))
    }

    fn saved(&self) -> Text {
        Text::NoteSaved
    }

    fn read_only(&self) -> Text {
        Text::ReadOnlyNotes
    }
}

/// What a path segment may hold unencoded: RFC 3986 pchar without the
/// delimiters a file name may contain.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Where a note moves when renamed `title` in `folder`: its suffix kept
/// (a `.txt` note stays one).
pub fn moved_url(folder: &str, title: &str, current: &str) -> String {
    let name = decoded_name(current);
    let suffix = stem(&name).map(|stem| &name[stem.len()..]).unwrap_or(SUFFIXES[0]);
    let file: String = utf8_percent_encode(&format!("{title}{suffix}"), SEGMENT).collect();
    format!("{}{file}", as_collection(folder))
}

/// A note's index from its title and text.
pub fn note_index(title: String, data: &str, modified: i64) -> NoteIndex {
    NoteIndex { title, preview: markdown::preview(data, PREVIEW_CHARS), modified, unreadable: false, too_large: None }
}

/// The last path segment, percent-decoded.
fn decoded_name(href: &str) -> String {
    percent_decode_str(&super::file_name(href)).decode_utf8_lossy().into_owned()
}

/// The name without a suffix the Notes app reads; `None` for other files.
fn stem(name: &str) -> Option<&str> {
    SUFFIXES.iter().find_map(|suffix| {
        let cut = name.len().checked_sub(suffix.len())?;
        let (stem, tail) = (name.get(..cut)?, name.get(cut..)?);
        (tail.eq_ignore_ascii_case(suffix) && !stem.is_empty()).then_some(stem)
    })
}

/// Names Windows refuses whatever their suffix; a note synced to a
/// Windows desktop must not be stuck.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A title made safe as a file name on every platform, as Nextcloud's
/// Notes app makes it: no `/ \ : * ? " < > |` nor control characters, no
/// leading dot or `#`, at most [`MAX_TITLE_CHARS`] characters. `None` when
/// nothing is left (the caller names it "New note" in the member's words).
pub fn safe_title(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    let trimmed = cleaned.trim_start_matches(|c: char| c == '.' || c == '#' || c.is_whitespace()).trim_end();
    let cut: String = trimmed.chars().take(MAX_TITLE_CHARS).collect();
    let title = cut.trim_end().trim_end_matches('.').to_string();
    if title.is_empty() {
        return None;
    }
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(&title)) {
        return Some(format!("{title} (note)"));
    }
    Some(title)
}

/// `title`, or `title (2)`, `title (3)`… : the first that no other note of
/// the category already has, ignoring case (two files differing only in
/// case collide on phones and desktops that ignore it).
pub fn unique_title(title: &str, taken: &[String]) -> String {
    let free = |candidate: &str| !taken.iter().any(|t| t.to_lowercase() == candidate.to_lowercase());
    if free(title) {
        return title.to_string();
    }
    (2..).map(|n| format!("{title} ({n})")).find(|c| free(c)).unwrap_or_else(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::index_remote;
    use super::*;

    const FOLDER: &str = "https://cloud.test/remote.php/dav/files/ilse/Notes/";

    #[test]
    fn the_title_is_the_file_name_and_only_note_files_are_notes() {
        let (index, unreadable) =
            index_remote(&NoteKind, &format!("{FOLDER}R%C3%A9union%20du%20CA.md"), "# Ordre du jour\n\n- [ ] budget\n");
        assert!(!unreadable);
        let ItemIndex::Note(note) = index else { panic!() };
        assert_eq!(note.title, "Réunion du CA");
        assert_eq!(note.preview, "Ordre du jour\n• ☐ budget");
        assert!(NoteKind.accepts(&format!("{FOLDER}Courses.TXT")));
        for other in ["photo.jpg", ".hidden.md", "archive.md.zip", ".md", "notes"] {
            assert!(!NoteKind.accepts(&format!("{FOLDER}{other}")), "{other}");
        }
    }

    #[test]
    fn a_new_note_is_named_after_its_title() {
        assert_eq!(
            NoteKind.new_resource_url(FOLDER, "Réunion du CA #3 (50%)"),
            format!("{FOLDER}R%C3%A9union%20du%20CA%20%233%20(50%25).md")
        );
        let url = NoteKind.new_resource_url(FOLDER, "Réunion du CA #3 (50%)");
        let (index, _) = index_remote(&NoteKind, &url, "");
        assert_eq!(index.title(), "Réunion du CA #3 (50%)");
    }

    #[test]
    fn titles_are_made_safe_as_nextcloud_makes_them() {
        assert_eq!(safe_title("  ../../etc/passwd ").as_deref(), Some("etcpasswd"));
        assert_eq!(safe_title("# Courses: lundi?").as_deref(), Some("Courses lundi"));
        assert_eq!(safe_title("a<b>c|d*e\"f\\g\u{7}").as_deref(), Some("abcdefg"));
        assert_eq!(safe_title(".bashrc").as_deref(), Some("bashrc"));
        // Found by fuzzing: a dot after other blanks than a space.
        assert_eq!(safe_title(". \u{2003}..etc").as_deref(), Some("etc"));
        assert_eq!(safe_title("nul").as_deref(), Some("nul (note)"));
        assert_eq!(safe_title(" /// "), None);
        let long = "é".repeat(300);
        assert_eq!(safe_title(&long).unwrap().chars().count(), MAX_TITLE_CHARS);
    }

    #[test]
    fn a_taken_title_gets_a_number_whatever_its_case() {
        let taken = vec!["Courses".to_string(), "courses (2)".to_string()];
        assert_eq!(unique_title("COURSES", &taken), "COURSES (3)");
        assert_eq!(unique_title("Budget", &taken), "Budget");
    }

    #[test]
    fn a_conflict_copy_is_named_like_nextclouds() {
        let index = ItemIndex::Note(note_index("Courses".into(), "lait", 0));
        let now = Utc.with_ymd_and_hms(2027, 3, 1, 9, 15, 0).unwrap().timestamp_millis();
        let (data, copy) = NoteKind.with_new_uid("lait", &index, "ignored", now, chrono_tz::Europe::Brussels).unwrap();
        assert_eq!(data, "lait");
        assert_eq!(copy.title(), "Courses (conflict 2027-03-01 10.15)");
    }

    #[test]
    fn line_ends_and_a_final_newline_do_not_make_another_note() {
        assert!(NoteKind.same_item("a\r\nb\r\n", "a\nb"));
        assert!(!NoteKind.same_item("a\nb", "a\nc"));
    }
}
