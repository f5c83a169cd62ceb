package coop.nubo.companion

import android.app.Application
import android.content.Context
import android.content.SharedPreferences
import coop.nubo.companion.core.BackgroundSyncSettings
import coop.nubo.companion.core.CoreBridge
import coop.nubo.companion.core.CoreState
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.LocalData
import coop.nubo.companion.core.PlatformTls
import coop.nubo.companion.core.Preferences
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/**
 * One core per process: the screens and the background sync share it, so
 * two runtimes never write the same SQLite file at once. A store that
 * cannot be opened is a state the screens show (with "reset local data"),
 * not an exception on every launch and in every worker.
 */
class NuboApplication : Application() {
    private val secrets by lazy { AndroidKeystoreSecretStore(this) }
    private val localData by lazy {
        LocalData(
            databasePath = getDatabasePath("nubo.sqlite3").apply { parentFile?.mkdirs() }.path,
            open = { path ->
                CoreBridge(path, secrets, AndroidNotifier(this), AndroidDns())
                    .also { it.send(Event.Start(deviceLocale(this), java.util.TimeZone.getDefault().id)) }
            },
            // The deleted store named the account; its password is of no use
            // now, nor its reminders (the core cancels them too at start).
            onReset = {
                secrets.clear()
                AndroidNotifier.scheduler(this).replace(emptyList())
            },
        )
    }
    private val states = MutableStateFlow<CoreState?>(null)

    /** The member's background-sync choice; each change reschedules WorkManager's runs. */
    val backgroundSync: BackgroundSyncSettings by lazy {
        BackgroundSyncSettings(SharedPreferencesStore(getSharedPreferences("nubo-settings", Context.MODE_PRIVATE))) {
            SyncWorker.choiceChanged(this, it)
        }
    }

    override fun onCreate() {
        super.onCreate()
        // Before any screen or worker touches the core: TLS needs the Context.
        PlatformTls.install(this)
    }

    /** Opened on first use, off the main thread (MainActivity, workers). */
    val coreState: StateFlow<CoreState?> get() = states.asStateFlow()

    fun openCore(): CoreState = localData.get().also { states.value = it }

    /** The core, or null while the store is broken. */
    fun coreOrNull(): CoreBridge? = (openCore() as? CoreState.Ready)?.core

    fun retryCore(): CoreState = localData.retry().also { states.value = it }

    /** @throws java.io.IOException when a store file could not be deleted. */
    fun resetLocalData(): CoreState = localData.reset().also { states.value = it }

    /** After a language change ([tag] from [deviceLocale]): the core's sentences follow the device. */
    fun followLocale(tag: String) {
        val core = (states.value as? CoreState.Ready)?.core ?: return
        val current = core.view.value.locale
        if (current.isNotEmpty() && current.substringBefore('-') != tag.substringBefore('-')) {
            core.send(Event.Start(tag, java.util.TimeZone.getDefault().id))
        }
    }

    companion object {
        /** "nl-BE": the app's language (Android 13 lets it differ from the system's). */
        fun deviceLocale(context: Context): String = context.resources.configuration.locales[0].toLanguageTag()

        fun of(context: Context): NuboApplication = context.applicationContext as NuboApplication
    }
}

/** [Preferences] in one of the app's private SharedPreferences files (not backed up: data_extraction_rules.xml). */
class SharedPreferencesStore(private val prefs: SharedPreferences) : Preferences {
    override fun string(key: String): String? = prefs.getString(key, null)

    override fun boolean(key: String): Boolean? = if (prefs.contains(key)) prefs.getBoolean(key, false) else null

    override fun put(key: String, value: String) = prefs.edit().putString(key, value).apply()

    override fun put(key: String, value: Boolean) = prefs.edit().putBoolean(key, value).apply()
}
