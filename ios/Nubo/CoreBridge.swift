import Foundation
import os
import UserNotifications

/// Owns the Rust core and publishes its view model to SwiftUI. HTTP, sync
/// and the local store run in Rust; this answers only the render, secret
/// and notification requests, and DNS look-ups (iOS gives apps no
/// resolver configuration to read: `PlatformDns`).
///
/// `@unchecked Sendable`: the core calls `processEffects` from its own
/// threads; the mutable state here is only touched on the main queue or
/// behind `answers`.
final class CoreBridge: ObservableObject, ShellCallback, @unchecked Sendable {
    @Published private(set) var view = ViewModel.empty
    /// Set when the core could not start (its database unreadable).
    @Published private(set) var startError: String?

    private var core: NuboCore?
    private let databaseURL: URL
    private let secrets: SecretStore
    // Answers go back from another queue: the core must not be re-entered
    // from inside its own callback.
    private let answers = DispatchQueue(label: "coop.nubo.shell")
    // Keeps events in order and the core's work off the main thread.
    private let events = DispatchQueue(label: "coop.nubo.events")
    // One queue reads and decodes views, so they reach the main queue in order.
    private let renders = DispatchQueue(label: "coop.nubo.render")
    // Look-ups may block for seconds: never in front of a secret's answer.
    private let lookups = DispatchQueue(label: "coop.nubo.dns")
    // A background refresh waits here for the core to finish, never on
    // `events`: a tap meanwhile must not queue behind it for 25 s.
    private let background = DispatchQueue(label: "coop.nubo.background")
    private let log = Logger(subsystem: "coop.nubo.companion", category: "core")

    init(databaseURL: URL = CoreBridge.defaultDatabaseURL(), secrets: SecretStore = KeychainSecretStore()) {
        self.databaseURL = databaseURL
        self.secrets = secrets
        open()
    }

    /// Opens the store and starts the core; a store that cannot be opened
    /// is `startError`, which the root view shows with a way out.
    private func open() {
        do {
            core = try NuboCore(databasePath: databaseURL.path, shell: self, platformDns: true)
            startError = nil
        } catch {
            startError = String(describing: error)
            return
        }
        refresh()
        send(.start(locale: Self.deviceLocale(), timeZone: TimeZone.current.identifier, screens: nil))
    }

    /// After a failed start: a locked or full disk may have passed.
    func retryOpen() {
        guard core == nil else { return }
        open()
    }

