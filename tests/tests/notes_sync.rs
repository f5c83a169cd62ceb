//! Notes through the real `nubo` binary against real servers: Radicale
//! for the account and wsgidav for the files, on one origin as a Nextcloud
//! serves them (`tests/servers/dav_with_files.py`). The served folder is
//! read and written directly, as another device (the Notes app) would.

mod common;

use std::path::{Path, PathBuf};

use common::Device;
use nubo_tests::Radicale;
use serde_json::Value;

const USER: &str = "ilse";

struct Setup {
    server: Radicale,
    phone: Device,
}

impl Setup {
    /// A server holding a Notes folder with categories, a nested one,
    /// pictures and a hidden attachments folder; a phone signed in with its
    /// Notes folder named.
    fn new() -> Self {
        let server = Radicale::start_with_files();
        server.create_addressbook(USER, "contacts", "Contacts");
        let notes = server.files_root().join(USER).join("Notes");
        for (path, text) in [
            ("Courses.md", "# Courses\n\n- [ ] lait\n- [x] pain\n"),
            ("Travail/Réunion du CA.md", "Ordre du jour : budget, élections du conseil\n"),
            ("Travail/Projets/Plan.txt", "Étape 1 : la salle\n"),
            ("photo.jpg", "\u{1}JPEG"),
            (".attachments.12/schema.png", "PNG"),
        ] {
            write(&notes.join(path), text);
        }
        let phone = Device::new();
        phone.sign_in(USER, "pw", &server.url());
        let folder = format!("{}files/{USER}/Notes/", server.url());
        let set = phone.run(&["notes", "folder", &folder]);
        assert!(set.ok, "{}", set.stderr);
        Self { server, phone }
    }

    fn notes_dir(&self) -> PathBuf {
        self.server.files_root().join(USER).join("Notes")
    }

    fn notes(&self) -> Vec<Value> {
        self.phone.json(&["notes", "list"])["notes"]["notes"].as_array().cloned().unwrap_or_default()
    }

    fn titles(&self) -> Vec<String> {
        let mut titles: Vec<String> = self.notes().iter().map(|n| n["title"].as_str().unwrap().to_string()).collect();
        titles.sort();
        titles
    }

    fn id_of(&self, title: &str) -> String {
        let notes = self.notes();
        let note = notes.iter().find(|n| n["title"] == title).unwrap_or_else(|| panic!("no note {title}: {notes:?}"));
        note["id"].as_i64().unwrap().to_string()
    }

    fn sync(&self) -> Value {
        self.phone.sync()
    }

