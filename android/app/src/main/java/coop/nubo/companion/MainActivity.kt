package coop.nubo.companion

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.viewModels
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import coop.nubo.companion.ui.NuboScreens

class MainActivity : ComponentActivity() {
    private val model: NuboViewModel by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        SyncWorker.schedule(this)
        setContent {
            MaterialTheme {
                Surface {
                    val view by model.view.collectAsState()
                    NuboScreens(view, model::send)
                }
            }
        }
    }
}
