package coop.nubo.companion.core

/**
 * How often the app may sync in the background, as the member chose it.
 * [minutes] is the period asked of the scheduler (WorkManager's minimum is
 * 15); null: no background sync at all, only when the app is opened.
 */
enum class SyncInterval(val minutes: Long?) {
    Every30Minutes(30),
    Hourly(60),
    Every3Hours(3 * 60),
    TwiceADay(12 * 60),
    OnlyWhenOpened(null),
}

/** The member's background-sync choice. The defaults are what the app did before there was a choice. */
data class BackgroundSyncChoice(
    val interval: SyncInterval = SyncInterval.Hourly,
    /** Only on Wi-Fi and other networks not billed by use. */
    val unmeteredOnly: Boolean = false,
)

/** The network a background run waits for (WorkManager's CONNECTED or UNMETERED). */
enum class SyncNetwork { Any, Unmetered }

/** What the scheduler is asked for: one periodic run every [periodMinutes] on [network]. */
data class SyncPlan(val periodMinutes: Long, val network: SyncNetwork)

/**
 * The few values the choice is stored as; on Android the app's private
 * SharedPreferences, on the JVM tests a map.
 */
interface Preferences {
    fun string(key: String): String?
    fun boolean(key: String): Boolean?
    fun put(key: String, value: String)
    fun put(key: String, value: Boolean)
}

object BackgroundSync {
    /** Below this WorkManager silently stretches a period. */
    const val MIN_PERIOD_MINUTES = 15L

    /** The periodic run for [choice], or null for none (only when the app is opened). */
    fun plan(choice: BackgroundSyncChoice): SyncPlan? {
        val minutes = choice.interval.minutes ?: return null
        return SyncPlan(minutes.coerceAtLeast(MIN_PERIOD_MINUTES), network(choice))
    }

    /**
     * The network a one-time run after a server's Retry-After waits for:
     * the member's, as for the periodic runs; null when there are no
     * background runs at all (the wait then ends when the app is opened).
     */
    fun retryNetwork(choice: BackgroundSyncChoice): SyncNetwork? = if (plan(choice) == null) null else network(choice)

    /** Opening the app syncs only when that is the member's one moment for it. */
    fun syncWhenOpened(choice: BackgroundSyncChoice): Boolean = choice.interval.minutes == null

    private fun network(choice: BackgroundSyncChoice) = if (choice.unmeteredOnly) SyncNetwork.Unmetered else SyncNetwork.Any
}

/**
 * The stored choice. An unknown or missing value reads as the default, so
 * an app updated from before there was a choice keeps its hourly sync on
 * any network. [onChange] is told each new choice (Android: re-enqueue the
 * periodic work); choosing what is already chosen tells nobody.
 */
class BackgroundSyncSettings(
    private val preferences: Preferences,
    private val onChange: (BackgroundSyncChoice) -> Unit = {},
) {
    val choice: BackgroundSyncChoice
        @Synchronized get() {
            val default = BackgroundSyncChoice()
            val interval = preferences.string(INTERVAL)?.let { name -> SyncInterval.entries.firstOrNull { it.name == name } }
            return BackgroundSyncChoice(
                interval = interval ?: default.interval,
                unmeteredOnly = preferences.boolean(UNMETERED_ONLY) ?: default.unmeteredOnly,
            )
        }

    fun choose(new: BackgroundSyncChoice) {
        synchronized(this) {
            if (new == choice) return
            preferences.put(INTERVAL, new.interval.name)
            preferences.put(UNMETERED_ONLY, new.unmeteredOnly)
        }
        onChange(new)
    }

    companion object {
        const val INTERVAL = "background_sync_interval"
        const val UNMETERED_ONLY = "background_sync_unmetered_only"
    }
}
