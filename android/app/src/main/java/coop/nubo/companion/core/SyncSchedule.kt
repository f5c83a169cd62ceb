package coop.nubo.companion.core

/** What the background scheduler does once a sync has ended. */
sealed class NextSync {
    /** Synced: the next periodic run is soon enough. */
    object Done : NextSync()

    /** Failed without a word from the server: the scheduler's own backoff. */
    object Backoff : NextSync()

    /** The server asked us to wait (503/429 Retry-After): not a second sooner. */
    data class After(val seconds: Long) : NextSync()

    /**
     * Failed again after [SyncSchedule.MAX_RETRIES] retries: wait for the next
     * periodic run. A refused password (401) is such a failure: retrying it
     * with backoff for ever would knock on the server (and its account
     * lockout) all day long.
     */
    object GiveUp : NextSync()
}

/**
 * The server's Retry-After wins over the generic backoff, within bounds a
 * hostile server cannot stretch (at least a minute, at most a day); other
 * failures are retried a few times per period, never without end.
 */
object SyncSchedule {
    /**
     * What one periodic run sends, in order. `PollNews` first: it asks
     * only the news sources that are due (their interval, Retry-After and
     * backoff), and notifies new announcements even when the sync that
     * follows fails.
     */
    val BACKGROUND_EVENTS: List<Event> = listOf(Event.PollNews, Event.Sync)

    const val MIN_WAIT_SECONDS = 60L
    const val MAX_WAIT_SECONDS = 24 * 60 * 60L
    const val MAX_RETRIES = 2

    /** [attempt]: 0 for a run's first try (WorkManager's `runAttemptCount`). */
    fun after(sync: SyncView, attempt: Int = 0): NextSync {
        val wait = sync.retryAfterSeconds
        return when {
            !sync.failed -> NextSync.Done
            wait != null -> NextSync.After(wait.coerceIn(MIN_WAIT_SECONDS, MAX_WAIT_SECONDS))
            attempt >= MAX_RETRIES -> NextSync.GiveUp
            else -> NextSync.Backoff
        }
    }

    /** A sync that did not end within the worker's time counts as a failure. */
    fun afterTimeout(attempt: Int): NextSync = if (attempt >= MAX_RETRIES) NextSync.GiveUp else NextSync.Backoff
}
