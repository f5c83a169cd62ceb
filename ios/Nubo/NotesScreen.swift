import SwiftUI

/// The notes: search (offline, in the core), a category to filter by, the
/// list newest first as the core sorts it. A note changed in two places is
/// marked in its row; the choice is made on the note. Without a known
/// Notes folder the screen says so and asks for one; naming it syncs.
struct NotesScreen: View {
    @EnvironmentObject var core: CoreBridge
    // Local so typing never waits for the core; each change is still a SearchNotes.
    @State private var query = ""
    /// A category's name (what a row carries); nil: every category.
    @State private var category: String?
    @State private var creating = false
    @State private var changingFolder = false

    private var notes: NotesView { core.view.notes }
    private var canCreate: Bool { notes.folderKnown && notes.categories.contains { !$0.readOnly } }
    private var shownCategory: String? {
        guard let category, notes.categories.contains(where: { $0.name == category }) else { return nil }
        return category
    }
    private var rows: [NoteRow] { notes.notes.filter { shownCategory == nil || $0.category == shownCategory } }

    var body: some View {
        NavigationStack {
            List {
                Section {
                    SyncStatusView(sync: core.view.sync, pendingChanges: core.view.pendingChanges)
                    if let error = core.view.error {
                        Label { Text(error) } icon: { Image(systemName: "exclamationmark.triangle") }
                            .foregroundStyle(.red)
                    }
                }
                if !notes.folderKnown {
                    Section { NotesFolderForm(explain: true, onUse: useFolder) }
                } else {
                    if notes.categories.count > 1 {
                        Section {
                            Picker("category", selection: $category) {
                                Text("all_categories").tag(String?.none)
                                ForEach(notes.categories) { Text($0.name).tag(String?.some($0.name)) }
                            }
                            .pickerStyle(.menu)
                        }
                    }
                    Section {
                        if rows.isEmpty && !core.view.sync.running {
                            Text(LocalizedStringKey(notes.query.isEmpty ? "no_notes" : "no_notes_found")).foregroundStyle(.secondary)
                        }
                        ForEach(rows) { row in
                            Button { core.send(.openNote(id: row.id)) } label: { NoteRowView(row: row) }
                                .foregroundStyle(.primary)
                        }
                    }
                }
            }
            .searchable(text: $query, prompt: Text("search_notes"))
            .onChange(of: query) { core.send(.searchNotes(query: $0)) }
            .refreshable { core.send(.sync) }
            .navigationTitle("notes")
            .toolbar {
                ToolbarItem(placement: .primaryAction) {
                    Button { core.send(.sync) } label: { Label("sync_now", systemImage: "arrow.triangle.2.circlepath") }
                        .disabled(core.view.sync.running)
                }
                ToolbarItem(placement: .bottomBar) {
                    if canCreate {
                        Button { creating = true; core.send(.moveOn) } label: { Label("new_note", systemImage: "square.and.pencil") }
                    }
                }
                ToolbarItem(placement: .secondaryAction) {
                    if notes.folderKnown {
                        Button { changingFolder = true } label: { Label("change_notes_folder", systemImage: "folder") }
                    }
                }
            }
            .navigationDestination(isPresented: Binding(
                get: { core.view.note != nil },
                set: { if !$0 { core.send(.closeNote) } }
            )) {
                if let note = core.view.note { NoteDetailView(note: note) }
            }
            .sheet(isPresented: $creating) {
                NoteEditView(noteId: nil, title: "", text: "", categories: notes.categories)
            }
            .sheet(isPresented: $changingFolder) {
                NavigationStack {
                    Form { NotesFolderForm(explain: false) { url in useFolder(url); changingFolder = false } }
                        .navigationTitle("change_notes_folder")
                        .navigationBarTitleDisplayMode(.inline)
                        .toolbar {
                            ToolbarItem(placement: .cancellationAction) { Button("cancel") { changingFolder = false } }
                        }
                }
            }
        }
    }

    /// The core takes events in order: the sync lists the folder just named.
    /// One refused (on another server) stays said: a sync clears no refusal.
    private func useFolder(_ url: String) {
        core.send(.setNotesFolder(url: url.trimmingCharacters(in: .whitespacesAndNewlines)))
        core.send(.sync)
    }
}

/// Where the notes are: the sentence, the address field, and the button that takes it.
private struct NotesFolderForm: View {
    let explain: Bool
    let onUse: (String) -> Void
    @State private var url = ""

    private var typed: String { url.trimmingCharacters(in: .whitespacesAndNewlines) }

    var body: some View {
        if explain { Text("notes_folder_unknown") }
        VStack(alignment: .leading, spacing: 4) {
            TextField("notes_folder", text: $url)
                .keyboardType(.URL)
                .textContentType(.URL)
                .textInputAutocapitalization(.never)
                .autocorrectionDisabled()
                .onSubmit { if !typed.isEmpty { onUse(typed) } }
            // An example, always shown: a prompt disappears with the first letter.
            Text("notes_folder_hint").font(.caption).foregroundStyle(.secondary)
        }
        Button("use_this_folder") { onUse(typed) }
            .disabled(typed.isEmpty)
    }
}

private struct NoteRowView: View {
    let row: NoteRow

    /// One paragraph, without a first line that only repeats the title (a "# Title" line).
    private var preview: String {
        var lines = row.preview.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.first == row.title.trimmingCharacters(in: .whitespaces) { lines.removeFirst() }
        return lines.filter { !$0.isEmpty }.joined(separator: " ")
    }

    var body: some View {
        VStack(alignment: .leading, spacing: 3) {
            Text(verbatim: "\(row.category) · \(row.modified)")
                .font(.caption).foregroundStyle(.secondary).lineLimit(1)
            Text(row.title).font(.headline).lineLimit(1)
            if !preview.isEmpty {
                Text(preview).font(.subheadline).foregroundStyle(.secondary).lineLimit(2)
            }
            if row.conflict {
                Label("conflict", systemImage: "exclamationmark.triangle.fill").font(.caption).foregroundStyle(.orange)
            }
            if row.pending {
                Label("pending", systemImage: "icloud.and.arrow.up").font(.caption).foregroundStyle(.secondary)
            }
        }
        .frame(minHeight: 44, alignment: .leading)
        .contentShape(Rectangle())
        .accessibilityElement(children: .combine)
        .accessibilityHint(Text("open_note"))
    }
}
