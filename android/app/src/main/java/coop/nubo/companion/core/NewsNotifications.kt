package coop.nubo.companion.core

/**
 * The core names each announcement's notification `news:<id>` (one per new
 * announcement, never twice: the core decides). The shell posts those on
 * their own channel, so a member can silence the news and keep reminders,
 * and a tap opens that announcement.
 */
object NewsNotifications {
    const val CHANNEL = "nubo-news"
    private const val PREFIX = "news:"

    /** The announcement a notification is about, or null for a reminder or a notice. */
    fun announcementId(notificationId: String): Long? =
        if (notificationId.startsWith(PREFIX)) notificationId.removePrefix(PREFIX).toLongOrNull()?.takeIf { it > 0 } else null

    /** What a tap on the notification sends the core, once it has started. */
    fun onTap(notificationId: String): Event? = announcementId(notificationId)?.let { Event.OpenAnnouncement(it) }
}
