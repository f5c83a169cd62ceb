import SwiftUI
import UIKit

/// One contact as stored; tapping a phone or address calls or writes.
struct ContactDetailView: View {
    @EnvironmentObject var core: CoreBridge
    let contact: ContactView
    @State private var editing = false
    @State private var confirmDelete = false
    /// Said when no app takes a tel: or mailto: (an iPad has no phone).
    @State private var noApp: LocalizedStringKey?
    @Environment(\.openURL) private var openURL

    private var fields: ContactFields { contact.fields }

    /// The core's `data:…;base64,` picture (a JPEG, PNG, GIF or WebP it checked), decoded.
    private var photo: UIImage? {
        guard let uri = contact.photo, uri.hasPrefix("data:"), let comma = uri.range(of: ";base64,") else { return nil }
        return Data(base64Encoded: String(uri[comma.upperBound...])).flatMap(UIImage.init(data:))
    }

    var body: some View {
        List {
            ForEach(core.view.conflicts.filter { $0.contactId == contact.id }) { ConflictBanner(conflict: $0) }
            if let picture = photo {
                // The name in the navigation bar says who: the picture needs no words.
                Image(uiImage: picture)
                    .resizable()
                    .scaledToFill()
                    .frame(width: 96, height: 96)
                    .clipShape(Circle())
                    .frame(maxWidth: .infinity)
                    .listRowBackground(Color.clear)
                    .accessibilityHidden(true)
            }
            if contact.readOnly || contact.pending {
                Section {
                    if contact.readOnly { Label("read_only", systemImage: "lock") }
                    if contact.pending { Label("pending", systemImage: "icloud.and.arrow.up") }
                }
                .font(.footnote)
                .foregroundStyle(.secondary)
            }
            if !fields.phones.isEmpty {
                Section("phone") {
                    ForEach(fields.phones, id: \.self) { phone in
                        link(phone, url: URL(string: "tel:" + phone.value.filter { $0 == "+" || $0.isNumber }), otherwise: "no_app_to_call")
                    }
                }
            }
            if !fields.emails.isEmpty {
                Section("email_field") {
                    ForEach(fields.emails, id: \.self) { mail in
                        link(mail, url: URL(string: "mailto:" + mail.value.trimmingCharacters(in: .whitespaces)), otherwise: "no_app_to_write")
                    }
                }
            }
            if !fields.org.isEmpty || !fields.title.isEmpty {
                Section("organisation") {
                    if !fields.org.isEmpty { Text(fields.org) }
                    if !fields.title.isEmpty { Text(fields.title).foregroundStyle(.secondary) }
                }
            }
            if !fields.addresses.isEmpty {
                Section("address") { ForEach(fields.addresses, id: \.self) { labeled($0) } }
            }
            if !fields.birthday.isEmpty { Section("birthday") { Text(fields.birthday) } }
            if !fields.note.isEmpty { Section("note") { Text(fields.note) } }
        }
        .navigationTitle(fields.fullName)
        .toolbar {
            if !contact.readOnly {
                ToolbarItem(placement: .primaryAction) { Button("edit") { editing = true; core.send(.moveOn) } }
                ToolbarItem(placement: .bottomBar) {
                    Button(role: .destructive) { confirmDelete = true } label: { Label("delete", systemImage: "trash") }
                }
            }
        }
        .confirmationDialog("delete_confirm", isPresented: $confirmDelete, titleVisibility: .visible) {
            Button("delete", role: .destructive) { core.send(.deleteContact(id: contact.id)) }
        }
        .alert(
            noApp ?? "",
            isPresented: Binding(get: { noApp != nil }, set: { if !$0 { noApp = nil } }),
            actions: { Button("ok") { noApp = nil } }
        )
        .sheet(isPresented: $editing) {
            ContactEditView(contactId: contact.id, initial: fields) { edited in
                core.send(.saveContact(id: contact.id, fields: edited))
            }
        }
    }

