import SwiftUI

/// The core's agenda, day by day; the core picks the window, expands the
/// series and lays out the days. Taps become events.
struct AgendaScreen: View {
    @EnvironmentObject var core: CoreBridge
    @State private var creating = false

    private var agenda: AgendaView { core.view.agenda }

    var body: some View {
        NavigationStack {
            List {
                Picker("agenda_span", selection: Binding(get: { agenda.span }, set: { core.send(.showAgenda(span: $0, date: nil, until: nil)) })) {
                    Text("upcoming").tag(AgendaSpan.upcoming)
                    Text("day").tag(AgendaSpan.day)
                    Text("week").tag(AgendaSpan.week)
                    Text("month").tag(AgendaSpan.month)
                }
                .pickerStyle(.segmented)
                if let note = agenda.note { Text(note).font(.footnote) }
                if let error = core.view.error { Text(error).foregroundStyle(.red) }
                if agenda.days.isEmpty { Text("no_events").foregroundStyle(.secondary) }
                ForEach(agenda.days) { day in
                    Section(day.label) {
                        ForEach(day.entries) { entry in
                            Button { core.send(.openEvent(id: entry.eventId, occurrence: entry.occurrence)) } label: {
                                AgendaRow(entry: entry)
                            }
                            .foregroundStyle(.primary)
                        }
                    }
                }
            }
            .navigationTitle(agenda.title)
            .refreshable { core.send(.sync) }
            .toolbar {
                if core.view.calendars.contains(where: { !$0.readOnly }) {
                    Button { creating = true; core.send(.moveOn) } label: { Label("new_event", systemImage: "plus") }
                }
            }
            .sheet(isPresented: $creating) {
                EventEditSheet(initial: EventFields()) { fields, _ in
                    core.send(.saveEvent(id: nil, calendar: nil, occurrence: nil, fields: fields, scope: .occurrence))
                }
            }
            .sheet(isPresented: Binding(get: { core.view.event != nil }, set: { if !$0 { core.send(.closeEvent) } })) {
                if let event = core.view.event { EventDetailSheet(event: event) }
            }
        }
    }
}

private struct AgendaRow: View {
    let entry: AgendaEntry
    var body: some View {
        HStack(alignment: .top, spacing: 12) {
            Circle().fill(Color(hex: entry.color) ?? .accentColor).frame(width: 10, height: 10).padding(.top, 6)
                .accessibilityHidden(true)
            VStack(alignment: .leading, spacing: 2) {
                Text(entry.title).font(.body)
                Text([entry.time, entry.location].filter { !$0.isEmpty }.joined(separator: " · "))
                    .font(.subheadline).foregroundStyle(.secondary)
                if entry.pending { Text("pending").font(.caption).foregroundStyle(.orange) }
            }
        }
        .accessibilityElement(children: .combine)
    }
}

private struct EventDetailSheet: View {
    @EnvironmentObject var core: CoreBridge
    let event: EventView
    @State private var editing = false
    @State private var confirming = false

    var body: some View {
        NavigationStack {
            List {
                Text(event.timeLabel)
                if let note = event.zoneNote { Text(note).foregroundStyle(.red) }
                if let note = event.repairNote { Text(note).foregroundStyle(.red) }
                if !event.fields.location.isEmpty { Text(event.fields.location) }
                if !event.fields.description.isEmpty { Text(event.fields.description) }
                Text(event.calendarName).foregroundStyle(.secondary)
                if let organizer = event.organizer { Text(organizer) }
                ForEach(event.attendees, id: \.self) { Text($0).font(.footnote) }
                if !event.reminders.isEmpty {
                    Section("reminders") {
                        ForEach(event.reminders, id: \.self) { Text($0) }
                    }
                }
                if event.readOnly { Text("read_only_calendar").foregroundStyle(.secondary) }
            }
            .navigationTitle(event.fields.summary)
            .toolbar {
                if !event.readOnly {
                    Button("edit") { editing = true; core.send(.moveOn) }
                    Button(event.occurrence == nil ? "delete" : "cancel_occurrence", role: .destructive) { confirming = true }
                }
            }
            .confirmationDialog(event.occurrence == nil ? "delete_event_confirm" : "cancel_occurrence_confirm", isPresented: $confirming, titleVisibility: .visible) {
                // The button names the action; the way out is not a second "Annuler".
                Button(event.occurrence == nil ? "delete" : "cancel_occurrence", role: .destructive) {
                    core.send(.deleteEvent(id: event.id, occurrence: event.occurrence))
                }
                Button(event.occurrence == nil ? "cancel" : "keep_date", role: .cancel) {}
            }
            .sheet(isPresented: $editing) {
                EventEditSheet(initial: event.fields, ofSeries: event.recurring && event.occurrence != nil) { fields, scope in
                    core.send(.saveEvent(id: event.id, calendar: nil, occurrence: event.occurrence, fields: fields, scope: scope))
                }
            }
        }
    }
}

