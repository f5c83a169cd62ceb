package coop.nubo.companion.core

import org.json.JSONObject

/**
 * The cooperative's announcements: the member's language first (the others
 * on request, [otherLanguagesNote] says how many), unread ones counted for
 * the badge, and the sources with, for a failing one, since when it fails.
 */
data class NewsView(
    val unreadCount: Int,
    val unreadOnly: Boolean,
    /** The language shown ("fr"), or "all". */
    val language: String,
    val announcements: List<AnnouncementRow>,
    val otherLanguages: Int,
    val otherLanguagesNote: String?,
    val sources: List<NewsSourceView>,
    val polling: Boolean,
) {
    companion object {
        val EMPTY = NewsView(0, false, "", emptyList(), 0, null, emptyList(), false)

        fun fromJson(o: JSONObject) = NewsView(
            unreadCount = o.getInt("unread_count"),
            unreadOnly = o.getBoolean("unread_only"),
            language = o.getString("language"),
            announcements = o.objects("announcements").map {
                AnnouncementRow(
                    id = it.getLong("id"), title = it.getString("title"), source = it.getString("source"),
                    date = it.getString("date"), language = it.stringOrNull("language"), read = it.getBoolean("read"),
                    preview = it.getString("preview"), hasEvent = it.getBoolean("has_event"),
                )
            },
            otherLanguages = o.getInt("other_languages"),
            otherLanguagesNote = o.stringOrNull("other_languages_note"),
            sources = o.objects("sources").map {
                NewsSourceView(
                    url = it.getString("url"), kind = it.getString("kind"), name = it.getString("name"),
                    language = it.stringOrNull("language"), addedByMember = it.getBoolean("added_by_member"),
                    failing = it.stringOrNull("failing"),
                    failingDetail = it.stringOrNull("failing_detail"),
                )
            },
            polling = o.getBoolean("polling"),
        )
    }
}

/** [hasEvent]: AddAnnouncementToAgenda can put its event in a calendar. */
data class AnnouncementRow(
    val id: Long,
    val title: String,
    val source: String,
    val date: String,
    val language: String?,
    val read: Boolean,
    val preview: String,
    val hasEvent: Boolean,
)

/** The open announcement: [document] to read (never HTML); [eventUrl] for "add to my agenda". */
data class AnnouncementView(
    val id: Long,
    val title: String,
    val source: String,
    val date: String,
    val language: String?,
    val author: String?,
    val link: String?,
    val document: Document,
    val read: Boolean,
    val eventUrl: String?,
    val eventTitle: String?,
) {
    companion object {
        fun fromJson(o: JSONObject) = AnnouncementView(
            id = o.getLong("id"),
            title = o.getString("title"),
            source = o.getString("source"),
            date = o.getString("date"),
            language = o.stringOrNull("language"),
            author = o.stringOrNull("author"),
            link = o.stringOrNull("link"),
            document = Document.fromJson(o.getJSONObject("document")),
            read = o.getBoolean("read"),
            eventUrl = o.stringOrNull("event_url"),
            eventTitle = o.stringOrNull("event_title"),
        )
    }
}

/** A feed or the Announcement Center ([kind] "ocs"); [failing] says since when and why, while it fails. */
data class NewsSourceView(
    val url: String,
    val kind: String,
    val name: String,
    val language: String?,
    val addedByMember: Boolean,
    val failing: String?,
    /** The technical words (English) behind [failing]. */
    val failingDetail: String? = null,
)