    fn show(&self, title: &str) -> Value {
        self.phone.json(&["notes", "show", &self.id_of(title)])["note"].clone()
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Another device's edit: wsgidav's etag holds the modification time in
/// seconds and the size, so the edit must move one of them.
fn edit_on_server(path: &Path, text: &str) {
    std::thread::sleep(std::time::Duration::from_millis(1100));
    write(path, text);
}

fn applied(sync: &Value) -> String {
    sync["sync"]["status"].as_str().unwrap_or_default().to_string()
}

#[test]
fn the_notes_folder_arrives_with_its_categories_and_nothing_else() {
    let s = Setup::new();
    s.sync();
    assert_eq!(s.titles(), ["Courses", "Plan", "Réunion du CA"]);
    let view = s.phone.json(&["notes", "list"]);
    let categories: Vec<&str> =
        view["notes"]["categories"].as_array().unwrap().iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert_eq!(categories, ["", "Travail", "Travail/Projets"], "hidden folders are not categories");
    let plan = s.notes().into_iter().find(|n| n["title"] == "Plan").unwrap();
    assert_eq!(plan["category"], "Travail/Projets");
    assert_eq!(plan["preview"], "Étape 1 : la salle");

    // The note reads as a typed document, tasks numbered for ticking.
    let courses = s.show("Courses");
    assert_eq!(
        courses["document"]["blocks"][0],
        serde_json::json!({"heading": {"level": 1, "spans": [{"text": "Courses"}]}})
    );
    assert_eq!(courses["document"]["blocks"][2]["list_item"]["task"], serde_json::json!({"checked": true, "index": 1}));

    // Nothing changed: nothing is fetched again.
    let again = s.sync();
    assert!(applied(&again).contains("Everything is up to date."), "{}", applied(&again));

    // Accent- and case-insensitive search over titles and text.
    let found = s.phone.json(&["notes", "search", "ELECTIONS"]);
    let found: Vec<&str> =
        found["notes"]["notes"].as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap()).collect();
    assert_eq!(found, ["Réunion du CA"]);
}

#[test]
fn notes_written_offline_reach_the_server_named_after_their_title() {
    let s = Setup::new();
    s.sync();
    let add = s.phone.run(&[
        "notes",
        "add",
        "--title",
        "Idées: café?",
        "--category",
        "travail",
        "--text",
        "# Idées\n\nUn café des coopérateurs.\n",
    ]);
    assert!(add.ok, "{}", add.stderr);
    // The same title again in the same category gets a number.
    let again = s.phone.run(&["notes", "add", "--title", "idées café", "--category", "Travail", "--text", "encore"]);
    assert!(again.ok, "{}", again.stderr);
    let pending: Vec<Value> = s.notes().into_iter().filter(|n| n["pending"] == true).collect();
    assert_eq!(pending.len(), 2, "both wait for the next sync");

    s.sync();
    let dir = s.notes_dir().join("Travail");
    assert_eq!(std::fs::read_to_string(dir.join("Idées café.md")).unwrap(), "# Idées\n\nUn café des coopérateurs.\n");
    assert_eq!(std::fs::read_to_string(dir.join("idées café (2).md")).unwrap(), "encore");
    assert!(s.notes().iter().all(|n| n["pending"] == false));

    // A second device sees them.
    let laptop = Device::new();
    laptop.sign_in(USER, "pw", &s.server.url());
    assert!(laptop.run(&["notes", "folder", &format!("{}files/{USER}/Notes/", s.server.url())]).ok);
    laptop.sync();
    let titles: Vec<String> = laptop.json(&["notes", "search", "coopérateurs"])["notes"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(titles, ["Idées café"]);
}

#[test]
fn edits_ticks_and_deletions_travel_both_ways() {
    let s = Setup::new();
    s.sync();
    // Ticking the first task changes that one character of the file.
    assert!(s.phone.run(&["notes", "tick", &s.id_of("Courses"), "1"]).ok);
    let edit =
        s.phone.run(&["notes", "edit", &s.id_of("Plan"), "--text", "Étape 1 : la salle\nÉtape 2 : les chaises\n"]);
    assert!(edit.ok, "{}", edit.stderr);
    assert!(s.phone.run(&["notes", "rm", &s.id_of("Réunion du CA")]).ok);
    s.sync();
    let dir = s.notes_dir();
    assert_eq!(std::fs::read_to_string(dir.join("Courses.md")).unwrap(), "# Courses\n\n- [x] lait\n- [x] pain\n");
    assert!(std::fs::read_to_string(dir.join("Travail/Projets/Plan.txt")).unwrap().contains("les chaises"));
    assert!(!dir.join("Travail/Réunion du CA.md").exists());

    // The other way: edited and deleted on the server.
    edit_on_server(&dir.join("Courses.md"), "# Courses\n\n- [x] lait\n- [x] pain\n- [ ] œufs\n");
    std::fs::remove_file(dir.join("Travail/Projets/Plan.txt")).unwrap();
    write(&dir.join("Travail/Nouvelle.md"), "écrite ailleurs");
    s.sync();
    assert_eq!(s.titles(), ["Courses", "Nouvelle"]);
    assert!(s.show("Courses")["text"].as_str().unwrap().contains("œufs"));
}

#[test]
fn a_note_changed_on_both_sides_keeps_both_texts() {
    let s = Setup::new();
    s.sync();
    let dir = s.notes_dir();
    edit_on_server(&dir.join("Courses.md"), "# Courses\n\n- [ ] lait\n- [ ] œufs (ailleurs)\n");
    assert!(s.phone.run(&["notes", "edit", &s.id_of("Courses"), "--text", "# Courses\n\n- [ ] beurre (ici)\n"]).ok);
    let sync = s.sync();
    assert!(applied(&sync).contains("kept"), "{}", applied(&sync));
    // The server's text is the note; the member's is kept to choose.
    assert!(s.show("Courses")["text"].as_str().unwrap().contains("ailleurs"));
    assert!(std::fs::read_to_string(dir.join("Courses.md")).unwrap().contains("ailleurs"));
    let conflicts = s.phone.json(&["conflicts", "list"])["conflicts"].as_array().cloned().unwrap();
    assert_eq!(conflicts.len(), 1);
    let id = conflicts[0]["id"].as_i64().unwrap().to_string();
    // The terminal shows both versions side by side before the member chooses.
    let listed = s.phone.run(&["conflicts", "list"]);
    assert!(listed.stdout.contains("mine") && listed.stdout.contains("│ server"), "{}", listed.stdout);
    let differing = listed.stdout.lines().find(|l| l.contains("beurre (ici)")).unwrap_or_default();
    assert!(differing.contains('≠') && differing.contains("│ - [ ] lait"), "{}", listed.stdout);

    // "Both": the member's text becomes a copy named as Nextcloud names its own.
    assert!(s.phone.run(&["conflicts", "resolve", &id, "both"]).ok);
    s.sync();
    let copies: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("Courses (conflict "))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(copies[0].ends_with(".md"));
    assert!(std::fs::read_to_string(dir.join(&copies[0])).unwrap().contains("beurre (ici)"));
    assert!(std::fs::read_to_string(dir.join("Courses.md")).unwrap().contains("ailleurs"));
}

#[test]
fn a_file_that_is_not_text_is_kept_shown_with_its_reason_and_never_edited() {
    let s = Setup::new();
    std::fs::write(s.notes_dir().join("Ancien.txt"), b"caf\xe9 latin-1\n").unwrap();
    s.sync();
    let note = s.show("Ancien");
    assert!(note["unreadable"].as_str().unwrap().contains("not readable text"), "{note}");
    assert_eq!(note["read_only"], true);
    let edit = s.phone.run(&["notes", "edit", &s.id_of("Ancien"), "--text", "remplacé"]);
    assert!(!edit.ok, "an unreadable note is not edited");
    s.sync();
    assert_eq!(std::fs::read(s.notes_dir().join("Ancien.txt")).unwrap(), b"caf\xe9 latin-1\n");
}

#[test]
fn a_category_that_does_not_exist_is_said_and_nothing_is_written() {
    let s = Setup::new();
    s.sync();
    let add = s.phone.run(&["notes", "add", "--title", "Perdue", "--category", "Vacances", "--text", "x"]);
    assert!(!add.ok);
    assert!(add.stderr.contains("“Vacances” does not exist"), "{}", add.stderr);
    assert_eq!(s.titles(), ["Courses", "Plan", "Réunion du CA"]);
}

#[test]
fn renames_and_changes_of_category_travel_both_ways() {
    let s = Setup::new();
    s.sync();
    let dir = s.notes_dir();
    // Renamed and moved here: the list shows it at once, the server after a sync.
    let mv = s.phone.run(&["notes", "mv", &s.id_of("Réunion du CA"), "--title", "CA: mai 2027", "--category", ""]);
    assert!(mv.ok, "{}", mv.stderr);
    let moved = s.notes().into_iter().find(|n| n["title"] == "CA mai 2027").expect("renamed at once");
    assert_eq!((moved["category"].as_str(), moved["pending"].as_bool()), (Some("No category"), Some(true)));
    assert!(s.phone.run(&["notes", "mv", &s.id_of("Plan"), "--category", "Travail"]).ok);
    let sync = s.sync();
    assert!(applied(&sync).contains("Up to date: 2 sent."), "{}", applied(&sync));
    assert!(!dir.join("Travail/Réunion du CA.md").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("CA mai 2027.md")).unwrap(),
        "Ordre du jour : budget, élections du conseil\n",
        "a move keeps the text"
    );
    assert!(dir.join("Travail/Plan.txt").exists(), "a .txt note stays one");
    assert!(!dir.join("Travail/Projets/Plan.txt").exists());
    assert_eq!(s.titles(), ["CA mai 2027", "Courses", "Plan"]);
    let again = s.sync();
    assert!(applied(&again).contains("Everything is up to date."), "{}", applied(&again));

