package coop.nubo.companion

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import coop.nubo.companion.core.CoreBridge
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.ViewModel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import java.util.Locale

/** Holds the one core of the app and exposes its view model to Compose. */
class NuboViewModel(application: Application) : AndroidViewModel(application) {
    private val bridge = CoreBridge(
        databasePath = application.getDatabasePath("nubo.sqlite3").apply { parentFile?.mkdirs() }.path,
        secrets = KeystoreSecretStore(application),
        notifier = AndroidNotifier(application),
    )
    private val state = MutableStateFlow(bridge.view)
    val view: StateFlow<ViewModel> = state

    init {
        bridge.onChange { state.value = it }
        bridge.send(Event.Start(Locale.getDefault().toLanguageTag()))
    }

    fun send(event: Event) = bridge.send(event)

    override fun onCleared() = bridge.close()
}
