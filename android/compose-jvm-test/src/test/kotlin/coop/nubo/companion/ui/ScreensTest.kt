package coop.nubo.companion.ui

import androidx.compose.runtime.Composable
import coop.nubo.companion.core.ViewModel
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.io.File
import java.util.Locale

/**
 * Every screen of the Android app, compiled from the app's own ui/ sources
 * for the desktop JVM, drawn from view models the real core produced after
 * a sync against a real Radicale: in French, Dutch and English, light and
 * dark, at phone size with system bars, into PNGs under target/screens. Each
 * drawing is checked as a member would meet it (ScreenChecks): nothing cut
 * off or drawn over, every tap target 48 dp and named.
 */
@OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScreensTest {
    private var scenario: CoreScenario? = null

    @BeforeAll
    fun start() {
        scenario = CoreScenario.startOrNull()
    }

    @AfterAll
    fun stop() {
        scenario?.close()
    }

    @Test
    fun `every screen in three languages, light and dark, has nothing cut off, overlapping, too small or unnamed`() {
        val scenario = scenario
        assumeTrue(scenario != null, "skipped: no project venv with Radicale (scripts/setup-test-env.sh)")
        scenario!!
        val problems = mutableListOf<String>()
        val ellipsized = sortedSetOf<String>()
        val written = mutableListOf<File>()
        val names = linkedSetOf<String>()
        for (locale in listOf("fr-BE", "nl-BE", "en-BE")) {
            val views = scenario.views(locale)
            val shell = XmlShell(Locale.forLanguageTag(locale))
            for ((name, screen) in screens(views)) {
                names += name
                for (dark in listOf(false, true)) {
                    val png = File(screensDir, "$name-${locale.substringBefore('-')}-${if (dark) "dark" else "light"}.png")
                    val checks = ScreenChecks(Phone.density, Phone.safeArea)
                    render(shell, dark, png, inspect = { roots -> checks.check(roots) }) { screen() }
                    problems += checks.problems.map { "${png.name}: $it" }
                    ellipsized += checks.ellipsized
                    written += png
                }
                // The news also at tablet size: a list and a text that must not run the window's width.
                if (name.startsWith("news") || name.startsWith("announcement")) {
                    for (dark in listOf(false, true)) {
                        val png = File(screensDir, "$name-tablet-${locale.substringBefore('-')}-${if (dark) "dark" else "light"}.png")
                        val checks = ScreenChecks(Phone.density, Phone.safeArea(Tablet.WIDTH_DP, Tablet.HEIGHT_DP))
                        render(shell, dark, png, widthDp = Tablet.WIDTH_DP, heightDp = Tablet.HEIGHT_DP, inspect = { roots -> checks.check(roots) }) {
                            screen()
                        }
                        problems += checks.problems.map { "${png.name}: $it" }
                        ellipsized += checks.ellipsized
                        written += png
                    }
                }
            }
        }
        println("Rendered ${written.size} screens (${names.size} screens × 3 languages × light and dark) into $screensDir:")
        println("  " + names.joinToString(", "))
        if (ellipsized.isNotEmpty()) println("Ended with … on purpose (one line of a list row): ${ellipsized.size} texts")
        assertTrue(written.all { it.length() > 10_000 }, "a PNG is empty")
        assertTrue(problems.isEmpty(), problems.distinct().joinToString("\n", "${problems.size} problems:\n"))
    }

    /** Each screen as the app reaches it: through NuboApp where it routes there. */
    private fun screens(views: Map<String, ViewModel>): List<Pair<String, @Composable () -> Unit>> {
        // A notice ("Contact saved…") is a snackbar over the screen for a few
        // seconds: drawn once on its own, left out of the others.
        val app = { name: String, tab: Tab ->
            name to @Composable { NuboApp(views.getValue(name).copy(notice = null), send = {}, startTab = tab) }
        }
        val saved = views.getValue("notice")
        val locale = views.getValue("sign-in").locale
        val event = checkNotNull(views.getValue("event-detail").event)
        val contact = checkNotNull(views.getValue("contact-detail").selected)
        val notes = views.getValue("note-detail")
        val note = checkNotNull(notes.note)
        val refused = views.getValue("note-refused")
        // The open note with one of its questions asked.
        val asking = { question: NoteQuestion ->
            @Composable {
                val snackbar = androidx.compose.runtime.remember { androidx.compose.material3.SnackbarHostState() }
                NoteDetailScreen(
                    note, notes.notes.categories, notes.conflicts, null, snackbar, send = {}, onEdit = {},
                    question = question, questionLink = "https://nubo.test/ag",
                )
            }
        }
        return listOf(
            app("sign-in", Tab.Agenda),
            app("sign-in-error", Tab.Agenda),
            app("sign-in-untrusted", Tab.Agenda),
            // Waiting for the member on their server's page (the core's
            // state while it polls; the contract example has the same).
            "sign-in-server-page" to @Composable {
                val waiting = views.getValue("sign-in").copy(signingIn = true, signInPage = "https://cloud.nubo.coop/login/v2/flow/Xq3Lr9")
                NuboApp(waiting, send = {}, startTab = Tab.Agenda)
            },
            app("agenda-upcoming", Tab.Agenda),
            app("agenda-month", Tab.Agenda),
            app("agenda-week", Tab.Agenda),
            app("agenda-day", Tab.Agenda),
            app("event-detail", Tab.Agenda),
            app("event-detail-occurrence", Tab.Agenda),
            "event-edit" to @Composable { EventEditScreen(event.fields, onSave = { _, _ -> }, onCancel = {}, localeTag = locale) },
            // One date of a series: this date only, or it and the following.
            "event-edit-occurrence" to @Composable {
                val occurrence = checkNotNull(views.getValue("event-detail-occurrence").event)
                EventEditScreen(occurrence.fields, onSave = { _, _ -> }, onCancel = {}, ofSeries = true, localeTag = locale)
            },
            "event-new" to @Composable { EventEditScreen(coop.nubo.companion.core.EventFields(), onSave = { _, _ -> }, onCancel = {}, localeTag = locale) },
            app("contacts", Tab.Contacts),
            app("contacts-search", Tab.Contacts),
            app("contacts-search-more", Tab.Contacts),
            app("contacts-end-of-page", Tab.Contacts),
            app("contact-detail", Tab.Contacts),
            "contact-edit" to @Composable { ContactEditScreen(contact.id, contact.fields, onSave = {}, onCancel = {}) },
            app("conflicts", Tab.Contacts),
            app("contact-detail-conflict", Tab.Contacts),
            "notice" to @Composable {
                check(saved.notice != null) { "no notice to show" }
                NuboApp(saved, send = {}, startTab = Tab.Contacts)
            },
            app("notes-folder", Tab.Notes),
            app("notes", Tab.Notes),
            app("notes-search", Tab.Notes),
            app("note-detail", Tab.Notes),
            "note-link" to asking(NoteQuestion.Link),
            "note-delete" to asking(NoteQuestion.Delete),
            "note-move" to asking(NoteQuestion.Move),
            "note-edit" to @Composable {
                NoteEditScreen(note.id, note.title, note.text, notes.notes.categories, error = null, onSave = { _, _, _ -> }, onCancel = {})
            },
            "note-new" to @Composable {
                NoteEditScreen(null, "", "", notes.notes.categories, error = null, onSave = { _, _, _ -> }, onCancel = {})
            },
            // Refused: what was typed is still there, and why it was refused above it.
            "note-refused" to @Composable {
                NoteEditScreen(
                    null, "Valise", CoreScenario.REFUSED_TEXT, refused.notes.categories, error = checkNotNull(refused.error),
                    onSave = { _, _, _ -> }, onCancel = {},
                )
            },
            app("note-detail-conflict", Tab.Notes),
            app("note-unreadable", Tab.Notes),
            app("news", Tab.News),
            app("news-unread-only", Tab.News),
            app("news-all-languages", Tab.News),
            app("announcement", Tab.News),
            app("announcement-event", Tab.News),
            // The end of the list: the sources, a failing one, the member's own feeds, the address field.
            "news-sources" to @Composable {
                val view = views.getValue("news")
                val snackbar = androidx.compose.runtime.remember { androidx.compose.material3.SnackbarHostState() }
                val end = view.news.announcements.size + 8
                NewsScreen(
                    view, snackbar, send = {},
                    listState = androidx.compose.foundation.lazy.rememberLazyListState(initialFirstVisibleItemIndex = end),
                )
            },
            "news-remove-feed" to @Composable {
                val view = views.getValue("news")
                val feed = view.news.sources.first { it.addedByMember }
                val snackbar = androidx.compose.runtime.remember { androidx.compose.material3.SnackbarHostState() }
                NewsScreen(view, snackbar, send = {}, question = NewsQuestion.RemoveFeed(feed.url, feed.name))
            },
            "announcement-link" to @Composable {
                val view = views.getValue("announcement")
                val snackbar = androidx.compose.runtime.remember { androidx.compose.material3.SnackbarHostState() }
                AnnouncementScreen(
                    checkNotNull(view.announcement), view.calendars, null, snackbar, send = {},
                    question = NewsQuestion.Link("https://status.nubo.coop/"),
                )
            },
            "store-failed" to @Composable {
                StoreFailedScreen("database disk image is malformed", resetError = null, onRetry = {}, onReset = {})
            },
        )
    }
}
