package coop.nubo.companion.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.consumeWindowInsets
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material.icons.filled.Close
import androidx.compose.material.icons.filled.Edit
import androidx.compose.material.icons.filled.MoreVert
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
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
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.unit.dp
import coop.nubo.companion.core.CategoryView
import coop.nubo.companion.core.ConflictView
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.NoteView
import kotlinx.coroutines.launch

/** What the open note asks the member; a test may start with one open. */
enum class NoteQuestion { Delete, Move, Link }

/**
 * One note, drawn from the core's document: tasks to tick, links that
 * open only once the member said yes. A note that cannot be read as text
 * shows why instead, and cannot be edited here.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun NoteDetailScreen(
    note: NoteView,
    categories: List<CategoryView>,
    conflicts: List<ConflictView>,
    error: String?,
    snackbar: SnackbarHostState,
    send: (Event) -> Unit,
    onEdit: () -> Unit,
    question: NoteQuestion? = null,
    questionLink: String? = null,
) {
    val shell = LocalShell.current
    val scope = rememberCoroutineScope()
    var asking by rememberSaveable(note.id) { mutableStateOf(question) }
    var link by rememberSaveable(note.id) { mutableStateOf(questionLink) }
    var menu by rememberSaveable { mutableStateOf(false) }
    val category = categories.firstOrNull { it.name == note.category }
    // A note that is not text can still be renamed, moved or deleted,
    // unless its folder is read-only; only its text cannot change here.
    val folderWritable = category != null && !category.readOnly
    val editable = !note.readOnly && note.unreadable == null
    val noLinkApp = text(Label.no_app_to_open_link)

    Scaffold(
        topBar = {
            TopAppBar(
                // The title in full is the page's heading: a top bar would cut it.
                title = {},
                navigationIcon = {
                    IconButton(onClick = { send(Event.CloseNote) }) {
                        Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = text(Label.back))
                    }
                },
                actions = {
                    if (editable) {
                        IconButton(onClick = onEdit) { Icon(Icons.Filled.Edit, contentDescription = text(Label.edit)) }
                    }
                    if (folderWritable) {
                        Box {
                            IconButton(onClick = { menu = true }) {
                                Icon(Icons.Filled.MoreVert, contentDescription = text(Label.more))
                            }
                            DropdownMenu(expanded = menu, onDismissRequest = { menu = false }) {
                                DropdownMenuItem(
                                    text = { Text(text(Label.rename_or_move)) },
                                    onClick = { menu = false; asking = NoteQuestion.Move },
                                )
                                DropdownMenuItem(
                                    text = { Text(text(Label.delete_note)) },
                                    onClick = { menu = false; asking = NoteQuestion.Delete },
                                )
                            }
                        }
                    }
                },
            )
        },
        snackbarHost = { SnackbarHost(snackbar) },
    ) { padding ->
        Column(
            Modifier.fillMaxSize().padding(padding).verticalScroll(rememberScrollState()).padding(horizontal = 16.dp, vertical = 8.dp),
            verticalArrangement = Arrangement.spacedBy(8.dp),
        ) {
            conflicts.filter { it.contactId == note.id }.forEach { ConflictBanner(it, send) }
            Text(note.title, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
            Text(
                listOf(note.category, note.modified).filter { it.isNotEmpty() }.joinToString(" · "),
                style = MaterialTheme.typography.labelLarge,
                color = MaterialTheme.colorScheme.onSurfaceVariant,
            )
            if (note.pending) {
                Text(text(Label.pending), style = MaterialTheme.typography.labelLarge, color = MaterialTheme.colorScheme.tertiary)
            }
            if (note.readOnly && note.unreadable == null) {
                Text(text(Label.read_only_note), style = MaterialTheme.typography.labelLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
            }
            error?.let {
                Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite })
            }
            val reason = note.unreadable
            if (reason != null) {
                Card(
                    Modifier.fillMaxWidth().padding(top = 8.dp),
                    colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.surfaceVariant),
                ) {
                    Text(reason, style = MaterialTheme.typography.bodyLarge, modifier = Modifier.padding(16.dp))
                }
            } else {
                NoteDocument(
                    document = coop.nubo.companion.core.Document(withoutTitle(note.document, note.title)),
                    readOnly = note.readOnly,
                    onTask = { send(Event.ToggleNoteTask(note.id, it.index)) },
                    onLink = { href -> link = href; asking = NoteQuestion.Link },
                    modifier = Modifier.padding(top = 8.dp, bottom = 24.dp),
                )
            }
        }
    }

    when (asking) {
        NoteQuestion.Delete -> AlertDialog(
            onDismissRequest = { asking = null },
            title = { Text(text(Label.delete_note_question, note.title)) },
            text = { Text(text(Label.delete_note_detail)) },
            confirmButton = {
                TextButton(onClick = { asking = null; send(Event.DeleteNote(note.id)) }) {
                    Text(text(Label.delete_note), color = MaterialTheme.colorScheme.error)
                }
            },
            dismissButton = { TextButton(onClick = { asking = null }) { Text(text(Label.keep_note)) } },
        )
        NoteQuestion.Move -> MoveDialog(
            note = note,
            current = category,
            categories = categories.filter { !it.readOnly },
            onMove = { title, path -> asking = null; send(Event.MoveNote(note.id, title, path)) },
            onCancel = { asking = null },
        )
        NoteQuestion.Link -> link?.let { href ->
            AlertDialog(
                onDismissRequest = { asking = null },
                title = { Text(text(Label.open_link_question)) },
                // The address in full: what opens is what the member reads.
                text = { Text(href, style = MaterialTheme.typography.bodyMedium) },
                confirmButton = {
                    TextButton(onClick = {
                        asking = null
                        // Checked again: only a web or mail address leaves the app.
                        if (!isSafeLink(href) || !shell.open(href)) scope.launch { snackbar.showSnackbar(noLinkApp) }
                    }) { Text(text(Label.open_link)) }
                },
                dismissButton = { TextButton(onClick = { asking = null }) { Text(text(Label.stay_here)) } },
            )
        }
        null -> Unit
    }
}

/**
 * A new name, another category, or both (MoveNote sends only what
 * changed). The confirming button says which.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun MoveDialog(
    note: NoteView,
    current: CategoryView?,
    categories: List<CategoryView>,
    onMove: (String?, String?) -> Unit,
    onCancel: () -> Unit,
) {
    var title by rememberSaveable(note.id) { mutableStateOf(note.title) }
    var path by rememberSaveable(note.id) { mutableStateOf(current?.path) }
    val renamed = title.isNotBlank() && title.trim() != note.title
    val moved = path != null && path != current?.path
    AlertDialog(
        onDismissRequest = onCancel,
        title = { Text(text(Label.rename_or_move)) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(
                    value = title,
                    onValueChange = { title = it },
                    label = { Text(text(Label.note_title)) },
                    singleLine = true,
                    keyboardOptions = KeyboardOptions(capitalization = KeyboardCapitalization.Sentences),
                    modifier = Modifier.fillMaxWidth(),
                )
                if (categories.size > 1) {
                    Text(text(Label.category), style = MaterialTheme.typography.titleSmall, modifier = Modifier.padding(top = 8.dp))
                    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        categories.forEach { c ->
                            CategoryChip(c.name, selected = path == c.path) { path = c.path }
                        }
                    }
                }
            }
        },
        confirmButton = {
            TextButton(enabled = renamed || moved, onClick = { onMove(if (renamed) title.trim() else null, if (moved) path else null) }) {
                Text(text(if (renamed && moved) Label.rename_and_move else if (moved) Label.move_note else Label.rename_note))
            }
        },
        dismissButton = { TextButton(onClick = onCancel) { Text(text(Label.cancel)) } },
    )
}

/**
 * A note's text to edit, or a new note ([noteId] null: a title and a
 * category among those the member may write to). What was typed stays
 * until the core shows it saved: a refused save says why ([error]) above
 * the text, and leaving with changes asks first.
 */
