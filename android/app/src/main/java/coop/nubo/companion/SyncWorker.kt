package coop.nubo.companion

import android.content.Context
import androidx.work.Constraints
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.NetworkType
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.Worker
import androidx.work.WorkerParameters
import coop.nubo.companion.core.CoreBridge
import coop.nubo.companion.core.Event
import java.util.Locale
import java.util.concurrent.TimeUnit

/** Syncs in the background when a network is there; failures wait for the next run. */
class SyncWorker(context: Context, params: WorkerParameters) : Worker(context, params) {
    override fun doWork(): Result {
        CoreBridge(
            applicationContext.getDatabasePath("nubo.sqlite3").path,
            KeystoreSecretStore(applicationContext),
            AndroidNotifier(applicationContext),
        ).use { core ->
            core.send(Event.Start(Locale.getDefault().toLanguageTag()))
            core.waitIdle(10_000)
            if (!core.view.signedIn) return Result.success()
            core.send(Event.Sync)
            core.waitIdle(10 * 60_000)
            return if (core.view.sync.failed) Result.retry() else Result.success()
        }
    }

    companion object {
        fun schedule(context: Context) {
            val request = PeriodicWorkRequestBuilder<SyncWorker>(1, TimeUnit.HOURS)
                .setConstraints(Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build())
                .build()
            WorkManager.getInstance(context).enqueueUniquePeriodicWork("nubo-sync", ExistingPeriodicWorkPolicy.KEEP, request)
        }
    }
}
