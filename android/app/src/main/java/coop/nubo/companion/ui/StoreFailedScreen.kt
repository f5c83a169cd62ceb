package coop.nubo.companion.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp

/**
 * The local store could not be opened (damaged file, full disk): instead of
 * a crash on every launch, the member can try again or reset the local data
 * (this device's copy; the server keeps everything that was synced).
 * [reason] is the core's technical message; [resetError] why a reset failed.
 */
@Composable
fun StoreFailedScreen(reason: String, resetError: String?, onRetry: () -> Unit, onReset: () -> Unit) {
    var confirm by rememberSaveable { mutableStateOf(false) }
    Surface(Modifier.fillMaxSize()) {
        Column(
            Modifier.fillMaxSize().safeDrawingPadding().verticalScroll(rememberScrollState()).padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp),
        ) {
            Text(
                text(Label.store_failed_title),
                style = MaterialTheme.typography.headlineSmall,
                modifier = Modifier.semantics { heading() },
            )
            Text(text(Label.store_failed_body), style = MaterialTheme.typography.bodyLarge)
            Text(
                text(Label.store_failed_detail, reason),
                style = MaterialTheme.typography.bodySmall,
                color = MaterialTheme.colorScheme.onSurfaceVariant,
            )
            resetError?.let {
                Text(
                    text(Label.reset_failed, it),
                    color = MaterialTheme.colorScheme.error,
                    modifier = Modifier.semantics { liveRegion = LiveRegionMode.Assertive },
                )
            }
            // Trying again loses nothing: the first choice. Resetting deletes
            // unsent changes: asked again before it is done.
            Button(onClick = onRetry, modifier = Modifier.fillMaxWidth()) { Text(text(Label.try_again)) }
            OutlinedButton(
                onClick = { confirm = true },
                colors = ButtonDefaults.outlinedButtonColors(contentColor = MaterialTheme.colorScheme.error),
                modifier = Modifier.fillMaxWidth(),
            ) { Text(text(Label.reset_local_data)) }
        }
    }
    if (confirm) {
        AlertDialog(
            onDismissRequest = { confirm = false },
            text = { Text(text(Label.reset_confirm)) },
            confirmButton = { TextButton(onClick = { confirm = false; onReset() }) { Text(text(Label.reset_local_data)) } },
            dismissButton = { TextButton(onClick = { confirm = false }) { Text(text(Label.cancel)) } },
        )
    }
}