    // Renamed on the server: the old name goes, the new one comes.
    std::fs::rename(dir.join("Courses.md"), dir.join("Travail/Courses de la semaine.md")).unwrap();
    s.sync();
    assert_eq!(s.titles(), ["CA mai 2027", "Courses de la semaine", "Plan"]);
}

#[test]
fn a_note_renamed_here_and_edited_there_keeps_both_changes() {
    let s = Setup::new();
    s.sync();
    let dir = s.notes_dir();
    edit_on_server(&dir.join("Courses.md"), "# Courses\n\n- [ ] lait\n- [ ] œufs (ailleurs)\n");
    assert!(s.phone.run(&["notes", "mv", &s.id_of("Courses"), "--title", "Courses du samedi"]).ok);
    s.sync();
    // One note: the new name, the server's new text; no conflict.
    assert!(!dir.join("Courses.md").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("Courses du samedi.md")).unwrap(),
        "# Courses\n\n- [ ] lait\n- [ ] œufs (ailleurs)\n"
    );
    assert_eq!(s.titles(), ["Courses du samedi", "Plan", "Réunion du CA"]);
    assert!(s.show("Courses du samedi")["text"].as_str().unwrap().contains("ailleurs"));
    assert!(s.phone.json(&["conflicts", "list"])["conflicts"].as_array().unwrap().is_empty());
}

