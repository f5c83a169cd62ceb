package coop.nubo.companion.ui

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Person
import androidx.compose.material3.Icon
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import coop.nubo.companion.R
import coop.nubo.companion.core.EventFields
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import coop.nubo.companion.core.ContactFields
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.ViewModel

/**
 * Every screen is a function of the core's view model; taps become events.
 * The shell only remembers what the core does not model: whether a form is
 * open, and the text being typed in it.
 */
@Composable
fun NuboApp(view: ViewModel, send: (Event) -> Unit, onSignedIn: () -> Unit = {}) {
    var creating by rememberSaveable { mutableStateOf(false) }
    var editingId by rememberSaveable { mutableStateOf<Long?>(null) }
    var onAgenda by rememberSaveable { mutableStateOf(true) }
    var creatingEvent by rememberSaveable { mutableStateOf(false) }
    var editingEvent by rememberSaveable { mutableStateOf(false) }
    val event = view.event
    val snackbar = remember { SnackbarHostState() }
    val selected = view.selected

    // The core's notices ("Contact saved…") are shown once each.
    LaunchedEffect(view.notice) { view.notice?.let { snackbar.showSnackbar(it) } }
    LaunchedEffect(view.signedIn) { if (view.signedIn) onSignedIn() }

    when {
        !view.signedIn -> SignInScreen(view, send)
        creatingEvent -> {
            BackHandler { creatingEvent = false }
            EventEditScreen(
                initial = EventFields(),
                onSave = { send(Event.SaveEvent(null, null, null, it)); creatingEvent = false },
                onCancel = { creatingEvent = false },
            )
        }
        event != null && editingEvent -> {
            BackHandler { editingEvent = false }
            EventEditScreen(
                initial = event.fields,
                onSave = { send(Event.SaveEvent(event.id, null, event.occurrence, it)); editingEvent = false },
                onCancel = { editingEvent = false },
            )
        }
        event != null -> {
            BackHandler { send(Event.CloseEvent) }
            EventDetailScreen(event, send, onEdit = { editingEvent = true })
        }
        creating -> {
            BackHandler { creating = false }
            ContactEditScreen(
                contactId = null,
                initial = ContactFields(),
                onSave = { send(Event.SaveContact(null, it)); creating = false },
                onCancel = { creating = false },
            )
        }
        selected != null && editingId == selected.id -> {
            BackHandler { editingId = null }
            ContactEditScreen(
                contactId = selected.id,
                initial = selected.fields,
                onSave = { send(Event.SaveContact(selected.id, it)); editingId = null },
                onCancel = { editingId = null },
            )
        }
        selected != null -> {
            BackHandler { send(Event.CloseContact) }
            ContactDetailScreen(selected, view.conflicts, snackbar, send, onEdit = { editingId = selected.id })
        }
        else -> Column(Modifier.fillMaxSize()) {
            Column(Modifier.weight(1f)) {
                if (onAgenda) {
                    AgendaScreen(view, snackbar, send, onNewEvent = { creatingEvent = true })
                } else {
                    ContactsScreen(view, snackbar, send, onNewContact = { creating = true })
                }
            }
            NavigationBar {
                NavigationBarItem(
                    selected = onAgenda,
                    onClick = { onAgenda = true },
                    icon = { Icon(Icons.Filled.DateRange, contentDescription = null) },
                    label = { Text(stringResource(R.string.agenda)) },
                )
                NavigationBarItem(
                    selected = !onAgenda,
                    onClick = { onAgenda = false },
                    icon = { Icon(Icons.Filled.Person, contentDescription = null) },
                    label = { Text(stringResource(R.string.contacts)) },
                )
            }
        }
    }
}
