package coop.nubo.companion.core

import org.json.JSONArray
import org.json.JSONObject

/**
 * What the member did, as the core's `Event` JSON (serde's externally
 * tagged enums): `{"Search":{"query":"helene"}}`; unit variants are a bare
 * string, `"Sync"`. Only the variants a shell may send are here.
 */
sealed class Event {
    abstract fun toJson(): String

    /**
     * [timeZone]: the device's IANA zone ("Europe/Brussels"); null lets the core use Brussels.
     * [screens]: the lists read at start; null reads every one (every tab ready at once).
     */
    data class Start(val locale: String, val timeZone: String? = null, val screens: List<Screen>? = null) : Event() {
        override fun toJson() = tagged(
            "Start",
            JSONObject().put("locale", locale).put("time_zone", timeZone ?: JSONObject.NULL)
                .put("screens", screens?.let { list -> JSONArray(list.map { it.json }) } ?: JSONObject.NULL),
        )
    }
    /**
     * `acceptHost`: a host the member accepted after the core named it (discovery moved there).
     * `username`: the login name, when the server does not know the member by their address.
     */
    data class SignIn(
        val email: String,
        val password: String,
        val serverUrl: String?,
        val acceptHost: String? = null,
        val username: String? = null,
    ) : Event() {
        override fun toJson() = tagged(
            "SignIn",
            JSONObject().put("email", email).put("password", password).put("server_url", serverUrl ?: JSONObject.NULL)
                .put("accept_host", acceptHost ?: JSONObject.NULL).put("username", username ?: JSONObject.NULL),
        )
        // Never print the password.
        override fun toString() = "SignIn(email=$email, serverUrl=$serverUrl)"
    }
    /** Sign in on the server's own page (Nextcloud Login Flow v2): no password typed into the app. */
    data class SignInWithBrowser(val email: String, val serverUrl: String?, val acceptHost: String? = null) : Event() {
        override fun toJson() = tagged(
            "SignInWithBrowser",
            JSONObject().put("email", email).put("server_url", serverUrl ?: JSONObject.NULL)
                .put("accept_host", acceptHost ?: JSONObject.NULL),
        )
    }
    object CancelBrowserSignIn : Event() { override fun toJson() = JSONObject.quote("CancelBrowserSignIn") }
    object SignOut : Event() { override fun toJson() = JSONObject.quote("SignOut") }
    object Sync : Event() { override fun toJson() = JSONObject.quote("Sync") }
    data class Search(val query: String) : Event() {
        override fun toJson() = tagged("Search", JSONObject().put("query", query))
    }
    /** The end of the list came into view ([through] null), or the member wants the contact at [through] (an initial not listed yet). */
    data class ShowMoreContacts(val through: Int? = null) : Event() {
        override fun toJson() = tagged("ShowMoreContacts", JSONObject().put("through", through ?: JSONObject.NULL))
    }
    data class OpenContact(val id: Long) : Event() {
        override fun toJson() = tagged("OpenContact", JSONObject().put("id", id))
    }
    object CloseContact : Event() { override fun toJson() = JSONObject.quote("CloseContact") }
    data class SaveContact(val id: Long?, val fields: ContactFields) : Event() {
        override fun toJson() = tagged("SaveContact", JSONObject().put("id", id ?: JSONObject.NULL).put("fields", fields.toJson()))
    }
    data class DeleteContact(val id: Long) : Event() {
        override fun toJson() = tagged("DeleteContact", JSONObject().put("id", id))
    }
    data class ResolveConflict(val conflictId: Long, val resolution: Resolution) : Event() {
        override fun toJson() = tagged("ResolveConflict", JSONObject().put("conflict_id", conflictId).put("resolution", resolution.name))
    }

    /** [date] "2027-05-08" (null: today); [until] the last day of a Range. */
    data class ShowAgenda(val span: AgendaSpan, val date: String? = null, val until: String? = null) : Event() {
        override fun toJson() = tagged(
            "ShowAgenda",
            JSONObject().put(
                "range",
                JSONObject().put("span", span.name).put("date", date ?: JSONObject.NULL).put("until", until ?: JSONObject.NULL),
            ),
        )
    }
    /** [occurrence]: the key an agenda entry carries, for one occurrence of a series. */
    data class OpenEvent(val id: Long, val occurrence: String?) : Event() {
        override fun toJson() = tagged("OpenEvent", JSONObject().put("id", id).put("occurrence", occurrence ?: JSONObject.NULL))
    }
    object CloseEvent : Event() { override fun toJson() = JSONObject.quote("CloseEvent") }
    /** With [occurrence], [scope] says whether that one only or it and every later one changes. */
    data class SaveEvent(
        val id: Long?,
        val calendar: String?,
        val occurrence: String?,
        val fields: EventFields,
        val scope: EditScope = EditScope.Occurrence,
    ) : Event() {
        override fun toJson() = tagged(
            "SaveEvent",
            JSONObject().put("id", id ?: JSONObject.NULL).put("calendar", calendar ?: JSONObject.NULL)
                .put("occurrence", occurrence ?: JSONObject.NULL).put("fields", fields.toJson())
                .put("scope", scope.name),
        )
    }
    /** Deletes the event or series, or with [occurrence] cancels only that one. */
    data class DeleteEvent(val id: Long, val occurrence: String?) : Event() {
        override fun toJson() = tagged("DeleteEvent", JSONObject().put("id", id).put("occurrence", occurrence ?: JSONObject.NULL))
    }

