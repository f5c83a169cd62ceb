package coop.nubo.companion.core

import org.json.JSONArray
import org.json.JSONObject

/**
 * What the platform does with reminders (Android: AlarmManager and a
 * broadcast receiver), kept behind this interface so that the decisions
 * below run, and are tested, on a plain JVM.
 */
interface ReminderAlarms {
    /** Whether exact alarms are allowed (Android 12+: the member's or the system's say). */
    fun canScheduleExact(): Boolean

    /** Sets (or replaces: one alarm per id) the alarm of [reminder], exact or not. */
    fun schedule(reminder: Reminder, exact: Boolean)

    /** Cancels the alarm of reminder [id], if one is set. */
    fun cancel(id: String)

    /** Shows [reminder] now: its time passed while no alarm could ring (the device was off). */
    fun showNow(reminder: Reminder)
}

/** Where the reminders scheduled are remembered (SharedPreferences), for the next set and for a reboot. */
interface ReminderLedger {
    fun load(): List<Reminder>

    fun save(reminders: List<Reminder>)
}

/**
 * What one set of reminders changes: the ids to cancel, the reminders to set, and how; after a
 * reboot, those missed while the device was off, shown late while their event has not ended.
 */
data class ReminderPlan(val cancel: List<String>, val schedule: List<Reminder>, val exact: Boolean, val late: List<Reminder> = emptyList())

/**
 * Honours the core's replace-all: the alarms of reminders no longer in the
 * set (an event moved or deleted, a sign-out) are cancelled, the others
 * set, exactly where allowed (Doze would otherwise hold a reminder back
 * for many minutes). After a reboot, which clears every alarm, [rearm]
 * sets again those still to come, and shows at once those whose time
 * passed meanwhile, unless their event is over.
 */
class ReminderScheduler(
    private val ledger: ReminderLedger,
    private val alarms: ReminderAlarms,
    private val now: () -> Long = System::currentTimeMillis,
) {
    fun replace(reminders: List<Reminder>): ReminderPlan {
        val plan = plan(ledger.load(), reminders, now(), alarms.canScheduleExact())
        carryOut(plan)
        return plan
    }

    /** After a boot (or exact alarms allowed again): the remembered ones still to come, and the missed ones. */
    fun rearm(): ReminderPlan {
        val kept = ledger.load()
        val at = now()
        // Not fired (the ledger forgets a fired one) and due: missed. Its alarm,
        // if an inexact one is still pending, is cancelled by the plan; a
        // notification posted twice under one id would replace itself anyway.
        val late = kept.filter { it.atMillis <= at && at < it.untilMillis }.distinctBy { it.id }
        val plan = plan(kept, kept, at, alarms.canScheduleExact()).copy(late = late)
        carryOut(plan)
        return plan
    }

    /** The alarm of [id] went off: it is no longer scheduled. */
    fun fired(id: String) {
        ledger.save(ledger.load().filter { it.id != id })
    }

    private fun carryOut(plan: ReminderPlan) {
        plan.cancel.forEach { runCatching { alarms.cancel(it) } }
        plan.schedule.forEach { runCatching { alarms.schedule(it, plan.exact) } }
        ledger.save(plan.schedule)
        plan.late.forEach { runCatching { alarms.showNow(it) } }
    }

    companion object {
        /**
         * [before]: what was scheduled; [next]: the complete new set. Every id
         * of [before] not in [next] is cancelled; of [next], those still to
         * come are set (one id once), soonest first.
         */
        fun plan(before: List<Reminder>, next: List<Reminder>, now: Long, exact: Boolean): ReminderPlan {
            val schedule = next.filter { it.atMillis > now }.distinctBy { it.id }.sortedBy { it.atMillis }
            val keep = schedule.map { it.id }.toSet()
            val cancel = before.map { it.id }.distinct().filter { it !in keep }
            return ReminderPlan(cancel, schedule, exact)
        }

        /** The ledger's text: a JSON array of the reminders, as the core sends them. */
        fun encode(reminders: List<Reminder>): String = JSONArray(
            reminders.map {
                JSONObject().put("id", it.id).put("title", it.title).put("body", it.body).put("at", it.atMillis).put("until", it.untilMillis)
            },
        ).toString()

        /** Reads what [encode] wrote, and the core's `Reminders` array; what cannot be read is skipped. */
        fun decode(json: String?): List<Reminder> {
            val array = runCatching { JSONArray(json ?: return emptyList()) }.getOrNull() ?: return emptyList()
            return (0 until array.length()).mapNotNull { i ->
                val o = array.optJSONObject(i) ?: return@mapNotNull null
                val id = o.optString("id").takeIf { it.isNotEmpty() } ?: return@mapNotNull null
                if (!o.has("at") || o.isNull("at")) return@mapNotNull null
                val at = o.optLong("at")
                Reminder(id, o.optString("title"), o.optString("body"), at, o.optLong("until", at))
            }
        }
    }
}
