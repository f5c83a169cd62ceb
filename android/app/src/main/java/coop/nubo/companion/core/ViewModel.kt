package coop.nubo.companion.core

import org.json.JSONArray
import org.json.JSONException
import org.json.JSONObject

/**
 * The core's `ViewModel` (serde JSON, snake_case keys): everything a screen
 * shows, sentences already in the member's language.
 *
 * The core writes every field, `null` included, so a missing key means this
 * shell and the core disagree (a field renamed on one side): reading fails
 * rather than showing an empty screen. `shared/contract/view_models.json`,
 * written by the core's own test, is what ContractTest decodes with this.
 */
data class ViewModel(
    val locale: String,
    /** False until the store has said whether there is an account: neither sign-in nor the app yet. */
    val loaded: Boolean = true,
    val signedIn: Boolean,
    val accountEmail: String?,
    val signingIn: Boolean,
    val signInError: String?,
    /** Sign-in led to this other server: offer to trust it (SignIn again with acceptHost). */
    val hostToAccept: String?,
    /** Signing in on the server's own page: open it in a browser tab; the core waits for the approval. */
    val signInPage: String? = null,
    val sync: SyncView,
    val addressBooks: List<BookView>,
    val calendars: List<CalendarView>,
    val query: String,
    val contacts: List<ContactRow>,
    /** A search found more than [contacts] lists: how many more, and to type more (a sentence). */
    val contactsMore: String? = null,
    /** More contacts than [contacts] lists: the words of a row at the list's end, whose coming into view sends [Event.ShowMoreContacts]. */
    val contactsComing: String? = null,
    /** The runs of one initial in the whole list, in order (a letter may recur: "#"). */
    val contactInitials: List<ContactInitial> = emptyList(),
    val selected: ContactView?,
    val conflicts: List<ConflictView>,
    val pendingChanges: Int,
    val agenda: AgendaView,
    val event: EventView?,
    val notes: NotesView,
    val note: NoteView?,
    val notice: String?,
    val error: String?,
    /** The cooperative's announcements. */
    val news: NewsView = NewsView.EMPTY,
    /** The open announcement. */
    val announcement: AnnouncementView? = null,
    /** What went wrong in technical English, beside [error] or [signInError]: for a "details" line. */
    val errorDetail: String? = null,
) {
    companion object {
        /** Before the core's first render. */
        val EMPTY = ViewModel(
            locale = "", loaded = false, signedIn = false, accountEmail = null, signingIn = false, signInError = null, hostToAccept = null,
            sync = SyncView(running = false, progress = null, status = "", failed = false, retryAfterSeconds = null),
            addressBooks = emptyList(), calendars = emptyList(), query = "", contacts = emptyList(), selected = null,
            conflicts = emptyList(), pendingChanges = 0, agenda = AgendaView.EMPTY, event = null,
            notes = NotesView.EMPTY, note = null, notice = null, error = null,
        )

        /** @throws JSONException when a key is missing or of another type. */
        fun fromJson(text: String): ViewModel {
            val o = JSONObject(text)
            return ViewModel(
                locale = o.getString("locale"),
                loaded = o.getBoolean("loaded"),
                signedIn = o.getBoolean("signed_in"),
                accountEmail = o.stringOrNull("account_email"),
                signingIn = o.getBoolean("signing_in"),
                signInError = o.stringOrNull("sign_in_error"),
                hostToAccept = o.stringOrNull("host_to_accept"),
                signInPage = o.stringOrNull("sign_in_page"),
                sync = SyncView.fromJson(o.getJSONObject("sync")),
                addressBooks = o.objects("address_books").map {
                    BookView(it.getString("href"), it.getString("name"), it.getBoolean("read_only"))
                },
                calendars = o.objects("calendars").map {
                    CalendarView(it.getString("href"), it.getString("name"), it.stringOrNull("color"), it.getBoolean("read_only"))
                },
                query = o.getString("query"),
                contacts = o.objects("contacts").map {
                    ContactRow(it.getLong("id"), it.getString("name"), it.getString("detail"), it.getBoolean("pending"), it.getBoolean("conflict"))
                },
                contactsMore = o.stringOrNull("contacts_more"),
                contactsComing = o.stringOrNull("contacts_coming"),
                contactInitials = o.objects("contact_initials").map { ContactInitial(it.getString("letter"), it.getInt("first")) },
                selected = o.objectOrNull("selected")?.let {
                    ContactView(
                        it.getLong("id"), ContactFields.fromJson(it.getJSONObject("fields")), it.getBoolean("pending"), it.getBoolean("read_only"),
                        it.getString("book"), it.stringOrNull("photo"),
                    )
                },
                conflicts = o.objects("conflicts").map {
                    ConflictView(
                        it.getLong("id"), it.getLong("contact_id"), it.getString("message"), it.getString("kind"),
                        ContactFields.fromJson(it.getJSONObject("mine")), it.stringOrNull("mine_text"),
                    )
                },
                pendingChanges = o.getInt("pending_changes"),
                agenda = AgendaView.fromJson(o.getJSONObject("agenda")),
                event = o.objectOrNull("event")?.let(EventView::fromJson),
                notes = NotesView.fromJson(o.getJSONObject("notes")),
                note = o.objectOrNull("note")?.let(NoteView::fromJson),
                notice = o.stringOrNull("notice"),
                error = o.stringOrNull("error"),
                news = NewsView.fromJson(o.getJSONObject("news")),
                announcement = o.objectOrNull("announcement")?.let(AnnouncementView::fromJson),
                errorDetail = o.stringOrNull("error_detail"),
            )
        }
    }
}

