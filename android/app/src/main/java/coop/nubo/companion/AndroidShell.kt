package coop.nubo.companion

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.graphics.BitmapFactory
import android.net.Uri
import androidx.browser.customtabs.CustomTabsIntent
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.asImageBitmap
import coop.nubo.companion.core.BackgroundSyncSettings
import coop.nubo.companion.ui.Label
import coop.nubo.companion.ui.Plural
import coop.nubo.companion.ui.Shell

/** The screens' platform on Android: resources for labels, intents for tel:, mailto: and links. */
class AndroidShell(private val context: Context) : Shell {
    override val backgroundSync: BackgroundSyncSettings = NuboApplication.of(context).backgroundSync

    override fun text(label: Label, vararg args: Any): String = context.getString(label.res, *args)

    override fun plural(label: Plural, count: Int, vararg args: Any): String =
        context.resources.getQuantityString(label.res, count, *args)

    override fun open(uri: String): Boolean {
        // DIAL needs no permission and lets the member confirm; SENDTO picks
        // only e-mail apps for mailto:.
        val action = if (uri.startsWith("mailto:")) Intent.ACTION_SENDTO else if (uri.startsWith("tel:")) Intent.ACTION_DIAL else Intent.ACTION_VIEW
        val intent = Intent(action, Uri.parse(uri))
        if (context !is Activity) intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        return try {
            context.startActivity(intent)
            true
        } catch (e: ActivityNotFoundException) {
            // A tablet without telephony, a profile without a mail app.
            false
        } catch (e: SecurityException) {
            // The only app that answers is not exported to us.
            false
        }
    }

    /**
     * A Custom Tab: the member's own browser (their saved logins, its
     * address bar showing the server), over the app, back with one gesture.
     * Without a browser that offers one, the browser itself.
     */
    override fun openSignInPage(url: String): Boolean = try {
        CustomTabsIntent.Builder().setShowTitle(true).build().launchUrl(context, Uri.parse(url))
        true
    } catch (e: ActivityNotFoundException) {
        open(url)
    }

    override fun picture(bytes: ByteArray): ImageBitmap? =
        BitmapFactory.decodeByteArray(bytes, 0, bytes.size)?.asImageBitmap()

    @Composable
    override fun BackHandler(enabled: Boolean, onBack: () -> Unit) =
        androidx.activity.compose.BackHandler(enabled = enabled, onBack = onBack)
}

