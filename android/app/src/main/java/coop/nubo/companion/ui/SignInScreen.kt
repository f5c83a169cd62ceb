package coop.nubo.companion.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.text.input.VisualTransformation
import androidx.compose.ui.unit.dp
import coop.nubo.companion.R
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.ViewModel

@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun SignInScreen(view: ViewModel, send: (Event) -> Unit) {
    var email by rememberSaveable { mutableStateOf("") }
    // Not saveable: a password never goes into the saved instance state.
    var password by remember { mutableStateOf("") }
    var server by rememberSaveable { mutableStateOf("") }
    var showPassword by rememberSaveable { mutableStateOf(false) }
    val canSubmit = !view.signingIn && email.contains('@') && password.isNotEmpty()
    val submit = { if (canSubmit) send(Event.SignIn(email.trim(), password, server.trim().ifEmpty { null })) }

    Scaffold(topBar = { TopAppBar(title = { Text(stringResource(R.string.sign_in_title)) }) }) { padding ->
        Column(
            Modifier.fillMaxSize().padding(padding).imePadding().verticalScroll(rememberScrollState()).padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp),
        ) {
            OutlinedTextField(
                value = email,
                onValueChange = { email = it },
                label = { Text(stringResource(R.string.email)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Email, imeAction = ImeAction.Next),
                modifier = Modifier.fillMaxWidth(),
            )
            OutlinedTextField(
                value = password,
                onValueChange = { password = it },
                label = { Text(stringResource(R.string.password)) },
                singleLine = true,
                visualTransformation = if (showPassword) VisualTransformation.None else PasswordVisualTransformation(),
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password, imeAction = ImeAction.Next),
                trailingIcon = {
                    val description = stringResource(if (showPassword) R.string.hide_password else R.string.show_password)
                    TextButton(
                        onClick = { showPassword = !showPassword },
                        modifier = Modifier.semantics { contentDescription = description },
                    ) { Text(stringResource(if (showPassword) R.string.hide else R.string.show)) }
                },
                modifier = Modifier.fillMaxWidth(),
            )
            OutlinedTextField(
                value = server,
                onValueChange = { server = it },
                label = { Text(stringResource(R.string.server_optional)) },
                supportingText = { Text(stringResource(R.string.server_hint)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri, imeAction = ImeAction.Go),
                keyboardActions = KeyboardActions(onGo = { submit() }),
                modifier = Modifier.fillMaxWidth(),
            )
            view.signInError?.let { message ->
                Text(
                    message,
                    color = MaterialTheme.colorScheme.error,
                    modifier = Modifier.semantics { liveRegion = LiveRegionMode.Assertive; error(message) },
                )
            }
            view.hostToAccept?.let { host ->
                // Only after the member read which server it is (named in the message above).
                OutlinedButton(
                    onClick = { send(Event.SignIn(email.trim(), password, server.trim().ifEmpty { null }, acceptHost = host)) },
                    enabled = canSubmit,
                    modifier = Modifier.fillMaxWidth(),
                ) { Text(stringResource(R.string.trust_host_and_sign_in, host)) }
            }
            if (view.signingIn) LinearProgressIndicator(Modifier.fillMaxWidth())
            Button(onClick = submit, enabled = canSubmit, modifier = Modifier.fillMaxWidth()) {
                Text(stringResource(R.string.sign_in))
            }
        }
    }
}
