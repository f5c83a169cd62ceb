package coop.nubo.companion.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import coop.nubo.companion.core.ConflictView
import coop.nubo.companion.core.Event

/**
 * A contact changed both here and on the server. The core keeps both
 * versions and explains it; the member picks one, or keeps both.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun ConflictBanner(conflict: ConflictView, send: (Event) -> Unit, modifier: Modifier = Modifier) {
    Card(
        modifier.fillMaxWidth(),
        colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.errorContainer),
    ) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(
                conflict.message,
                color = MaterialTheme.colorScheme.onErrorContainer,
                modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
            )
            // A note's kept text, to read before choosing.
            conflict.mineText?.let { mine ->
                Text(text(Label.your_version), color = MaterialTheme.colorScheme.onErrorContainer, style = MaterialTheme.typography.labelLarge)
                Text(mine.trim(), color = MaterialTheme.colorScheme.onErrorContainer, maxLines = 8, overflow = TextOverflow.Ellipsis)
            }
            // Wraps on narrow screens and large font sizes.
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedButton(onClick = { send(Event.ResolveConflict(conflict.id, Event.Resolution.KeepMine)) }) {
                    Text(text(Label.keep_mine))
                }
                OutlinedButton(onClick = { send(Event.ResolveConflict(conflict.id, Event.Resolution.KeepServer)) }) {
                    Text(text(Label.keep_server))
                }
                OutlinedButton(onClick = { send(Event.ResolveConflict(conflict.id, Event.Resolution.KeepBoth)) }) {
                    Text(text(Label.keep_both))
                }
            }
        }
    }
}