    @ViewBuilder
    private func link(_ value: Labeled, url: URL?, otherwise: LocalizedStringKey) -> some View {
        if let url {
            // Not Link: its failure is silent. The member is told instead.
            Button {
                openURL(url) { accepted in if !accepted { noApp = otherwise } }
            } label: {
                labeled(value)
            }
        } else {
            labeled(value)
        }
    }

    private func labeled(_ value: Labeled) -> some View {
        VStack(alignment: .leading, spacing: 2) {
            if !value.label.isEmpty { Text(value.label).font(.caption).foregroundStyle(.secondary) }
            Text(value.value)
        }
        .frame(minHeight: 44, alignment: .leading)
        .accessibilityElement(children: .combine)
    }
}

/// Creates (`contactId` nil) or edits a contact. Only the fields shown are
/// sent; the core writes them into the stored vCard and keeps the rest.
struct ContactEditView: View {
    let contactId: Int64?
    let onSave: (ContactFields) -> Void
    @State private var fields: ContactFields
    @Environment(\.dismiss) private var dismiss

    init(contactId: Int64?, initial: ContactFields, onSave: @escaping (ContactFields) -> Void) {
        self.contactId = contactId
        self.onSave = onSave
        _fields = State(initialValue: initial)
    }

    private var displayName: String {
        let full = fields.fullName.trimmingCharacters(in: .whitespaces)
        return full.isEmpty ? [fields.givenName, fields.familyName].filter { !$0.isEmpty }.joined(separator: " ") : full
    }

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    TextField("full_name", text: $fields.fullName).textContentType(.name)
                    TextField("given_name", text: $fields.givenName).textContentType(.givenName)
                    TextField("family_name", text: $fields.familyName).textContentType(.familyName)
                }
                LabeledList(title: "phone", add: "add_phone", items: $fields.phones, newLabel: "cell", keyboard: .phonePad)
                LabeledList(title: "email_field", add: "add_email", items: $fields.emails, newLabel: "", keyboard: .emailAddress)
                Section {
                    TextField("organisation", text: $fields.org).textContentType(.organizationName)
                    TextField("job_title", text: $fields.title).textContentType(.jobTitle)
                    TextField("birthday", text: $fields.birthday, prompt: Text(verbatim: "1984-05-21"))
                }
                Section("note") { TextField("note", text: $fields.note, axis: .vertical).lineLimit(3...10) }
                if !fields.addresses.isEmpty {
                    // Read-only in the app; the core keeps them as they are.
                    Section("address") { ForEach(fields.addresses, id: \.self) { Text($0.value) } }
                }
            }
            .navigationTitle(LocalizedStringKey(contactId == nil ? "new_contact" : "edit_contact"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("save") {
                        var out = fields
                        out.fullName = displayName
                        out.phones = fields.phones.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
                        out.emails = fields.emails.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
                        onSave(out)
                        dismiss()
                    }
                    .disabled(displayName.isEmpty && fields.org.isEmpty)
                }
            }
        }
    }
}

/// Phones or e-mail addresses: edit, swipe to remove, add. Labels are kept.
private struct LabeledList: View {
    let title: LocalizedStringKey
    let add: LocalizedStringKey
    @Binding var items: [Labeled]
    let newLabel: String
    let keyboard: UIKeyboardType

    var body: some View {
        Section(title) {
            // Not `$items[index]`: after a swipe-delete SwiftUI may still
            // read the removed row's binding once, and an index past the end
            // traps. The binding checks its index; a removed row reads empty.
            ForEach(Array(items.enumerated()), id: \.offset) { index, item in
                TextField(title, text: value(at: index), prompt: item.label.isEmpty ? nil : Text(verbatim: item.label))
                    .keyboardType(keyboard)
                    .textInputAutocapitalization(.never)
            }
            .onDelete { offsets in items.remove(atOffsets: offsets) }
            Button { items.append(Labeled(label: newLabel, value: "")) } label: { Label(add, systemImage: "plus.circle") }
        }
    }

    private func value(at index: Int) -> Binding<String> {
        Binding(
            get: { items.indices.contains(index) ? items[index].value : "" },
            set: { if items.indices.contains(index) { items[index].value = $0 } }
        )
    }
}