#[test]
fn a_note_renamed_and_edited_here_while_edited_there_keeps_both_texts() {
    let s = Setup::new();
    s.sync();
    let dir = s.notes_dir();
    edit_on_server(&dir.join("Courses.md"), "# Courses\n\n- [ ] œufs (ailleurs)\n");
    assert!(s.phone.run(&["notes", "edit", &s.id_of("Courses"), "--text", "# Courses\n\n- [ ] beurre (ici)\n"]).ok);
    assert!(s.phone.run(&["notes", "mv", &s.id_of("Courses"), "--title", "Courses du samedi"]).ok);
    s.sync();
    assert!(!dir.join("Courses.md").exists());
    assert!(std::fs::read_to_string(dir.join("Courses du samedi.md")).unwrap().contains("ailleurs"));
    let conflicts = s.phone.json(&["conflicts", "list"])["conflicts"].as_array().cloned().unwrap();
    assert_eq!(conflicts.len(), 1, "the member's text is kept to choose");
}

#[test]
fn a_file_too_large_for_a_note_is_listed_with_its_size_not_downloaded() {
    let s = Setup::new();
    let big = format!("# Export\n\n{}", "ligne de journal\n".repeat(130_000));
    std::fs::write(s.notes_dir().join("Export.md"), &big).unwrap();
    s.sync();
    let note = s.show("Export");
    assert_eq!(note["text"], "", "not downloaded");
    let reason = note["unreadable"].as_str().unwrap();
    assert!(reason.contains("2.1 MB") && reason.contains("too large"), "{reason}");
    assert_eq!(note["read_only"], true);
    s.sync();
    assert_eq!(std::fs::read_to_string(s.notes_dir().join("Export.md")).unwrap(), big, "left as it is");
}

