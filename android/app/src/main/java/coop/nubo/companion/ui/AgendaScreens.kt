package coop.nubo.companion.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.runtime.remember
import androidx.compose.foundation.selection.toggleable
import androidx.compose.material3.Switch
import androidx.compose.material3.rememberTimePickerState
import androidx.compose.material3.rememberDatePickerState
import androidx.compose.material3.TimePicker
import androidx.compose.material3.DatePickerDialog
import androidx.compose.material3.DatePicker
import coop.nubo.companion.core.Event.EditScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.semantics.Role
import androidx.compose.material3.RadioButton
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.consumeWindowInsets
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.itemsIndexed
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.ExtendedFloatingActionButton
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import coop.nubo.companion.core.AgendaDay
import coop.nubo.companion.core.AgendaEntry
import coop.nubo.companion.core.AgendaSpan
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.EventFields
import coop.nubo.companion.core.EventView
import coop.nubo.companion.core.ViewModel

/** "#0082C9" → a colour; the theme's when the calendar has none. */
@Composable
private fun calendarColor(hex: String?): Color =
    hex?.removePrefix("#")?.toLongOrNull(16)?.let { Color(0xFF000000 or it) } ?: MaterialTheme.colorScheme.primary

/**
 * The core's agenda, day by day: the core picks the window, expands the
 * series and lays out the days; this screen only draws them.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun AgendaScreen(
    view: ViewModel,
    snackbar: SnackbarHostState,
    send: (Event) -> Unit,
    onNewEvent: () -> Unit,
    bottomBar: @Composable () -> Unit = {},
) {
    val agenda = view.agenda
    Scaffold(
        topBar = {
            TopAppBar(
                // The period ("Wednesday 2 December 2026 – Thursday 31
                // December 2026") is too long for a top bar: a heading below.
                title = { Text(text(Label.agenda)) },
                actions = {
                    IconButton(onClick = { send(Event.Sync) }, enabled = !view.sync.running) {
                        Icon(Icons.Filled.Refresh, contentDescription = text(Label.sync_now))
                    }
                },
            )
        },
        floatingActionButton = {
            if (view.calendars.any { !it.readOnly }) {
                ExtendedFloatingActionButton(
                    onClick = onNewEvent,
                    icon = { Icon(Icons.Filled.Add, contentDescription = null) },
                    text = { Text(text(Label.new_event)) },
                )
            }
        },
        snackbarHost = { SnackbarHost(snackbar) },
        bottomBar = bottomBar,
    ) { padding ->
        LazyColumn(Modifier.fillMaxSize().padding(padding), contentPadding = PaddingValues(bottom = 88.dp)) {
            item {
                Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    listOf(
                        AgendaSpan.Upcoming to Label.upcoming,
                        AgendaSpan.Day to Label.day,
                        AgendaSpan.Week to Label.week,
                        AgendaSpan.Month to Label.month,
                    ).forEach { (span, label) ->
                        FilterChip(
                            selected = agenda.span == span,
                            onClick = { send(Event.ShowAgenda(span, null)) },
                            label = { Text(text(label)) },
                        )
                    }
                }
            }
            if (agenda.title.isNotEmpty()) {
                item {
                    Text(
                        agenda.title,
                        style = MaterialTheme.typography.titleMedium,
                        modifier = Modifier.padding(horizontal = 16.dp, vertical = 4.dp).semantics { heading() },
                    )
                }
            }
            item { SyncStatus(view.sync, view.pendingChanges) }
            view.error?.let { message ->
                item { Text(message, color = MaterialTheme.colorScheme.error, modifier = Modifier.padding(horizontal = 16.dp)) }
            }
            agenda.note?.let { note -> item { Text(note, modifier = Modifier.padding(horizontal = 16.dp, vertical = 4.dp)) } }
            if (agenda.days.isEmpty()) {
                item { Text(text(Label.no_events), modifier = Modifier.padding(16.dp)) }
            }
            agenda.days.forEach { day ->
                item(key = day.date) {
                    Text(
                        day.label,
                        style = MaterialTheme.typography.titleSmall,
                        modifier = Modifier.padding(start = 16.dp, top = 16.dp, bottom = 4.dp).semantics { heading() },
                    )
                }
                val keys = agendaRowKeys(day)
                itemsIndexed(day.entries, key = { i, _ -> keys[i] }) { _, entry ->
                    AgendaRow(entry, onOpen = { send(Event.OpenEvent(entry.eventId, entry.occurrence)) })
                    HorizontalDivider()
                }
            }
        }
    }
}

/**
 * One LazyColumn key per entry of [day], unique even when one resource has
 * several entries that day with the same occurrence key (a resource holding
 * more than one event, a malformed series): a repeated key would crash the
 * list. The n-th repeat gets "#n", so keys stay stable across renders.
 */
