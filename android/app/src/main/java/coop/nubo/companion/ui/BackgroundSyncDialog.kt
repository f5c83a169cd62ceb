package coop.nubo.companion.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import coop.nubo.companion.core.BackgroundSyncChoice
import coop.nubo.companion.core.SyncInterval

/** The words of each choice, from often to never. */
internal val SyncInterval.label: Label get() = when (this) {
    SyncInterval.Every30Minutes -> Label.sync_every_30_minutes
    SyncInterval.Hourly -> Label.sync_every_hour
    SyncInterval.Every3Hours -> Label.sync_every_3_hours
    SyncInterval.TwiceADay -> Label.sync_twice_a_day
    SyncInterval.OnlyWhenOpened -> Label.sync_only_when_opened
}

/**
 * The member's background sync, from the top bar's menu: how often (one
 * radio row each, the whole row one tap) and "only on Wi-Fi" (one switch
 * row). Each tap applies at once through [onChoose] (the shell stores it
 * and reschedules); "Close" only closes. The Wi-Fi switch is greyed out
 * while no background sync is chosen: it has nothing to limit then.
 */
@Composable
fun BackgroundSyncDialog(initial: BackgroundSyncChoice, onChoose: (BackgroundSyncChoice) -> Unit, onDismiss: () -> Unit) {
    var choice by remember { mutableStateOf(initial) }
    val choose = { new: BackgroundSyncChoice ->
        choice = new
        onChoose(new)
    }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(text(Label.background_sync)) },
        text = {
            // Scrolls when a large font or a landscape phone leaves too little height.
            Column(Modifier.verticalScroll(rememberScrollState())) {
                Text(
                    text(Label.background_sync_how_often),
                    style = MaterialTheme.typography.titleSmall,
                    color = MaterialTheme.colorScheme.primary,
                    modifier = Modifier.padding(bottom = 4.dp).semantics { heading() },
                )
                Column(Modifier.selectableGroup()) {
                    for (interval in SyncInterval.entries) {
                        val selected = choice.interval == interval
                        Row(
                            Modifier
                                .fillMaxWidth()
                                .heightIn(min = 48.dp)
                                .selectable(selected = selected, role = Role.RadioButton) { choose(choice.copy(interval = interval)) },
                            verticalAlignment = Alignment.CenterVertically,
                            horizontalArrangement = Arrangement.spacedBy(12.dp),
                        ) {
                            // The row takes the tap and says "selected": the button only shows it.
                            RadioButton(selected = selected, onClick = null)
                            // The dialog's text is onSurfaceVariant: the choices read as strongly as the switch's.
                            Text(text(interval.label), style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.onSurface)
                        }
                    }
                }
                HorizontalDivider(Modifier.padding(vertical = 8.dp))
                val background = choice.interval.minutes != null
                Row(
                    Modifier
                        .fillMaxWidth()
                        .heightIn(min = 48.dp)
                        .toggleable(value = choice.unmeteredOnly, enabled = background, role = Role.Switch) {
                            choose(choice.copy(unmeteredOnly = it))
                        }
                        .padding(vertical = 4.dp),
                    verticalAlignment = Alignment.CenterVertically,
                    horizontalArrangement = Arrangement.spacedBy(16.dp),
                ) {
                    val color = if (background) MaterialTheme.colorScheme.onSurface else MaterialTheme.colorScheme.onSurface.copy(alpha = 0.38f)
                    Column(Modifier.weight(1f)) {
                        Text(text(Label.sync_unmetered_only), style = MaterialTheme.typography.bodyLarge, color = color)
                        Text(
                            text(Label.sync_unmetered_only_detail),
                            style = MaterialTheme.typography.bodyMedium,
                            color = if (background) MaterialTheme.colorScheme.onSurfaceVariant else color,
                        )
                    }
                    Switch(checked = choice.unmeteredOnly, onCheckedChange = null, enabled = background)
                }
                Text(
                    text(if (background) Label.background_sync_detail else Label.background_sync_when_opened_detail),
                    style = MaterialTheme.typography.bodySmall,
                    color = MaterialTheme.colorScheme.onSurfaceVariant,
                    modifier = Modifier.padding(top = 8.dp),
                )
            }
        },
        confirmButton = { TextButton(onClick = onDismiss) { Text(text(Label.close)) } },
    )
}

/** The menus' entry for [BackgroundSyncDialog]; nothing where the platform offers no choice. */
@Composable
internal fun BackgroundSyncMenuItem(onClick: () -> Unit) {
    if (LocalShell.current.backgroundSync == null) return
    DropdownMenuItem(text = { Text(text(Label.background_sync)) }, onClick = onClick)
}

/** [BackgroundSyncDialog] over the platform's stored choice. */
@Composable
internal fun BackgroundSyncSheet(onDismiss: () -> Unit) {
    val settings = LocalShell.current.backgroundSync ?: return
    BackgroundSyncDialog(initial = settings.choice, onChoose = settings::choose, onDismiss = onDismiss)
}