    /// Deletes this device's copy (the file and its journal) and starts
    /// afresh: the member signs in again and the server's data comes back.
    /// The Keychain item goes too: it belonged to the forgotten account.
    /// Returns why the file could not be deleted, or nil.
    func resetLocalData() -> String? {
        guard core == nil else { return nil }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let file = URL(fileURLWithPath: databaseURL.path + suffix)
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            do { try FileManager.default.removeItem(at: file) } catch { return error.localizedDescription }
        }
        secrets.deleteAll()
        open()
        return nil
    }

    /// The store lives in a folder of its own, excluded from backups as a
    /// whole: the flag then covers the `-wal` and `-shm` files SQLite makes
    /// later, and is set before any file exists. A restored device would
    /// otherwise show an account whose password (device-only) is gone.
    static func defaultDatabaseURL() -> URL {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        var dir = support.appendingPathComponent("Store", isDirectory: true)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try? dir.setResourceValues(values)
        let url = dir.appendingPathComponent("nubo.sqlite3")
        // Versions before this one kept the file beside other data.
        for suffix in ["", "-wal", "-shm"] {
            let old = support.appendingPathComponent("nubo.sqlite3" + suffix)
            if FileManager.default.fileExists(atPath: old.path) {
                try? FileManager.default.moveItem(at: old, to: URL(fileURLWithPath: url.path + suffix))
            }
        }
        return url
    }

    /// "nl-BE": the app's language as iOS chose it from the member's preferences.
    static func deviceLocale() -> String {
        Bundle.main.preferredLocalizations.first.map { lang in
            Locale.current.region.map { "\(lang)-\($0.identifier)" } ?? lang
        } ?? Locale.current.identifier
    }

    func send(_ event: Event) {
        events.async { [weak self] in
            do {
                try self?.core?.update(event: try event.json())
            } catch {
                // A bug in this shell, not the member's doing; no payload
                // in the log, since a sign-in carries a password.
                self?.log.error("core refused an event: \(String(describing: error), privacy: .public)")
            }
        }
    }

    /// Blocks until the core has nothing in flight (background refresh).
    func waitIdle(timeout: TimeInterval) -> Bool {
        let idle = core?.waitIdle(timeoutMs: UInt64(timeout * 1000)) ?? true
        refresh()
        return idle
    }

    // MARK: ShellCallback

    func processEffects(requests: String) {
        guard let requests = try? JSONDecoder().decode([ShellRequest].self, from: Data(requests.utf8)) else {
            log.error("unreadable requests from the core")
            return
        }
        for request in requests {
            switch request.effect {
            case .render:
                refresh()
            case .secret(let operation):
                answers.async { [weak self] in
                    guard let self else { return }
                    self.resolve(request.id, SecretResponse.answer(operation, with: self.secrets).json)
                }
            case .notify(.show(let note)):
                Self.show(note)
                answers.async { [weak self] in self?.resolve(request.id, "null") }
            case .notify(.reminders(let set)):
                Self.replaceReminders(with: set)
                answers.async { [weak self] in self?.resolve(request.id, "null") }
            case .dns(let json):
                lookups.async { [weak self] in
                    let records = (try? dnsQuery(request: json)).map { PlatformDns.records(name: $0.name, type: $0.recordType) } ?? []
                    let answer = (try? dnsAnswerFromRecords(request: json, records: records)) ?? "\"NotFound\""
                    self?.answers.async { self?.resolve(request.id, answer) }
                }
            case .unknown(let name):
                log.error("unknown effect \(name, privacy: .public)")
            }
        }
    }

    private func resolve(_ id: UInt32, _ output: String) {
        do {
            try core?.resolve(id: id, output: output)
        } catch {
            // The command that asked was cancelled meanwhile.
        }
    }

    private func refresh() {
        renders.async { [weak self] in
            guard let self, let json = self.core?.view() else { return }
            do {
                let next = try JSONDecoder().decode(ViewModel.self, from: Data(json.utf8))
                DispatchQueue.main.async { if self.view != next { self.view = next } }
            } catch {
                self.log.error("unreadable view model: \(String(describing: error), privacy: .public)")
            }
        }
    }

    /// An announcement, shown now (iOS has no channels: the news are a
    /// thread of their own, apart from reminders).
    private static func show(_ note: NotifyRequest.Shown) {
        let content = UNMutableNotificationContent()
        content.title = note.title
        content.body = note.body
        content.sound = .default
        if note.id.hasPrefix("news:") { content.threadIdentifier = "news" }
        UNUserNotificationCenter.current().add(UNNotificationRequest(identifier: note.id, content: content, trigger: nil))
    }

    /// Marks the pending requests that are reminders, so that a new set
    /// removes only those.
    static let reminderKey = "nubo.reminder"
    /// iOS keeps at most 64 pending local notifications per app.
    static let pendingLimit = 64

    /// The core's complete set: every pending reminder not in it is
    /// removed (its event moved or was deleted; all at sign-out), the
    /// others added again (the same id replaces the request).
    static func replaceReminders(with set: [NotifyRequest.Reminder]) {
        let center = UNUserNotificationCenter.current()
        let now = Date()
        let upcoming = Array(set.filter { Date(timeIntervalSince1970: TimeInterval($0.at) / 1000) > now }
            .sorted { $0.at < $1.at }
            .prefix(CoreBridge.pendingLimit))
        let keep = Set(upcoming.map(\.id))
        center.getPendingNotificationRequests { pending in
            let gone = pending
                .filter { $0.content.userInfo[CoreBridge.reminderKey] as? Bool == true && !keep.contains($0.identifier) }
                .map(\.identifier)
            center.removePendingNotificationRequests(withIdentifiers: gone)
            for reminder in upcoming {
                let content = UNMutableNotificationContent()
                content.title = reminder.title
                content.body = reminder.body
                content.sound = .default
                content.threadIdentifier = "reminders"
                content.userInfo = [CoreBridge.reminderKey: true]
                let delay = Date(timeIntervalSince1970: TimeInterval(reminder.at) / 1000).timeIntervalSinceNow
                let trigger = UNTimeIntervalNotificationTrigger(timeInterval: max(1, delay), repeats: false)
                center.add(UNNotificationRequest(identifier: reminder.id, content: content, trigger: trigger))
            }
        }
    }
}

extension CoreBridge {
    /// For a background refresh: waits for the account to load, syncs if
    /// signed in, and returns within `budget` seconds (iOS allows about 30).
    func syncInBackground(budget: TimeInterval = 25) async {
        await runInBackground(.sync, budget: budget)
    }

    /// The news task: only the sources that are due; each new announcement
    /// becomes one notification (the core decides which, never twice).
    func pollNewsInBackground(budget: TimeInterval = 25) async {
        await runInBackground(.pollNews, budget: budget)
    }

    /// "Only when I open the app": what a background refresh does, when the
    /// member opens the app (after the account has loaded, off their queue).
    func syncWhenOpened() async {
        await runInBackground(.pollNews, budget: 25)
        await runInBackground(.sync, budget: 60)
    }

    private func runInBackground(_ event: Event, budget: TimeInterval) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            background.async { [weak self] in
                defer { done.resume() }
                guard let self, let core = self.core else { return }
                let deadline = Date().addingTimeInterval(budget)
                _ = core.waitIdle(timeoutMs: 5_000)
                let view = try? JSONDecoder().decode(ViewModel.self, from: Data(core.view().utf8))
                guard view?.signedIn == true, let json = try? event.json() else { return }
                // In order with the member's events; only the hand-over waits on their queue.
                self.events.sync { _ = try? core.update(event: json) }
                let left = max(0, deadline.timeIntervalSinceNow)
                _ = core.waitIdle(timeoutMs: UInt64(left * 1000))
                self.refresh()
            }
        }
    }
}
