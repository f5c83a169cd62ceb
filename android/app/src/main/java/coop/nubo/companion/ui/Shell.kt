package coop.nubo.companion.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.ReadOnlyComposable
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.graphics.ImageBitmap
import coop.nubo.companion.core.BackgroundSyncSettings

/**
 * What the screens need from the platform, and nothing more. Android gives
 * it from its resources and intents (`AndroidShell`); the desktop JVM test
 * (android/compose-jvm-test) from the same `strings.xml` files of `res/values`,
 * `values-fr` and `values-nl`.
 * No file in ui/ imports `android.*`, `androidx.activity` or `R`: the same
 * sources compile against Compose Multiplatform desktop and are rendered there.
 */
interface Shell {
    /** The label in the app's language, formatted like `Context.getString(id, args)`. */
    fun text(label: Label, vararg args: Any): String

    /** Like `Resources.getQuantityString(id, count, args)`. */
    fun plural(label: Plural, count: Int, vararg args: Any): String

    /**
     * Hands a `tel:`, `mailto:` or web URI to another app. False when no app
     * on the device takes it: the screen says so instead of crashing.
     */
    fun open(uri: String): Boolean

    /**
     * The member's server's sign-in page (Login Flow v2), in a browser tab
     * over the app (Android: a Custom Tab). False when nothing can show it.
     */
    fun openSignInPage(url: String): Boolean = open(url)

    /**
     * The member's background-sync choice, stored by the platform (Android:
     * private preferences, and WorkManager rescheduled on each change);
     * null where there is nothing to choose, and the menus leave it out.
     */
    val backgroundSync: BackgroundSyncSettings? get() = null

    /**
     * An image's bytes (a contact's picture, a JPEG, PNG, GIF or WebP the
     * core checked) decoded by the platform; null when it cannot be.
     */
    fun picture(bytes: ByteArray): ImageBitmap? = null

    /** The system back gesture or button, while [enabled]. */
    @Composable
    fun BackHandler(enabled: Boolean, onBack: () -> Unit)
}

val LocalShell = staticCompositionLocalOf<Shell> {
    error("no Shell: wrap the screens in CompositionLocalProvider(LocalShell provides …)")
}

/** A label of the app's `strings.xml`, in the app's language. */
@Composable
@ReadOnlyComposable
fun text(label: Label, vararg args: Any): String = LocalShell.current.text(label, *args)

@Composable
@ReadOnlyComposable
fun plural(label: Plural, count: Int, vararg args: Any): String = LocalShell.current.plural(label, count, *args)

/**
 * The names of `res/values/strings.xml`, one for one (`Label.sign_in` is
 * `Label.sign_in`); LabelsTest on the JVM checks both ways, and that
 * French and Dutch have each.
 */
@Suppress("EnumEntryName")
enum class Label {
    app_name,
    sign_in_title,
    sign_in,
    trust_host_and_sign_in,
    email,
    password,
    password_hint,
    show_password,
    hide_password,
    server_optional,
    server_hint,
    user_name_optional,
    user_name_hint,
    or_on_server_page,
    sign_in_on_server_page,
    allow_on_server_page,
    allow_on_server_page_detail,
    open_server_page,
    stop_waiting,
    all_day,
    pick_done,
    end_before_start,
    apply_to,
    this_date_only,
    this_date_and_following,
    whole_series,
    contacts,
    search,
    sync_now,
    more,
    sign_out,
    sign_out_confirm,
    new_contact,
    edit_contact,
    open_contact,
    no_contacts,
    edit,
    save,
    cancel,
    delete,
    delete_confirm,
    back,
    full_name,
    given_name,
    family_name,
    email_field,
    phone,
    add_phone,
    add_email,
    remove_item,
    call,
    write_to,
    organisation,
    job_title,
    birthday,
    note,
    address,
    read_only,
    pending,
    conflict,
    keep_mine,
    keep_server,
    keep_both,
    your_version,
    notification_channel,
    agenda,
    new_event,
    edit_event,
    open_event,
    upcoming,
    day,
    week,
    month,
    no_events,
    organizer,
    read_only_calendar,
    cancel_occurrence,
    cancel_occurrence_confirm,
    keep_date,
    delete_event_confirm,
    event_title,
    event_start,
    event_end,
    event_location,
    no_app_to_call,
    no_app_to_write,
    store_failed_title,
    store_failed_body,
    store_failed_detail,
    try_again,
    reset_local_data,
    reset_confirm,
    reset_failed,
    attendees,
    reminders,
    notes,
    search_notes,
    all_categories,
    new_note,
    edit_note,
    open_note,
    no_notes,
    no_notes_found,
    notes_folder,
    notes_folder_hint,
    notes_folder_unknown,
    use_this_folder,
    change_notes_folder,
    rename_or_move,
    rename_note,
    move_note,
    rename_and_move,
    delete_note,
    delete_note_question,
    delete_note_detail,
    keep_note,
    note_title,
    note_text,
    category,
    read_only_note,
    open_link_question,
    open_link,
    open_link_named,
    stay_here,
    no_app_to_open_link,
    discard_question,
    discard_changes,
    keep_editing,
    news,
    mark_all_read,
    unread_only,
    news_polling,
    unread,
    no_news_sources,
    no_unread_news,
    no_news,
    news_event,
    show_other_languages,
    only_my_language,
    news_sources,
    remove_feed,
    remove_feed_named,
    feed_address,
    add_feed,
    read_on_site,
    event_in_announcement,
    event_in_announcement_untitled,
    no_writable_calendar,
    news_calendar,
    add_to_agenda,
    remove_feed_question,
    remove_feed_detail,
    remove_feed_confirm,
    remove_feed_keep,
    open_announcement,
    news_notification_channel,
    news_pick_one,
    background_sync,
    background_sync_how_often,
    sync_every_30_minutes,
    sync_every_hour,
    sync_every_3_hours,
    sync_twice_a_day,
    sync_only_when_opened,
    sync_unmetered_only,
    sync_unmetered_only_detail,
    background_sync_detail,
    background_sync_when_opened_detail,
    close,
}

/** The `<plurals>` of `res/values/strings.xml`. */
@Suppress("EnumEntryName")
enum class Plural {
    pending_changes,
    news_unread,
}
