package coop.nubo.companion

import android.content.Context
import androidx.work.BackoffPolicy
import androidx.work.Constraints
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.ExistingWorkPolicy
import androidx.work.NetworkType
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.Worker
import androidx.work.WorkerParameters
import coop.nubo.companion.core.BackgroundRun
import coop.nubo.companion.core.NextSync
import java.util.concurrent.TimeUnit

/**
 * Syncs in the background when a network is there: `BackgroundRun` sends
 * the core's `PollNews` (the news sources that are due; new announcements
 * notified) then `Sync` and waits for each to end; a failed sync is
 * retried with WorkManager's backoff (a few times, then at the next period: a refused password must not be tried all day),
 * or after the server's Retry-After when it gave one, and nothing is lost
 * meanwhile (changes stay queued in the local store). A local store that
 * cannot be opened is left to the screens (reset local data): no crash here.
 */
class SyncWorker(context: Context, params: WorkerParameters) : Worker(context, params) {
    override fun doWork(): Result {
        val core = NuboApplication.of(applicationContext).coreOrNull() ?: return Result.success()
        val next = BackgroundRun.run(core, runAttemptCount, START_TIMEOUT_MS, SYNC_TIMEOUT_MS)
        return when (next) {
            NextSync.Done, NextSync.GiveUp -> Result.success()
            NextSync.Backoff -> Result.retry()
            // The server asked for a wait: one run after it, not the
            // shorter generic backoff.
            is NextSync.After -> {
                retryAfter(applicationContext, next.seconds)
                Result.success()
            }
        }
    }

    companion object {
        private const val START_TIMEOUT_MS = 30_000L
        // WorkManager stops a worker after 10 minutes.
        private const val SYNC_TIMEOUT_MS = 9 * 60_000L

        private fun retryAfter(context: Context, seconds: Long) {
            val request = OneTimeWorkRequestBuilder<SyncWorker>()
                .setInitialDelay(seconds, TimeUnit.SECONDS)
                .setConstraints(Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build())
                .build()
            WorkManager.getInstance(context).enqueueUniqueWork("nubo-sync-retry", ExistingWorkPolicy.REPLACE, request)
        }

        fun schedule(context: Context) {
            val request = PeriodicWorkRequestBuilder<SyncWorker>(1, TimeUnit.HOURS)
                .setConstraints(Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build())
                .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, 5, TimeUnit.MINUTES)
                .build()
            WorkManager.getInstance(context).enqueueUniquePeriodicWork("nubo-sync", ExistingPeriodicWorkPolicy.KEEP, request)
        }
    }
}
