import Foundation

// The core's view model and events, as serde JSON. Keys are spelled out
// (no key strategies): events mix snake_case fields with PascalCase tags.
//
// The core writes every key, `null` included, so a missing key means this
// shell and the core disagree: decoding throws rather than showing an empty
// screen. Optionals are read with `decode(T?.self, …)` (a missing key
// throws, `null` is nil), never `decodeIfPresent`, which is what synthesized
// Decodable does for them; hence the decoders written out below, in
// extensions so the memberwise initializers stay.
// scripts/contract/check_swift.py checks the keys and their types against
// shared/contract/*.json, which the core's own test writes.

/// Everything a screen shows; sentences come already in the member's language.
struct ViewModel: Decodable, Equatable {
    var locale = ""
    /// False until the store has said whether there is an account: neither sign-in nor the app yet.
    var loaded = false
    var signedIn = false
    var accountEmail: String?
    var signingIn = false
    var signInError: String?
    /// Sign-in led to this other server: offer to trust it (signIn again with acceptHost).
    var hostToAccept: String?
    /// Signing in on the server’s own page: open it (an in-app Safari tab, SignInView); the core waits for the approval.
    var signInPage: String?
    var sync = SyncView()
    var addressBooks: [BookView] = []
    var calendars: [CalendarView] = []
    var query = ""
    var contacts: [ContactRow] = []
    /// A search found more than `contacts` lists: how many more, and to type more (a sentence).
    var contactsMore: String?
    /// More contacts than `contacts` lists: the words of a row at the list's end, whose appearing sends `showMoreContacts`.
    var contactsComing: String?
    /// The runs of one initial in the whole list, in order (a letter may recur: "#").
    var contactInitials: [ContactInitial] = []
    var selected: ContactView?
    var conflicts: [ConflictView] = []
    var pendingChanges = 0
    var agenda = AgendaView()
    var event: EventView?
    var notes = NotesView()
    var note: NoteView?
    var news = NewsView()
    var announcement: AnnouncementView?
    var notice: String?
    var error: String?
    /// What went wrong in technical English, beside `error` or `signInError`: for a "details" line.
    var errorDetail: String?

    static let empty = ViewModel()

    enum CodingKeys: String, CodingKey {
        case locale, loaded, sync, query, contacts, selected, conflicts, notice, error, calendars, agenda, event, notes, note
        case news, announcement
        case signedIn = "signed_in", accountEmail = "account_email", signingIn = "signing_in"
        case signInError = "sign_in_error", hostToAccept = "host_to_accept", addressBooks = "address_books", pendingChanges = "pending_changes"
        case signInPage = "sign_in_page"
        case errorDetail = "error_detail"
        case contactsMore = "contacts_more"
        case contactsComing = "contacts_coming", contactInitials = "contact_initials"
    }

    init() {}

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        locale = try c.decode(String.self, forKey: .locale)
        loaded = try c.decode(Bool.self, forKey: .loaded)
        signedIn = try c.decode(Bool.self, forKey: .signedIn)
        accountEmail = try c.decode(String?.self, forKey: .accountEmail)
        signingIn = try c.decode(Bool.self, forKey: .signingIn)
        signInError = try c.decode(String?.self, forKey: .signInError)
        hostToAccept = try c.decode(String?.self, forKey: .hostToAccept)
        signInPage = try c.decode(String?.self, forKey: .signInPage)
        sync = try c.decode(SyncView.self, forKey: .sync)
        addressBooks = try c.decode([BookView].self, forKey: .addressBooks)
        calendars = try c.decode([CalendarView].self, forKey: .calendars)
        query = try c.decode(String.self, forKey: .query)
        contacts = try c.decode([ContactRow].self, forKey: .contacts)
        contactsMore = try c.decode(String?.self, forKey: .contactsMore)
        contactsComing = try c.decode(String?.self, forKey: .contactsComing)
        contactInitials = try c.decode([ContactInitial].self, forKey: .contactInitials)
        selected = try c.decode(ContactView?.self, forKey: .selected)
        conflicts = try c.decode([ConflictView].self, forKey: .conflicts)
        pendingChanges = try c.decode(Int.self, forKey: .pendingChanges)
        agenda = try c.decode(AgendaView.self, forKey: .agenda)
        event = try c.decode(EventView?.self, forKey: .event)
        notes = try c.decode(NotesView.self, forKey: .notes)
        note = try c.decode(NoteView?.self, forKey: .note)
        news = try c.decode(NewsView.self, forKey: .news)
        announcement = try c.decode(AnnouncementView?.self, forKey: .announcement)
        notice = try c.decode(String?.self, forKey: .notice)
        error = try c.decode(String?.self, forKey: .error)
        errorDetail = try c.decode(String?.self, forKey: .errorDetail)
    }
}

