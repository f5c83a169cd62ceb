package coop.nubo.companion

import android.app.Application
import android.util.Log
import androidx.lifecycle.AndroidViewModel
import coop.nubo.companion.core.CoreState
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.SyncSchedule
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import uniffi.nubo_runtime.CoreException
import java.io.IOException
import java.util.concurrent.Executors

/** The screens' handle on the process's core. */
class NuboViewModel(application: Application) : AndroidViewModel(application) {
    private val app = NuboApplication.of(application)

    // One thread keeps events in order (typed search text) and keeps the
    // core's work (opening the store first), and the render it triggers,
    // off the main thread.
    private val sender = Executors.newSingleThreadExecutor { r -> Thread(r, "nubo-events") }
    private val resetProblem = MutableStateFlow<String?>(null)

    /** Null while the store is being opened. */
    val core: StateFlow<CoreState?> = app.coreState

    /** Why the last "reset local data" failed, if it did. */
    val resetError: StateFlow<String?> = resetProblem.asStateFlow()

    init {
        sender.execute { app.openCore() }
    }

    fun followLocale(tag: String) = sender.execute { app.followLocale(tag) }

    fun send(event: Event) = sender.execute {
        val core = app.coreOrNull() ?: return@execute
        try {
            core.send(event)
        } catch (e: CoreException) {
            // A bug in this shell, not the member's doing. The event's
            // class only: a sign-in event carries a password.
            Log.e("Nubo", "core refused ${event.javaClass.simpleName}: ${e.message}")
        }
    }

    /**
     * What a background run sends, when the app is opened and the account
     * has loaded (a wait of its own thread: the member's taps do not queue
     * behind it).
     */
    fun syncOnOpen() = Thread({
        val core = app.coreOrNull() ?: return@Thread
        core.waitIdle(30_000)
        if (core.view.value.signedIn) SyncSchedule.BACKGROUND_EVENTS.forEach(::send)
    }, "nubo-open-sync").start()

    fun retry() = sender.execute { app.retryCore() }

    fun resetLocalData() = sender.execute {
        resetProblem.value = try {
            app.resetLocalData()
            null
        } catch (e: IOException) {
            e.message ?: e.javaClass.simpleName
        }
    }

    override fun onCleared() = sender.shutdown()
}
