import BackgroundTasks
import SwiftUI
import UserNotifications

@main
struct NuboApp: App {
    /// Registered in Info.plist (project.yml) as a permitted task.
    static let refreshTask = "coop.nubo.companion.sync"

    @StateObject private var core = CoreBridge()
    @Environment(\.scenePhase) private var phase

    var body: some Scene {
        WindowGroup {
            RootView().environmentObject(core)
        }
        .onChange(of: phase) { phase in
            if phase == .background { Self.scheduleRefresh() }
        }
        .backgroundTask(.appRefresh(Self.refreshTask)) {
            Self.scheduleRefresh()
            await core.syncInBackground()
        }
    }

    /// iOS decides when; about hourly is a hint, not a promise.
    static func scheduleRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: refreshTask)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 3600)
        try? BGTaskScheduler.shared.submit(request)
    }
}

struct RootView: View {
    @EnvironmentObject var core: CoreBridge

    var body: some View {
        Group {
            if let error = core.startError {
                // The local database could not be opened: say so rather than show an empty app.
                ContentUnavailableFallback(message: error)
            } else if !core.view.signedIn {
                SignInView()
            } else {
                TabView {
                    AgendaScreen().tabItem { Label("agenda", systemImage: "calendar") }
                    ContactsView().tabItem { Label("contacts", systemImage: "person.2") }
                    NotesScreen().tabItem { Label("notes", systemImage: "note.text") }
                }
            }
        }
        .onChange(of: core.view.signedIn) { signedIn in
            // Asked once there is something to notify about.
            if signedIn { UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound]) { _, _ in } }
        }
    }
}

private struct ContentUnavailableFallback: View {
    let message: String
    var body: some View {
        VStack(spacing: 12) {
            Image(systemName: "exclamationmark.triangle").font(.largeTitle).accessibilityHidden(true)
            Text("start_failed").font(.headline)
            Text(message).font(.footnote).foregroundStyle(.secondary)
        }
        .padding()
    }
}