struct SyncView: Decodable, Equatable {
    var running = false
    /// 0.0 to 1.0 when known.
    var progress: Double?
    var status = ""
    var failed = false
    /// Seconds the server asked to wait (503 Retry-After).
    var retryAfterS: UInt64?
    /// What went wrong in technical English, beside `status`: for a "details" line.
    var detail: String?
    /// When the last sync that reached every collection ended (ms since the epoch), nil before one.
    var lastSuccessMs: Int64?
    /// What that sync found that stays true (items kept unread, versions kept), also in `status`.
    var remarks: [String] = []

    enum CodingKeys: String, CodingKey {
        case running, progress, status, failed, detail, remarks
        case retryAfterS = "retry_after_s"
        case lastSuccessMs = "last_success_ms"
    }
}

extension SyncView {
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        running = try c.decode(Bool.self, forKey: .running)
        progress = try c.decode(Double?.self, forKey: .progress)
        status = try c.decode(String.self, forKey: .status)
        failed = try c.decode(Bool.self, forKey: .failed)
        retryAfterS = try c.decode(UInt64?.self, forKey: .retryAfterS)
        detail = try c.decode(String?.self, forKey: .detail)
        lastSuccessMs = try c.decode(Int64?.self, forKey: .lastSuccessMs)
        remarks = try c.decode([String].self, forKey: .remarks)
    }
}

struct BookView: Decodable, Equatable, Identifiable {
    var href: String
    var name: String
    var readOnly: Bool
    var id: String { href }

    enum CodingKeys: String, CodingKey { case href, name, readOnly = "read_only" }
}

struct CalendarView: Decodable, Equatable, Identifiable {
    var href: String
    var name: String
    /// "#RRGGBB", or nil to let the shell pick one.
    var color: String?
    var readOnly: Bool
    var id: String { href }

    enum CodingKeys: String, CodingKey { case href, name, color, readOnly = "read_only" }
}

extension CalendarView {
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        href = try c.decode(String.self, forKey: .href)
        name = try c.decode(String.self, forKey: .name)
        color = try c.decode(String?.self, forKey: .color)
        readOnly = try c.decode(Bool.self, forKey: .readOnly)
    }
}

/// A run of one initial ("A", "Ł", "#") and the position of its first contact in the whole list.
struct ContactInitial: Decodable, Equatable {
    var letter: String
    var first: Int
}

struct ContactRow: Decodable, Equatable, Identifiable {
    var id: Int64
    var name: String
    var detail: String
    var pending: Bool
    var conflict: Bool
}

/// A value with its kind ("work", "cell", a custom label, or empty).
struct Labeled: Codable, Hashable {
    var label: String
    var value: String
}

/// The fields the app shows and edits; the core keeps the rest of the vCard.
struct ContactFields: Codable, Equatable {
    var fullName = ""
    var givenName = ""
    var familyName = ""
    var emails: [Labeled] = []
    var phones: [Labeled] = []
    var org = ""
    var title = ""
    var note = ""
    /// Read-only in the app.
    var addresses: [Labeled] = []
    var birthday = ""
    var hasPhoto = false

    enum CodingKeys: String, CodingKey {
        case emails, phones, org, title, note, addresses, birthday
        case fullName = "full_name", givenName = "given_name", familyName = "family_name", hasPhoto = "has_photo"
    }
}

