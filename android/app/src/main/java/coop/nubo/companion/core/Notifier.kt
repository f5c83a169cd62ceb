package coop.nubo.companion.core

/** Shows a local notification the core asked for (a reminder, a notice). */
fun interface Notifier {
    /** [atMillis]: when, in milliseconds since the epoch; null means now. */
    fun show(id: String, title: String, body: String, atMillis: Long?)
}