@OptIn(ExperimentalMaterial3Api::class, ExperimentalLayoutApi::class)
@Composable
fun NoteEditScreen(
    noteId: Long?,
    initialTitle: String,
    initialText: String,
    categories: List<CategoryView>,
    error: String?,
    onSave: (title: String, category: String?, text: String) -> Unit,
    onCancel: () -> Unit,
) {
    val key = noteId ?: -1L
    val writable = categories.filter { !it.readOnly }
    var newTitle by rememberSaveable(key) { mutableStateOf(initialTitle) }
    var category by rememberSaveable(key) { mutableStateOf(writable.firstOrNull()?.path) }
    var body by rememberSaveable(key) { mutableStateOf(initialText) }
    var discarding by rememberSaveable(key) { mutableStateOf(false) }
    val changed = body != initialText || (noteId == null && newTitle.isNotBlank())
    val canSave = if (noteId == null) newTitle.isNotBlank() || body.isNotBlank() else true
    val leave = { if (changed) discarding = true else onCancel() }
    LocalShell.current.BackHandler(true) { leave() }

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(text(if (noteId == null) Label.new_note else Label.edit_note)) },
                navigationIcon = {
                    IconButton(onClick = leave) { Icon(Icons.Filled.Close, contentDescription = text(Label.cancel)) }
                },
                actions = {
                    TextButton(enabled = canSave, onClick = { onSave(newTitle.trim(), category, body) }) { Text(text(Label.save)) }
                },
            )
        },
    ) { padding ->
        Column(
            Modifier.fillMaxSize().padding(padding).consumeWindowInsets(padding).imePadding()
                .verticalScroll(rememberScrollState()).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(8.dp),
        ) {
            error?.let {
                Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Assertive })
            }
            if (noteId == null) {
                OutlinedTextField(
                    value = newTitle,
                    onValueChange = { newTitle = it },
                    label = { Text(text(Label.note_title)) },
                    singleLine = true,
                    keyboardOptions = KeyboardOptions(capitalization = KeyboardCapitalization.Sentences),
                    modifier = Modifier.fillMaxWidth(),
                )
                if (writable.size > 1) {
                    Text(text(Label.category), style = MaterialTheme.typography.titleSmall, modifier = Modifier.padding(top = 8.dp).semantics { heading() })
                    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        writable.forEach { c -> CategoryChip(c.name, selected = category == c.path) { category = c.path } }
                    }
                }
            } else {
                Text(initialTitle, style = MaterialTheme.typography.titleMedium, modifier = Modifier.semantics { heading() })
            }
            OutlinedTextField(
                value = body,
                onValueChange = { body = it },
                label = { Text(text(Label.note_text)) },
                minLines = 10,
                keyboardOptions = KeyboardOptions(capitalization = KeyboardCapitalization.Sentences),
                modifier = Modifier.fillMaxWidth(),
            )
        }
    }

    if (discarding) {
        AlertDialog(
            onDismissRequest = { discarding = false },
            text = { Text(text(Label.discard_question)) },
            confirmButton = { TextButton(onClick = { discarding = false; onCancel() }) { Text(text(Label.discard_changes)) } },
            dismissButton = { TextButton(onClick = { discarding = false }) { Text(text(Label.keep_editing)) } },
        )
    }
}