struct ContactView: Decodable, Equatable {
    var id: Int64
    var fields: ContactFields
    var pending: Bool
    var readOnly: Bool
    var book: String
    /// The contact's picture as a `data:` URI (JPEG, PNG, GIF or WebP), when the core can show it.
    var photo: String?

    enum CodingKeys: String, CodingKey { case id, fields, pending, book, photo, readOnly = "read_only" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        fields = try c.decode(ContactFields.self, forKey: .fields)
        pending = try c.decode(Bool.self, forKey: .pending)
        readOnly = try c.decode(Bool.self, forKey: .readOnly)
        book = try c.decode(String.self, forKey: .book)
        photo = try c.decode(String?.self, forKey: .photo)
    }
}

struct ConflictView: Decodable, Equatable, Identifiable {
    var id: Int64
    var contactId: Int64
    var message: String
    /// "contact", "event" or "note".
    var kind: String
    /// The member's version, kept until they choose: a contact's fields, a note's text.
    var mine: ContactFields
    var mineText: String?

    enum CodingKeys: String, CodingKey { case id, message, kind, mine, contactId = "contact_id", mineText = "mine_text" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        contactId = try c.decode(Int64.self, forKey: .contactId)
        message = try c.decode(String.self, forKey: .message)
        kind = try c.decode(String.self, forKey: .kind)
        mine = try c.decode(ContactFields.self, forKey: .mine)
        mineText = try c.decode(String?.self, forKey: .mineText)
    }
}

enum AgendaSpan: String, Codable {
    case upcoming = "Upcoming", day = "Day", week = "Week", month = "Month", range = "Range"
}

/// The agenda laid out by the core: only days that hold something.
struct AgendaView: Decodable, Equatable {
    var span: AgendaSpan = .upcoming
    var from = ""
    var to = ""
    var title = ""
    var days: [AgendaDay] = []
    var note: String?

    enum CodingKeys: String, CodingKey { case span, from, to, title, days, note }
}

extension AgendaView {
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        span = try c.decode(AgendaSpan.self, forKey: .span)
        from = try c.decode(String.self, forKey: .from)
        to = try c.decode(String.self, forKey: .to)
        title = try c.decode(String.self, forKey: .title)
        days = try c.decode([AgendaDay].self, forKey: .days)
        note = try c.decode(String?.self, forKey: .note)
    }
}

struct AgendaDay: Decodable, Equatable, Identifiable {
    var date: String
    var label: String
    var entries: [AgendaEntry]
    var id: String { date }
}

struct AgendaEntry: Decodable, Equatable, Identifiable {
    var eventId: Int64
    /// Names this occurrence of a series for openEvent / saveEvent / deleteEvent.
    var occurrence: String?
    var title: String
    var location: String
    var time: String
    var allDay: Bool
    var calendar: String
    var color: String?
    var recurring: Bool
    var pending: Bool
    var readOnly: Bool
    var id: String { "\(eventId)/\(occurrence ?? "")" }

    enum CodingKeys: String, CodingKey {
        case occurrence, title, location, time, calendar, color, recurring, pending
        case eventId = "event_id", allDay = "all_day", readOnly = "read_only"
    }
}

extension AgendaEntry {
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eventId = try c.decode(Int64.self, forKey: .eventId)
        occurrence = try c.decode(String?.self, forKey: .occurrence)
        title = try c.decode(String.self, forKey: .title)
        location = try c.decode(String.self, forKey: .location)
        time = try c.decode(String.self, forKey: .time)
        allDay = try c.decode(Bool.self, forKey: .allDay)
        calendar = try c.decode(String.self, forKey: .calendar)
        color = try c.decode(String?.self, forKey: .color)
        recurring = try c.decode(Bool.self, forKey: .recurring)
        pending = try c.decode(Bool.self, forKey: .pending)
        readOnly = try c.decode(Bool.self, forKey: .readOnly)
    }
}

/// Wall-clock times in the member's zone: "2027-05-08T10:00", or a date for all day (end: the last day).
struct EventFields: Codable, Equatable {
    var summary = ""
    var location = ""
    var description = ""
    var start = ""
    var end = ""
}

