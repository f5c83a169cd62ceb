import SwiftUI

struct RootView: View {
    @EnvironmentObject var core: CoreBridge

    var body: some View {
        if !core.view.signedIn {
            SignInView()
        } else {
            NavigationStack { ContactsView() }
        }
    }
}

struct SignInView: View {
    @EnvironmentObject var core: CoreBridge
    @State private var email = ""
    @State private var password = ""
    @State private var server = ""

    var body: some View {
        Form {
            TextField("email", text: $email).textContentType(.emailAddress).keyboardType(.emailAddress).textInputAutocapitalization(.never)
            SecureField("password", text: $password).textContentType(.password)
            TextField("server_optional", text: $server).keyboardType(.URL).textInputAutocapitalization(.never)
            if let error = core.view.signInError { Text(error).foregroundStyle(.red) }
            Button("sign_in") {
                core.send(.signIn(email: email, password: password, serverUrl: server.isEmpty ? nil : server))
            }
            .disabled(core.view.signingIn || !email.contains("@") || password.isEmpty)
            if core.view.signingIn { ProgressView() }
        }
    }
}

struct ContactsView: View {
    @EnvironmentObject var core: CoreBridge

    var body: some View {
        List {
            Section {
                if core.view.sync.running {
                    if let p = core.view.sync.progress { ProgressView(value: p) } else { ProgressView() }
                }
                Text(core.view.sync.status).font(.footnote).accessibilityLabel(core.view.sync.status)
                if let error = core.view.error { Text(error).foregroundStyle(.red) }
            }
            ForEach(core.view.conflicts) { conflict in
                VStack(alignment: .leading) {
                    Text(conflict.message)
                    HStack {
                        Button("keep_mine") { core.send(.resolveConflict(conflict.id, .keepMine)) }
                        Button("keep_server") { core.send(.resolveConflict(conflict.id, .keepServer)) }
                        Button("keep_both") { core.send(.resolveConflict(conflict.id, .keepBoth)) }
                    }.buttonStyle(.bordered)
                }
            }
            ForEach(core.view.contacts) { row in
                Button { core.send(.openContact(row.id)) } label: {
                    VStack(alignment: .leading) {
                        Text(row.name).font(.headline)
                        if !row.detail.isEmpty { Text(row.detail).font(.subheadline) }
                        if row.pending { Text("pending").font(.caption2) }
                    }
                }
            }
        }
        .searchable(text: Binding(get: { core.view.query }, set: { core.send(.search($0)) }))
        .refreshable { core.send(.sync) }
        .navigationTitle("contacts")
        .sheet(isPresented: Binding(get: { core.view.selected != nil }, set: { if !$0 { core.send(.closeContact) } })) {
            if let contact = core.view.selected { ContactEditView(contact: contact) }
        }
    }
}

struct ContactEditView: View {
    @EnvironmentObject var core: CoreBridge
    let contact: ContactView
    @State private var fields: ContactFields

    init(contact: ContactView) {
        self.contact = contact
        _fields = State(initialValue: contact.fields)
    }

    var body: some View {
        Form {
            TextField("full_name", text: $fields.fullName)
            ForEach($fields.phones, id: \.self) { $phone in TextField("phone", text: $phone.value).keyboardType(.phonePad) }
            ForEach($fields.emails, id: \.self) { $mail in TextField("email", text: $mail.value).keyboardType(.emailAddress) }
            TextField("organisation", text: $fields.org)
            TextField("note", text: $fields.note, axis: .vertical)
            ForEach(fields.addresses, id: \.self) { Text($0.value) }
            if !contact.readOnly {
                Button("save") { core.send(.saveContact(id: contact.id, fields: fields)) }
                Button("delete", role: .destructive) { core.send(.deleteContact(contact.id)) }
            }
        }
        .disabled(contact.readOnly)
    }
}
