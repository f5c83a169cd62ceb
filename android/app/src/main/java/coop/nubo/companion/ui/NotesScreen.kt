package coop.nubo.companion.ui

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
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.Check
import androidx.compose.material.icons.filled.MoreVert
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material.icons.filled.Search
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.ExtendedFloatingActionButton
import androidx.compose.material3.FilterChip
import androidx.compose.material3.FilterChipDefaults
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.ListItem
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
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.NoteRow
import coop.nubo.companion.core.ViewModel

/**
 * The notes: search (offline, in the core), categories to filter by, the
 * list newest first as the core sorts it. A note changed in two places is
 * marked in its row; the choice is made on the note, beside its text.
 * Without a known Notes folder the screen says so and asks for one;
 * naming it syncs.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun NotesScreen(
    view: ViewModel,
    snackbar: SnackbarHostState,
    send: (Event) -> Unit,
    onNewNote: () -> Unit,
    bottomBar: @Composable () -> Unit = {},
) {
    val notes = view.notes
    var query by rememberSaveable { mutableStateOf(notes.query) }
    // A category's name (what a row carries); null: every category.
    var category by rememberSaveable { mutableStateOf<String?>(null) }
    var menu by rememberSaveable { mutableStateOf(false) }
    var confirmSignOut by rememberSaveable { mutableStateOf(false) }
    var backgroundSync by rememberSaveable { mutableStateOf(false) }
    var changingFolder by rememberSaveable { mutableStateOf(false) }
    val canCreate = notes.folderKnown && notes.categories.any { !it.readOnly }
    val shown = category?.takeIf { name -> notes.categories.any { it.name == name } }
    val rows = notes.notes.filter { shown == null || it.category == shown }
    // The core takes events in order: the sync lists the folder just named.
    // One refused (on another server) stays said: a sync clears no refusal.
    val useFolder = { url: String ->
        changingFolder = false
        send(Event.SetNotesFolder(url.trim()))
        send(Event.Sync)
    }

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(text(Label.notes)) },
                actions = {
                    IconButton(onClick = { send(Event.Sync) }, enabled = !view.sync.running) {
                        Icon(Icons.Filled.Refresh, contentDescription = text(Label.sync_now))
                    }
                    Box {
                        IconButton(onClick = { menu = true }) {
                            Icon(Icons.Filled.MoreVert, contentDescription = text(Label.more))
                        }
                        DropdownMenu(expanded = menu, onDismissRequest = { menu = false }) {
                            view.accountEmail?.let { DropdownMenuItem(text = { Text(it) }, onClick = {}, enabled = false) }
                            if (notes.folderKnown) {
                                DropdownMenuItem(
                                    text = { Text(text(Label.change_notes_folder)) },
                                    onClick = { menu = false; changingFolder = true },
                                )
                            }
                            BackgroundSyncMenuItem(onClick = { menu = false; backgroundSync = true })
                            DropdownMenuItem(text = { Text(text(Label.sign_out)) }, onClick = { menu = false; confirmSignOut = true })
                        }
                        if (confirmSignOut) SignOutDialog(onDismiss = { confirmSignOut = false }, send = send)
                        if (backgroundSync) BackgroundSyncSheet(onDismiss = { backgroundSync = false })
                    }
                },
            )
        },
        floatingActionButton = {
            if (canCreate) {
                ExtendedFloatingActionButton(
                    onClick = onNewNote,
                    icon = { Icon(Icons.Filled.Add, contentDescription = null) },
                    text = { Text(text(Label.new_note)) },
                )
            }
        },
        snackbarHost = { SnackbarHost(snackbar) },
        bottomBar = bottomBar,
    ) { padding ->
        LazyColumn(Modifier.fillMaxSize().padding(padding), contentPadding = PaddingValues(bottom = 88.dp)) {
            if (!notes.folderKnown) {
                item { SyncStatus(view.sync, view.pendingChanges) }
                view.error?.let { item { ErrorLine(it) } }
                item { FolderForm(onUse = useFolder, explain = true) }
                return@LazyColumn
            }
            item {
                OutlinedTextField(
                    value = query,
                    onValueChange = { query = it; send(Event.SearchNotes(it)) },
                    label = { Text(text(Label.search_notes)) },
                    leadingIcon = { Icon(Icons.Filled.Search, contentDescription = null) },
                    singleLine = true,
                    modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp),
                )
            }
            if (notes.categories.size > 1) {
                item {
                    LazyRow(
                        contentPadding = PaddingValues(horizontal = 16.dp),
                        horizontalArrangement = Arrangement.spacedBy(8.dp),
                    ) {
                        item { CategoryChip(text(Label.all_categories), selected = shown == null) { category = null } }
                        items(notes.categories, key = { it.path }) { c ->
                            CategoryChip(c.name, selected = shown == c.name) { category = c.name }
                        }
                    }
                }
            }
            item { SyncStatus(view.sync, view.pendingChanges) }
            view.error?.let { item { ErrorLine(it) } }
            if (rows.isEmpty() && !view.sync.running) {
                item {
                    Text(
                        text(if (notes.query.isBlank()) Label.no_notes else Label.no_notes_found),
                        style = MaterialTheme.typography.bodyLarge,
                        modifier = Modifier.padding(16.dp),
                    )
                }
            }
            items(rows, key = { it.id }) { row ->
                NoteListItem(row, onOpen = { send(Event.OpenNote(row.id)) })
                HorizontalDivider()
            }
        }
    }

    if (changingFolder) {
        AlertDialog(
            onDismissRequest = { changingFolder = false },
            title = { Text(text(Label.change_notes_folder)) },
            text = { FolderForm(onUse = useFolder, explain = false, button = false) },
            confirmButton = {},
            dismissButton = { TextButton(onClick = { changingFolder = false }) { Text(text(Label.cancel)) } },
        )
    }
}

@Composable
private fun ErrorLine(message: String) {
    Text(
        message,
        color = MaterialTheme.colorScheme.error,
        modifier = Modifier.padding(horizontal = 16.dp, vertical = 4.dp).semantics { liveRegion = LiveRegionMode.Polite },
    )
}

/** Where the notes are: the sentence, the address field, and the button that takes it. */
@Composable
private fun FolderForm(onUse: (String) -> Unit, explain: Boolean, button: Boolean = true) {
    var url by rememberSaveable { mutableStateOf("") }
    Column(
        Modifier.fillMaxWidth().padding(horizontal = if (explain) 16.dp else 0.dp, vertical = 8.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        if (explain) Text(text(Label.notes_folder_unknown), style = MaterialTheme.typography.bodyLarge)
        OutlinedTextField(
            value = url,
            onValueChange = { url = it },
            label = { Text(text(Label.notes_folder)) },
            // An example, always shown: a placeholder hides once the field has a label.
            supportingText = { Text(text(Label.notes_folder_hint)) },
            singleLine = true,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri, imeAction = ImeAction.Done, autoCorrectEnabled = false),
            keyboardActions = KeyboardActions(onDone = { if (url.isNotBlank()) onUse(url) }),
            modifier = Modifier.fillMaxWidth(),
        )
        // In a dialog too: its own button, so the dialog's only buttons say what they do.
        Button(onClick = { onUse(url) }, enabled = url.isNotBlank(), modifier = if (button) Modifier else Modifier.fillMaxWidth()) {
            Text(text(Label.use_this_folder))
        }
    }
}

