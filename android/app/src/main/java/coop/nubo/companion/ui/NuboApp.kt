package coop.nubo.companion.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.List
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Notifications
import androidx.compose.material.icons.filled.Person
import androidx.compose.material3.Badge
import androidx.compose.material3.BadgedBox
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
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import coop.nubo.companion.core.ContactFields
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.EventFields
import coop.nubo.companion.core.EventView
import coop.nubo.companion.core.ViewModel

/** The tabs of the signed-in app. */
enum class Tab { Agenda, Contacts, Notes, News }

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
    val note = view.note
    var creatingNote by rememberSaveable { mutableStateOf(false) }
    var editingNote by rememberSaveable { mutableStateOf<Long?>(null) }
    // The text of a save sent and not yet seen saved. The form stays open
    // until the core shows the note with that text: a refused save (the
    // core says why) keeps everything typed.
    var sentNote by rememberSaveable { mutableStateOf<String?>(null) }
    LaunchedEffect(note, view.error, sentNote) {
        val sent = sentNote ?: return@LaunchedEffect
        if (note != null && view.error == null && note.text == sent && (creatingNote || note.id == editingNote)) {
            creatingNote = false
            editingNote = null
            sentNote = null
        }
    }
    val closeNoteForm = { creatingNote = false; editingNote = null; sentNote = null }

    val announcement = view.announcement
    // An announcement opened from a notification: closing it leads to the news.
    LaunchedEffect(announcement?.id) { if (announcement != null) tab = Tab.News }
    // Entering the news asks the sources that are due, as the web shell does.
    LaunchedEffect(tab, view.signedIn) { if (tab == Tab.News && view.signedIn && !view.news.polling) send(Event.PollNews) }

    // The core's notices ("Contact saved…") are shown once each.
    LaunchedEffect(view.notice) { view.notice?.let { snackbar.showSnackbar(it) } }
    LaunchedEffect(view.signedIn) { if (view.signedIn) onSignedIn() }

    // Another tab or an edit form: only this shell draws them, so the core is
    // told the member moved on (the last notice, its snackbar, ends).
    fun moveOn(go: () -> Unit) { go(); send(Event.MoveOn) }
    fun show(other: Tab) { if (tab != other) moveOn { tab = other } }

    val tabs: @Composable () -> Unit = {
        NavigationBar {
            NavigationBarItem(
                selected = tab == Tab.Agenda,
                onClick = { show(Tab.Agenda) },
                // The label names it; the icon is decoration.
                icon = { Icon(Icons.Filled.DateRange, contentDescription = null) },
                label = { Text(text(Label.agenda)) },
            )
            NavigationBarItem(
                selected = tab == Tab.Contacts,
                onClick = { show(Tab.Contacts) },
                icon = { Icon(Icons.Filled.Person, contentDescription = null) },
                label = { Text(text(Label.contacts)) },
            )
            NavigationBarItem(
                selected = tab == Tab.Notes,
                onClick = { show(Tab.Notes) },
                icon = { Icon(Icons.AutoMirrored.Filled.List, contentDescription = null) },
                label = { Text(text(Label.notes)) },
            )
            val unread = view.news.unreadCount
            // Read out as "News, 3 unread announcements": the item clears its
            // icon's semantics (the badge's too), so the count is said on the item.
            val newsSaid = text(Label.news) + if (unread > 0) ", " + plural(Plural.news_unread, unread, unread) else ""
            NavigationBarItem(
                selected = tab == Tab.News,
                onClick = { show(Tab.News) },
                icon = {
                    BadgedBox(
                        badge = {
                            if (unread > 0) {
                                Badge {
                                    Text(if (unread > 99) "99+" else "$unread")
                                }
                            }
                        },
                    ) {
                        Icon(Icons.Filled.Notifications, contentDescription = null)
                    }
                },
                label = { Text(text(Label.news)) },
                modifier = Modifier.semantics { contentDescription = newsSaid },
            )
        }
    }

    when {
        // The store has not said yet whether there is an account: no sign-in flash for a member who is signed in.
        !view.signedIn && !view.loaded -> Box(Modifier.fillMaxSize())
        !view.signedIn -> SignInScreen(view, send)
        creatingEvent -> {
            shell.BackHandler(true) { creatingEvent = false }
            EventEditScreen(
                initial = EventFields(),
                onSave = { fields, _ -> send(Event.SaveEvent(null, null, null, fields)); creatingEvent = false },
                localeTag = view.locale,
                onCancel = { creatingEvent = false },
            )
        }
        event != null && editingEvent == event.key -> {
            shell.BackHandler(true) { editingEvent = null }
            EventEditScreen(
                initial = event.fields,
                onSave = { fields, scope -> send(Event.SaveEvent(event.id, null, event.occurrence, fields, scope)); editingEvent = null },
                onCancel = { editingEvent = null },
                ofSeries = event.recurring && event.occurrence != null,
                localeTag = view.locale,
            )
        }
        event != null -> {
            shell.BackHandler(true) { send(Event.CloseEvent) }
            EventDetailScreen(event, view.locale, send, onEdit = { moveOn { editingEvent = event.key } })
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
            ContactDetailScreen(selected, view.conflicts, snackbar, send, onEdit = { moveOn { editingId = selected.id } })
        }
        creatingNote -> NoteEditScreen(
            noteId = null,
            initialTitle = "",
            initialText = "",
            categories = view.notes.categories,
            error = view.error.takeIf { sentNote != null },
            onSave = { title, category, text -> sentNote = text; send(Event.SaveNote(null, category, title, text)) },
            onCancel = closeNoteForm,
        )
        note != null && editingNote == note.id -> NoteEditScreen(
            noteId = note.id,
            initialTitle = note.title,
            initialText = note.text,
            categories = view.notes.categories,
            error = view.error.takeIf { sentNote != null },
            // An edit keeps its file: the core takes the title and category from the note.
            onSave = { _, _, text -> sentNote = text; send(Event.SaveNote(note.id, null, note.title, text)) },
            onCancel = closeNoteForm,
        )
        note != null -> {
            shell.BackHandler(true) { send(Event.CloseNote) }
            NoteDetailScreen(
                note, view.notes.categories, view.conflicts, view.error, snackbar, send,
                onEdit = { moveOn { editingNote = note.id; sentNote = null } },
            )
        }
        announcement != null || tab == Tab.News -> NewsDestination(view, snackbar, send, bottomBar = tabs)
        tab == Tab.Agenda -> AgendaScreen(view, snackbar, send, onNewEvent = { moveOn { creatingEvent = true } }, bottomBar = tabs)
        tab == Tab.Notes -> NotesScreen(view, snackbar, send, onNewNote = { moveOn { creatingNote = true; sentNote = null } }, bottomBar = tabs)
        else -> ContactsScreen(view, snackbar, send, onNewContact = { moveOn { creating = true } }, bottomBar = tabs)
    }
}

private val EventView.key: String get() = "$id/$occurrence"
