package coop.nubo.companion

import android.app.Application
import android.content.Context
import coop.nubo.companion.core.CoreBridge
import coop.nubo.companion.core.Event

/**
 * One core per process: the screens and the background sync share it, so
 * two runtimes never write the same SQLite file at once.
 */
class NuboApplication : Application() {
    val core: CoreBridge by lazy {
        CoreBridge(
            databasePath = getDatabasePath("nubo.sqlite3").apply { parentFile?.mkdirs() }.path,
            secrets = AndroidKeystoreSecretStore(this),
            notifier = AndroidNotifier(this),
        ).also { it.send(Event.Start(deviceLocale(this), java.util.TimeZone.getDefault().id)) }
    }

    /** After a language change: the core's sentences follow the device. */
    fun followLocale(context: Context) {
        val tag = deviceLocale(context)
        val current = core.view.value.locale
        if (current.isNotEmpty() && current.substringBefore('-') != tag.substringBefore('-')) {
            core.send(Event.Start(tag, java.util.TimeZone.getDefault().id))
        }
    }

    companion object {
        /** "nl-BE": the app's language (Android 13 lets it differ from the system's). */
        fun deviceLocale(context: Context): String = context.resources.configuration.locales[0].toLanguageTag()

        fun core(context: Context): CoreBridge = (context.applicationContext as NuboApplication).core
    }
}