/** One line per label; a label without its resource does not compile. */
private val Label.res: Int get() = when (this) {
    Label.app_name -> R.string.app_name
    Label.sign_in_title -> R.string.sign_in_title
    Label.sign_in -> R.string.sign_in
    Label.trust_host_and_sign_in -> R.string.trust_host_and_sign_in
    Label.or_on_server_page -> R.string.or_on_server_page
    Label.sign_in_on_server_page -> R.string.sign_in_on_server_page
    Label.allow_on_server_page -> R.string.allow_on_server_page
    Label.allow_on_server_page_detail -> R.string.allow_on_server_page_detail
    Label.open_server_page -> R.string.open_server_page
    Label.stop_waiting -> R.string.stop_waiting
    Label.all_day -> R.string.all_day
    Label.pick_done -> R.string.pick_done
    Label.end_before_start -> R.string.end_before_start
    Label.apply_to -> R.string.apply_to
    Label.this_date_only -> R.string.this_date_only
    Label.this_date_and_following -> R.string.this_date_and_following
    Label.whole_series -> R.string.whole_series
    Label.email -> R.string.email
    Label.password -> R.string.password
    Label.password_hint -> R.string.password_hint
    Label.show_password -> R.string.show_password
    Label.hide_password -> R.string.hide_password
    Label.server_optional -> R.string.server_optional
    Label.server_hint -> R.string.server_hint
    Label.user_name_optional -> R.string.user_name_optional
    Label.user_name_hint -> R.string.user_name_hint
    Label.contacts -> R.string.contacts
    Label.search -> R.string.search
    Label.sync_now -> R.string.sync_now
    Label.more -> R.string.more
    Label.sign_out -> R.string.sign_out
    Label.sign_out_confirm -> R.string.sign_out_confirm
    Label.new_contact -> R.string.new_contact
    Label.edit_contact -> R.string.edit_contact
    Label.open_contact -> R.string.open_contact
    Label.no_contacts -> R.string.no_contacts
    Label.edit -> R.string.edit
    Label.save -> R.string.save
    Label.cancel -> R.string.cancel
    Label.delete -> R.string.delete
    Label.delete_confirm -> R.string.delete_confirm
    Label.back -> R.string.back
    Label.full_name -> R.string.full_name
    Label.given_name -> R.string.given_name
    Label.family_name -> R.string.family_name
    Label.email_field -> R.string.email_field
    Label.phone -> R.string.phone
    Label.add_phone -> R.string.add_phone
    Label.add_email -> R.string.add_email
    Label.remove_item -> R.string.remove_item
    Label.call -> R.string.call
    Label.write_to -> R.string.write_to
    Label.organisation -> R.string.organisation
    Label.job_title -> R.string.job_title
    Label.birthday -> R.string.birthday
    Label.note -> R.string.note
    Label.address -> R.string.address
    Label.read_only -> R.string.read_only
    Label.pending -> R.string.pending
    Label.conflict -> R.string.conflict
    Label.keep_mine -> R.string.keep_mine
    Label.keep_server -> R.string.keep_server
    Label.keep_both -> R.string.keep_both
    Label.your_version -> R.string.your_version
    Label.notification_channel -> R.string.notification_channel
    Label.agenda -> R.string.agenda
    Label.new_event -> R.string.new_event
    Label.edit_event -> R.string.edit_event
    Label.open_event -> R.string.open_event
    Label.upcoming -> R.string.upcoming
    Label.day -> R.string.day
    Label.week -> R.string.week
    Label.month -> R.string.month
    Label.no_events -> R.string.no_events
    Label.organizer -> R.string.organizer
    Label.read_only_calendar -> R.string.read_only_calendar
    Label.cancel_occurrence -> R.string.cancel_occurrence
    Label.cancel_occurrence_confirm -> R.string.cancel_occurrence_confirm
    Label.keep_date -> R.string.keep_date
    Label.delete_event_confirm -> R.string.delete_event_confirm
    Label.event_title -> R.string.event_title
    Label.event_start -> R.string.event_start
    Label.event_end -> R.string.event_end
    Label.event_location -> R.string.event_location
    Label.no_app_to_call -> R.string.no_app_to_call
    Label.no_app_to_write -> R.string.no_app_to_write
    Label.store_failed_title -> R.string.store_failed_title
    Label.store_failed_body -> R.string.store_failed_body
    Label.store_failed_detail -> R.string.store_failed_detail
    Label.try_again -> R.string.try_again
    Label.reset_local_data -> R.string.reset_local_data
    Label.reset_confirm -> R.string.reset_confirm
    Label.reset_failed -> R.string.reset_failed
    Label.attendees -> R.string.attendees
    Label.reminders -> R.string.reminders
    Label.notes -> R.string.notes
    Label.search_notes -> R.string.search_notes
    Label.all_categories -> R.string.all_categories
    Label.new_note -> R.string.new_note
    Label.edit_note -> R.string.edit_note
    Label.open_note -> R.string.open_note
    Label.no_notes -> R.string.no_notes
    Label.no_notes_found -> R.string.no_notes_found
    Label.notes_folder -> R.string.notes_folder
    Label.notes_folder_hint -> R.string.notes_folder_hint
    Label.notes_folder_unknown -> R.string.notes_folder_unknown
    Label.use_this_folder -> R.string.use_this_folder
    Label.change_notes_folder -> R.string.change_notes_folder
    Label.rename_or_move -> R.string.rename_or_move
    Label.rename_note -> R.string.rename_note
    Label.move_note -> R.string.move_note
    Label.rename_and_move -> R.string.rename_and_move
    Label.delete_note -> R.string.delete_note
    Label.delete_note_question -> R.string.delete_note_question
    Label.delete_note_detail -> R.string.delete_note_detail
    Label.keep_note -> R.string.keep_note
    Label.note_title -> R.string.note_title
    Label.note_text -> R.string.note_text
    Label.category -> R.string.category
    Label.read_only_note -> R.string.read_only_note
    Label.open_link_question -> R.string.open_link_question
    Label.open_link -> R.string.open_link
    Label.open_link_named -> R.string.open_link_named
    Label.stay_here -> R.string.stay_here
    Label.no_app_to_open_link -> R.string.no_app_to_open_link
    Label.discard_question -> R.string.discard_question
    Label.discard_changes -> R.string.discard_changes
    Label.keep_editing -> R.string.keep_editing
    Label.news -> R.string.news
    Label.mark_all_read -> R.string.mark_all_read
    Label.unread_only -> R.string.unread_only
    Label.news_polling -> R.string.news_polling
    Label.unread -> R.string.unread
    Label.no_news_sources -> R.string.no_news_sources
    Label.no_unread_news -> R.string.no_unread_news
    Label.no_news -> R.string.no_news
    Label.news_event -> R.string.news_event
    Label.show_other_languages -> R.string.show_other_languages
    Label.only_my_language -> R.string.only_my_language
    Label.news_sources -> R.string.news_sources
    Label.remove_feed -> R.string.remove_feed
    Label.remove_feed_named -> R.string.remove_feed_named
    Label.feed_address -> R.string.feed_address
    Label.add_feed -> R.string.add_feed
    Label.read_on_site -> R.string.read_on_site
    Label.event_in_announcement -> R.string.event_in_announcement
    Label.event_in_announcement_untitled -> R.string.event_in_announcement_untitled
    Label.no_writable_calendar -> R.string.no_writable_calendar
    Label.news_calendar -> R.string.news_calendar
    Label.add_to_agenda -> R.string.add_to_agenda
    Label.remove_feed_question -> R.string.remove_feed_question
    Label.remove_feed_detail -> R.string.remove_feed_detail
    Label.remove_feed_confirm -> R.string.remove_feed_confirm
    Label.remove_feed_keep -> R.string.remove_feed_keep
    Label.open_announcement -> R.string.open_announcement
    Label.news_notification_channel -> R.string.news_notification_channel
    Label.news_pick_one -> R.string.news_pick_one
    Label.background_sync -> R.string.background_sync
    Label.background_sync_how_often -> R.string.background_sync_how_often
    Label.sync_every_30_minutes -> R.string.sync_every_30_minutes
    Label.sync_every_hour -> R.string.sync_every_hour
    Label.sync_every_3_hours -> R.string.sync_every_3_hours
    Label.sync_twice_a_day -> R.string.sync_twice_a_day
    Label.sync_only_when_opened -> R.string.sync_only_when_opened
    Label.sync_unmetered_only -> R.string.sync_unmetered_only
    Label.sync_unmetered_only_detail -> R.string.sync_unmetered_only_detail
    Label.background_sync_detail -> R.string.background_sync_detail
    Label.background_sync_when_opened_detail -> R.string.background_sync_when_opened_detail
    Label.close -> R.string.close
}

private val Plural.res: Int get() = when (this) {
    Plural.pending_changes -> R.plurals.pending_changes
    Plural.news_unread -> R.plurals.news_unread
}
