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
import coop.nubo.companion.core.BackgroundSync
import coop.nubo.companion.core.BackgroundSyncChoice
import coop.nubo.companion.core.SyncNetwork
import coop.nubo.companion.core.NextSync
import java.util.concurrent.TimeUnit

/**
 * Syncs in the background as often as the member chose, on the network
 * they allow (`core/BackgroundSync.kt`: any, or only unmetered; or never,
 * "only when I open the app"): `BackgroundRun` sends
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

        private const val PERIODIC = "nubo-sync"
        private const val RETRY = "nubo-sync-retry"

        private fun constraints(network: SyncNetwork) = Constraints.Builder()
            .setRequiredNetworkType(
                when (network) {
                    SyncNetwork.Any -> NetworkType.CONNECTED
                    SyncNetwork.Unmetered -> NetworkType.UNMETERED
                },
            )
            .build()

        /** One run after the server's wait, on the network the member allows; none when they chose no background sync. */
        private fun retryAfter(context: Context, seconds: Long) {
            val network = BackgroundSync.retryNetwork(NuboApplication.of(context).backgroundSync.choice) ?: return
            val request = OneTimeWorkRequestBuilder<SyncWorker>()
                .setInitialDelay(seconds, TimeUnit.SECONDS)
                .setConstraints(constraints(network))
                .build()
            WorkManager.getInstance(context).enqueueUniqueWork(RETRY, ExistingWorkPolicy.REPLACE, request)
        }

        /**
         * The periodic run the member chose ([BackgroundSync.plan]), or none.
         * UPDATE keeps the current period's timing when nothing changed (each
         * launch calls this) and takes a new period or network at once.
         */
        fun schedule(context: Context, choice: BackgroundSyncChoice = NuboApplication.of(context).backgroundSync.choice) {
            val work = WorkManager.getInstance(context)
            val plan = BackgroundSync.plan(choice)
            if (plan == null) {
                work.cancelUniqueWork(PERIODIC)
                work.cancelUniqueWork(RETRY)
                return
            }
            val request = PeriodicWorkRequestBuilder<SyncWorker>(plan.periodMinutes, TimeUnit.MINUTES)
                .setConstraints(constraints(plan.network))
                .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, 5, TimeUnit.MINUTES)
                .build()
            work.enqueueUniquePeriodicWork(PERIODIC, ExistingPeriodicWorkPolicy.UPDATE, request)
        }

        /**
         * A new choice: the periodic run follows it, and a Retry-After run
         * still waiting (enqueued under the old network rule) goes; the
         * next periodic run does its work.
         */
        fun choiceChanged(context: Context, choice: BackgroundSyncChoice) {
            WorkManager.getInstance(context).cancelUniqueWork(RETRY)
            schedule(context, choice)
        }
    }
}
