package coop.nubo.companion.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import coop.nubo.companion.R
import coop.nubo.companion.core.ContactFields
import coop.nubo.companion.core.ContactView
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.Labeled
import coop.nubo.companion.core.ViewModel

/** Every screen is a function of the core's view model; taps become events. */
@Composable
fun NuboScreens(view: ViewModel, send: (Event) -> Unit) {
    when {
        !view.signedIn -> SignInScreen(view, send)
        view.selected != null -> ContactScreen(view.selected, send)
        else -> ContactsScreen(view, send)
    }
}

@Composable
fun SignInScreen(view: ViewModel, send: (Event) -> Unit) {
    var email by remember { mutableStateOf("") }
    var password by remember { mutableStateOf("") }
    var server by remember { mutableStateOf("") }
    Column(Modifier.fillMaxSize().padding(24.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        OutlinedTextField(email, { email = it }, label = { Text(stringResource(R.string.email)) },
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Email), modifier = Modifier.fillMaxWidth())
        OutlinedTextField(password, { password = it }, label = { Text(stringResource(R.string.password)) },
            visualTransformation = PasswordVisualTransformation(),
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password), modifier = Modifier.fillMaxWidth())
        OutlinedTextField(server, { server = it }, label = { Text(stringResource(R.string.server_optional)) },
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri), modifier = Modifier.fillMaxWidth())
        view.signInError?.let { Text(it, color = androidx.compose.material3.MaterialTheme.colorScheme.error) }
        if (view.signingIn) LinearProgressIndicator(Modifier.fillMaxWidth())
        Button(
            onClick = { send(Event.SignIn(email.trim(), password, server.trim().ifEmpty { null })) },
            enabled = !view.signingIn && email.contains('@') && password.isNotEmpty(),
            modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp),
        ) { Text(stringResource(R.string.sign_in)) }
    }
}

@Composable
fun ContactsScreen(view: ViewModel, send: (Event) -> Unit) {
    Column(Modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(view.query, { send(Event.Search(it)) }, label = { Text(stringResource(R.string.search)) },
            singleLine = true, modifier = Modifier.fillMaxWidth())
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(onClick = { send(Event.Sync) }, enabled = !view.sync.running) { Text(stringResource(R.string.sync_now)) }
            OutlinedButton(onClick = { send(Event.SaveContact(null, ContactFields(fullName = view.query))) }) {
                Text(stringResource(R.string.new_contact))
            }
        }
        if (view.sync.running) {
            val p = view.sync.progress
            if (p != null) LinearProgressIndicator(progress = { p }, modifier = Modifier.fillMaxWidth())
            else LinearProgressIndicator(Modifier.fillMaxWidth())
        }
        Text(view.sync.status, modifier = Modifier.semantics { contentDescription = view.sync.status })
        view.error?.let { Text(it, color = androidx.compose.material3.MaterialTheme.colorScheme.error) }
        view.conflicts.forEach { conflict ->
            Card(Modifier.fillMaxWidth()) {
                Column(Modifier.padding(12.dp)) {
                    Text(conflict.message)
                    Row {
                        TextButton({ send(Event.ResolveConflict(conflict.id, Event.Resolution.KeepMine)) }) { Text(stringResource(R.string.keep_mine)) }
                        TextButton({ send(Event.ResolveConflict(conflict.id, Event.Resolution.KeepServer)) }) { Text(stringResource(R.string.keep_server)) }
                        TextButton({ send(Event.ResolveConflict(conflict.id, Event.Resolution.KeepBoth)) }) { Text(stringResource(R.string.keep_both)) }
                    }
                }
            }
        }
        LazyColumn {
            items(view.contacts, key = { it.id }) { row ->
                Column(
                    Modifier.fillMaxWidth().heightIn(min = 48.dp).clickable { send(Event.OpenContact(row.id)) }.padding(vertical = 8.dp),
                ) {
                    Text(row.name, style = androidx.compose.material3.MaterialTheme.typography.titleMedium)
                    if (row.detail.isNotEmpty()) Text(row.detail)
                    if (row.pending) Text(stringResource(R.string.pending), style = androidx.compose.material3.MaterialTheme.typography.labelSmall)
                }
            }
        }
    }
}

@Composable
fun ContactScreen(contact: ContactView, send: (Event) -> Unit) {
    var name by remember(contact.id) { mutableStateOf(contact.fields.fullName) }
    var phone by remember(contact.id) { mutableStateOf(contact.fields.phones.firstOrNull()?.value ?: "") }
    var org by remember(contact.id) { mutableStateOf(contact.fields.org) }
    var note by remember(contact.id) { mutableStateOf(contact.fields.note) }
    Column(Modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        TextButton({ send(Event.CloseContact) }) { Text(stringResource(R.string.back)) }
        OutlinedTextField(name, { name = it }, label = { Text(stringResource(R.string.full_name)) }, enabled = !contact.readOnly, modifier = Modifier.fillMaxWidth())
        OutlinedTextField(phone, { phone = it }, label = { Text(stringResource(R.string.phone)) }, enabled = !contact.readOnly,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Phone), modifier = Modifier.fillMaxWidth())
        OutlinedTextField(org, { org = it }, label = { Text(stringResource(R.string.organisation)) }, enabled = !contact.readOnly, modifier = Modifier.fillMaxWidth())
        OutlinedTextField(note, { note = it }, label = { Text(stringResource(R.string.note)) }, enabled = !contact.readOnly, modifier = Modifier.fillMaxWidth())
        contact.fields.emails.forEach { Text(it.value + if (it.label.isNotEmpty()) " (${it.label})" else "") }
        contact.fields.addresses.forEach { Text(it.value) }
        if (!contact.readOnly) {
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Button(onClick = {
                    val phones = contact.fields.phones.toMutableList()
                    if (phones.isEmpty()) phones += Labeled("cell", phone) else phones[0] = phones[0].copy(value = phone)
                    send(Event.SaveContact(contact.id, contact.fields.copy(fullName = name, phones = phones.filter { it.value.isNotBlank() }, org = org, note = note)))
                }) { Text(stringResource(R.string.save)) }
                OutlinedButton(onClick = { send(Event.DeleteContact(contact.id)) }) { Text(stringResource(R.string.delete)) }
            }
        }
    }
}