struct EventView: Decodable, Equatable {
    var id: Int64
    var occurrence: String?
    var fields: EventFields
    var calendar: String
    var calendarName: String
    var recurring: Bool
    var readOnly: Bool
    var pending: Bool
    var organizer: String?
    var attendees: [String]
    /// Its reminders in words ("15 minutes avant").
    var reminders: [String] = []
    /// When it takes place, in the member's words.
    var timeLabel = ""
    /// Said when the event's time zone is unknown and its times were read in the member's.
    var zoneNote: String?
    /// Said when the event broke the iCalendar rules and was read as other calendar apps read it.
    var repairNote: String?

    enum CodingKeys: String, CodingKey {
        case id, occurrence, fields, calendar, recurring, pending, organizer, attendees, reminders
        case calendarName = "calendar_name", readOnly = "read_only", timeLabel = "time_label", zoneNote = "zone_note"
        case repairNote = "repair_note"
    }
}

extension EventView {
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        occurrence = try c.decode(String?.self, forKey: .occurrence)
        fields = try c.decode(EventFields.self, forKey: .fields)
        calendar = try c.decode(String.self, forKey: .calendar)
        calendarName = try c.decode(String.self, forKey: .calendarName)
        recurring = try c.decode(Bool.self, forKey: .recurring)
        readOnly = try c.decode(Bool.self, forKey: .readOnly)
        pending = try c.decode(Bool.self, forKey: .pending)
        organizer = try c.decode(String?.self, forKey: .organizer)
        attendees = try c.decode([String].self, forKey: .attendees)
        reminders = try c.decode([String].self, forKey: .reminders)
        timeLabel = try c.decode(String.self, forKey: .timeLabel)
        zoneNote = try c.decode(String?.self, forKey: .zoneNote)
        repairNote = try c.decode(String?.self, forKey: .repairNote)
    }
}

/// The notes screen: categories, the list (newest first, or a search).
struct NotesView: Decodable, Equatable {
    var folderKnown = false
    var query = ""
    var categories: [CategoryView] = []
    var notes: [NoteRow] = []

    enum CodingKeys: String, CodingKey { case query, categories, notes, folderKnown = "folder_known" }
}

/// `path` is what saveNote's category takes ("" for notes without a category).
struct CategoryView: Decodable, Equatable, Identifiable {
    var path: String
    var name: String
    var readOnly: Bool
    var id: String { path }

    enum CodingKeys: String, CodingKey { case path, name, readOnly = "read_only" }
}

struct NoteRow: Decodable, Equatable, Identifiable {
    var id: Int64
    var title: String
    var category: String
    var preview: String
    var modified: String
    var pending: Bool
    var conflict: Bool
}

/// The open note: `text` for the edit form, `document` to read; `unreadable` says why it cannot be shown.
struct NoteView: Decodable, Equatable {
    var id: Int64
    var title: String
    var category: String
    var text: String
    var document: Document
    var modified: String
    var pending: Bool
    var readOnly: Bool
    var unreadable: String?

    enum CodingKeys: String, CodingKey { case id, title, category, text, document, modified, pending, unreadable, readOnly = "read_only" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        category = try c.decode(String.self, forKey: .category)
        text = try c.decode(String.self, forKey: .text)
        document = try c.decode(Document.self, forKey: .document)
        modified = try c.decode(String.self, forKey: .modified)
        pending = try c.decode(Bool.self, forKey: .pending)
        readOnly = try c.decode(Bool.self, forKey: .readOnly)
        unreadable = try c.decode(String?.self, forKey: .unreadable)
    }
}

/// The cooperative's announcements: the member's language first (others on request), unread counted.
struct NewsView: Decodable, Equatable {
    var unreadCount = 0
    var unreadOnly = false
    /// The language shown ("fr"), or "all".
    var language = ""
    var announcements: [AnnouncementRow] = []
    /// Left out because they are in another language; `otherLanguagesNote` says so.
    var otherLanguages = 0
    var otherLanguagesNote: String?
    var sources: [NewsSourceView] = []
    var polling = false

