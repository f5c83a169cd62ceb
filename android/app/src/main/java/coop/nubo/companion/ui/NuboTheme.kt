package coop.nubo.companion.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.ColorScheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable

/**
 * Material 3. [colors] are the wallpaper's where the platform offers them
 * (Android 12+, picked by MainActivity); otherwise Material's baseline,
 * light or dark with the system.
 */
@Composable
fun NuboTheme(
    dark: Boolean = isSystemInDarkTheme(),
    colors: ColorScheme? = null,
    content: @Composable () -> Unit,
) {
    MaterialTheme(colorScheme = colors ?: if (dark) darkColorScheme() else lightColorScheme(), content = content)
}
