package coop.nubo.companion.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.consumeWindowInsets
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.text.input.VisualTransformation
import androidx.compose.ui.unit.dp
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.ViewModel

@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun SignInScreen(view: ViewModel, send: (Event) -> Unit) {
    view.signInPage?.let { page ->
        ServerPageScreen(page, send)
        return
    }
    var email by rememberSaveable { mutableStateOf("") }
    // Not saveable: a password never goes into the saved instance state.
    var password by remember { mutableStateOf("") }
    var server by rememberSaveable { mutableStateOf("") }
    var username by rememberSaveable { mutableStateOf("") }
    var showPassword by rememberSaveable { mutableStateOf(false) }
    val canSubmit = !view.signingIn && email.contains('@') && password.isNotEmpty()
    val submit = {
        if (canSubmit) send(Event.SignIn(email.trim(), password, server.trim().ifEmpty { null }, username = username.trim().ifEmpty { null }))
    }

    Scaffold(topBar = { TopAppBar(title = { Text(text(Label.sign_in_title)) }) }) { padding ->
        Column(
            Modifier.fillMaxSize().padding(padding).consumeWindowInsets(padding).imePadding().verticalScroll(rememberScrollState()).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp),
        ) {
            OutlinedTextField(
                value = email,
                onValueChange = { email = it },
                label = { Text(text(Label.email)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Email, imeAction = ImeAction.Next),
                modifier = Modifier.fillMaxWidth(),
            )
            OutlinedTextField(
                value = password,
                onValueChange = { password = it },
                label = { Text(text(Label.password)) },
                supportingText = { Text(text(Label.password_hint)) },
                singleLine = true,
                visualTransformation = if (showPassword) VisualTransformation.None else PasswordVisualTransformation(),
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password, imeAction = ImeAction.Next),
                trailingIcon = {
                    IconButton(onClick = { showPassword = !showPassword }) {
                        Icon(
                            if (showPassword) PasswordIcons.Hide else PasswordIcons.Show,
                            contentDescription = text(if (showPassword) Label.hide_password else Label.show_password),
                        )
                    }
                },
                modifier = Modifier.fillMaxWidth(),
            )
            OutlinedTextField(
                value = server,
                onValueChange = { server = it },
                label = { Text(text(Label.server_optional)) },
                supportingText = { Text(text(Label.server_hint)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri, imeAction = ImeAction.Next),
                modifier = Modifier.fillMaxWidth(),
            )
            OutlinedTextField(
                value = username,
                onValueChange = { username = it },
                label = { Text(text(Label.user_name_optional)) },
                supportingText = { Text(text(Label.user_name_hint)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(autoCorrectEnabled = false, imeAction = ImeAction.Go),
                keyboardActions = KeyboardActions(onGo = { submit() }),
                modifier = Modifier.fillMaxWidth(),
            )
            view.signInError?.let { message ->
                Text(
                    message,
                    color = MaterialTheme.colorScheme.error,
                    modifier = Modifier.semantics { liveRegion = LiveRegionMode.Assertive; error(message) },
                )
                // The technical words (English) the sentence leaves out, for a helper.
                view.errorDetail?.let { detail ->
                    Text(
                        text(Label.store_failed_detail, detail),
                        style = MaterialTheme.typography.bodySmall,
                        color = MaterialTheme.colorScheme.onSurfaceVariant,
                    )
                }
            }
            view.hostToAccept?.let { host ->
                // Only after the member read which server it is (named in the message above).
                OutlinedButton(
                    onClick = { send(Event.SignIn(email.trim(), password, server.trim().ifEmpty { null }, acceptHost = host, username = username.trim().ifEmpty { null })) },
                    enabled = canSubmit,
                    modifier = Modifier.fillMaxWidth(),
                ) { Text(text(Label.trust_host_and_sign_in, host)) }
            }
            if (view.signingIn) LinearProgressIndicator(Modifier.fillMaxWidth())
            Button(onClick = submit, enabled = canSubmit, modifier = Modifier.fillMaxWidth()) {
                Text(text(Label.sign_in))
            }
            Text(text(Label.or_on_server_page), style = MaterialTheme.typography.bodyMedium)
            OutlinedButton(
                onClick = { send(Event.SignInWithBrowser(email.trim(), server.trim().ifEmpty { null })) },
                enabled = !view.signingIn && email.contains('@'),
                modifier = Modifier.fillMaxWidth(),
            ) { Text(text(Label.sign_in_on_server_page)) }
        }
    }
}

/**
 * Waiting for the member to allow the app on their server's page, which
 * opens by itself once (and again from the button); the core polls the
 * server meanwhile and signs in when it is allowed.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
private fun ServerPageScreen(page: String, send: (Event) -> Unit) {
    val shell = LocalShell.current
    LaunchedEffect(page) { shell.openSignInPage(page) }
    Scaffold(topBar = { TopAppBar(title = { Text(text(Label.sign_in_title)) }) }) { padding ->
        Column(
            Modifier.fillMaxSize().padding(padding).consumeWindowInsets(padding).verticalScroll(rememberScrollState()).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp),
        ) {
            Text(text(Label.allow_on_server_page), style = MaterialTheme.typography.titleLarge)
            Text(text(Label.allow_on_server_page_detail))
            LinearProgressIndicator(Modifier.fillMaxWidth())
            Button(onClick = { shell.openSignInPage(page) }, modifier = Modifier.fillMaxWidth()) {
                Text(text(Label.open_server_page))
            }
            OutlinedButton(onClick = { send(Event.CancelBrowserSignIn) }, modifier = Modifier.fillMaxWidth()) {
                Text(text(Label.stop_waiting))
            }
        }
    }
}
