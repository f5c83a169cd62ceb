package coop.nubo.companion.ui

import androidx.compose.foundation.Image
import androidx.compose.foundation.clickable
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.layout.consumeWindowInsets
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.Close
import androidx.compose.material.icons.filled.Delete
import androidx.compose.material.icons.filled.Edit
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.ExperimentalMaterial3Api
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
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.Saver
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.draw.clip
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import coop.nubo.companion.core.ConflictView
import coop.nubo.companion.core.ContactFields
import coop.nubo.companion.core.ContactView
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.Labeled
import kotlinx.coroutines.launch

/** One contact as stored; tapping a phone or address calls or writes. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun ContactDetailScreen(
    contact: ContactView,
    conflicts: List<ConflictView>,
    snackbar: SnackbarHostState,
    send: (Event) -> Unit,
    onEdit: () -> Unit,
) {
    var confirmDelete by rememberSaveable { mutableStateOf(false) }
    val fields = contact.fields
    val shell = LocalShell.current
    val scope = rememberCoroutineScope()
    val noDialer = text(Label.no_app_to_call)
    val noMailer = text(Label.no_app_to_write)
    // No app to take it (a tablet without telephony): say so, never crash.
    fun open(uri: String, otherwise: String) {
        if (!shell.open(uri)) scope.launch { snackbar.showSnackbar(otherwise) }
    }

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(fields.fullName) },
                navigationIcon = {
                    IconButton(onClick = { send(Event.CloseContact) }) {
                        Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = text(Label.back))
                    }
                },
                actions = {
                    if (!contact.readOnly) {
                        IconButton(onClick = onEdit) { Icon(Icons.Filled.Edit, contentDescription = text(Label.edit)) }
                        IconButton(onClick = { confirmDelete = true }) {
                            Icon(Icons.Filled.Delete, contentDescription = text(Label.delete))
                        }
                    }
                },
            )
        },
        snackbarHost = { SnackbarHost(snackbar) },
    ) { padding ->
        Column(Modifier.fillMaxSize().padding(padding).verticalScroll(rememberScrollState())) {
            conflicts.filter { it.contactId == contact.id }.forEach {
                ConflictBanner(it, send, Modifier.padding(horizontal = 16.dp, vertical = 4.dp))
            }
            ContactPhoto(contact.photo)
            if (contact.readOnly) Note(text(Label.read_only))
            if (contact.pending) Note(text(Label.pending))
            fields.phones.forEach { phone ->
                val label = text(Label.call, phone.value)
                Field(text(Label.phone), phone, Modifier.clickable(onClickLabel = label) { open(telUri(phone.value), noDialer) })
            }
            fields.emails.forEach { email ->
                val label = text(Label.write_to, email.value)
                Field(text(Label.email_field), email, Modifier.clickable(onClickLabel = label) { open(mailtoUri(email.value), noMailer) })
            }
            if (fields.org.isNotEmpty()) Field(text(Label.organisation), Labeled("", fields.org))
            if (fields.title.isNotEmpty()) Field(text(Label.job_title), Labeled("", fields.title))
            fields.addresses.forEach { Field(text(Label.address), it) }
            if (fields.birthday.isNotEmpty()) Field(text(Label.birthday), Labeled("", fields.birthday))
            if (fields.note.isNotEmpty()) Field(text(Label.note), Labeled("", fields.note))
        }
    }

    if (confirmDelete) {
        AlertDialog(
            onDismissRequest = { confirmDelete = false },
            text = { Text(text(Label.delete_confirm)) },
            confirmButton = {
                TextButton(onClick = { confirmDelete = false; send(Event.DeleteContact(contact.id)) }) {
                    Text(text(Label.delete))
                }
            },
            dismissButton = { TextButton(onClick = { confirmDelete = false }) { Text(text(Label.cancel)) } },
        )
    }
}

/** The contact's picture, round, above the fields; the name in the top bar says who it is. */
@Composable
private fun ContactPhoto(dataUri: String?) {
    val shell = LocalShell.current
    val bitmap = remember(dataUri) { dataUri?.let(::dataUriBytes)?.let(shell::picture) } ?: return
    Image(
        bitmap, contentDescription = null, contentScale = ContentScale.Crop,
        modifier = Modifier.padding(16.dp).size(96.dp).clip(CircleShape).testTag("contact-photo"),
    )
}

/** The bytes of a `data:…;base64,` URI (the core's form for pictures); null for anything else. */
fun dataUriBytes(uri: String): ByteArray? {
    if (!uri.startsWith("data:")) return null
    val encoded = uri.substringAfter(";base64,", "").ifEmpty { return null }
    return runCatching { java.util.Base64.getDecoder().decode(encoded) }.getOrNull()
}

/** "+32 470 12 34 56" → "tel:+32470123456": what a dialer reads. */
fun telUri(number: String): String = "tel:" + number.filter { it == '+' || it.isDigit() }

/** The address as typed, its reserved characters escaped (RFC 6068). */
fun mailtoUri(address: String): String =
    "mailto:" + address.trim().replace("%", "%25").replace("?", "%3F").replace("#", "%23").replace(" ", "%20")

@Composable
private fun Field(name: String, value: Labeled, modifier: Modifier = Modifier) {
    ListItem(
        overlineContent = { Text(if (value.label.isEmpty()) name else "$name · ${value.label}") },
        headlineContent = { Text(value.value) },
        modifier = modifier,
    )
}

@Composable
private fun Note(text: String) {
    Text(
        text,
        style = MaterialTheme.typography.labelLarge,
        color = MaterialTheme.colorScheme.onSurfaceVariant,
        modifier = Modifier.padding(horizontal = 16.dp, vertical = 8.dp),
    )
}

