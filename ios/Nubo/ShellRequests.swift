import Foundation

// The requests the core sends a shell, in Crux's JSON format
// (`JsonFfiFormat`), a batch at a time:
//   [{"id":3,"effect":{"Secret":{"Get":{"key":"nubo:alice@nubo.test"}}}}]
//   [{"id":4,"effect":{"Render":null}}]
// and the answers the core expects back.

struct ShellRequest: Decodable {
    let id: UInt32
    let effect: ShellEffect
}

enum ShellEffect: Decodable {
    case render
    case secret(SecretOperation)
    case notify(NotifyRequest)
    /// A DNS look-up, as the core's JSON (`{"Srv":{"name":"…"}}`), for
    /// `dnsQuery` and `dnsAnswerFromRecords`.
    case dns(String)
    /// From a newer core than this shell: left unanswered.
    case unknown(String)

    init(from decoder: Decoder) throws {
        if let tag = try? decoder.singleValueContainer().decode(String.self) {
            self = tag == "Render" ? .render : .unknown(tag)
            return
        }
        let c = try decoder.container(keyedBy: TagKey.self)
        guard let key = c.allKeys.first else { self = .unknown(""); return }
        switch key.stringValue {
        case "Render": self = .render
        case "Secret": self = .secret(try c.decode(SecretOperation.self, forKey: key))
        case "Notify": self = .notify(try c.decode(NotifyRequest.self, forKey: key))
        case "Dns":
            let request = try c.decode([String: [String: String]].self, forKey: key)
            self = .dns(String(decoding: try JSONEncoder().encode(request), as: UTF8.self))
        default: self = .unknown(key.stringValue)
        }
    }
}

enum SecretOperation: Decodable {
    case get(key: String)
    case set(key: String, value: String)
    case delete(key: String)

    private struct Body: Decodable { var key: String; var value: String? }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: TagKey.self)
        guard let tag = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty secret request"))
        }
        let body = try c.decode(Body.self, forKey: tag)
        switch tag.stringValue {
        case "Get": self = .get(key: body.key)
        case "Set": self = .set(key: body.key, value: body.value ?? "")
        case "Delete": self = .delete(key: body.key)
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown secret request \(tag.stringValue)"))
        }
    }
}

/// The core's `SecretResponse`: `{"Value":"…"}`, `{"Value":null}`, `"Done"`, `{"Error":"…"}`.
enum SecretResponse: Encodable {
    case value(String?)
    case done
    case error(String)

    func encode(to encoder: Encoder) throws {
        switch self {
        case .done:
            var c = encoder.singleValueContainer()
            try c.encode("Done")
        case .value(let value):
            var c = encoder.container(keyedBy: TagKey.self)
            try c.encode(value, forKey: TagKey("Value"))
        case .error(let message):
            var c = encoder.container(keyedBy: TagKey.self)
            try c.encode(message, forKey: TagKey("Error"))
        }
    }

    var json: String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? #"{"Error":"unencodable answer"}"#
    }

    /// Carries out one request against the store; a refusal becomes `Error`.
    static func answer(_ operation: SecretOperation, with store: SecretStore) -> SecretResponse {
        do {
            switch operation {
            case .get(let key): return .value(try store.get(key))
            case .set(let key, let value): try store.set(key, value); return .done
            case .delete(let key): try store.delete(key); return .done
            }
        } catch {
            // The error's description only: it never contains the secret.
            return .error(String(describing: error))
        }
    }
}

/// A local notification the core asks for (`shared::effects::NotifyRequest`):
/// `{"Show":{"id","title","body"}}`, shown now (an announcement), or
/// `{"Reminders":[{"id","title","body","at","until"}]}`, the complete set of
/// reminders (`at` in ms since the epoch), which replaces every reminder
/// scheduled before: those not in it are removed (an event moved or
/// deleted); an empty set removes them all (sign-out).
enum NotifyRequest: Decodable {
    case show(Shown)
    case reminders([Reminder])

    struct Shown: Decodable {
        var id: String
        var title: String
        var body: String
    }

    struct Reminder: Decodable {
        var id: String
        var title: String
        var body: String
        var at: Int64
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: TagKey.self)
        guard let tag = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty notify request"))
        }
        switch tag.stringValue {
        case "Show": self = .show(try c.decode(Shown.self, forKey: tag))
        // All or nothing: a set read in part would remove the rest.
        case "Reminders": self = .reminders(try c.decode([Reminder].self, forKey: tag))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown notify request \(tag.stringValue)"))
        }
    }
}

/// Where the member's password lives (the Keychain on a device).
protocol SecretStore: Sendable {
    func get(_ key: String) throws -> String?
    func set(_ key: String, _ value: String) throws
    func delete(_ key: String) throws
    /// Every secret of this app (a reset of the local data).
    func deleteAll()
}
