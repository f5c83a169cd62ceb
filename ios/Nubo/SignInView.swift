import SafariServices
import SwiftUI
import UIKit

struct SignInView: View {
    @EnvironmentObject var core: CoreBridge
    @State private var email = ""
    @State private var password = ""
    @State private var server = ""
    @State private var username = ""
    @FocusState private var focus: Field?
    /// The server's sign-in page, open in a browser tab over the app.
    @State private var showingServerPage = false

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
                if core.view.signInPage != nil {
                    // Waiting for the member's approval on their server's page.
                    Section {
                        Text("allow_on_server_page_detail")
                        Button("open_server_page") { showingServerPage = true }
                            .frame(minHeight: 44)
                        Button("stop_waiting", role: .cancel) { core.send(.cancelBrowserSignIn) }
                            .frame(minHeight: 44)
                    } header: {
                        Text("allow_on_server_page")
                    }
                } else {
                    Section {
                        Button("sign_in_on_server_page") {
                            let url = server.trimmingCharacters(in: .whitespaces)
                            core.send(.signInWithBrowser(email: email.trimmingCharacters(in: .whitespaces),
                                                         serverUrl: url.isEmpty ? nil : url, acceptHost: nil))
                        }
                        .frame(minHeight: 44)
                        .disabled(core.view.signingIn || !email.contains("@"))
                    } footer: {
                        Text("or_on_server_page")
                    }
                }
            }
            .navigationTitle("sign_in_title")
            // The page opens as soon as the server gives it, and closes once
            // the core signed in (or the member stopped waiting).
            .onChange(of: core.view.signInPage) { page in showingServerPage = page != nil }
            .sheet(isPresented: $showingServerPage) {
                if let page = core.view.signInPage, let url = URL(string: page) {
                    ServerPage(url: url).ignoresSafeArea()
                }
            }
            .onAppear { focus = .email }
            .onChange(of: core.view.signInError) { error in
                if let error { UIAccessibility.post(notification: .announcement, argument: error) }
            }
        }
    }

    private func submit() { submit(acceptHost: nil) }

    /// Nextcloud's Login Flow v2 has no redirect back to the app, so an
    /// in-app Safari tab (not ASWebAuthenticationSession, which waits for
    /// one) shows the page; the core polls the server meanwhile.
    private struct ServerPage: UIViewControllerRepresentable {
        let url: URL
        func makeUIViewController(context: Context) -> SFSafariViewController { SFSafariViewController(url: url) }
        func updateUIViewController(_ controller: SFSafariViewController, context: Context) {}
    }

    private func submit(acceptHost: String?) {
        guard canSubmit else { return }
        let url = server.trimmingCharacters(in: .whitespaces)
        let name = username.trimmingCharacters(in: .whitespaces)
        core.send(.signIn(email: email.trimmingCharacters(in: .whitespaces), password: password, serverUrl: url.isEmpty ? nil : url,
                          acceptHost: acceptHost, username: name.isEmpty ? nil : name))
    }
}