    enum CodingKeys: String, CodingKey {
        case language, announcements, sources, polling
        case unreadCount = "unread_count", unreadOnly = "unread_only", otherLanguages = "other_languages"
        case otherLanguagesNote = "other_languages_note"
    }

    init() {}

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        unreadCount = try c.decode(Int.self, forKey: .unreadCount)
        unreadOnly = try c.decode(Bool.self, forKey: .unreadOnly)
        language = try c.decode(String.self, forKey: .language)
        announcements = try c.decode([AnnouncementRow].self, forKey: .announcements)
        otherLanguages = try c.decode(Int.self, forKey: .otherLanguages)
        otherLanguagesNote = try c.decode(String?.self, forKey: .otherLanguagesNote)
        sources = try c.decode([NewsSourceView].self, forKey: .sources)
        polling = try c.decode(Bool.self, forKey: .polling)
    }
}

struct AnnouncementRow: Decodable, Equatable, Identifiable {
    var id: Int64
    var title: String
    var source: String
    var date: String
    var language: String?
    var read: Bool
    var preview: String
    /// addAnnouncementToAgenda can put its event in a calendar.
    var hasEvent: Bool

    enum CodingKeys: String, CodingKey { case id, title, source, date, language, read, preview, hasEvent = "has_event" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        source = try c.decode(String.self, forKey: .source)
        date = try c.decode(String.self, forKey: .date)
        language = try c.decode(String?.self, forKey: .language)
        read = try c.decode(Bool.self, forKey: .read)
        preview = try c.decode(String.self, forKey: .preview)
        hasEvent = try c.decode(Bool.self, forKey: .hasEvent)
    }
}

/// The open announcement: `document` to read (never HTML).
struct AnnouncementView: Decodable, Equatable {
    var id: Int64
    var title: String
    var source: String
    var date: String
    var language: String?
    var author: String?
    var link: String?
    var document: Document
    var read: Bool
    var eventUrl: String?
    var eventTitle: String?

    enum CodingKeys: String, CodingKey {
        case id, title, source, date, language, author, link, document, read
        case eventUrl = "event_url", eventTitle = "event_title"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        source = try c.decode(String.self, forKey: .source)
        date = try c.decode(String.self, forKey: .date)
        language = try c.decode(String?.self, forKey: .language)
        author = try c.decode(String?.self, forKey: .author)
        link = try c.decode(String?.self, forKey: .link)
        document = try c.decode(Document.self, forKey: .document)
        read = try c.decode(Bool.self, forKey: .read)
        eventUrl = try c.decode(String?.self, forKey: .eventUrl)
        eventTitle = try c.decode(String?.self, forKey: .eventTitle)
    }
}

/// A feed or the Announcement Center ("ocs"); `failing` says since when and why, while it fails.
struct NewsSourceView: Decodable, Equatable, Identifiable {
    var url: String
    var kind: String
    var name: String
    var language: String?
    var addedByMember: Bool
    var failing: String?
    /// The technical words (English) behind `failing`.
    var failingDetail: String?
    var id: String { url }

    enum CodingKeys: String, CodingKey {
        case url, kind, name, language, failing, addedByMember = "added_by_member", failingDetail = "failing_detail"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        kind = try c.decode(String.self, forKey: .kind)
        name = try c.decode(String.self, forKey: .name)
        language = try c.decode(String?.self, forKey: .language)
        addedByMember = try c.decode(Bool.self, forKey: .addedByMember)
        failing = try c.decode(String?.self, forKey: .failing)
        failingDetail = try c.decode(String?.self, forKey: .failingDetail)
    }
}

/// A note or announcement as blocks and spans: every string is plain text; links are http(s) or mailto.
struct Document: Decodable, Equatable {
    var blocks: [Block]
}

/// serde's externally tagged snake_case enum: a unit case is a bare string.
private func taggedValue(_ decoder: Decoder) throws -> (tag: String, body: KeyedDecodingContainer<TagKey>?) {
    if let unit = try? decoder.singleValueContainer().decode(String.self) {
        return (unit, nil)
    }
    let c = try decoder.container(keyedBy: TagKey.self)
    guard c.allKeys.count == 1, let key = c.allKeys.first else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "one variant expected"))
    }
    return (key.stringValue, c)
}