    /** All notes (empty query), or those holding every word. */
    data class SearchNotes(val query: String) : Event() {
        override fun toJson() = tagged("SearchNotes", JSONObject().put("query", query))
    }
    data class OpenNote(val id: Long) : Event() {
        override fun toJson() = tagged("OpenNote", JSONObject().put("id", id))
    }
    object CloseNote : Event() { override fun toJson() = JSONObject.quote("CloseNote") }
    /** A new note ([id] null: [title] names its file, [category] its folder) or a note's new [text]. */
    data class SaveNote(val id: Long?, val category: String?, val title: String, val text: String) : Event() {
        override fun toJson() = tagged(
            "SaveNote",
            JSONObject().put("id", id ?: JSONObject.NULL).put("category", category ?: JSONObject.NULL).put("title", title)
                .put("text", text),
        )
    }
    /** [task]: the checkbox's index in the note's document. */
    data class ToggleNoteTask(val id: Long, val task: Int) : Event() {
        override fun toJson() = tagged("ToggleNoteTask", JSONObject().put("id", id).put("task", task))
    }
    data class DeleteNote(val id: Long) : Event() {
        override fun toJson() = tagged("DeleteNote", JSONObject().put("id", id))
    }
    /** Renames a note ([title]) or puts it in another category (its path, "" for none); null keeps it. */
    data class MoveNote(val id: Long, val title: String?, val category: String?) : Event() {
        override fun toJson() = tagged(
            "MoveNote",
            JSONObject().put("id", id).put("title", title ?: JSONObject.NULL).put("category", category ?: JSONObject.NULL),
        )
    }
    /** A new category ([path] "Travail/Projets"), made on the server at once: needs a connection. */
    data class CreateNoteCategory(val path: String) : Event() {
        override fun toJson() = tagged("CreateNoteCategory", JSONObject().put("path", path))
    }
    /** The WebDAV folder of the member's notes, on the account's server. */
    data class SetNotesFolder(val url: String) : Event() {
        override fun toJson() = tagged("SetNotesFolder", JSONObject().put("url", url))
    }
    /** Polls the sources of announcements that are due (the background schedule). */
    object PollNews : Event() { override fun toJson() = JSONObject.quote("PollNews") }
    /** The member went to another tab or opened an edit form: the last notice ends. */
    object MoveOn : Event() { override fun toJson() = JSONObject.quote("MoveOn") }
    /** [language]: "fr", "nl", "en", "all", or null for the member's. */
    data class ShowNews(val unreadOnly: Boolean, val language: String?) : Event() {
        override fun toJson() = tagged("ShowNews", JSONObject().put("unread_only", unreadOnly).put("language", language ?: JSONObject.NULL))
    }
    /** Opens an announcement and marks it read. */
    data class OpenAnnouncement(val id: Long) : Event() {
        override fun toJson() = tagged("OpenAnnouncement", JSONObject().put("id", id))
    }
    object CloseAnnouncement : Event() { override fun toJson() = JSONObject.quote("CloseAnnouncement") }
    object MarkAllNewsRead : Event() { override fun toJson() = JSONObject.quote("MarkAllNewsRead") }
    /** Follows a feed (Atom, RSS, JSON Feed) by its address. */
    data class AddFeed(val url: String) : Event() {
        override fun toJson() = tagged("AddFeed", JSONObject().put("url", url))
    }
    /** Looks again for the cooperative's feeds on the account domain's home page. */
    object FindNewsFeeds : Event() { override fun toJson() = JSONObject.quote("FindNewsFeeds") }
    /** Stops following a feed; its announcements go with it. */
    data class RemoveFeed(val url: String) : Event() {
        override fun toJson() = tagged("RemoveFeed", JSONObject().put("url", url))
    }
    /** [calendar]: a calendar's href or name; null for the first writable one. */
    data class AddAnnouncementToAgenda(val id: Long, val calendar: String?) : Event() {
        override fun toJson() = tagged("AddAnnouncementToAgenda", JSONObject().put("id", id).put("calendar", calendar ?: JSONObject.NULL))
    }

    enum class Resolution { KeepMine, KeepServer, KeepBoth }

    enum class EditScope { Occurrence, AndFollowing, Series }

    protected fun tagged(tag: String, body: JSONObject): String = JSONObject().put(tag, body).toString()
}

fun ContactFields.toJson(): JSONObject = JSONObject()
    .put("full_name", fullName)
    .put("given_name", givenName)
    .put("family_name", familyName)
    .put("emails", JSONArray(emails.map { JSONObject().put("label", it.label).put("value", it.value) }))
    .put("phones", JSONArray(phones.map { JSONObject().put("label", it.label).put("value", it.value) }))
    .put("org", org)
    .put("title", title)
    .put("note", note)
    .put("addresses", JSONArray(addresses.map { JSONObject().put("label", it.label).put("value", it.value) }))
    .put("birthday", birthday)
    .put("has_photo", hasPhoto)

fun EventFields.toJson(): JSONObject = JSONObject()
    .put("summary", summary)
    .put("location", location)
    .put("description", description)
    .put("start", start)
    .put("end", end)

/** A screen whose list a start reads ([Event.Start]). */
enum class Screen(val json: String) { Agenda("Agenda"), Contacts("Contacts"), Notes("Notes"), News("News") }