@Composable
private fun NoteListItem(row: NoteRow, onOpen: () -> Unit) {
    // One paragraph: two lines of it end with "…" wherever the text breaks.
    val preview = previewWithoutTitle(row.title, row.preview).lines().map { it.trim() }.filter { it.isNotEmpty() }.joinToString(" ")
    ListItem(
        overlineContent = { Text("${row.category} · ${row.modified}", maxLines = 1, overflow = TextOverflow.Ellipsis) },
        headlineContent = { Text(row.title, maxLines = 1, overflow = TextOverflow.Ellipsis) },
        supportingContent = if (preview.isNotEmpty() || row.pending || row.conflict) {
            {
                Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                    if (preview.isNotEmpty()) Text(preview, maxLines = 2, overflow = TextOverflow.Ellipsis)
                    if (row.conflict) {
                        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                            Icon(Icons.Filled.Warning, contentDescription = null, tint = MaterialTheme.colorScheme.error, modifier = Modifier.size(16.dp))
                            Text(text(Label.conflict), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.error)
                        }
                    }
                    if (row.pending) {
                        Text(text(Label.pending), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.tertiary)
                    }
                }
            }
        } else null,
        modifier = Modifier.clickable(onClickLabel = text(Label.open_note), onClick = onOpen),
    )
}

/** A category to pick: its check mark says which, not only its colour. */
@Composable
fun CategoryChip(name: String, selected: Boolean, onClick: () -> Unit) {
    FilterChip(
        selected = selected,
        onClick = onClick,
        label = { Text(name) },
        leadingIcon = if (selected) {
            { Icon(Icons.Filled.Check, contentDescription = null, modifier = Modifier.size(FilterChipDefaults.IconSize)) }
        } else null,
    )
}
