import SwiftUI
import UIKit

struct SignInView: View {
    @EnvironmentObject var core: CoreBridge
    @State private var email = ""
    @State private var password = ""
    @State private var server = ""
    @State private var username = ""
    @FocusState private var focus: Field?

    private enum Field { case email, password, server, username }

    private var canSubmit: Bool { !core.view.signingIn && email.contains("@") && !password.isEmpty }

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    TextField("email", text: $email)
                        .textContentType(.username)
                        .keyboardType(.emailAddress)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                        .focused($focus, equals: .email)
                        .submitLabel(.next)
                        .onSubmit { focus = .password }
                    SecureField("password", text: $password)
                        .textContentType(.password)
                        .focused($focus, equals: .password)
                        .submitLabel(.next)
                        .onSubmit { focus = .server }
                } footer: {
                    Text("password_hint")
                }
                Section {
                    TextField("server_optional", text: $server)
                        .textContentType(.URL)
                        .keyboardType(.URL)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                        .focused($focus, equals: .server)
                        .submitLabel(.go)
                        .onSubmit(submit)
                } footer: {
                    Text("server_hint")
                }
                Section {
                    TextField("user_name_optional", text: $username)
                        .textContentType(.username)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                        .focused($focus, equals: .username)
                        .submitLabel(.go)
                        .onSubmit(submit)
                } footer: {
                    Text("user_name_hint")
                }
                if let error = core.view.signInError {
                    Section {
                        Label { Text(error) } icon: { Image(systemName: "exclamationmark.triangle") }
                            .foregroundStyle(.red)
                        // The technical words (English) the sentence leaves out, for a helper.
                        if let detail = core.view.errorDetail {
                            Text("error_detail \(detail)").font(.footnote).foregroundStyle(.secondary)
                        }
                        if let host = core.view.hostToAccept {
                            // Only after the member read which server it is (named above).
                            Button("trust_host_and_sign_in \(host)") { submit(acceptHost: host) }
                                .disabled(!canSubmit)
                        }
                    }
                }
                Section {
                    Button(action: submit) {
                        HStack {
                            Text("sign_in")
                            if core.view.signingIn {
                                Spacer()
                                ProgressView()
                            }
                        }
                        .frame(maxWidth: .infinity, minHeight: 44)
                    }
                    .disabled(!canSubmit)
                }
            }
            .navigationTitle("sign_in_title")
            .onAppear { focus = .email }
            .onChange(of: core.view.signInError) { error in
                if let error { UIAccessibility.post(notification: .announcement, argument: error) }
            }
        }
    }

    private func submit() { submit(acceptHost: nil) }

    private func submit(acceptHost: String?) {
        guard canSubmit else { return }
        let url = server.trimmingCharacters(in: .whitespaces)
        let name = username.trimmingCharacters(in: .whitespaces)
        core.send(.signIn(email: email.trimmingCharacters(in: .whitespaces), password: password, serverUrl: url.isEmpty ? nil : url,
                          acceptHost: acceptHost, username: name.isEmpty ? nil : name))
    }
}
