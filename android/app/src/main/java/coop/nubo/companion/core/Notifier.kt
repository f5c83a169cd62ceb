package coop.nubo.companion.core

/**
 * Carries out the core's `Notify` requests: a notification shown now (a
 * new announcement), and the complete set of reminders, which replaces
 * every reminder scheduled before (an empty set cancels them all, as at
 * sign-out).
 */
interface Notifier {
    /** Shown now; [id] names it (`news:<id>` for an announcement). */
    fun show(id: String, title: String, body: String)

    /** Every reminder from now on; those scheduled before and not here are cancelled. */
    fun replaceReminders(reminders: List<Reminder>)
}

/**
 * One reminder: `shared::effects::Reminder`, [atMillis] since the epoch;
 * [untilMillis] (the occurrence's end) bounds how late a missed one is still shown.
 */
data class Reminder(val id: String, val title: String, val body: String, val atMillis: Long, val untilMillis: Long = atMillis)
