package coop.nubo.companion.core

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The platform as a test sees it: the alarms set, by id, and how. */
private class FakeAlarms(var exactAllowed: Boolean) : ReminderAlarms {
    val set = linkedMapOf<String, Pair<Reminder, Boolean>>()
    val cancelled = mutableListOf<String>()
    val shown = mutableListOf<String>()

    override fun canScheduleExact() = exactAllowed

    override fun showNow(reminder: Reminder) {
        shown += reminder.id
    }

    override fun schedule(reminder: Reminder, exact: Boolean) {
        set[reminder.id] = reminder to exact
    }

    override fun cancel(id: String) {
        cancelled += id
        set.remove(id)
    }
}

/** SharedPreferences as the text it would hold. */
private class TextLedger : ReminderLedger {
    var text: String? = null

    override fun load() = ReminderScheduler.decode(text)

    override fun save(reminders: List<Reminder>) {
        text = ReminderScheduler.encode(reminders)
    }
}

class ReminderSchedulerTest {
    private val now = 1_764_000_000_000L
    private fun at(minutes: Long) = now + minutes * 60_000
    private val permanence = Reminder("permanence@1764006300", "Permanence", "Commence à 19:00", at(105))
    private val atelier = Reminder("atelier@1764013500", "Atelier", "Commence à 21:00", at(225), untilMillis = at(300))
    private val moved = Reminder("permanence@1764009900", "Permanence", "Commence à 20:00", at(165))

    /** What the core sends, through the bridge's parser: the shell's real path. */
    private fun fromCore(json: String): List<Reminder> {
        val request = ShellRequest.parse(JSONObject(json))
        assertTrue(request is ShellRequest.Reminders, "$request")
        return (request as ShellRequest.Reminders).reminders
    }

    @Test
    fun `a moved event's reminder is cancelled and the new one set, exactly when allowed`() {
        val alarms = FakeAlarms(exactAllowed = true)
        val scheduler = ReminderScheduler(TextLedger(), alarms) { now }
        scheduler.replace(listOf(permanence, atelier))
        assertEquals(listOf(permanence.id, atelier.id), alarms.set.keys.toList())

        val plan = scheduler.replace(
            fromCore("""{"Notify":{"Reminders":[{"id":"${moved.id}","title":"Permanence","body":"Commence à 20:00","at":${moved.atMillis}},{"id":"${atelier.id}","title":"Atelier","body":"Commence à 21:00","at":${atelier.atMillis}}]}}"""),
        )
        assertEquals(listOf(permanence.id), plan.cancel, "the old time never fires")
        assertEquals(setOf(moved.id, atelier.id), alarms.set.keys)
        assertEquals(moved to true, alarms.set[moved.id])
        assertEquals(at(300), fromCore("""{"Notify":{"Reminders":[{"id":"a","title":"t","body":"b","at":${at(225)},"until":${at(300)}}]}}""").single().untilMillis)
    }

    @Test
    fun `a deleted event's reminder is cancelled, and an empty set at sign-out cancels them all`() {
        val alarms = FakeAlarms(exactAllowed = true)
        val scheduler = ReminderScheduler(TextLedger(), alarms) { now }
        scheduler.replace(listOf(permanence, atelier))
        scheduler.replace(listOf(atelier))
        assertEquals(listOf(permanence.id), alarms.cancelled)
        scheduler.replace(fromCore("""{"Notify":{"Reminders":[]}}"""))
        assertEquals(listOf(permanence.id, atelier.id), alarms.cancelled)
        assertTrue(alarms.set.isEmpty())
    }

    @Test
    fun `without exact alarms allowed, reminders are still set, inexact`() {
        val alarms = FakeAlarms(exactAllowed = false)
        ReminderScheduler(TextLedger(), alarms) { now }.replace(listOf(permanence))
        assertEquals(permanence to false, alarms.set[permanence.id])
    }

    @Test
    fun `after a reboot the remembered reminders still to come are set again, the fired one not`() {
        val ledger = TextLedger()
        var clock = now
        ReminderScheduler(ledger, FakeAlarms(exactAllowed = true)) { clock }.replace(listOf(permanence, atelier))
        // The first one goes off; then the device restarts an hour later with no alarm left.
        ReminderScheduler(ledger, FakeAlarms(exactAllowed = true)) { clock }.fired(permanence.id)
        clock = at(120)
        val afterBoot = FakeAlarms(exactAllowed = false)
        val plan = ReminderScheduler(ledger, afterBoot) { clock }.rearm()
        assertEquals(listOf(atelier), plan.schedule)
        assertEquals(mapOf(atelier.id to (atelier to false)), afterBoot.set.toMap())
        // Off again past its time and back before the workshop ends: shown at once, then forgotten.
        clock = at(250)
        val late = FakeAlarms(exactAllowed = true)
        val plan2 = ReminderScheduler(ledger, late) { clock }.rearm()
        assertEquals(listOf(atelier), plan2.late)
        assertEquals(listOf(atelier.id), late.shown)
        assertTrue(late.set.isEmpty())
        assertEquals(emptyList<Reminder>(), ledger.load())
        assertTrue(ReminderScheduler(ledger, late) { clock }.rearm().late.isEmpty(), "shown once")
    }

    @Test
    fun `a reminder missed while off is not shown once its event has ended`() {
        val ledger = TextLedger()
        ReminderScheduler(ledger, FakeAlarms(exactAllowed = true)) { now }.replace(listOf(atelier))
        val afterBoot = FakeAlarms(exactAllowed = true)
        val plan = ReminderScheduler(ledger, afterBoot) { at(300) }.rearm()
        assertTrue(plan.late.isEmpty() && afterBoot.shown.isEmpty() && afterBoot.set.isEmpty())
        assertEquals(emptyList<Reminder>(), ledger.load())
    }

    @Test
    fun `the ledger reads back what it wrote, and skips what it cannot read`() {
        assertEquals(listOf(permanence, atelier), ReminderScheduler.decode(ReminderScheduler.encode(listOf(permanence, atelier))))
        assertEquals(emptyList<Reminder>(), ReminderScheduler.decode("not json"))
        assertEquals(emptyList<Reminder>(), ReminderScheduler.decode(null))
        assertEquals(listOf(atelier), ReminderScheduler.decode("""[{"id":"x"},${ReminderScheduler.encode(listOf(atelier)).trim('[', ']')}]"""))
    }
}