private func unknown(_ decoder: Decoder, _ tag: String) -> Error {
    DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown variant \(tag)"))
}

indirect enum Block: Decodable, Equatable {
    case heading(level: Int, spans: [Span])
    case paragraph(spans: [Span])
    /// One row of a list; `depth` 0 is the outermost list.
    case listItem(depth: Int, marker: ListMarker, task: NoteTask?, spans: [Span])
    case quote(blocks: [Block])
    case code(language: String?, text: String)
    case rule

    private enum Keys: String, CodingKey { case level, spans, depth, marker, task, blocks, language, text }

    init(from decoder: Decoder) throws {
        let (tag, outer) = try taggedValue(decoder)
        guard let outer else {
            guard tag == "rule" else { throw unknown(decoder, tag) }
            self = .rule
            return
        }
        let c = try outer.nestedContainer(keyedBy: Keys.self, forKey: TagKey(tag))
        switch tag {
        case "heading": self = .heading(level: try c.decode(Int.self, forKey: .level), spans: try c.decode([Span].self, forKey: .spans))
        case "paragraph": self = .paragraph(spans: try c.decode([Span].self, forKey: .spans))
        case "list_item":
            self = .listItem(depth: try c.decode(Int.self, forKey: .depth), marker: try c.decode(ListMarker.self, forKey: .marker),
                             task: try c.decode(NoteTask?.self, forKey: .task), spans: try c.decode([Span].self, forKey: .spans))
        case "quote": self = .quote(blocks: try c.decode([Block].self, forKey: .blocks))
        case "code": self = .code(language: try c.decode(String?.self, forKey: .language), text: try c.decode(String.self, forKey: .text))
        default: throw unknown(decoder, tag)
        }
    }
}

enum ListMarker: Decodable, Equatable {
    case bullet
    case number(UInt64)

    init(from decoder: Decoder) throws {
        let (tag, outer) = try taggedValue(decoder)
        switch (tag, outer) {
        case ("bullet", nil): self = .bullet
        case ("number", let c?): self = .number(try c.decode(UInt64.self, forKey: TagKey("number")))
        default: throw unknown(decoder, tag)
        }
    }
}

/// A checkbox; toggleNoteTask takes its `index`.
struct NoteTask: Decodable, Equatable {
    var checked: Bool
    var index: Int
}

indirect enum Span: Decodable, Equatable {
    case text(String)
    case emphasis([Span])
    case strong([Span])
    case code(String)
    case link(href: String, spans: [Span])
    case lineBreak

    private enum LinkKeys: String, CodingKey { case href, spans }

    init(from decoder: Decoder) throws {
        let (tag, outer) = try taggedValue(decoder)
        guard let c = outer else {
            guard tag == "line_break" else { throw unknown(decoder, tag) }
            self = .lineBreak
            return
        }
        let key = TagKey(tag)
        switch tag {
        case "text": self = .text(try c.decode(String.self, forKey: key))
        case "emphasis": self = .emphasis(try c.decode([Span].self, forKey: key))
        case "strong": self = .strong(try c.decode([Span].self, forKey: key))
        case "code": self = .code(try c.decode(String.self, forKey: key))
        case "link":
            let link = try c.nestedContainer(keyedBy: LinkKeys.self, forKey: key)
            self = .link(href: try link.decode(String.self, forKey: .href), spans: try link.decode([Span].self, forKey: .spans))
        default: throw unknown(decoder, tag)
        }
    }
}

/// serde's externally tagged enums: `{"Variant":{...}}`, or `"Variant"` for a unit one.
struct TagKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

enum Resolution: String, Encodable {
    case keepMine = "KeepMine", keepServer = "KeepServer", keepBoth = "KeepBoth"
}

/// With an occurrence: that one only, it and every later one, or the whole series.
enum EditScope: String, Encodable {
    case occurrence = "Occurrence", andFollowing = "AndFollowing", series = "Series"
}

