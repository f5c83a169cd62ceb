//! Ticking a task in a note: `markdown::toggle_task` changes one byte of the
//! file, and the note read back differs from before by that task only.

use shared::document::{markdown, Block, Document, Task};

/// Notes with tasks where a careless edit would go wrong: nested, in quotes,
/// numbered, CRLF, tabs, `[X]`, look-alikes in code and HTML, non-ASCII.
const NOTES: &[&str] = &[
    "- [ ] lait\n- [x] pain\n",
    "# Courses\r\n\r\n- [ ] lait\r\n- [X] œufs 🥚\r\n  - [ ] bio\r\n",
    "1. [ ] un\n2. [x] deux\n   * [ ] deux bis\n",
    "> - [ ] cité\n> - [x] aussi\n\n- [ ] dehors\n",
    "    - [ ] code indenté\n\n```\n- [ ] pas une tâche\n```\n- [ ] une tâche\n",
    "<div>\n- [ ] du HTML\n</div>\n\n* [x] vraie\n",
    "- [\t] tabulation\n-   [ ] espaces\n+ [x]\n",
    "Texte [ ] pas une liste\n\n- [] pas une tâche\n- [ ]sans espace\n- [ ] oui\n",
    "- a\n\n  - [ ] loose nested\n\n  texte\n- [x] fin",
    "* [ ] **gras** et `[ ]`\n  1. [x] [lien](https://nubo.coop) [x]\n",
];

fn tasks(doc: &Document) -> Vec<Task> {
    fn walk(blocks: &[Block], out: &mut Vec<Task>) {
        for block in blocks {
            match block {
                Block::ListItem { task: Some(task), .. } => out.push(*task),
                Block::Quote { blocks } => walk(blocks, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, &mut out);
    out
}

/// The document with task `index` ticked as `checked`.
fn with_task(mut doc: Document, index: usize, checked: bool) -> Document {
    fn walk(blocks: &mut [Block], index: usize, checked: bool) {
        for block in blocks {
            match block {
                Block::ListItem { task: Some(task), .. } if task.index == index => task.checked = checked,
                Block::Quote { blocks } => walk(blocks, index, checked),
                _ => {}
            }
        }
    }
    walk(&mut doc.blocks, index, checked);
    doc
}

fn differing_bytes(a: &str, b: &str) -> Vec<usize> {
    assert_eq!(a.len(), b.len(), "the length changed");
    a.bytes().zip(b.bytes()).enumerate().filter(|(_, (x, y))| x != y).map(|(i, _)| i).collect()
}

#[test]
fn each_task_toggles_alone_and_back() {
    let mut seen = 0;
    for note in NOTES {
        let doc = markdown::parse(note);
        let tasks = tasks(&doc);
        assert!(!tasks.is_empty(), "{note:?} has no task");
        let indexes: Vec<usize> = tasks.iter().map(|t| t.index).collect();
        assert_eq!(indexes, (0..tasks.len()).collect::<Vec<_>>(), "{note:?}: indexes not in order");
        for task in &tasks {
            let ticked = markdown::toggle_task(note, task.index).expect("an existing task");
            let changed = differing_bytes(note, &ticked);
            assert_eq!(changed.len(), 1, "{note:?} task {}: {changed:?}", task.index);
            assert_eq!(&ticked[changed[0] + 1..changed[0] + 2], "]");
            assert_eq!(ticked.as_bytes()[changed[0]], if task.checked { b' ' } else { b'x' });
            assert_eq!(
                markdown::parse(&ticked),
                with_task(doc.clone(), task.index, !task.checked),
                "{note:?}: ticking task {} changed more than it",
                task.index
            );
            let back = markdown::toggle_task(&ticked, task.index).unwrap();
            assert_eq!(markdown::parse(&back), doc);
            if note.as_bytes()[changed[0]] != b'X' && note.as_bytes()[changed[0]] != b'\t' {
                assert_eq!(&back, note, "toggling twice is not the note again");
            }
            seen += 1;
        }
        assert_eq!(markdown::toggle_task(note, tasks.len()), None);
    }
    assert!(seen >= 20, "only {seen} tasks");
}

#[test]
fn look_alikes_are_not_tasks() {
    let note = NOTES[4];
    assert_eq!(tasks(&markdown::parse(note)).len(), 1);
    assert_eq!(
        markdown::toggle_task(note, 0).as_deref(),
        Some("    - [ ] code indenté\n\n```\n- [ ] pas une tâche\n```\n- [x] une tâche\n")
    );
    let note = NOTES[7];
    assert_eq!(markdown::toggle_task(note, 0).as_deref(), Some(note.replace("- [ ] oui", "- [x] oui").as_str()));
}
