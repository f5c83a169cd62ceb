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
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.MoreVert
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material.icons.filled.Search
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.ExtendedFloatingActionButton
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.LinearProgressIndicator
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
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import coop.nubo.companion.core.ContactRow
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.SyncView
import coop.nubo.companion.core.ViewModel

@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun ContactsScreen(
    view: ViewModel,
    snackbar: SnackbarHostState,
    send: (Event) -> Unit,
    onNewContact: () -> Unit,
    bottomBar: @Composable () -> Unit = {},
) {
    // Typed text stays local so the cursor never jumps while the core
    // answers; each change still reaches the core as a Search.
    var query by rememberSaveable { mutableStateOf(view.query) }
    var menu by rememberSaveable { mutableStateOf(false) }
    var confirmSignOut by rememberSaveable { mutableStateOf(false) }
    var backgroundSync by rememberSaveable { mutableStateOf(false) }
    val canEdit = view.addressBooks.any { !it.readOnly }

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(text(Label.contacts)) },
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
                            BackgroundSyncMenuItem(onClick = { menu = false; backgroundSync = true })
                            DropdownMenuItem(
                                text = { Text(text(Label.sign_out)) },
                                onClick = { menu = false; confirmSignOut = true },
                            )
                        }
                        if (confirmSignOut) SignOutDialog(onDismiss = { confirmSignOut = false }, send = send)
                        if (backgroundSync) BackgroundSyncSheet(onDismiss = { backgroundSync = false })
                    }
                },
            )
        },
        floatingActionButton = {
            if (canEdit) {
                ExtendedFloatingActionButton(
                    onClick = onNewContact,
                    icon = { Icon(Icons.Filled.Add, contentDescription = null) },
                    text = { Text(text(Label.new_contact)) },
                )
            }
        },
        snackbarHost = { SnackbarHost(snackbar) },
        bottomBar = bottomBar,
    ) { padding ->
        LazyColumn(
            Modifier.fillMaxSize().padding(padding),
            contentPadding = PaddingValues(bottom = 88.dp),
        ) {
            item {
                OutlinedTextField(
                    value = query,
                    onValueChange = { query = it; send(Event.Search(it)) },
                    label = { Text(text(Label.search)) },
                    leadingIcon = { Icon(Icons.Filled.Search, contentDescription = null) },
                    singleLine = true,
                    modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp),
                )
            }
            item { SyncStatus(view.sync, view.pendingChanges) }
            view.error?.let { message ->
                item {
                    Text(
                        message,
                        color = MaterialTheme.colorScheme.error,
                        modifier = Modifier.padding(horizontal = 16.dp, vertical = 4.dp)
                            .semantics { liveRegion = LiveRegionMode.Polite },
                    )
                }
            }
            // Notes' conflicts are shown on their note.
            items(view.conflicts.filter { it.kind != "note" }, key = { "conflict-${it.id}" }) { conflict ->
                ConflictBanner(conflict, send, Modifier.padding(horizontal = 16.dp, vertical = 4.dp))
            }
            if (view.contacts.isEmpty() && !view.sync.running) {
                item {
                    Text(
                        text(Label.no_contacts),
                        style = MaterialTheme.typography.bodyLarge,
                        modifier = Modifier.padding(16.dp),
                    )
                }
            }
            // A broad search lists its first matches and says, above them, how many more it found.
            view.contactsMore?.let { more ->
                item(key = "contacts-more") {
                    Text(
                        more,
                        style = MaterialTheme.typography.bodyMedium,
                        color = MaterialTheme.colorScheme.onSurfaceVariant,
                        modifier = Modifier.padding(horizontal = 16.dp, vertical = 8.dp),
                    )
                }
            }
            items(view.contacts, key = { it.id }) { row ->
                ContactListItem(row, onOpen = { send(Event.OpenContact(row.id)) })
                HorizontalDivider()
            }
            // The core lists a page at a time: this row, composed as it
            // comes into view, asks for the next.
            view.contactsComing?.let { coming ->
                item(key = "contacts-coming") {
                    LaunchedEffect(view.contacts.size) { send(Event.ShowMoreContacts()) }
                    Text(
                        coming,
                        style = MaterialTheme.typography.bodyMedium,
                        color = MaterialTheme.colorScheme.onSurfaceVariant,
                        modifier = Modifier.padding(16.dp),
                    )
                }
            }
        }
    }
}

/** The core's sentence about the last or running sync, with its progress. */
@Composable
fun SyncStatus(sync: SyncView, pendingChanges: Int, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 4.dp)
            // Read out as one sentence; said again when the sync ends or fails,
            // not at every step of "fetching 12/400" while it runs.
            .semantics(mergeDescendants = true) { if (!sync.running) liveRegion = LiveRegionMode.Polite },
        verticalArrangement = Arrangement.spacedBy(4.dp),
    ) {
        if (sync.running) {
            val progress = sync.progress
            if (progress != null) LinearProgressIndicator(progress = { progress }, modifier = Modifier.fillMaxWidth())
            else LinearProgressIndicator(Modifier.fillMaxWidth())
        }
        Text(
            sync.status,
            style = MaterialTheme.typography.bodyMedium,
            color = if (sync.failed) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurfaceVariant,
        )
        if (pendingChanges > 0) {
            Text(
                plural(Plural.pending_changes, pendingChanges, pendingChanges),
                style = MaterialTheme.typography.bodySmall,
            )
        }
    }
}

@Composable
private fun ContactListItem(row: ContactRow, onOpen: () -> Unit) {
    val openLabel = text(Label.open_contact)
    ListItem(
        headlineContent = { Text(row.name, maxLines = 1, overflow = TextOverflow.Ellipsis) },
        supportingContent = if (row.detail.isNotEmpty()) {
            { Text(row.detail, maxLines = 1, overflow = TextOverflow.Ellipsis) }
        } else null,
        trailingContent = if (row.pending || row.conflict) {
            {
                Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                    if (row.conflict) {
                        Icon(Icons.Filled.Warning, contentDescription = text(Label.conflict), tint = MaterialTheme.colorScheme.error)
                    }
                    if (row.pending) Text(text(Label.pending), style = MaterialTheme.typography.labelSmall)
                }
            }
        } else null,
        // ListItem is at least 56 dp high: a comfortable touch target.
        modifier = Modifier.clickable(onClickLabel = openLabel, onClick = onOpen),
    )
}

/** Signing out removes the account's data from this device: said first, with a plain way out. */
@Composable
internal fun SignOutDialog(onDismiss: () -> Unit, send: (Event) -> Unit) {
    AlertDialog(
        onDismissRequest = onDismiss,
        text = { Text(text(Label.sign_out_confirm)) },
        confirmButton = { TextButton(onClick = { onDismiss(); send(Event.SignOut) }) { Text(text(Label.sign_out)) } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(text(Label.cancel)) } },
    )
}