/// An event's fields, its days and times from the system's pickers; the
/// core checks them and says what is wrong.
private struct EventEditSheet: View {
    @Environment(\.dismiss) private var dismiss
    @State var fields: EventFields
    /// One date of a series: the change applies to it only, or to it and the following ones.
    let ofSeries: Bool
    @State private var scope: EditScope = .occurrence
    let onSave: (EventFields, EditScope) -> Void

    /// The device's own date and time pickers: nothing to type in a format.
    @State private var allDay: Bool
    @State private var start: Date
    @State private var end: Date

    init(initial: EventFields, ofSeries: Bool = false, onSave: @escaping (EventFields, EditScope) -> Void) {
        _fields = State(initialValue: initial)
        let begins = WallClock.date(initial.start) ?? WallClock.nextHour()
        _allDay = State(initialValue: !initial.start.isEmpty && !initial.start.contains("T"))
        _start = State(initialValue: begins)
        _end = State(initialValue: WallClock.date(initial.end) ?? begins.addingTimeInterval(3600))
        self.ofSeries = ofSeries
        self.onSave = onSave
    }

    var body: some View {
        NavigationStack {
            Form {
                TextField("event_title", text: $fields.summary)
                Toggle("all_day", isOn: $allDay)
                DatePicker("event_start", selection: $start, displayedComponents: allDay ? .date : [.date, .hourAndMinute])
                    // Moving the start moves the end with it: the event keeps its length.
                    .onChange(of: start) { [start] moved in end = end.addingTimeInterval(moved.timeIntervalSince(start)) }
                DatePicker("event_end", selection: $end, in: start..., displayedComponents: allDay ? .date : [.date, .hourAndMinute])
                TextField("event_location", text: $fields.location)
                TextField("note", text: $fields.description, axis: .vertical)
                if ofSeries {
                    Picker("apply_to", selection: $scope) {
                        Text("this_date_only").tag(EditScope.occurrence)
                        Text("this_date_and_following").tag(EditScope.andFollowing)
                        Text("whole_series").tag(EditScope.series)
                    }
                    .pickerStyle(.inline)
                }
            }
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("save") {
                        fields.start = WallClock.text(start, allDay: allDay)
                        fields.end = WallClock.text(end, allDay: allDay)
                        onSave(fields, scope)
                        dismiss()
                    }
                    .disabled(fields.summary.isEmpty)
                }
            }
        }
    }
}

/// The core's wall-clock text ("2027-05-08T10:00", or "2027-05-08" for a
/// whole day) in the device's zone, and back: the pickers hold Dates.
enum WallClock {
    static func date(_ text: String) -> Date? { formatter(withTime: text.contains("T")).date(from: text) }

    static func text(_ date: Date, allDay: Bool) -> String { formatter(withTime: !allDay).string(from: date) }

    /// A new event: the next full hour.
    static func nextHour(after now: Date = Date()) -> Date {
        let calendar = Calendar.current
        let hour = calendar.dateInterval(of: .hour, for: now)?.start ?? now
        return calendar.date(byAdding: .hour, value: 1, to: hour) ?? now
    }

    private static func formatter(withTime: Bool) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = .current
        f.dateFormat = withTime ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd"
        return f
    }
}

extension Color {
    /// "#0082C9" → a colour; nil for anything else.
    init?(hex: String?) {
        guard let hex, hex.hasPrefix("#"), hex.count == 7, let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        self.init(red: Double((value >> 16) & 0xFF) / 255, green: Double((value >> 8) & 0xFF) / 255, blue: Double(value & 0xFF) / 255)
    }
}
