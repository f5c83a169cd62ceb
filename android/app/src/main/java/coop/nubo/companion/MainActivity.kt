package coop.nubo.companion

import android.Manifest
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.result.contract.ActivityResultContracts
import androidx.activity.viewModels
import androidx.compose.foundation.background
import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.dynamicDarkColorScheme
import androidx.compose.material3.dynamicLightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalConfiguration
import androidx.core.content.ContextCompat
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import coop.nubo.companion.core.BackgroundSync
import coop.nubo.companion.core.CoreState
import coop.nubo.companion.core.NewsNotifications
import coop.nubo.companion.ui.LocalShell
import coop.nubo.companion.ui.NuboApp
import coop.nubo.companion.ui.NuboTheme
import coop.nubo.companion.ui.StoreFailedScreen

class MainActivity : ComponentActivity() {
    companion object {
        /** The core's id of the notification that opened the app ("news:12"). */
        const val EXTRA_NOTIFICATION = "coop.nubo.companion.notification"

        /** Saved when the activity is only being recreated (a rotation, a language): not an opening. */
        private const val RECREATED = "coop.nubo.companion.recreated"
    }

    /** False while the activity merely comes back from a configuration change. */
    private var opening = true

    private val model: NuboViewModel by viewModels()
    private val askNotifications = registerForActivityResult(ActivityResultContracts.RequestPermission()) { }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        model.followLocale(NuboApplication.deviceLocale(this))
        opening = savedInstanceState?.getBoolean(RECREATED) != true
        SyncWorker.schedule(this)
        // The channels' names follow the device's language (a change recreates this activity).
        AndroidNotifier.createChannels(this)
        openFromNotification(intent)
        setContent {
            val dark = isSystemInDarkTheme()
            val colors = when {
                Build.VERSION.SDK_INT >= 31 -> if (dark) dynamicDarkColorScheme(this) else dynamicLightColorScheme(this)
                else -> null
            }
            // A new configuration (language) recreates the activity; the
            // labels then come from the new resources.
            val shell = remember(LocalConfiguration.current) { AndroidShell(this) }
            CompositionLocalProvider(LocalShell provides shell) {
                NuboTheme(dark, colors) { Content() }
            }
        }
    }

    @Composable
    private fun Content() {
        val state by model.core.collectAsStateWithLifecycle()
        when (val core = state) {
            // Opening the store: the window's background, for a moment.
            null -> Box(Modifier.fillMaxSize().background(MaterialTheme.colorScheme.background))
            is CoreState.Broken -> {
                val resetError by model.resetError.collectAsStateWithLifecycle()
                StoreFailedScreen(core.reason, resetError, onRetry = model::retry, onReset = model::resetLocalData)
            }
            is CoreState.Ready -> {
                val view by core.core.view.collectAsStateWithLifecycle()
                NuboApp(view, model::send, onSignedIn = ::askForNotifications)
            }
        }
    }

    /**
     * The member opens the app (or comes back to it): with "only when I
     * open the app" chosen, this is when it syncs.
     */
    override fun onStart() {
        super.onStart()
        if (opening && BackgroundSync.syncWhenOpened(NuboApplication.of(this).backgroundSync.choice)) model.syncOnOpen()
        opening = false
    }

    override fun onStop() {
        super.onStop()
        opening = !isChangingConfigurations
    }

    override fun onSaveInstanceState(outState: Bundle) {
        super.onSaveInstanceState(outState)
        outState.putBoolean(RECREATED, isChangingConfigurations)
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        openFromNotification(intent)
    }

    /** A tapped announcement's notification opens that announcement (after the core's Start: one ordered queue). */
    private fun openFromNotification(intent: Intent?) {
        val id = intent?.getStringExtra(EXTRA_NOTIFICATION) ?: return
        intent.removeExtra(EXTRA_NOTIFICATION)
        NewsNotifications.onTap(id)?.let(model::send)
    }

    // Asked once there is something to notify about, not at first launch.
    private fun askForNotifications() {
        if (Build.VERSION.SDK_INT >= 33 &&
            ContextCompat.checkSelfPermission(this, Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED
        ) {
            askNotifications.launch(Manifest.permission.POST_NOTIFICATIONS)
        }
    }
}
