import SwiftUI

/// One note, drawn from the core's document: tasks to tick, links that open
/// only once the member said yes. A note that cannot be read as text shows
/// why instead, and cannot be edited here.
struct NoteDetailView: View {
    @EnvironmentObject var core: CoreBridge
    let note: NoteView
    @State private var editing = false
    @State private var moving = false
    @State private var confirmDelete = false
    /// A link the member tapped, waiting for a yes.
    @State private var link: URL?
    /// Said when no app takes the link.
    @State private var noApp = false
    @Environment(\.openURL) private var openURL

    private var category: CategoryView? { core.view.notes.categories.first { $0.name == note.category } }
    /// A note that is not text can still be renamed, moved or deleted, unless its folder is read-only.
    private var folderWritable: Bool { category.map { !$0.readOnly } ?? false }
    private var editable: Bool { !note.readOnly && note.unreadable == nil }

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 12) {
                ForEach(core.view.conflicts.filter { $0.contactId == note.id }) { ConflictBanner(conflict: $0) }
                // The title in full: a navigation bar cuts a long one.
                Text(note.title).font(.title2.weight(.semibold)).accessibilityAddTraits(.isHeader)
                Text(verbatim: [note.category, note.modified].filter { !$0.isEmpty }.joined(separator: " · "))
                    .font(.subheadline).foregroundStyle(.secondary)
                if note.pending {
                    Label("pending", systemImage: "icloud.and.arrow.up").font(.footnote).foregroundStyle(.secondary)
                }
                if note.readOnly && note.unreadable == nil {
                    Label("read_only_note", systemImage: "lock").font(.footnote).foregroundStyle(.secondary)
                }
                if let error = core.view.error {
                    Label { Text(error) } icon: { Image(systemName: "exclamationmark.triangle") }.foregroundStyle(.red)
                }
                if let reason = note.unreadable {
                    Text(reason)
                        .padding()
                        .frame(maxWidth: .infinity, alignment: .leading)
                        .background(Color.secondary.opacity(0.12), in: RoundedRectangle(cornerRadius: 12))
                } else {
                    NoteDocumentView(blocks: blocksWithoutTitle(note.document, title: note.title), readOnly: note.readOnly) { task in
                        core.send(.toggleNoteTask(id: note.id, task: task.index))
                    }
                    // A link's tap only asks; the answer opens it (below).
                    .environment(\.openURL, OpenURLAction { url in
                        link = url
                        return .handled
                    })
                }
            }
            .padding()
        }
        .navigationTitle(note.title)
        .navigationBarTitleDisplayMode(.inline)
        .toolbar {
            if editable {
                ToolbarItem(placement: .primaryAction) { Button("edit") { editing = true; core.send(.moveOn) } }
            }
            if folderWritable {
                ToolbarItem(placement: .secondaryAction) {
                    Button { moving = true } label: { Label("rename_or_move", systemImage: "folder") }
                }
                ToolbarItem(placement: .bottomBar) {
                    Button(role: .destructive) { confirmDelete = true } label: { Label("delete_note", systemImage: "trash") }
                }
            }
        }
        .confirmationDialog(Text("delete_note_question \(note.title)"), isPresented: $confirmDelete, titleVisibility: .visible) {
            Button("delete_note", role: .destructive) { core.send(.deleteNote(id: note.id)) }
            Button("keep_note", role: .cancel) {}
        } message: {
            Text("delete_note_detail")
        }
        .alert("open_link_question", isPresented: Binding(get: { link != nil }, set: { if !$0 { link = nil } }), presenting: link) { url in
            // Not Link: its failure is silent. The member is told instead.
            Button("open_link") { openURL(url) { accepted in if !accepted { noApp = true } } }
            Button("stay_here", role: .cancel) {}
        } message: { url in
            // The address in full: what opens is what the member reads.
            Text(verbatim: url.absoluteString)
        }
        .alert("no_app_to_open_link", isPresented: $noApp) { Button("ok") {} }
        .sheet(isPresented: $editing) {
            NoteEditView(noteId: note.id, title: note.title, text: note.text, categories: core.view.notes.categories)
        }
        .sheet(isPresented: $moving) {
            NoteMoveView(note: note, current: category, categories: core.view.notes.categories.filter { !$0.readOnly })
        }
    }
}

/// A note's text to edit, or a new note (`noteId` nil: a title and a
/// category among those the member may write to). The sheet stays open
/// until the core shows the note saved with this text: a refused save says
/// why above the text and keeps everything typed; leaving with changes asks.
struct NoteEditView: View {
    @EnvironmentObject var core: CoreBridge
    @Environment(\.dismiss) private var dismiss
    let noteId: Int64?
    let originalTitle: String
    let originalText: String
    let categories: [CategoryView]
    @State private var title: String
    @State private var category: String
    @State private var text: String
    /// The text of a save sent and not yet seen saved.
    @State private var sent: String?
    @State private var confirmDiscard = false

