package coop.nubo.companion.ui

import androidx.activity.compose.BackHandler
import androidx.compose.material3.SnackbarHostState
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
    val snackbar = remember { SnackbarHostState() }
    val selected = view.selected

    // The core's notices ("Contact saved…") are shown once each.
    LaunchedEffect(view.notice) { view.notice?.let { snackbar.showSnackbar(it) } }
    LaunchedEffect(view.signedIn) { if (view.signedIn) onSignedIn() }

    when {
        !view.signedIn -> SignInScreen(view, send)
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
        else -> ContactsScreen(view, snackbar, send, onNewContact = { creating = true })
    }
}
