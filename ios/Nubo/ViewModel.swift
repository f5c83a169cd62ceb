import Foundation

/// The core's view model (JSON, snake_case keys), already translated.
struct ViewModel: Decodable {
    var locale: String = "en-BE"
    var signedIn = false
    var accountEmail: String?
    var signingIn = false
    var signInError: String?
    var sync = SyncView()
    var addressBooks: [BookView] = []
    var query = ""
    var contacts: [ContactRow] = []
    var selected: ContactView?
    var conflicts: [ConflictView] = []
    var pendingChanges = 0
    var notice: String?
    var error: String?
}

struct SyncView: Decodable {
    var running = false
    var progress: Float?
    var status = ""
    var failed = false
    var retryAfterS: Int?
}

struct BookView: Decodable, Identifiable {
    var href: String
    var name: String
    var readOnly: Bool
    var id: String { href }
}

struct ContactRow: Decodable, Identifiable {
    var id: Int64
    var name: String
    var detail: String
    var pending: Bool
    var conflict: Bool
}

struct Labeled: Codable, Hashable {
    var label: String
    var value: String
}

struct ContactFields: Codable {
    var fullName = ""
    var givenName = ""
    var familyName = ""
    var emails: [Labeled] = []
    var phones: [Labeled] = []
    var org = ""
    var title = ""
    var note = ""
    var addresses: [Labeled] = []
    var birthday = ""
    var hasPhoto = false
}

struct ContactView: Decodable {
    var id: Int64
    var fields: ContactFields
    var pending: Bool
    var readOnly: Bool
    var book: String
}

struct ConflictView: Decodable, Identifiable {
    var id: Int64
    var contactId: Int64
    var message: String
    var mine: ContactFields
}

/// The events a member causes, as the core's JSON.
enum Event {
    case start(locale: String)
    case signIn(email: String, password: String, serverUrl: String?)
    case sync
    case search(String)
    case openContact(Int64)
    case closeContact
    case saveContact(id: Int64?, fields: ContactFields)
    case deleteContact(Int64)
    case resolveConflict(Int64, Resolution)

    enum Resolution: String { case keepMine = "KeepMine", keepServer = "KeepServer", keepBoth = "KeepBoth" }

    func json() -> String {
        let value: Any
        switch self {
        case .start(let locale): value = ["Start": ["locale": locale]]
        case .signIn(let email, let password, let server):
            value = ["SignIn": ["email": email, "password": password, "server_url": server as Any? ?? NSNull()]]
        case .sync: value = "Sync"
        case .search(let q): value = ["Search": ["query": q]]
        case .openContact(let id): value = ["OpenContact": ["id": id]]
        case .closeContact: value = "CloseContact"
        case .saveContact(let id, let fields):
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let f = (try? JSONSerialization.jsonObject(with: encoder.encode(fields))) ?? [:]
            value = ["SaveContact": ["id": id as Any? ?? NSNull(), "fields": f]]
        case .deleteContact(let id): value = ["DeleteContact": ["id": id]]
        case .resolveConflict(let id, let r): value = ["ResolveConflict": ["conflict_id": id, "resolution": r.rawValue]]
        }
        let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
        return data.flatMap { String(data: $0, encoding: .utf8) } ?? "null"
    }
}
