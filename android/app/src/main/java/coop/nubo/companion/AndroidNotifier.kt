package coop.nubo.companion

import android.Manifest
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import androidx.work.Data
import androidx.work.ExistingWorkPolicy
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.Worker
import androidx.work.WorkerParameters
import coop.nubo.companion.core.NewsNotifications
import coop.nubo.companion.core.Notifier
import java.util.concurrent.TimeUnit

/**
 * Carries out the core's Notify effects. Later ones are handed to
 * WorkManager, which survives the process and reboots; the core's `id`
 * names the work, so a re-sent reminder replaces the earlier one.
 */
class AndroidNotifier(private val context: Context) : Notifier {
    init {
        createChannels(context)
    }

    override fun show(id: String, title: String, body: String, atMillis: Long?) {
        val delay = (atMillis ?: 0L) - System.currentTimeMillis()
        if (delay <= 0) {
            post(context, id, title, body)
            return
        }
        val request = OneTimeWorkRequestBuilder<NotifyWorker>()
            .setInitialDelay(delay, TimeUnit.MILLISECONDS)
            .setInputData(Data.Builder().putString(KEY_ID, id).putString(KEY_TITLE, title).putString(KEY_BODY, body).build())
            .build()
        WorkManager.getInstance(context).enqueueUniqueWork("notify:$id", ExistingWorkPolicy.REPLACE, request)
    }

    /** Shows a scheduled notification when its time has come. */
    class NotifyWorker(context: Context, params: WorkerParameters) : Worker(context, params) {
        override fun doWork(): Result {
            val data = inputData
            post(applicationContext, data.getString(KEY_ID) ?: return Result.failure(), data.getString(KEY_TITLE).orEmpty(), data.getString(KEY_BODY).orEmpty())
            return Result.success()
        }
    }

    companion object {
        private const val CHANNEL = "nubo"
        private const val KEY_ID = "id"
        private const val KEY_TITLE = "title"
        private const val KEY_BODY = "body"

        /**
         * Reminders and the cooperative's news on two channels, named in the
         * device's language (created again after a language change: that
         * renames them).
         */
        fun createChannels(context: Context) {
            val manager = context.getSystemService(NotificationManager::class.java)
            manager.createNotificationChannel(
                NotificationChannel(CHANNEL, context.getString(R.string.notification_channel), NotificationManager.IMPORTANCE_DEFAULT),
            )
            manager.createNotificationChannel(
                NotificationChannel(NewsNotifications.CHANNEL, context.getString(R.string.news_notification_channel), NotificationManager.IMPORTANCE_DEFAULT),
            )
        }

        private fun post(context: Context, id: String, title: String, body: String) {
            // Android 13+: without the member's consent there is nothing to show.
            if (Build.VERSION.SDK_INT >= 33 &&
                ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED
            ) return
            val announcement = NewsNotifications.announcementId(id)
            val intent = Intent(context, MainActivity::class.java)
                .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_CLEAR_TOP or Intent.FLAG_ACTIVITY_SINGLE_TOP)
                .putExtra(MainActivity.EXTRA_NOTIFICATION, id)
            // One request code per notification: otherwise the system hands
            // every tap the first one's extras.
            val open = PendingIntent.getActivity(
                context, id.hashCode(), intent, PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
            )
            val channel = if (announcement != null) NewsNotifications.CHANNEL else CHANNEL
            val notification = NotificationCompat.Builder(context, channel)
                .setSmallIcon(android.R.drawable.ic_popup_reminder)
                .setContentTitle(title)
                .setContentText(body)
                .setStyle(NotificationCompat.BigTextStyle().bigText(body))
                .setContentIntent(open)
                .setAutoCancel(true)
                .build()
            NotificationManagerCompat.from(context).notify(id, 0, notification)
        }
    }
}
