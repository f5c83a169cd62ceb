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
    return try {
        if (start.contains('T')) {
            val from = LocalDateTime.parse(start)
            val until = end.takeIf { it.contains('T') }?.let(LocalDateTime::parse)
            when {
                until == null -> "${from.format(day)}, ${from.format(time)}"
                until.toLocalDate() == from.toLocalDate() -> "${from.format(day)}, ${from.format(time)} – ${until.format(time)}"
                else -> "${from.format(day)}, ${from.format(time)} – ${until.format(day)}, ${until.format(time)}"
            }
        } else {
            val from = LocalDate.parse(start)
            val until = end.takeIf { it.isNotEmpty() }?.let(LocalDate::parse)
            if (until == null || until == from) from.format(day) else "${from.format(day)} – ${until.format(day)}"
        }
    } catch (e: DateTimeParseException) {
        listOf(start, end).filter { it.isNotEmpty() }.joinToString(" – ")
    }
}