fun agendaRowKeys(day: AgendaDay): List<String> {
    val seen = HashMap<String, Int>()
    return day.entries.map { entry ->
        val base = "${day.date}/${entry.eventId}/${entry.occurrence}"
        val n = seen.merge(base, 1, Int::plus)!!
        if (n == 1) base else "$base#$n"
    }
}

@Composable
private fun AgendaRow(entry: AgendaEntry, onOpen: () -> Unit) {
    ListItem(
        leadingContent = { Box(Modifier.size(12.dp).background(calendarColor(entry.color), CircleShape)) },
        headlineContent = { Text(entry.title) },
        supportingContent = {
            val details = listOfNotNull(entry.time, entry.location.ifEmpty { null }).joinToString(" · ")
            Text(if (entry.pending) "$details · " + text(Label.pending) else details)
        },
        modifier = Modifier.clickable(onClickLabel = text(Label.open_event), onClick = onOpen),
    )
}

/**
 * One event or occurrence: its title in full as the page's heading (a long
 * title would not fit a top bar), when and where, and for editable
 * calendars edit and delete. [locale] is the core's ("fr-BE"), for dates.
 */
@OptIn(ExperimentalMaterial3Api::class, ExperimentalLayoutApi::class)
@Composable
fun EventDetailScreen(event: EventView, locale: String, send: (Event) -> Unit, onEdit: () -> Unit) {
    var confirm by rememberSaveable { mutableStateOf(false) }
    Scaffold(
        topBar = {
            TopAppBar(
                title = {},
                navigationIcon = {
                    IconButton(onClick = { send(Event.CloseEvent) }) {
                        Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = text(Label.back))
                    }
                },
            )
        },
    ) { padding ->
        Column(
            Modifier.fillMaxSize().padding(padding).verticalScroll(rememberScrollState()).padding(horizontal = 16.dp, vertical = 8.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            Text(
                event.fields.summary,
                style = MaterialTheme.typography.headlineSmall,
                modifier = Modifier.semantics { heading() },
            )
            // The core's words; the shell's own formatting only for a core without them.
            Text(event.timeLabel.ifEmpty { eventWhen(event.fields.start, event.fields.end, locale) }, style = MaterialTheme.typography.bodyLarge)
            // Its zone was unknown: the times are a guess, and the member is told.
            event.zoneNote?.let { Text(it, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.error) }
            // Read as other calendar apps read it: the member is told.
            event.repairNote?.let { Text(it, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.error) }
            if (event.fields.location.isNotEmpty()) Text(event.fields.location, style = MaterialTheme.typography.bodyLarge)
            Text(event.calendarName, style = MaterialTheme.typography.labelLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
            if (event.pending) Text(text(Label.pending), style = MaterialTheme.typography.labelLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
            if (event.fields.description.isNotEmpty()) Text(event.fields.description)
            event.organizer?.let { Text(text(Label.organizer, it), style = MaterialTheme.typography.bodyMedium) }
            if (event.attendees.isNotEmpty()) {
                Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                    Text(text(Label.attendees), style = MaterialTheme.typography.titleSmall, modifier = Modifier.semantics { heading() })
                    event.attendees.forEach { Text(it, style = MaterialTheme.typography.bodyMedium) }
                }
            }
            if (event.reminders.isNotEmpty()) {
                Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                    Text(text(Label.reminders), style = MaterialTheme.typography.titleSmall, modifier = Modifier.semantics { heading() })
                    event.reminders.forEach { Text(it, style = MaterialTheme.typography.bodyMedium) }
                }
            }
            if (event.readOnly) {
                Text(text(Label.read_only_calendar), color = MaterialTheme.colorScheme.onSurfaceVariant)
            } else {
                // Wraps when the two labels do not fit side by side.
                FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    Button(onClick = onEdit) { Text(text(Label.edit)) }
                    OutlinedButton(onClick = { confirm = true }) {
                        Text(text(if (event.occurrence != null) Label.cancel_occurrence else Label.delete))
                    }
                }
            }
        }
    }
    if (confirm) {
        AlertDialog(
            onDismissRequest = { confirm = false },
            text = { Text(text(if (event.occurrence != null) Label.cancel_occurrence_confirm else Label.delete_event_confirm)) },
            confirmButton = {
                // The button names the action; the way out is not a second "Annuler".
                TextButton(onClick = { confirm = false; send(Event.DeleteEvent(event.id, event.occurrence)) }) {
                    Text(text(if (event.occurrence != null) Label.cancel_occurrence else Label.delete))
                }
            },
            dismissButton = {
                TextButton(onClick = { confirm = false }) { Text(text(if (event.occurrence != null) Label.keep_date else Label.cancel)) }
            },
        )
    }
}

