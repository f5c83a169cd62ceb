import Foundation
import UserNotifications

/// Owns the Rust core; answers its secret and notification requests and
/// publishes its view model. HTTP and the store never reach Swift.
final class CoreBridge: ObservableObject, ShellCallback {
    @Published private(set) var view = ViewModel()
    private var core: NuboCore?
    private let secrets = KeychainSecretStore()
    private let answers = DispatchQueue(label: "coop.nubo.shell")
    private let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }()

    init() {
        let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        core = try? NuboCore(databasePath: dir.appendingPathComponent("nubo.sqlite3").path, shell: self)
        send(.start(locale: Locale.preferredLanguages.first ?? "en"))
    }

    func send(_ event: Event) {
        try? core?.update(event: event.json())
    }

    func processEffects(requests: String) {
        guard let data = requests.data(using: .utf8),
              let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return }
        for request in list {
            guard let id = request["id"] as? UInt32 ?? (request["id"] as? NSNumber)?.uint32Value else { continue }
            let effect = request["effect"]
            if let object = effect as? [String: Any], let secret = object["Secret"] as? [String: Any] {
                answers.async { try? self.core?.resolve(id: id, output: self.answer(secret)) }
            } else if let object = effect as? [String: Any], let note = object["Notify"] as? [String: Any] {
                notify(note)
                answers.async { try? self.core?.resolve(id: id, output: "null") }
            } else {
                refresh()
            }
        }
    }

    private func answer(_ op: [String: Any]) -> String {
        func json(_ v: Any) -> String {
            (try? JSONSerialization.data(withJSONObject: v, options: [.fragmentsAllowed])).flatMap { String(data: $0, encoding: .utf8) } ?? "\"Done\""
        }
        if let get = op["Get"] as? [String: Any], let key = get["key"] as? String {
            return json(["Value": secrets.get(key) as Any? ?? NSNull()])
        }
        if let set = op["Set"] as? [String: Any], let key = set["key"] as? String, let value = set["value"] as? String {
            do { try secrets.set(key, value); return "\"Done\"" } catch { return json(["Error": "\(error)"]) }
        }
        if let del = op["Delete"] as? [String: Any], let key = del["key"] as? String {
            secrets.delete(key)
            return "\"Done\""
        }
        return json(["Error": "unknown secret operation"])
    }

    private func notify(_ note: [String: Any]) {
        let content = UNMutableNotificationContent()
        content.title = note["title"] as? String ?? ""
        content.body = note["body"] as? String ?? ""
        let request = UNNotificationRequest(identifier: note["id"] as? String ?? UUID().uuidString, content: content, trigger: nil)
        UNUserNotificationCenter.current().add(request)
    }

    private func refresh() {
        guard let json = core?.view(), let data = json.data(using: .utf8),
              let next = try? decoder.decode(ViewModel.self, from: data) else { return }
        DispatchQueue.main.async { self.view = next }
    }
}
