package coop.nubo.companion.core

/**
 * One periodic background run, free of WorkManager so that it runs (and is
 * tested) on a plain JVM: waits for the core's start, sends
 * [SyncSchedule.BACKGROUND_EVENTS] one after the other, each to its end,
 * and says what the scheduler does next. The notifications the core asks
 * for meanwhile (new announcements, reminders) go to the bridge's Notifier.
 */
object BackgroundRun {
    /** [attempt]: WorkManager's `runAttemptCount`; [timeoutMillis] for the whole run. */
    fun run(core: CoreBridge, attempt: Int, startTimeoutMillis: Long, timeoutMillis: Long): NextSync {
        // The account and its password load asynchronously after Start.
        core.waitIdle(startTimeoutMillis)
        if (!core.view.value.signedIn) return NextSync.Done
        val deadline = System.currentTimeMillis() + timeoutMillis
        for (event in SyncSchedule.BACKGROUND_EVENTS) {
            core.send(event)
            if (!core.waitIdle((deadline - System.currentTimeMillis()).coerceAtLeast(1))) return SyncSchedule.afterTimeout(attempt)
        }
        return SyncSchedule.after(core.view.value.sync, attempt)
    }
}
