package coop.nubo.companion.core

/** What the background scheduler does once a sync has ended. */
sealed class NextSync {
    /** Synced: the next periodic run is soon enough. */
    object Done : NextSync()

    /** Failed without a word from the server: the scheduler's own backoff. */
    object Backoff : NextSync()

    /** The server asked us to wait (503/429 Retry-After): not a second sooner. */
    data class After(val seconds: Long) : NextSync()
}

/**
 * The server's Retry-After wins over the generic backoff, within bounds a
 * hostile server cannot stretch (at least a minute, at most a day).
 */
object SyncSchedule {
    const val MIN_WAIT_SECONDS = 60L
    const val MAX_WAIT_SECONDS = 24 * 60 * 60L

    fun after(sync: SyncView): NextSync {
        val wait = sync.retryAfterSeconds
        return when {
            !sync.failed -> NextSync.Done
            wait != null -> NextSync.After(wait.coerceIn(MIN_WAIT_SECONDS, MAX_WAIT_SECONDS))
            else -> NextSync.Backoff
        }
    }
}
