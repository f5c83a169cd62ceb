package coop.nubo.companion.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
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
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import coop.nubo.companion.R
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
fun AgendaScreen(view: ViewModel, snackbar: SnackbarHostState, send: (Event) -> Unit, onNewEvent: () -> Unit) {
    val agenda = view.agenda
    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(agenda.title.ifEmpty { stringResource(R.string.agenda) }) },
                actions = {
                    IconButton(onClick = { send(Event.Sync) }, enabled = !view.sync.running) {
                        Icon(Icons.Filled.Refresh, contentDescription = stringResource(R.string.sync_now))
                    }
                },
            )
        },
        floatingActionButton = {
            if (view.calendars.any { !it.readOnly }) {
                ExtendedFloatingActionButton(
                    onClick = onNewEvent,
                    icon = { Icon(Icons.Filled.Add, contentDescription = null) },
                    text = { Text(stringResource(R.string.new_event)) },
                )
            }
        },
        snackbarHost = { SnackbarHost(snackbar) },
    ) { padding ->
        LazyColumn(Modifier.fillMaxSize().padding(padding), contentPadding = PaddingValues(bottom = 88.dp)) {
            item {
                Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    listOf(
                        AgendaSpan.Upcoming to R.string.upcoming,
                        AgendaSpan.Day to R.string.day,
                        AgendaSpan.Week to R.string.week,
                        AgendaSpan.Month to R.string.month,
                    ).forEach { (span, label) ->
                        FilterChip(
                            selected = agenda.span == span,
                            onClick = { send(Event.ShowAgenda(span, null)) },
                            label = { Text(stringResource(label)) },
                        )
                    }
                }
            }
            item { SyncStatus(view.sync, view.pendingChanges) }
            view.error?.let { message ->
                item { Text(message, color = MaterialTheme.colorScheme.error, modifier = Modifier.padding(horizontal = 16.dp)) }
            }
            agenda.note?.let { note -> item { Text(note, modifier = Modifier.padding(horizontal = 16.dp, vertical = 4.dp)) } }
            if (agenda.days.isEmpty()) {
                item { Text(stringResource(R.string.no_events), modifier = Modifier.padding(16.dp)) }
            }
            agenda.days.forEach { day ->
                item(key = day.date) {
                    Text(
                        day.label,
                        style = MaterialTheme.typography.titleSmall,
                        modifier = Modifier.padding(start = 16.dp, top = 16.dp, bottom = 4.dp).semantics { heading() },
                    )
                }
                items(day.entries, key = { "${day.date}/${it.eventId}/${it.occurrence}" }) { entry ->
                    AgendaRow(entry, onOpen = { send(Event.OpenEvent(entry.eventId, entry.occurrence)) })
                    HorizontalDivider()
                }
            }
        }
    }
}

@Composable
private fun AgendaRow(entry: AgendaEntry, onOpen: () -> Unit) {
    ListItem(
        leadingContent = { Box(Modifier.size(12.dp).background(calendarColor(entry.color), CircleShape)) },
        headlineContent = { Text(entry.title) },
        supportingContent = {
            val details = listOfNotNull(entry.time, entry.location.ifEmpty { null }).joinToString(" · ")
            Text(if (entry.pending) "$details · " + stringResource(R.string.pending) else details)
        },
        modifier = Modifier.clickable(onClickLabel = stringResource(R.string.open_event), onClick = onOpen),
    )
}

/** One event or occurrence: details, and for editable calendars edit and delete. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun EventDetailScreen(event: EventView, send: (Event) -> Unit, onEdit: () -> Unit) {
    var confirm by rememberSaveable { mutableStateOf(false) }
    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(event.fields.summary) },
                navigationIcon = {
                    IconButton(onClick = { send(Event.CloseEvent) }) {
                        Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = stringResource(R.string.back))
                    }
                },
            )
        },
    ) { padding ->
        Column(Modifier.padding(padding).padding(16.dp).verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text("${event.fields.start} → ${event.fields.end}")
            if (event.fields.location.isNotEmpty()) Text(event.fields.location)
            if (event.fields.description.isNotEmpty()) Text(event.fields.description)
            Text(event.calendarName, style = MaterialTheme.typography.labelLarge)
            event.organizer?.let { Text(stringResource(R.string.organizer, it)) }
            event.attendees.forEach { Text(it, style = MaterialTheme.typography.bodySmall) }
            if (event.pending) Text(stringResource(R.string.pending))
            if (event.readOnly) {
                Text(stringResource(R.string.read_only_calendar))
            } else {
                Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    Button(onClick = onEdit) { Text(stringResource(R.string.edit)) }
                    OutlinedButton(onClick = { confirm = true }) {
                        Text(stringResource(if (event.occurrence != null) R.string.cancel_occurrence else R.string.delete))
                    }
                }
            }
        }
    }
    if (confirm) {
        AlertDialog(
            onDismissRequest = { confirm = false },
            text = { Text(stringResource(if (event.occurrence != null) R.string.cancel_occurrence_confirm else R.string.delete_event_confirm)) },
            confirmButton = {
                TextButton(onClick = { confirm = false; send(Event.DeleteEvent(event.id, event.occurrence)) }) { Text(stringResource(R.string.delete)) }
            },
            dismissButton = { TextButton(onClick = { confirm = false }) { Text(stringResource(R.string.cancel)) } },
        )
    }
}

/**
 * The event form. Times are typed as the core reads them ("2027-05-08T10:00",
 * or a date alone for all day); the core checks them and says what is wrong.
 * For one occurrence of a series the change applies to that one only.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun EventEditScreen(initial: EventFields, onSave: (EventFields) -> Unit, onCancel: () -> Unit) {
    var summary by rememberSaveable { mutableStateOf(initial.summary) }
    var start by rememberSaveable { mutableStateOf(initial.start) }
    var end by rememberSaveable { mutableStateOf(initial.end) }
    var location by rememberSaveable { mutableStateOf(initial.location) }
    var description by rememberSaveable { mutableStateOf(initial.description) }
    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(stringResource(if (initial.summary.isEmpty()) R.string.new_event else R.string.edit_event)) },
                navigationIcon = {
                    IconButton(onClick = onCancel) { Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = stringResource(R.string.cancel)) }
                },
                actions = {
                    TextButton(onClick = { onSave(EventFields(summary, location, description, start, end)) }, enabled = summary.isNotBlank() && start.isNotBlank()) {
                        Text(stringResource(R.string.save))
                    }
                },
            )
        },
    ) { padding ->
        Column(Modifier.padding(padding).padding(16.dp).verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            OutlinedTextField(summary, { summary = it }, label = { Text(stringResource(R.string.event_title)) }, modifier = Modifier.fillMaxWidth())
            OutlinedTextField(start, { start = it }, label = { Text(stringResource(R.string.event_start)) }, supportingText = { Text("2027-05-08T10:00") }, modifier = Modifier.fillMaxWidth())
            OutlinedTextField(end, { end = it }, label = { Text(stringResource(R.string.event_end)) }, modifier = Modifier.fillMaxWidth())
            OutlinedTextField(location, { location = it }, label = { Text(stringResource(R.string.event_location)) }, modifier = Modifier.fillMaxWidth())
            OutlinedTextField(description, { description = it }, label = { Text(stringResource(R.string.note)) }, minLines = 3, modifier = Modifier.fillMaxWidth())
        }
    }
}