#[test]
fn a_push_of_notes_killed_midway_resumes_without_losses_or_duplicates() {
    use nubo_tests::{Fault, ProxyMode, ProxyServer};
    let server = Radicale::start_with_files();
    server.create_addressbook(USER, "contacts", "Contacts");
    let notes_dir = server.files_root().join(USER).join("Notes");
    write(&notes_dir.join("Travail/Réunion du CA.md"), "ordre du jour\n");
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();
    phone.sign_in(USER, "pw", &format!("{}/", proxy.base_url));
    assert!(phone.run(&["notes", "folder", &format!("{}/files/{USER}/Notes/", proxy.base_url)]).ok);
    phone.sync();

    const NEW: usize = 30;
    for i in 0..NEW {
        let add = phone.run(&[
            "notes",
            "add",
            "--title",
            &format!("Idée {i:02}"),
            "--category",
            "Travail",
            "--text",
            &format!("texte {i}"),
        ]);
        assert!(add.ok, "{}", add.stderr);
    }
    let id = phone.json(&["notes", "search", "ordre"])["notes"]["notes"][0]["id"].as_i64().unwrap().to_string();
    assert!(phone.run(&["notes", "mv", &id, "--title", "CA de mai", "--category", ""]).ok);
    proxy.inject(Fault::Delay { ms: 150, count: 10_000 });
    let mut child = phone.command(&["sync"]).spawn().unwrap();
    let on_disk = || {
        std::fs::read_dir(notes_dir.join("Travail"))
            .map(|d| d.filter_map(Result::ok).filter(|e| e.file_name().to_string_lossy().starts_with("Idée")).count())
            .unwrap_or(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while on_disk() < 5 {
        assert!(child.try_wait().unwrap().is_none(), "the sync finished before it could be killed");
        assert!(std::time::Instant::now() < deadline, "the push never got under way");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let sent = on_disk();
    assert!(sent < NEW, "killed mid-push after {sent}");

    proxy.clear();
    let view = phone.sync();
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    assert_eq!(view["pending_changes"], 0);
    assert!(view["conflicts"].as_array().unwrap().is_empty(), "a resumed push is not a conflict");
    assert_eq!(on_disk(), NEW, "each new note exactly once on the server");
    assert!(notes_dir.join("CA de mai.md").exists() && !notes_dir.join("Travail/Réunion du CA.md").exists());
    let titles: Vec<String> = phone.json(&["notes", "list"])["notes"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(titles.len(), NEW + 1, "nothing doubled here either: {titles:?}");
    let again = phone.sync();
    assert!(applied(&again).contains("Everything is up to date."), "{}", applied(&again));
}

#[test]
fn a_folders_notes_are_fetched_four_at_a_time() {
    use nubo_tests::{Fault, ProxyMode, ProxyServer};
    let server = Radicale::start_with_files();
    server.create_addressbook(USER, "contacts", "Contacts");
    let notes_dir = server.files_root().join(USER).join("Notes");
    for i in 0..12 {
        write(&notes_dir.join(format!("Idée {i:02}.md")), &format!("texte {i}\n"));
    }
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();
    phone.sign_in(USER, "pw", &format!("{}/", proxy.base_url));
    assert!(phone.run(&["notes", "folder", &format!("{}/files/{USER}/Notes/", proxy.base_url)]).ok);
    // Each GET held a moment, as a phone's network would.
    proxy.inject_on("GET", Fault::Delay { ms: 300, count: 100 });
    let view = phone.sync();
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    let notes = phone.json(&["notes", "list"])["notes"]["notes"].as_array().cloned().unwrap_or_default();
    assert_eq!(notes.len(), 12);
    assert_eq!(proxy.most_in_flight("GET"), 4, "four at once, no more: {:?}", proxy.log());
}

#[test]
fn a_new_category_is_made_on_the_server_and_takes_notes() {
    let s = Setup::new();
    s.sync();
    let made = s.phone.run(&["notes", "new-category", "Vacances/Été 2027"]);
    assert!(made.ok, "{}", made.stderr);
    assert!(made.stdout.contains("“Vacances/Été 2027” created"), "{}", made.stdout);
    assert!(s.notes_dir().join("Vacances/Été 2027").is_dir());
    let add = s.phone.run(&[
        "notes",
        "add",
        "--title",
        "Valise",
        "--category",
        "vacances/été 2027",
        "--text=- [ ] crème solaire",
    ]);
    assert!(add.ok, "{}", add.stderr);
    s.sync();
    assert_eq!(
        std::fs::read_to_string(s.notes_dir().join("Vacances/Été 2027/Valise.md")).unwrap(),
        "- [ ] crème solaire"
    );
    // Made again: nothing changes, nothing fails.
    assert!(s.phone.run(&["notes", "new-category", "Vacances"]).ok);
}

#[test]
fn a_note_renamed_there_and_edited_here_keeps_both_changes() {
    let s = Setup::new();
    s.sync();
    let dir = s.notes_dir();
    // Another device renames and moves the note; this one edits it meanwhile.
    std::fs::rename(dir.join("Courses.md"), dir.join("Travail/Courses du samedi.md")).unwrap();
    let edit = s.phone.run(&[
        "notes",
        "edit",
        &s.id_of("Courses"),
        "--text",
        "# Courses\n\n- [x] lait\n- [x] pain\n- [ ] beurre\n",
    ]);
    assert!(edit.ok, "{}", edit.stderr);
    s.sync();
    // One note: the new name and folder, the member's text.
    assert!(!dir.join("Courses.md").exists(), "the old name does not come back");
    assert_eq!(
        std::fs::read_to_string(dir.join("Travail/Courses du samedi.md")).unwrap(),
        "# Courses\n\n- [x] lait\n- [x] pain\n- [ ] beurre\n"
    );
    assert_eq!(s.titles(), ["Courses du samedi", "Plan", "Réunion du CA"]);
    assert!(s.phone.json(&["conflicts", "list"])["conflicts"].as_array().unwrap().is_empty());
}
