import SwiftUI

/// The cooperative's announcements, as the core sorts them (newest first,
/// the member's language; the others counted and shown on request). Unread
/// ones carry a dot and a word, not a colour alone. Below the list, the
/// sources: a failing one says since when, the member's own feeds can be
/// removed, another one added by its address.
struct NewsScreen: View {
    @EnvironmentObject var core: CoreBridge
    @State private var feed = ""
    /// The member's own feed waiting for "stop following?".
    @State private var removing: NewsSourceView?

    private var news: NewsView { core.view.news }
    private var all: Bool { news.language == "all" }
    /// "all" keeps every language shown when the filter changes; nil is the member's own.
    private var language: String? { all ? "all" : nil }
    private var typed: String { feed.trimmingCharacters(in: .whitespacesAndNewlines) }

    var body: some View {
        NavigationStack {
            List {
                Section {
                    if news.unreadCount > 0 {
                        Text("news_unread \(news.unreadCount)").font(.subheadline.weight(.semibold))
                    }
                    Toggle("unread_only", isOn: Binding(
                        get: { news.unreadOnly },
                        set: { core.send(.showNews(unreadOnly: $0, language: language)) }
                    ))
                    if news.polling {
                        Label("news_polling", systemImage: "arrow.triangle.2.circlepath").foregroundStyle(.secondary)
                    }
                    if let error = core.view.error {
                        Label { Text(error) } icon: { Image(systemName: "exclamationmark.triangle") }
                            .foregroundStyle(.red)
                    }
                }
                Section {
                    if news.announcements.isEmpty {
                        Text(LocalizedStringKey(news.sources.isEmpty ? "no_news_sources" : news.unreadOnly ? "no_unread_news" : "no_news"))
                            .foregroundStyle(.secondary)
                    }
                    ForEach(news.announcements) { row in
                        Button { core.send(.openAnnouncement(id: row.id)) } label: { AnnouncementRowView(row: row, showLanguage: all) }
                            .foregroundStyle(.primary)
                    }
                    if let note = news.otherLanguagesNote {
                        VStack(alignment: .leading, spacing: 4) {
                            Text(note).font(.footnote).foregroundStyle(.secondary)
                            Button("show_other_languages") { core.send(.showNews(unreadOnly: news.unreadOnly, language: "all")) }
                        }
                    } else if all {
                        Button("only_my_language") { core.send(.showNews(unreadOnly: news.unreadOnly, language: nil)) }
                    }
                }
                Section("news_sources") {
                    ForEach(news.sources) { source in
                        SourceRowView(source: source) { removing = source }
                    }
                    TextField("feed_address", text: $feed, prompt: Text(verbatim: "https://…/feed.atom"))
                        .keyboardType(.URL)
                        .textContentType(.URL)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                        .onSubmit(addFeed)
                    Button("add_feed", action: addFeed).disabled(typed.isEmpty)
                }
            }
            .refreshable { core.send(.pollNews) }
            .navigationTitle("news")
            .toolbar {
                ToolbarItem(placement: .primaryAction) {
                    if news.unreadCount > 0 {
                        Button("mark_all_read") { core.send(.markAllNewsRead) }
                    }
                }
            }
            .navigationDestination(isPresented: Binding(
                get: { core.view.announcement != nil },
                set: { if !$0 { core.send(.closeAnnouncement) } }
            )) {
                if let announcement = core.view.announcement { AnnouncementDetailView(announcement: announcement) }
            }
            .confirmationDialog(
                Text("remove_feed_question \(removing?.name ?? "")"),
                isPresented: Binding(get: { removing != nil }, set: { if !$0 { removing = nil } }),
                titleVisibility: .visible,
                presenting: removing
            ) { source in
                Button("remove_feed_confirm", role: .destructive) { core.send(.removeFeed(url: source.url)) }
                Button("remove_feed_keep", role: .cancel) {}
            } message: { _ in
                Text("remove_feed_detail")
            }
        }
        // Entering the news asks the sources that are due, as the other shells do.
        .onAppear { if !news.polling { core.send(.pollNews) } }
    }

    /// A refused address (the core says why) stays typed, to be corrected.
    private func addFeed() {
        guard !typed.isEmpty else { return }
        core.send(.addFeed(url: typed))
        feed = ""
    }
}

private struct AnnouncementRowView: View {
    let row: AnnouncementRow
    let showLanguage: Bool

    var body: some View {
        HStack(alignment: .firstTextBaseline, spacing: 10) {
            // The dot is decoration; the word below says it to everyone.
            Circle().fill(row.read ? Color.clear : Color.accentColor).frame(width: 8, height: 8).accessibilityHidden(true)
            VStack(alignment: .leading, spacing: 3) {
                Text(verbatim: "\(row.source) · \(row.date)").font(.caption).foregroundStyle(.secondary).lineLimit(1)
                Text(row.title).font(.headline.weight(row.read ? .regular : .semibold)).lineLimit(2)
                if !row.preview.isEmpty {
                    Text(row.preview).font(.subheadline).foregroundStyle(.secondary).lineLimit(2)
                }
                HStack(spacing: 8) {
                    if !row.read { Text("unread").foregroundStyle(Color.accentColor) }
                    if row.hasEvent { Label("news_event", systemImage: "calendar") }
                    if showLanguage, let language = row.language { Text(verbatim: language.uppercased()) }
                }
                .font(.caption)
            }
        }
        .frame(minHeight: 44, alignment: .leading)
        .contentShape(Rectangle())
        .accessibilityElement(children: .combine)
        .accessibilityHint(Text("open_announcement"))
    }
}