    init(noteId: Int64?, title: String, text: String, categories: [CategoryView]) {
        let writable = categories.filter { !$0.readOnly }
        self.noteId = noteId
        self.originalTitle = title
        self.originalText = text
        self.categories = writable
        _title = State(initialValue: title)
        _text = State(initialValue: text)
        _category = State(initialValue: writable.first?.path ?? "")
    }

    private var trimmedTitle: String { title.trimmingCharacters(in: .whitespacesAndNewlines) }
    private var changed: Bool { text != originalText || (noteId == nil && !trimmedTitle.isEmpty) }
    private var canSave: Bool {
        noteId != nil || !trimmedTitle.isEmpty || !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    var body: some View {
        NavigationStack {
            Form {
                if sent != nil, let error = core.view.error {
                    Section {
                        Label { Text(error) } icon: { Image(systemName: "exclamationmark.triangle") }.foregroundStyle(.red)
                    }
                }
                if noteId == nil {
                    Section {
                        TextField("note_title", text: $title)
                        if categories.count > 1 {
                            Picker("category", selection: $category) {
                                ForEach(categories) { Text($0.name).tag($0.path) }
                            }
                        }
                    }
                } else {
                    Section { Text(originalTitle).font(.headline).accessibilityAddTraits(.isHeader) }
                }
                Section("note_text") {
                    TextEditor(text: $text)
                        .frame(minHeight: 240)
                        .accessibilityLabel(Text("note_text"))
                }
            }
            .navigationTitle(LocalizedStringKey(noteId == nil ? "new_note" : "edit_note"))
            .navigationBarTitleDisplayMode(.inline)
            // A swipe down would drop what was typed: the buttons ask first.
            .interactiveDismissDisabled(changed)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("cancel") { if changed { confirmDiscard = true } else { dismiss() } }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button("save", action: save).disabled(!canSave)
                }
            }
            .confirmationDialog("discard_question", isPresented: $confirmDiscard, titleVisibility: .visible) {
                Button("discard_changes", role: .destructive) { dismiss() }
                Button("keep_editing", role: .cancel) {}
            }
            .onChange(of: core.view.note) { _ in closeIfSaved() }
            .onChange(of: core.view.error) { _ in closeIfSaved() }
        }
    }

    private func save() {
        // Nothing changed in a note's text: nothing to send.
        if noteId != nil && text == originalText {
            dismiss()
            return
        }
        sent = text
        if let noteId {
            // An edit keeps its file: the core takes the title and category from the note.
            core.send(.saveNote(id: noteId, category: nil, title: originalTitle, text: text))
        } else {
            core.send(.saveNote(id: nil, category: category, title: trimmedTitle, text: text))
        }
    }

    /// Closes once the core shows the note with the text sent, and no error.
    private func closeIfSaved() {
        guard let sent, core.view.error == nil, let note = core.view.note, note.text == sent else { return }
        if let noteId, note.id != noteId { return }
        dismiss()
    }
}

/// A new name, another category, or both (moveNote sends only what changed);
/// the confirming button says which.
private struct NoteMoveView: View {
    @EnvironmentObject var core: CoreBridge
    @Environment(\.dismiss) private var dismiss
    let note: NoteView
    let current: CategoryView?
    let categories: [CategoryView]
    @State private var title: String
    @State private var path: String?

    init(note: NoteView, current: CategoryView?, categories: [CategoryView]) {
        self.note = note
        self.current = current
        self.categories = categories
        _title = State(initialValue: note.title)
        _path = State(initialValue: current?.path)
    }

    private var trimmed: String { title.trimmingCharacters(in: .whitespacesAndNewlines) }
    private var renamed: Bool { !trimmed.isEmpty && trimmed != note.title }
    private var moved: Bool { path != nil && path != current?.path }
    private var confirm: LocalizedStringKey {
        LocalizedStringKey(renamed && moved ? "rename_and_move" : moved ? "move_note" : "rename_note")
    }

    var body: some View {
        NavigationStack {
            Form {
                TextField("note_title", text: $title)
                if categories.count > 1 {
                    Picker("category", selection: $path) {
                        ForEach(categories) { Text($0.name).tag(String?.some($0.path)) }
                    }
                }
            }
            .navigationTitle("rename_or_move")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button(confirm) {
                        core.send(.moveNote(id: note.id, title: renamed ? trimmed : nil, category: moved ? path : nil))
                        dismiss()
                    }
                    .disabled(!renamed && !moved)
                }
            }
        }
    }
}