/// A screen whose list a start reads (`Event.start`).
enum Screen: String, Encodable {
    case agenda = "Agenda", contacts = "Contacts", notes = "Notes", news = "News"
}

/// What the member did, as the core's `Event` JSON. Only the variants a shell may send.
enum Event: Encodable {
    /// `screens`: the lists to read at start; nil reads every one (all tabs ready at once).
    case start(locale: String, timeZone: String?, screens: [Screen]?)
    /// `acceptHost`: a host the member accepted after the core named it.
    /// `username`: the login name, when the server does not know the member by their address.
    case signIn(email: String, password: String, serverUrl: String?, acceptHost: String?, username: String?)
    /// On the server's own page (Nextcloud Login Flow v2): no password typed into the app.
    case signInWithBrowser(email: String, serverUrl: String?, acceptHost: String?)
    case cancelBrowserSignIn
    case signOut
    case sync
    case search(query: String)
    /// The end of the list came into view (`through` nil), or the member wants the contact at `through`.
    case showMoreContacts(through: Int?)
    case openContact(id: Int64)
    case closeContact
    case saveContact(id: Int64?, fields: ContactFields)
    case deleteContact(id: Int64)
    case resolveConflict(conflictId: Int64, resolution: Resolution)
    case showAgenda(span: AgendaSpan, date: String?, until: String?)
    case openEvent(id: Int64, occurrence: String?)
    case closeEvent
    case saveEvent(id: Int64?, calendar: String?, occurrence: String?, fields: EventFields, scope: EditScope)
    case deleteEvent(id: Int64, occurrence: String?)
    case searchNotes(query: String)
    case openNote(id: Int64)
    case closeNote
    /// A new note (`id` nil: `title` names its file, `category` its folder) or a note's new text.
    case saveNote(id: Int64?, category: String?, title: String, text: String)
    case toggleNoteTask(id: Int64, task: Int)
    case deleteNote(id: Int64)
    /// Renames a note (`title`) or puts it in another category (its path, "" for none); nil keeps it.
    case moveNote(id: Int64, title: String?, category: String?)
    case setNotesFolder(url: String)
    /// Polls the sources of announcements that are due (background refresh).
    case pollNews
    /// The member went to another tab or opened an edit form: the last notice ends.
    case moveOn
    /// `language`: "fr", "nl", "en", "all", or nil for the member's.
    case showNews(unreadOnly: Bool, language: String?)
    case openAnnouncement(id: Int64)
    case closeAnnouncement
    case markAllNewsRead
    case addFeed(url: String)
    case findNewsFeeds
    case removeFeed(url: String)
    /// `calendar`: a calendar's href or name; nil for the first writable one.
    case addAnnouncementToAgenda(id: Int64, calendar: String?)
    /// A new category ("Travail/Projets"), made on the server at once: needs a connection.
    case createNoteCategory(path: String)