/**
 * The event form. Days and times are chosen with the pickers, shown in the
 * member's language ([localeTag]); moving the start moves the end with it.
 * For one date of a series ([ofSeries]) the member chooses whether the
 * change applies to that date only or to it and the following ones.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun EventEditScreen(
    initial: EventFields,
    onSave: (EventFields, EditScope) -> Unit,
    onCancel: () -> Unit,
    ofSeries: Boolean = false,
    localeTag: String = "",
) {
    var scope by rememberSaveable { mutableStateOf(EditScope.Occurrence) }
    var summary by rememberSaveable { mutableStateOf(initial.summary) }
    // A new event: the next full hour, for an hour.
    var start by rememberSaveable { mutableStateOf(initial.start.ifEmpty { WallClock.nextHour().text() }) }
    var end by rememberSaveable {
        mutableStateOf(initial.end.ifEmpty { WallClock.parse(start)?.plusHours(1)?.text() ?: start })
    }
    val endBeforeStart = WallClock.parse(start)?.let { s -> WallClock.parse(end)?.let { s.isAfter(it) } } == true
    var location by rememberSaveable { mutableStateOf(initial.location) }
    var description by rememberSaveable { mutableStateOf(initial.description) }
    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(text(if (initial.summary.isEmpty()) Label.new_event else Label.edit_event)) },
                navigationIcon = {
                    IconButton(onClick = onCancel) { Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = text(Label.cancel)) }
                },
                actions = {
                    TextButton(onClick = { onSave(EventFields(summary, location, description, start, end), scope) }, enabled = summary.isNotBlank() && !endBeforeStart) {
                        Text(text(Label.save))
                    }
                },
            )
        },
    ) { padding ->
        Column(
            Modifier.fillMaxSize().padding(padding).consumeWindowInsets(padding).imePadding()
                .verticalScroll(rememberScrollState()).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(8.dp),
        ) {
            OutlinedTextField(summary, { summary = it }, label = { Text(text(Label.event_title)) }, modifier = Modifier.fillMaxWidth())
            WhenFields(start, end, localeTag) { newStart, newEnd -> start = newStart; end = newEnd }
            if (endBeforeStart) {
                Text(text(Label.end_before_start), color = MaterialTheme.colorScheme.error, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite })
            }
            OutlinedTextField(location, { location = it }, label = { Text(text(Label.event_location)) }, modifier = Modifier.fillMaxWidth())
            OutlinedTextField(description, { description = it }, label = { Text(text(Label.note)) }, minLines = 3, modifier = Modifier.fillMaxWidth())
            if (ofSeries) {
                Text(text(Label.apply_to), style = MaterialTheme.typography.titleSmall, modifier = Modifier.padding(top = 8.dp).semantics { heading() })
                Column(Modifier.selectableGroup()) {
                    for ((choice, label) in listOf(EditScope.Occurrence to Label.this_date_only, EditScope.AndFollowing to Label.this_date_and_following, EditScope.Series to Label.whole_series)) {
                        Row(
                            Modifier.fillMaxWidth().heightIn(min = 48.dp)
                                .selectable(selected = scope == choice, onClick = { scope = choice }, role = Role.RadioButton),
                            verticalAlignment = Alignment.CenterVertically,
                        ) {
                            RadioButton(selected = scope == choice, onClick = null)
                            Text(text(label), Modifier.padding(start = 12.dp))
                        }
                    }
                }
            }
        }
    }
}

private enum class Picking { StartDate, StartTime, EndDate, EndTime }

/**
 * The all-day switch, then the start and the end: a day and (unless all
 * day) a time each, every one a button that opens the platform's picker.
 * [onChange] gets the core's texts of both.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
private fun WhenFields(start: String, end: String, localeTag: String, onChange: (String, String) -> Unit) {
    val from = WallClock.parse(start) ?: WallClock.nextHour()
    val until = WallClock.parse(end) ?: from
    val locale = java.util.Locale.forLanguageTag(localeTag.ifEmpty { "en-BE" })
    val day = java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", locale)
    var picking by remember { mutableStateOf<Picking?>(null) }
    Row(
        Modifier.fillMaxWidth().heightIn(min = 48.dp).toggleable(
            value = from.allDay,
            role = Role.Switch,
            onValueChange = { allDay ->
                val nine = java.time.LocalTime.of(9, 0)
                if (allDay) onChange(from.copy(time = null).text(), until.copy(time = null).text())
                else onChange(from.copy(time = nine).text(), until.copy(time = nine.plusHours(1)).text())
            },
        ),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Text(text(Label.all_day), Modifier.weight(1f))
        Switch(checked = from.allDay, onCheckedChange = null)
    }
    for ((label, at, dateKind, timeKind) in listOf(
        Quad(Label.event_start, from, Picking.StartDate, Picking.StartTime),
        Quad(Label.event_end, until, Picking.EndDate, Picking.EndTime),
    )) {
        Text(text(label), style = MaterialTheme.typography.labelLarge, modifier = Modifier.padding(top = 8.dp))
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
            OutlinedButton(onClick = { picking = dateKind }, modifier = Modifier.weight(1f)) { Text(at.date.format(day)) }
            at.time?.let { time -> OutlinedButton(onClick = { picking = timeKind }) { Text("%02d:%02d".format(time.hour, time.minute)) } }
        }
    }
    // The start moves the end with it (the event keeps its length); the end moves alone.
    val moveStart = { moved: WallClock -> onChange(moved.text(), from.endFollowing(until, moved).text()) }
    val moveEnd = { moved: WallClock -> onChange(from.text(), moved.text()) }
    when (val p = picking) {
        Picking.StartDate, Picking.EndDate -> {
            val at = if (p == Picking.StartDate) from else until
            val state = rememberDatePickerState(initialSelectedDateMillis = at.date.toEpochDay() * 86_400_000)
            DatePickerDialog(
                onDismissRequest = { picking = null },
                confirmButton = {
                    TextButton(onClick = {
                        state.selectedDateMillis?.let { millis ->
                            val chosen = at.copy(date = java.time.LocalDate.ofEpochDay(millis / 86_400_000))
                            if (p == Picking.StartDate) moveStart(chosen) else moveEnd(chosen)
                        }
                        picking = null
                    }) { Text(text(Label.pick_done)) }
                },
                dismissButton = { TextButton(onClick = { picking = null }) { Text(text(Label.cancel)) } },
            ) { DatePicker(state) }
        }
        Picking.StartTime, Picking.EndTime -> {
            val at = if (p == Picking.StartTime) from else until
            val time = at.time ?: java.time.LocalTime.of(9, 0)
            val state = rememberTimePickerState(initialHour = time.hour, initialMinute = time.minute, is24Hour = true)
            AlertDialog(
                onDismissRequest = { picking = null },
                confirmButton = {
                    TextButton(onClick = {
                        val chosen = at.copy(time = java.time.LocalTime.of(state.hour, state.minute))
                        if (p == Picking.StartTime) moveStart(chosen) else moveEnd(chosen)
                        picking = null
                    }) { Text(text(Label.pick_done)) }
                },
                dismissButton = { TextButton(onClick = { picking = null }) { Text(text(Label.cancel)) } },
                text = { TimePicker(state) },
            )
        }
        null -> {}
    }
}

private data class Quad(val label: Label, val at: WallClock, val date: Picking, val time: Picking)
