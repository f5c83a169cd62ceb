package coop.nubo.companion.ui

import java.time.LocalDate
import java.time.LocalDateTime
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import java.util.Locale

/**
 * An event's fields ("2027-03-10T18:30", or "2027-03-10" for all day, the
 * end then its last day) as a member reads them, in the core's [localeTag]:
 * "mercredi 10 mars 2027, 18:30 – 22:00", "woensdag 10 maart 2027 – donderdag
 * 11 maart 2027". Lower case like the core's day headings. Values the core
 * did not write this way are shown as given.
 */
fun eventWhen(start: String, end: String, localeTag: String): String {
    val locale = Locale.forLanguageTag(localeTag.ifEmpty { "en-BE" })
    val day = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", locale)
    val time = DateTimeFormatter.ofPattern("HH:mm", locale)
    val from = WallClock.parse(start) ?: return listOf(start, end).filter { it.isNotEmpty() }.joinToString(" – ")
    val until = WallClock.parse(end)?.takeIf { it.allDay == from.allDay }
    fun said(w: WallClock) = w.time?.let { "${w.date.format(day)}, ${it.format(time)}" } ?: w.date.format(day)
    return when {
        until == null || until == from -> said(from)
        until.date == from.date -> "${said(from)} – ${until.time!!.format(time)}"
        else -> "${said(from)} – ${said(until)}"
    }
}

/**
 * When an event is, as the form's pickers hold it: a day and, unless it
 * takes whole days, a time of day. Read from and written to the core's
 * text ("2027-03-10T18:30", or "2027-03-10" for a whole day).
 */
data class WallClock(val date: LocalDate, val time: java.time.LocalTime?) {
    val allDay get() = time == null

    /** The core's text for it. */
    fun text(): String = if (time == null) date.toString() else LocalDateTime.of(date, time).toString().take(16)

    /** Minutes since 1970 as if in UTC: only differences matter. */
    private fun minutes(): Long = LocalDateTime.of(date, time ?: java.time.LocalTime.MIDNIGHT).toEpochSecond(java.time.ZoneOffset.UTC) / 60

    /** The same length after [moved] as from this to [end]: the end follows the start. */
    fun endFollowing(end: WallClock, moved: WallClock): WallClock {
        val shifted = LocalDateTime.of(end.date, end.time ?: java.time.LocalTime.MIDNIGHT).plusMinutes(moved.minutes() - minutes())
        return WallClock(shifted.toLocalDate(), end.time?.let { shifted.toLocalTime() })
    }

    fun isAfter(other: WallClock) = minutes() > other.minutes()

    /** [hours] later (a whole day's date stays). */
    fun plusHours(hours: Long): WallClock =
        time?.let { LocalDateTime.of(date, it).plusHours(hours).let { t -> WallClock(t.toLocalDate(), t.toLocalTime()) } } ?: this

    companion object {
        fun parse(text: String): WallClock? = try {
            if (text.contains('T')) LocalDateTime.parse(text).let { WallClock(it.toLocalDate(), it.toLocalTime()) }
            else WallClock(LocalDate.parse(text), null)
        } catch (e: DateTimeParseException) {
            null
        }

        /** A new event: the next full hour, from [now]. */
        fun nextHour(now: LocalDateTime = LocalDateTime.now()): WallClock =
            now.withMinute(0).withSecond(0).withNano(0).plusHours(1).let { WallClock(it.toLocalDate(), it.toLocalTime()) }
    }
}