    private struct Fields: Encodable {
        var values: [String: AnyEncodable]
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: TagKey.self)
            for (key, value) in values { try c.encode(value, forKey: TagKey(key)) }
        }
    }

    func encode(to encoder: Encoder) throws {
        let (tag, fields): (String, [String: AnyEncodable]?) = {
            switch self {
            case .start(let locale, let zone, let screens):
                return ("Start", ["locale": AnyEncodable(locale), "time_zone": AnyEncodable(zone), "screens": AnyEncodable(screens)])
            case .signIn(let email, let password, let server, let acceptHost, let username):
                return ("SignIn", ["email": AnyEncodable(email), "password": AnyEncodable(password), "server_url": AnyEncodable(server),
                                   "accept_host": AnyEncodable(acceptHost), "username": AnyEncodable(username)])
            case .signInWithBrowser(let email, let server, let acceptHost):
                return ("SignInWithBrowser", ["email": AnyEncodable(email), "server_url": AnyEncodable(server), "accept_host": AnyEncodable(acceptHost)])
            case .cancelBrowserSignIn: return ("CancelBrowserSignIn", nil)
            case .signOut: return ("SignOut", nil)
            case .sync: return ("Sync", nil)
            case .search(let query): return ("Search", ["query": AnyEncodable(query)])
            case .showMoreContacts(let through): return ("ShowMoreContacts", ["through": AnyEncodable(through)])
            case .openContact(let id): return ("OpenContact", ["id": AnyEncodable(id)])
            case .closeContact: return ("CloseContact", nil)
            case .saveContact(let id, let fields): return ("SaveContact", ["id": AnyEncodable(id), "fields": AnyEncodable(fields)])
            case .deleteContact(let id): return ("DeleteContact", ["id": AnyEncodable(id)])
            case .resolveConflict(let id, let resolution):
                return ("ResolveConflict", ["conflict_id": AnyEncodable(id), "resolution": AnyEncodable(resolution)])
            case .showAgenda(let span, let date, let until):
                return ("ShowAgenda", ["range": AnyEncodable(["span": AnyEncodable(span), "date": AnyEncodable(date), "until": AnyEncodable(until)])])
            case .openEvent(let id, let occurrence): return ("OpenEvent", ["id": AnyEncodable(id), "occurrence": AnyEncodable(occurrence)])
            case .closeEvent: return ("CloseEvent", nil)
            case .saveEvent(let id, let calendar, let occurrence, let fields, let scope):
                return ("SaveEvent", ["id": AnyEncodable(id), "calendar": AnyEncodable(calendar), "occurrence": AnyEncodable(occurrence),
                                      "fields": AnyEncodable(fields), "scope": AnyEncodable(scope)])
            case .deleteEvent(let id, let occurrence): return ("DeleteEvent", ["id": AnyEncodable(id), "occurrence": AnyEncodable(occurrence)])
            case .searchNotes(let query): return ("SearchNotes", ["query": AnyEncodable(query)])
            case .openNote(let id): return ("OpenNote", ["id": AnyEncodable(id)])
            case .closeNote: return ("CloseNote", nil)
            case .saveNote(let id, let category, let title, let text):
                return ("SaveNote", ["id": AnyEncodable(id), "category": AnyEncodable(category), "title": AnyEncodable(title), "text": AnyEncodable(text)])
            case .toggleNoteTask(let id, let task): return ("ToggleNoteTask", ["id": AnyEncodable(id), "task": AnyEncodable(task)])
            case .deleteNote(let id): return ("DeleteNote", ["id": AnyEncodable(id)])
            case .moveNote(let id, let title, let category):
                return ("MoveNote", ["id": AnyEncodable(id), "title": AnyEncodable(title), "category": AnyEncodable(category)])
            case .setNotesFolder(let url): return ("SetNotesFolder", ["url": AnyEncodable(url)])
            case .pollNews: return ("PollNews", nil)
            case .moveOn: return ("MoveOn", nil)
            case .showNews(let unreadOnly, let language):
                return ("ShowNews", ["unread_only": AnyEncodable(unreadOnly), "language": AnyEncodable(language)])
            case .openAnnouncement(let id): return ("OpenAnnouncement", ["id": AnyEncodable(id)])
            case .closeAnnouncement: return ("CloseAnnouncement", nil)
            case .markAllNewsRead: return ("MarkAllNewsRead", nil)
            case .addFeed(let url): return ("AddFeed", ["url": AnyEncodable(url)])
            case .findNewsFeeds: return ("FindNewsFeeds", nil)
            case .removeFeed(let url): return ("RemoveFeed", ["url": AnyEncodable(url)])
            case .addAnnouncementToAgenda(let id, let calendar):
                return ("AddAnnouncementToAgenda", ["id": AnyEncodable(id), "calendar": AnyEncodable(calendar)])
            case .createNoteCategory(let path): return ("CreateNoteCategory", ["path": AnyEncodable(path)])
            }
        }()
        if let fields {
            var c = encoder.container(keyedBy: TagKey.self)
            try c.encode(Fields(values: fields), forKey: TagKey(tag))
        } else {
            var c = encoder.singleValueContainer()
            try c.encode(tag)
        }
    }

    func json() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }
}

/// Lets one dictionary hold differently typed values; nil encodes as `null`.
struct AnyEncodable: Encodable {
    private let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
