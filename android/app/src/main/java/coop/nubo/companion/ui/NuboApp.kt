package coop.nubo.companion.ui

import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Person
import androidx.compose.material3.Icon
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import coop.nubo.companion.core.ContactFields
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.EventFields
import coop.nubo.companion.core.EventView
import coop.nubo.companion.core.ViewModel

/** The two tabs of the signed-in app. */
enum class Tab { Agenda, Contacts }

/**
 * Every screen is a function of the core's view model; taps become events.
 * The shell only remembers what the core does not model: which tab, whether
 * a form is open, and the text being typed in it. Each screen is one
 * Scaffold (the tabs' navigation bar is its bottom bar), so every window
 * inset is applied once.
 */
@Composable
fun NuboApp(view: ViewModel, send: (Event) -> Unit, onSignedIn: () -> Unit = {}, startTab: Tab = Tab.Agenda) {
    val shell = LocalShell.current
    var creating by rememberSaveable { mutableStateOf(false) }
    var editingId by rememberSaveable { mutableStateOf<Long?>(null) }
    var tab by rememberSaveable { mutableStateOf(startTab) }
    var creatingEvent by rememberSaveable { mutableStateOf(false) }
    // Which event is being edited, not just "editing": closing one event and
    // opening the next must not open the next in edit mode.
    var editingEvent by rememberSaveable { mutableStateOf<String?>(null) }
    val event = view.event
    val snackbar = remember { SnackbarHostState() }
    val selected = view.selected

    // The core's notices ("Contact saved…") are shown once each.
    LaunchedEffect(view.notice) { view.notice?.let { snackbar.showSnackbar(it) } }
    LaunchedEffect(view.signedIn) { if (view.signedIn) onSignedIn() }

    val tabs: @Composable () -> Unit = {
        NavigationBar {
            NavigationBarItem(
                selected = tab == Tab.Agenda,
                onClick = { tab = Tab.Agenda },
                // The label names it; the icon is decoration.
                icon = { Icon(Icons.Filled.DateRange, contentDescription = null) },
                label = { Text(text(Label.agenda)) },
            )
            NavigationBarItem(
                selected = tab == Tab.Contacts,
                onClick = { tab = Tab.Contacts },
                icon = { Icon(Icons.Filled.Person, contentDescription = null) },
                label = { Text(text(Label.contacts)) },
            )
        }
    }

    when {
        !view.signedIn -> SignInScreen(view, send)
        creatingEvent -> {
            shell.BackHandler(true) { creatingEvent = false }
            EventEditScreen(
                initial = EventFields(),
                onSave = { send(Event.SaveEvent(null, null, null, it)); creatingEvent = false },
                onCancel = { creatingEvent = false },
            )
        }
        event != null && editingEvent == event.key -> {
            shell.BackHandler(true) { editingEvent = null }
            EventEditScreen(
                initial = event.fields,
                onSave = { send(Event.SaveEvent(event.id, null, event.occurrence, it)); editingEvent = null },
                onCancel = { editingEvent = null },
            )
        }
        event != null -> {
            shell.BackHandler(true) { send(Event.CloseEvent) }
            EventDetailScreen(event, view.locale, send, onEdit = { editingEvent = event.key })
        }
        creating -> {
            shell.BackHandler(true) { creating = false }
            ContactEditScreen(
                contactId = null,
                initial = ContactFields(),
                onSave = { send(Event.SaveContact(null, it)); creating = false },
                onCancel = { creating = false },
            )
        }
        selected != null && editingId == selected.id -> {
            shell.BackHandler(true) { editingId = null }
            ContactEditScreen(
                contactId = selected.id,
                initial = selected.fields,
                onSave = { send(Event.SaveContact(selected.id, it)); editingId = null },
                onCancel = { editingId = null },
            )
        }
        selected != null -> {
            shell.BackHandler(true) { send(Event.CloseContact) }
            ContactDetailScreen(selected, view.conflicts, snackbar, send, onEdit = { editingId = selected.id })
        }
        tab == Tab.Agenda -> AgendaScreen(view, snackbar, send, onNewEvent = { creatingEvent = true }, bottomBar = tabs)
        else -> ContactsScreen(view, snackbar, send, onNewContact = { creating = true }, bottomBar = tabs)
    }
}

private val EventView.key: String get() = "$id/$occurrence"
