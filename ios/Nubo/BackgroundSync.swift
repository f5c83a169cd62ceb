import BackgroundTasks
import Network
import SwiftUI

/// How often the app may sync in the background, as the member chose it
/// (the Android shell's `core/BackgroundSync.kt` offers the same choices).
/// Stored in UserDefaults by its raw value; an unknown value reads as the default.
enum SyncInterval: String, CaseIterable, Identifiable {
    case every30Minutes, hourly, every3Hours, twiceADay, onlyWhenOpened

    var id: String { rawValue }

    /// The earliest a background refresh may start after the last; nil: none, only when the app is opened.
    var seconds: TimeInterval? {
        switch self {
        case .every30Minutes: return 30 * 60
        case .hourly: return 60 * 60
        case .every3Hours: return 3 * 60 * 60
        case .twiceADay: return 12 * 60 * 60
        case .onlyWhenOpened: return nil
        }
    }

    var label: LocalizedStringKey {
        switch self {
        case .every30Minutes: return "sync_every_30_minutes"
        case .hourly: return "sync_every_hour"
        case .every3Hours: return "sync_every_3_hours"
        case .twiceADay: return "sync_twice_a_day"
        case .onlyWhenOpened: return "sync_only_when_opened"
        }
    }
}

/// The member's choice: how often, and only on Wi-Fi. The defaults are what
/// the app did before there was a choice (about hourly, any network).
enum BackgroundSync {
    static let intervalKey = "background_sync_interval"
    static let unmeteredOnlyKey = "background_sync_unmetered_only"

    static var interval: SyncInterval {
        UserDefaults.standard.string(forKey: intervalKey).flatMap(SyncInterval.init(rawValue:)) ?? .hourly
    }

    static var unmeteredOnly: Bool { UserDefaults.standard.bool(forKey: unmeteredOnlyKey) }

    /// Submits `identifier`'s next refresh no sooner than the chosen interval
    /// (and not before `atLeast`), or cancels it when the member chose none.
    /// iOS decides when within that; the date is a floor, not a promise.
    static func submit(_ identifier: String, atLeast: TimeInterval = 0) {
        guard let seconds = interval.seconds else {
            BGTaskScheduler.shared.cancel(taskRequestWithIdentifier: identifier)
            return
        }
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: max(seconds, atLeast))
        try? BGTaskScheduler.shared.submit(request)
    }

    /// Whether a background run may use the network now: always, unless the
    /// member asked for Wi-Fi only and the current path is expensive
    /// (cellular, a phone's hotspot) or constrained (Low Data Mode).
    static func networkAllowed() async -> Bool {
        guard unmeteredOnly else { return true }
        return await currentPathIsUnmetered()
    }

    /// The current path, read once. No answer within two seconds counts as "no".
    static func currentPathIsUnmetered() async -> Bool {
        await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            let monitor = NWPathMonitor()
            // The handler and the time-out run on this one serial queue, so
            // `answer` is touched by one thread at a time and resumed once.
            let queue = DispatchQueue(label: "coop.nubo.path")
            let answer = OneAnswer(done)
            monitor.pathUpdateHandler = { path in
                monitor.cancel()
                answer.give(path.status == .satisfied && !path.isExpensive && !path.isConstrained)
            }
            monitor.start(queue: queue)
            queue.asyncAfter(deadline: .now() + 2) {
                monitor.cancel()
                answer.give(false)
            }
        }
    }

    /// Resumes its continuation the first time only.
    private final class OneAnswer {
        private var continuation: CheckedContinuation<Bool, Never>?
        init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = continuation }
        func give(_ value: Bool) {
            continuation?.resume(returning: value)
            continuation = nil
        }
    }
}

/// "Background sync": how often (a picker) and only on Wi-Fi (a toggle),
/// stored at once; each change resubmits the background refreshes.
struct BackgroundSyncView: View {
    @Environment(\.dismiss) private var dismiss
    @AppStorage(BackgroundSync.intervalKey) private var interval: SyncInterval = .hourly
    @AppStorage(BackgroundSync.unmeteredOnlyKey) private var unmeteredOnly = false

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    Picker(selection: $interval) {
                        ForEach(SyncInterval.allCases) { Text($0.label).tag($0) }
                    } label: {
                        Text("background_sync_how_often")
                    }
                    .pickerStyle(.inline)
                }
                Section {
                    Toggle(isOn: $unmeteredOnly) {
                        VStack(alignment: .leading, spacing: 2) {
                            Text("sync_unmetered_only")
                            Text("sync_unmetered_only_detail").font(.footnote).foregroundStyle(.secondary)
                        }
                    }
                    // Nothing to limit while nothing syncs in the background.
                    .disabled(interval.seconds == nil)
                } footer: {
                    Text(interval.seconds == nil ? "background_sync_when_opened_detail" : "background_sync_detail")
                }
            }
            .navigationTitle("background_sync")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .confirmationAction) { Button("close") { dismiss() } }
            }
            .onChange(of: interval) { _ in NuboApp.scheduleBackgroundWork() }
        }
    }
}