/**
 * `progress` is 0.0 to 1.0 when known; `retryAfterSeconds` from a 503; `detail` the technical English beside `status`;
 * `lastSuccessMs` when the last sync that reached every collection ended (ms since the epoch), null before one;
 * `remarks` what that sync found that stays true (items kept unread, versions kept), also in `status`.
 */
data class SyncView(
    val running: Boolean,
    val progress: Float?,
    val status: String,
    val failed: Boolean,
    val retryAfterSeconds: Long?,
    val detail: String? = null,
    val lastSuccessMs: Long? = null,
    val remarks: List<String> = emptyList(),
) {
    companion object {
        fun fromJson(o: JSONObject) = SyncView(
            running = o.getBoolean("running"),
            progress = o.doubleOrNull("progress")?.toFloat(),
            status = o.getString("status"),
            failed = o.getBoolean("failed"),
            retryAfterSeconds = o.longOrNull("retry_after_s"),
            detail = o.stringOrNull("detail"),
            lastSuccessMs = o.longOrNull("last_success_ms"),
            remarks = o.getJSONArray("remarks").let { a -> (0 until a.length()).map { a.getString(it) } },
        )
    }
}

data class BookView(val href: String, val name: String, val readOnly: Boolean)

/** `color` is "#RRGGBB", or null to let the shell pick one. */
data class CalendarView(val href: String, val name: String, val color: String?, val readOnly: Boolean)
/** A run of one initial ("A", "Ł", "#") and the position of its first contact in the whole list. */
data class ContactInitial(val letter: String, val first: Int)

data class ContactRow(val id: Long, val name: String, val detail: String, val pending: Boolean, val conflict: Boolean)
/** [photo]: the contact's picture as a `data:` URI (JPEG, PNG, GIF or WebP), when the core can show it. */
data class ContactView(val id: Long, val fields: ContactFields, val pending: Boolean, val readOnly: Boolean, val book: String, val photo: String? = null)
/** [kind]: "contact", "event" or "note"; [mine] a contact's kept fields, [mineText] a note's kept text. */
data class ConflictView(
    val id: Long,
    val contactId: Long,
    val message: String,
    val kind: String,
    val mine: ContactFields,
    val mineText: String?,
)
data class Labeled(val label: String, val value: String)

enum class AgendaSpan { Upcoming, Day, Week, Month, Range }

/** Only the days that hold something; [from] and [to] are the first and last day shown. */
data class AgendaView(val span: AgendaSpan, val from: String, val to: String, val title: String, val days: List<AgendaDay>, val note: String?) {
    companion object {
        val EMPTY = AgendaView(AgendaSpan.Upcoming, "", "", "", emptyList(), null)

        fun fromJson(o: JSONObject) = AgendaView(
            span = AgendaSpan.valueOf(o.getString("span")),
            from = o.getString("from"),
            to = o.getString("to"),
            title = o.getString("title"),
            days = o.objects("days").map { d ->
                AgendaDay(d.getString("date"), d.getString("label"), d.objects("entries").map(AgendaEntry::fromJson))
            },
            note = o.stringOrNull("note"),
        )
    }
}

data class AgendaDay(val date: String, val label: String, val entries: List<AgendaEntry>)

