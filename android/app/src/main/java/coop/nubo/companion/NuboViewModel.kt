package coop.nubo.companion

import android.app.Application
import android.util.Log
import androidx.lifecycle.AndroidViewModel
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.ViewModel
import kotlinx.coroutines.flow.StateFlow
import uniffi.nubo_runtime.CoreException
import java.util.concurrent.Executors

/** The screens' handle on the process's core. */
class NuboViewModel(application: Application) : AndroidViewModel(application) {
    private val core = NuboApplication.core(application)

    // One thread keeps events in order (typed search text) and keeps the
    // core's work, and the render it triggers, off the main thread.
    private val sender = Executors.newSingleThreadExecutor { r -> Thread(r, "nubo-events") }

    val view: StateFlow<ViewModel> = core.view

    fun send(event: Event) = sender.execute {
        try {
            core.send(event)
        } catch (e: CoreException) {
            // A bug in this shell, not the member's doing. The event's
            // class only: a sign-in event carries a password.
            Log.e("Nubo", "core refused ${event.javaClass.simpleName}: ${e.message}")
        }
    }

    override fun onCleared() = sender.shutdown()
}
