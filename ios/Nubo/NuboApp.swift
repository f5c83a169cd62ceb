import BackgroundTasks
import SwiftUI
import UserNotifications

@main
struct NuboApp: App {
    /// Registered in Info.plist (project.yml) as a permitted task.
    static let refreshTask = "coop.nubo.companion.sync"
    /// The news sources that are due (PollNews): its own task, so a short
    /// refresh window is enough to hear of a new announcement.
    static let newsTask = "coop.nubo.companion.news"

    @UIApplicationDelegateAdaptor(NotificationTaps.self) private var taps
    @StateObject private var core = CoreBridge()
    @Environment(\.scenePhase) private var phase

    var body: some Scene {
        WindowGroup {
            RootView()
                .environmentObject(core)
                .onAppear { taps.core = core }
        }
        .onChange(of: phase) { phase in
            if phase == .background {
                Self.scheduleBackgroundWork()
            }
            // With "only when I open the app", opening it is when it syncs.
            if phase == .active && BackgroundSync.interval.seconds == nil {
                Task { await core.syncWhenOpened() }
            }
        }
        .backgroundTask(.appRefresh(Self.refreshTask)) {
            Self.scheduleRefresh()
            // "Only on Wi-Fi": a run on an expensive or constrained path does nothing.
            guard await BackgroundSync.networkAllowed() else { return }
            await core.syncInBackground()
        }
        .backgroundTask(.appRefresh(Self.newsTask)) {
            Self.scheduleNews()
            guard await BackgroundSync.networkAllowed() else { return }
            await core.pollNewsInBackground()
        }
    }

    /// Both refreshes, as the member chose (BackgroundSyncView): no sooner
    /// than their interval, none at all for "only when I open the app".
    static func scheduleBackgroundWork() {
        scheduleRefresh()
        scheduleNews()
    }

    /// iOS decides when; the chosen interval is a floor, not a promise.
    static func scheduleRefresh() {
        BackgroundSync.submit(refreshTask)
    }

    /// The core polls each source at most hourly (and as its server asks);
    /// the news task follows the member's interval too: a background run is
    /// a background run, for the battery.
    static func scheduleNews() {
        BackgroundSync.submit(newsTask, atLeast: 30 * 60)
    }
}

/// A tapped notification about an announcement ("news:12", the core's id)
/// opens that announcement; the others just open the app.
final class NotificationTaps: NSObject, UIApplicationDelegate, UNUserNotificationCenterDelegate {
    weak var core: CoreBridge? {
        didSet { if let id = pending, let core { pending = nil; core.send(.openAnnouncement(id: id)) } }
    }
    /// A tap that launched the app before the core was there.
    private var pending: Int64?

    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
        UNUserNotificationCenter.current().delegate = self
        return true
    }

    /// The core's id of an announcement's notification, or nil for a reminder or a notice.
    static func announcementId(_ identifier: String) -> Int64? {
        guard identifier.hasPrefix("news:"), let id = Int64(identifier.dropFirst(5)), id > 0 else { return nil }
        return id
    }

    func userNotificationCenter(_ center: UNUserNotificationCenter, didReceive response: UNNotificationResponse, withCompletionHandler completionHandler: @escaping () -> Void) {
        if let id = Self.announcementId(response.notification.request.identifier) {
            if let core { core.send(.openAnnouncement(id: id)) } else { pending = id }
        }
        completionHandler()
    }

    /// Shown while the app is open too, with its sound: a reminder is due
    /// now whatever screen is open, and a new announcement's banner says
    /// why the list changed.
    func userNotificationCenter(_ center: UNUserNotificationCenter, willPresent notification: UNNotification, withCompletionHandler completionHandler: @escaping (UNNotificationPresentationOptions) -> Void) {
        completionHandler([.banner, .list, .sound])
    }
}

struct RootView: View {
    @EnvironmentObject var core: CoreBridge
    @State private var tab = Tab.agenda

    enum Tab: Hashable { case agenda, contacts, notes, news }

    var body: some View {
        Group {
            if let error = core.startError {
                // The local database could not be opened: say so, with a way out.
                StoreFailedView(message: error)
            } else if !core.view.signedIn && !core.view.loaded {
                // The store has not said yet whether there is an account: no sign-in flash.
                Color.clear
            } else if !core.view.signedIn {
                SignInView()
            } else {
                TabView(selection: $tab) {
                    AgendaScreen().tabItem { Label("agenda", systemImage: "calendar") }.tag(Tab.agenda)
                    ContactsView().tabItem { Label("contacts", systemImage: "person.2") }.tag(Tab.contacts)
                    NotesScreen().tabItem { Label("notes", systemImage: "note.text") }.tag(Tab.notes)
                    NewsScreen()
                        .tabItem { Label("news", systemImage: "megaphone") }
                        // VoiceOver reads the tab bar's badge with the tab; the screen says the count in words.
                        .badge(core.view.news.unreadCount)
                        .tag(Tab.news)
                }
                // An announcement opened from a notification: show it on its tab.
                .onChange(of: core.view.announcement?.id) { if $0 != nil { tab = .news } }
                // Another tab is drawn by this shell alone: the core is told the member moved on (the last notice ends).
                .onChange(of: tab) { _ in core.send(.moveOn) }
            }
        }
        .onChange(of: core.view.signedIn) { signedIn in
            // Asked once there is something to notify about.
            if signedIn { UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound]) { _, _ in } }
        }
    }
}

/// The store could not be opened (damaged file, full disk): try again
/// (loses nothing), or reset this device's copy after a question (unsent
/// changes go; the server keeps everything synced).
private struct StoreFailedView: View {
    @EnvironmentObject var core: CoreBridge
    let message: String
    @State private var confirming = false
    @State private var resetError: String?

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                Image(systemName: "exclamationmark.triangle").font(.largeTitle).accessibilityHidden(true)
                Text("start_failed").font(.headline).accessibilityAddTraits(.isHeader)
                Text("store_failed_body")
                Text(message).font(.footnote).foregroundStyle(.secondary)
                if let resetError {
                    Text("reset_failed \(resetError)").foregroundStyle(.red)
                }
                Button { core.retryOpen() } label: { Text("try_again").frame(maxWidth: .infinity, minHeight: 44) }
                    .buttonStyle(.borderedProminent)
                Button(role: .destructive) { confirming = true } label: { Text("reset_local_data").frame(maxWidth: .infinity, minHeight: 44) }
                    .buttonStyle(.bordered)
            }
            .padding(24)
        }
        .confirmationDialog(Text("reset_confirm"), isPresented: $confirming, titleVisibility: .visible) {
            Button("reset_local_data", role: .destructive) { resetError = core.resetLocalData() }
            Button("cancel", role: .cancel) {}
        }
        .onChange(of: resetError) { error in
            if let error { UIAccessibility.post(notification: .announcement, argument: error) }
        }
    }
}
