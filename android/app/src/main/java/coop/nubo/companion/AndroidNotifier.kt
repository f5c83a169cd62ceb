package coop.nubo.companion

import android.Manifest
import android.app.AlarmManager
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import androidx.work.Worker
import androidx.work.WorkerParameters
import coop.nubo.companion.core.NewsNotifications
import coop.nubo.companion.core.Notifier
import coop.nubo.companion.core.Reminder
import coop.nubo.companion.core.ReminderAlarms
import coop.nubo.companion.core.ReminderLedger
import coop.nubo.companion.core.ReminderScheduler

/**
 * Carries out the core's Notify requests. An announcement is posted at
 * once. Reminders come as the complete set each time (after a sync, an
 * edit, at start; empty at sign-out): [ReminderScheduler] cancels the
 * alarms of those gone and sets the others with AlarmManager, exactly
 * where allowed, remembering them in SharedPreferences for a reboot
 * ([BootReceiver]). [ReminderReceiver] posts one when its alarm goes off.
 */
class AndroidNotifier(private val context: Context) : Notifier {
    init {
        createChannels(context)
    }

    override fun show(id: String, title: String, body: String) = post(context, id, title, body)

    override fun replaceReminders(reminders: List<Reminder>) {
        scheduler(context).replace(reminders)
    }

    /**
     * Reminders were WorkManager jobs before they were alarms: one queued
     * by an older version does nothing now (the core's next set, sent at
     * start, schedules it as an alarm).
     */
    class NotifyWorker(context: Context, params: WorkerParameters) : Worker(context, params) {
        override fun doWork(): Result = Result.success()
    }

    companion object {
        private const val CHANNEL = "nubo"
        internal const val ACTION_REMINDER = "coop.nubo.companion.REMINDER"
        internal const val KEY_ID = "id"
        internal const val KEY_TITLE = "title"
        internal const val KEY_BODY = "body"

        /** The decisions in plain Kotlin (tested on the JVM), Android's alarms and preferences under them. */
        fun scheduler(context: Context): ReminderScheduler {
            val app = context.applicationContext
            return ReminderScheduler(PreferencesLedger(app), AndroidAlarms(app))
        }

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

        internal fun post(context: Context, id: String, title: String, body: String) {
            // Android 13+: without the member's consent there is nothing to show.
            if (Build.VERSION.SDK_INT >= 33 &&
                ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED
            ) return
            createChannels(context)
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
                .setCategory(if (announcement != null) NotificationCompat.CATEGORY_MESSAGE else NotificationCompat.CATEGORY_REMINDER)
                .setContentIntent(open)
                .setAutoCancel(true)
                .build()
            NotificationManagerCompat.from(context).notify(id, 0, notification)
        }
    }
}

/** The reminders scheduled, as JSON in the app's private preferences. */
private class PreferencesLedger(context: Context) : ReminderLedger {
    private val prefs = context.getSharedPreferences("nubo-reminders", Context.MODE_PRIVATE)

    override fun load(): List<Reminder> = ReminderScheduler.decode(prefs.getString(KEY, null))

    // commit, not apply: a receiver's process may end right after.
    override fun save(reminders: List<Reminder>) {
        prefs.edit().putString(KEY, ReminderScheduler.encode(reminders)).commit()
    }

    private companion object {
        const val KEY = "scheduled"
    }
}

/** AlarmManager: one alarm per reminder id, told apart by the intent's data URI. */
private class AndroidAlarms(private val context: Context) : ReminderAlarms {
    private val alarms = context.getSystemService(AlarmManager::class.java)

    override fun canScheduleExact(): Boolean = Build.VERSION.SDK_INT < 31 || alarms.canScheduleExactAlarms()

    override fun schedule(reminder: Reminder, exact: Boolean) {
        val intent = intent(reminder.id)
            .putExtra(AndroidNotifier.KEY_TITLE, reminder.title)
            .putExtra(AndroidNotifier.KEY_BODY, reminder.body)
        val pending = PendingIntent.getBroadcast(context, 0, intent, PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT)
        try {
            if (exact) {
                alarms.setExactAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, reminder.atMillis, pending)
            } else {
                alarms.setAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, reminder.atMillis, pending)
            }
        } catch (e: SecurityException) {
            // Exact alarms withdrawn between the check and the call.
            alarms.setAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, reminder.atMillis, pending)
        }
    }

    override fun cancel(id: String) {
        val pending = PendingIntent.getBroadcast(context, 0, intent(id), PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_NO_CREATE)
            ?: return
        alarms.cancel(pending)
        pending.cancel()
    }

    override fun showNow(reminder: Reminder) {
        AndroidNotifier.post(context, reminder.id, reminder.title, reminder.body)
    }

    private fun intent(id: String): Intent = Intent(context, ReminderReceiver::class.java)
        .setAction(AndroidNotifier.ACTION_REMINDER)
        .setData(Uri.fromParts("nubo-reminder", id, null))
        .putExtra(AndroidNotifier.KEY_ID, id)
}

/** A reminder's alarm went off: post it, and forget it. */
class ReminderReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != AndroidNotifier.ACTION_REMINDER) return
        val id = intent.getStringExtra(AndroidNotifier.KEY_ID) ?: return
        AndroidNotifier.post(context, id, intent.getStringExtra(AndroidNotifier.KEY_TITLE).orEmpty(), intent.getStringExtra(AndroidNotifier.KEY_BODY).orEmpty())
        AndroidNotifier.scheduler(context).fired(id)
    }
}

/**
 * A reboot clears every alarm, and so may an update of the app: the
 * remembered reminders still to come are set again, those missed while it
 * was off shown now if their event has not ended (once the member has
 * unlocked the device: the preferences are encrypted until then). Exact
 * alarms allowed again (Android 12+) re-arms them exactly.
 */
class BootReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        when (intent.action) {
            Intent.ACTION_BOOT_COMPLETED,
            Intent.ACTION_MY_PACKAGE_REPLACED,
            AlarmManager.ACTION_SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED,
            -> AndroidNotifier.scheduler(context).rearm()
        }
    }
}