/** [occurrence] names this occurrence of a series for OpenEvent / SaveEvent / DeleteEvent. */
data class AgendaEntry(
    val eventId: Long,
    val occurrence: String?,
    val title: String,
    val location: String,
    val time: String,
    val allDay: Boolean,
    val calendar: String,
    val color: String?,
    val recurring: Boolean,
    val pending: Boolean,
    val readOnly: Boolean,
) {
    companion object {
        fun fromJson(o: JSONObject) = AgendaEntry(
            eventId = o.getLong("event_id"),
            occurrence = o.stringOrNull("occurrence"),
            title = o.getString("title"),
            location = o.getString("location"),
            time = o.getString("time"),
            allDay = o.getBoolean("all_day"),
            calendar = o.getString("calendar"),
            color = o.stringOrNull("color"),
            recurring = o.getBoolean("recurring"),
            pending = o.getBoolean("pending"),
            readOnly = o.getBoolean("read_only"),
        )
    }
}

/** Wall-clock times in the member's zone: "2027-05-08T10:00", or "2027-05-08" all day (end: the last day). */
data class EventFields(
    val summary: String = "",
    val location: String = "",
    val description: String = "",
    val start: String = "",
    val end: String = "",
) {
    companion object {
        fun fromJson(o: JSONObject) = EventFields(
            o.getString("summary"), o.getString("location"), o.getString("description"), o.getString("start"), o.getString("end"),
        )
    }
}

data class EventView(
    val id: Long,
    val occurrence: String?,
    val fields: EventFields,
    val calendar: String,
    val calendarName: String,
    val recurring: Boolean,
    val readOnly: Boolean,
    val pending: Boolean,
    val organizer: String?,
    val attendees: List<String>,
    /** Its reminders in words ("15 minutes avant"). */
    val reminders: List<String> = emptyList(),
    /** Said when the event's time zone is unknown and its times were read in the member's. */
    val zoneNote: String?,
    /** Said when the event broke the iCalendar rules and was read as other calendar apps read it. */
    val repairNote: String?,
    /** When it takes place, in the member's words. */
    val timeLabel: String = "",
) {
    companion object {
        fun fromJson(o: JSONObject) = EventView(
            id = o.getLong("id"),
            occurrence = o.stringOrNull("occurrence"),
            fields = EventFields.fromJson(o.getJSONObject("fields")),
            calendar = o.getString("calendar"),
            calendarName = o.getString("calendar_name"),
            recurring = o.getBoolean("recurring"),
            readOnly = o.getBoolean("read_only"),
            pending = o.getBoolean("pending"),
            organizer = o.stringOrNull("organizer"),
            attendees = o.getJSONArray("attendees").let { a -> (0 until a.length()).map { a.getString(it) } },
            reminders = o.getJSONArray("reminders").let { a -> (0 until a.length()).map { a.getString(it) } },
            zoneNote = o.stringOrNull("zone_note"),
            repairNote = o.stringOrNull("repair_note"),
            timeLabel = o.getString("time_label"),
        )
    }
}

data class ContactFields(
    val fullName: String = "",
    val givenName: String = "",
    val familyName: String = "",
    val emails: List<Labeled> = emptyList(),
    val phones: List<Labeled> = emptyList(),
    val org: String = "",
    val title: String = "",
    val note: String = "",
    val addresses: List<Labeled> = emptyList(),
    val birthday: String = "",
    val hasPhoto: Boolean = false,
) {
    companion object {
        fun fromJson(o: JSONObject) = ContactFields(
            fullName = o.getString("full_name"),
            givenName = o.getString("given_name"),
            familyName = o.getString("family_name"),
            emails = o.getJSONArray("emails").labeled(),
            phones = o.getJSONArray("phones").labeled(),
            org = o.getString("org"),
            title = o.getString("title"),
            note = o.getString("note"),
            addresses = o.getJSONArray("addresses").labeled(),
            birthday = o.getString("birthday"),
            hasPhoto = o.getBoolean("has_photo"),
        )
    }
}

/** The key must be there; `null` is a value (`isNull` alone would also be true for a missing key). */
internal fun JSONObject.present(key: String): JSONObject {
    if (!has(key)) throw JSONException("JSONObject[\"$key\"] not found: the core and this shell disagree")
    return this
}
internal fun JSONObject.stringOrNull(key: String): String? = if (present(key).isNull(key)) null else getString(key)
internal fun JSONObject.objectOrNull(key: String): JSONObject? = if (present(key).isNull(key)) null else getJSONObject(key)
internal fun JSONObject.longOrNull(key: String): Long? = if (present(key).isNull(key)) null else getLong(key)
internal fun JSONObject.doubleOrNull(key: String): Double? = if (present(key).isNull(key)) null else getDouble(key)
internal fun JSONObject.objects(key: String): List<JSONObject> = getJSONArray(key).objects()
internal fun JSONArray.objects(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }
internal fun JSONArray.labeled(): List<Labeled> = objects().map { Labeled(it.getString("label"), it.getString("value")) }