private struct SourceRowView: View {
    let source: NewsSourceView
    let onRemove: () -> Void

    var body: some View {
        HStack {
            VStack(alignment: .leading, spacing: 2) {
                Text(source.name).lineLimit(1)
                if source.kind == "feed" && source.url != source.name {
                    Text(verbatim: source.url).font(.caption).foregroundStyle(.secondary).lineLimit(1)
                }
                if let failing = source.failing {
                    Label { Text(failing) } icon: { Image(systemName: "exclamationmark.triangle") }
                        .font(.caption).foregroundStyle(.red)
                }
            }
            Spacer()
            if source.addedByMember {
                Button("remove_feed", role: .destructive, action: onRemove)
                    .buttonStyle(.borderless)
                    .accessibilityLabel(Text("remove_feed_named \(source.kind == "feed" ? source.url : source.name)"))
            }
        }
    }
}

/// One announcement: its document drawn natively (never HTML), links that
/// open only once the member said yes, and for one that carries an event,
/// "add to my agenda" in a calendar the member can write to.
struct AnnouncementDetailView: View {
    @EnvironmentObject var core: CoreBridge
    let announcement: AnnouncementView
    /// The chosen calendar's href; nil: the first writable one.
    @State private var calendar: String?
    /// A link the member tapped, waiting for a yes.
    @State private var link: URL?
    /// Said when no app takes the link.
    @State private var noApp = false
    @Environment(\.openURL) private var openURL

    private var writable: [CalendarView] { core.view.calendars.filter { !$0.readOnly } }

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 12) {
                // The title in full: a navigation bar cuts a long one.
                Text(announcement.title).font(.title2.weight(.semibold)).accessibilityAddTraits(.isHeader)
                Text(verbatim: [announcement.source, announcement.date, announcement.author ?? ""].filter { !$0.isEmpty }.joined(separator: " · "))
                    .font(.subheadline).foregroundStyle(.secondary)
                if let error = core.view.error {
                    Label { Text(error) } icon: { Image(systemName: "exclamationmark.triangle") }.foregroundStyle(.red)
                } else if let notice = core.view.notice {
                    Label { Text(notice) } icon: { Image(systemName: "checkmark.circle") }.foregroundStyle(.secondary)
                }
                if announcement.eventUrl != nil { agenda }
                NoteDocumentView(blocks: announcement.document.blocks, readOnly: true) { _ in }
                    // A link's tap only asks; the answer opens it (below).
                    .environment(\.openURL, OpenURLAction { url in
                        link = url
                        return .handled
                    })
                if let page = announcement.link.flatMap(URL.init(string:)) {
                    Button("read_on_site") { link = page }.buttonStyle(.bordered)
                }
            }
            .padding()
            // A line a reader can follow on an iPad, too.
            .frame(maxWidth: 720, alignment: .leading)
            .frame(maxWidth: .infinity)
        }
        .navigationTitle(announcement.title)
        .navigationBarTitleDisplayMode(.inline)
        .alert("open_link_question", isPresented: Binding(get: { link != nil }, set: { if !$0 { link = nil } }), presenting: link) { url in
            // Not Link: its failure is silent. The member is told instead.
            Button("open_link") { openURL(url) { accepted in if !accepted { noApp = true } } }
            Button("stay_here", role: .cancel) {}
        } message: { url in
            Text(verbatim: url.absoluteString)
        }
        .alert("no_app_to_open_link", isPresented: $noApp) { Button("ok") {} }
    }

    private var agenda: some View {
        VStack(alignment: .leading, spacing: 8) {
            if let title = announcement.eventTitle {
                Text("event_in_announcement \(title)")
            } else {
                Text("event_in_announcement_untitled")
            }
            if writable.isEmpty {
                Text("no_writable_calendar").foregroundStyle(.secondary)
            } else {
                if writable.count > 1 {
                    Picker("news_calendar", selection: Binding(
                        get: { calendar ?? writable[0].href },
                        set: { calendar = $0 }
                    )) {
                        ForEach(writable, id: \.href) { Text($0.name).tag($0.href) }
                    }
                    .pickerStyle(.menu)
                }
                Button {
                    core.send(.addAnnouncementToAgenda(id: announcement.id, calendar: calendar ?? writable[0].href))
                } label: {
                    Label("add_to_agenda", systemImage: "calendar.badge.plus")
                }
                .buttonStyle(.borderedProminent)
            }
        }
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(Color.secondary.opacity(0.12), in: RoundedRectangle(cornerRadius: 12))
    }
}
