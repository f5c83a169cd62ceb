import SwiftUI
import UIKit

/// The contact list: search, sync status, conflicts to resolve.
struct ContactsView: View {
    @EnvironmentObject var core: CoreBridge
    // Local so typing never waits for the core; each change is still a Search.
    @State private var query = ""
    @State private var creating = false
    @State private var confirmSignOut = false
    @State private var choosingBackgroundSync = false

    private var canCreate: Bool { core.view.addressBooks.contains { !$0.readOnly } }

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
                if !core.view.conflicts.isEmpty {
                    Section {
                        // Notes' conflicts are shown on their note.
                        ForEach(core.view.conflicts.filter { $0.kind != "note" }) { ConflictBanner(conflict: $0) }
                    }
                }
                Section {
                    if core.view.contacts.isEmpty && !core.view.sync.running {
                        Text("no_contacts").foregroundStyle(.secondary)
                    }
                    // A broad search lists its first matches and says, above them, how many more it found.
                    if let more = core.view.contactsMore {
                        Text(verbatim: more).foregroundStyle(.secondary)
                    }
                    ForEach(core.view.contacts) { row in
                        Button { core.send(.openContact(id: row.id)) } label: { ContactRowView(row: row) }
                            .foregroundStyle(.primary)
                    }
                    // The core lists a page at a time: this row, appearing, asks for the next.
                    if let coming = core.view.contactsComing {
                        Text(verbatim: coming).foregroundStyle(.secondary)
                            .onAppear { core.send(.showMoreContacts(through: nil)) }
                    }
                }
            }
            .searchable(text: $query, prompt: Text("search"))
            .onChange(of: query) { core.send(.search(query: $0)) }
            .refreshable { core.send(.sync) }
            .navigationTitle("contacts")
            .toolbar {
                ToolbarItem(placement: .primaryAction) {
                    Button { core.send(.sync) } label: { Label("sync_now", systemImage: "arrow.triangle.2.circlepath") }
                        .disabled(core.view.sync.running)
                }
                ToolbarItem(placement: .bottomBar) {
                    if canCreate {
                        Button { creating = true; core.send(.moveOn) } label: { Label("new_contact", systemImage: "person.badge.plus") }
                    }
                }
                ToolbarItem(placement: .secondaryAction) {
                    Button { choosingBackgroundSync = true } label: { Label("background_sync", systemImage: "clock.arrow.2.circlepath") }
                }
                ToolbarItem(placement: .secondaryAction) {
                    Button(role: .destructive) { confirmSignOut = true } label: { Label("sign_out", systemImage: "rectangle.portrait.and.arrow.right") }
                }
            }
            .confirmationDialog("sign_out_confirm", isPresented: $confirmSignOut, titleVisibility: .visible) {
                Button("sign_out", role: .destructive) { core.send(.signOut) }
                Button("cancel", role: .cancel) {}
            }
            .navigationDestination(isPresented: Binding(
                get: { core.view.selected != nil },
                set: { if !$0 { core.send(.closeContact) } }
            )) {
                if let contact = core.view.selected { ContactDetailView(contact: contact) }
            }
            .sheet(isPresented: $choosingBackgroundSync) { BackgroundSyncView() }
            .sheet(isPresented: $creating) {
                ContactEditView(contactId: nil, initial: ContactFields()) { fields in
                    core.send(.saveContact(id: nil, fields: fields))
                }
            }
            .overlay(alignment: .bottom) { NoticeBanner(notice: core.view.notice) }
        }
    }
}

private struct ContactRowView: View {
    let row: ContactRow

    var body: some View {
        HStack {
            VStack(alignment: .leading, spacing: 2) {
                Text(row.name).font(.headline)
                if !row.detail.isEmpty { Text(row.detail).font(.subheadline).foregroundStyle(.secondary) }
            }
            Spacer()
            if row.conflict {
                Image(systemName: "exclamationmark.triangle.fill").foregroundStyle(.orange)
                    .accessibilityLabel(Text("conflict"))
            }
            if row.pending {
                Image(systemName: "icloud.and.arrow.up").foregroundStyle(.secondary)
                    .accessibilityLabel(Text("pending"))
            }
        }
        .frame(minHeight: 44)
        .contentShape(Rectangle())
        .accessibilityElement(children: .combine)
        .accessibilityHint(Text("open_contact"))
    }
}

/// The core's sentence about the last or running sync, with its progress.
struct SyncStatusView: View {
    let sync: SyncView
    let pendingChanges: Int

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            if sync.running {
                if let progress = sync.progress { ProgressView(value: progress) } else { ProgressView().frame(maxWidth: .infinity, alignment: .leading) }
            }
            Text(sync.status)
                .font(.footnote)
                .foregroundStyle(sync.failed ? Color.red : Color.secondary)
            if pendingChanges > 0 {
                Text("pending_changes \(pendingChanges)").font(.caption)
            }
        }
        .accessibilityElement(children: .combine)
        .onChange(of: sync.status) { status in
            // Said aloud once the sync has ended (or failed), like a live
            // region; not at every step of "fetching 12/400".
            if !sync.running { UIAccessibility.post(notification: .announcement, argument: status) }
        }
    }
}

/// The core's one-line notice ("Contact saved…"), shown for a few seconds,
/// and no longer than the view model has it (the core ends a notice when the
/// member moves on).
private struct NoticeBanner: View {
    let notice: String?
    @State private var shown: String?

    var body: some View {
        Group {
            if let shown {
                Text(shown)
                    .font(.callout)
                    .padding(.horizontal, 16).padding(.vertical, 12)
                    .background(.thinMaterial, in: Capsule())
                    .padding(.bottom, 24)
                    .transition(.move(edge: .bottom).combined(with: .opacity))
                    .accessibilityAddTraits(.isStaticText)
            }
        }
        .animation(.default, value: shown)
        .task(id: notice) {
            guard let notice else { shown = nil; return }
            shown = notice
            UIAccessibility.post(notification: .announcement, argument: notice)
            try? await Task.sleep(nanoseconds: 4_000_000_000)
            if shown == notice { shown = nil }
        }
    }
}
