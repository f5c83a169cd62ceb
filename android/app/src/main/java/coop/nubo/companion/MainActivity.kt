package coop.nubo.companion

import android.Manifest
import android.content.pm.PackageManager
import android.os.Build
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.result.contract.ActivityResultContracts
import androidx.activity.viewModels
import androidx.compose.runtime.getValue
import androidx.core.content.ContextCompat
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import coop.nubo.companion.ui.NuboApp
import coop.nubo.companion.ui.NuboTheme

class MainActivity : ComponentActivity() {
    private val model: NuboViewModel by viewModels()
    private val askNotifications = registerForActivityResult(ActivityResultContracts.RequestPermission()) { }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        (application as NuboApplication).followLocale(this)
        SyncWorker.schedule(this)
        setContent {
            NuboTheme {
                val view by model.view.collectAsStateWithLifecycle()
                NuboApp(view, model::send, onSignedIn = ::askForNotifications)
            }
        }
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