/**
 * Creates (`contactId` null) or edits a contact. Only the fields shown are
 * sent; the core writes them into the stored vCard and keeps the rest.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun ContactEditScreen(contactId: Long?, initial: ContactFields, onSave: (ContactFields) -> Unit, onCancel: () -> Unit) {
    val key = contactId ?: -1L
    var fullName by rememberSaveable(key) { mutableStateOf(initial.fullName) }
    var givenName by rememberSaveable(key) { mutableStateOf(initial.givenName) }
    var familyName by rememberSaveable(key) { mutableStateOf(initial.familyName) }
    var phones by rememberSaveable(key, stateSaver = labeledSaver) { mutableStateOf(initial.phones) }
    var emails by rememberSaveable(key, stateSaver = labeledSaver) { mutableStateOf(initial.emails) }
    var org by rememberSaveable(key) { mutableStateOf(initial.org) }
    var title by rememberSaveable(key) { mutableStateOf(initial.title) }
    var birthday by rememberSaveable(key) { mutableStateOf(initial.birthday) }
    var note by rememberSaveable(key) { mutableStateOf(initial.note) }
    val name = fullName.ifBlank { listOf(givenName, familyName).filter { it.isNotBlank() }.joinToString(" ") }
    val canSave = name.isNotBlank() || org.isNotBlank()

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(text(if (contactId == null) Label.new_contact else Label.edit_contact)) },
                navigationIcon = {
                    IconButton(onClick = onCancel) { Icon(Icons.Filled.Close, contentDescription = text(Label.cancel)) }
                },
                actions = {
                    TextButton(
                        enabled = canSave,
                        onClick = {
                            onSave(
                                initial.copy(
                                    fullName = name.trim(), givenName = givenName.trim(), familyName = familyName.trim(),
                                    phones = phones.filter { it.value.isNotBlank() }, emails = emails.filter { it.value.isNotBlank() },
                                    org = org.trim(), title = title.trim(), birthday = birthday.trim(), note = note,
                                ),
                            )
                        },
                    ) { Text(text(Label.save)) }
                },
            )
        },
    ) { padding ->
        Column(
            Modifier.fillMaxSize().padding(padding).consumeWindowInsets(padding).imePadding().verticalScroll(rememberScrollState()).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(8.dp),
        ) {
            TextInput(text(Label.full_name), fullName, { fullName = it }, capitalization = KeyboardCapitalization.Words)
            TextInput(text(Label.given_name), givenName, { givenName = it }, capitalization = KeyboardCapitalization.Words)
            TextInput(text(Label.family_name), familyName, { familyName = it }, capitalization = KeyboardCapitalization.Words)
            LabeledInputs(text(Label.phone), text(Label.add_phone), phones, { phones = it }, KeyboardType.Phone, "cell")
            LabeledInputs(text(Label.email_field), text(Label.add_email), emails, { emails = it }, KeyboardType.Email, "")
            TextInput(text(Label.organisation), org, { org = it })
            TextInput(text(Label.job_title), title, { title = it })
            TextInput(text(Label.birthday), birthday, { birthday = it }, placeholder = "1984-05-21")
            TextInput(text(Label.note), note, { note = it }, singleLine = false)
            // Addresses are read-only in the app; the core keeps them as they are.
            initial.addresses.forEach { Field(text(Label.address), it) }
        }
    }
}

@Composable
private fun TextInput(
    label: String,
    value: String,
    onChange: (String) -> Unit,
    keyboardType: KeyboardType = KeyboardType.Text,
    capitalization: KeyboardCapitalization = KeyboardCapitalization.Sentences,
    singleLine: Boolean = true,
    placeholder: String? = null,
    modifier: Modifier = Modifier,
) {
    OutlinedTextField(
        value = value,
        onValueChange = onChange,
        label = { Text(label) },
        placeholder = placeholder?.let { { Text(it) } },
        singleLine = singleLine,
        minLines = if (singleLine) 1 else 3,
        keyboardOptions = KeyboardOptions(keyboardType = keyboardType, capitalization = capitalization),
        modifier = modifier.fillMaxWidth(),
    )
}

/** Phones or e-mail addresses: edit, remove, add. Their labels are kept. */
@Composable
private fun LabeledInputs(
    name: String,
    addLabel: String,
    items: List<Labeled>,
    onChange: (List<Labeled>) -> Unit,
    keyboardType: KeyboardType,
    newLabel: String,
) {
    Text(name, style = MaterialTheme.typography.titleSmall, modifier = Modifier.padding(top = 8.dp).semantics { heading() })
    items.forEachIndexed { index, item ->
        Row(verticalAlignment = Alignment.CenterVertically) {
            TextInput(
                if (item.label.isEmpty()) name else "$name · ${item.label}",
                item.value,
                { value -> onChange(items.toMutableList().also { it[index] = item.copy(value = value) }) },
                keyboardType = keyboardType,
                capitalization = KeyboardCapitalization.None,
                modifier = Modifier.weight(1f),
            )
            IconButton(onClick = { onChange(items.filterIndexed { i, _ -> i != index }) }) {
                Icon(Icons.Filled.Delete, contentDescription = text(Label.remove_item, item.value.ifEmpty { name }))
            }
        }
    }
    TextButton(onClick = { onChange(items + Labeled(newLabel, "")) }) {
        Icon(Icons.Filled.Add, contentDescription = null)
        Text(addLabel, Modifier.padding(start = 8.dp))
    }
}

/** Lists of labeled values survive rotation and process death. */
private val labeledSaver = Saver<List<Labeled>, ArrayList<String>>(
    save = { list -> ArrayList(list.flatMap { listOf(it.label, it.value) }) },
    restore = { flat -> flat.chunked(2).map { Labeled(it[0], it[1]) } },
)
