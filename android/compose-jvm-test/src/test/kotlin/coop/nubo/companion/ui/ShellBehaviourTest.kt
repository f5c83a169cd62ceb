package coop.nubo.companion.ui

import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.assertCountEquals
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import coop.nubo.companion.core.AgendaDay
import coop.nubo.companion.core.AgendaEntry
import coop.nubo.companion.core.AgendaSpan
import coop.nubo.companion.core.AgendaView
import coop.nubo.companion.core.CalendarView
import coop.nubo.companion.core.ContactFields
import coop.nubo.companion.core.ContactView
import coop.nubo.companion.core.Event.EditScope
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.EventFields
import coop.nubo.companion.core.Labeled
import coop.nubo.companion.core.SyncView
import coop.nubo.companion.core.ViewModel
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.Locale

/** The shell defects a member would hit, each on the screen that had it. */
class ShellBehaviourTest {
    private val fr = Locale.forLanguageTag("fr-BE")
    private val px = Phone.density.density

    private fun entry(id: Long, title: String, occurrence: String? = null) = AgendaEntry(
        eventId = id, occurrence = occurrence, title = title, location = "Mundo-B", time = "10:00 – 11:00", allDay = false,
        calendar = "/cal/", color = "#0082C9", recurring = false, pending = false, readOnly = false,
    )

    private fun agenda(vararg entries: AgendaEntry) = ViewModel.EMPTY.copy(
        locale = "fr-BE", signedIn = true, accountEmail = "alice@nubo.test",
        sync = SyncView(running = false, progress = null, status = "À jour.", failed = false, retryAfterSeconds = null),
        calendars = listOf(CalendarView("/cal/", "Agenda", "#0082C9", readOnly = false)),
        agenda = AgendaView(AgendaSpan.Day, "2027-03-10", "2027-03-10", "mercredi 10 mars 2027", listOf(AgendaDay("2027-03-10", "mercredi 10 mars 2027", entries.toList())), null),
    )

    private fun List<SemanticsNode>.all(): List<SemanticsNode> = flatMap { listOf(it) + it.children.all() }
    private fun List<SemanticsNode>.scroller() = all().first { SemanticsProperties.VerticalScrollAxisRange in it.config }

    @Test
    fun `one resource with two entries the same day does not crash the agenda`() {
        // Two VEVENTs in one resource, no RECURRENCE-ID: same event id, same (null) occurrence.
        val day = agenda(entry(7, "Réunion A"), entry(7, "Réunion B"), entry(7, "Réunion C"))
        val keys = agendaRowKeys(day.agenda.days.single())
        assertEquals(keys.size, keys.toSet().size, "keys must differ: $keys")
        assertEquals(listOf("2027-03-10/7/null", "2027-03-10/7/null#2", "2027-03-10/7/null#3"), keys)
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onAllNodesWithText("Réunion", substring = true).assertCountEquals(3)
        }) { NuboApp(day, send = {}) }
    }

    @Test
    fun `another tab or a new event's form tells the core the member moved on`() {
        val sent = mutableListOf<Event>()
        val tab = { name: String -> SemanticsMatcher.expectValue(SemanticsProperties.Role, Role.Tab) and hasText(name) }
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onNode(tab("Agenda")).performClick()
            waitForIdle()
            assertEquals(emptyList<Event>(), sent, "the tab already shown is not a move")
            onNodeWithText("Nouvel événement", useUnmergedTree = true).performClick()
            waitForIdle()
            assertEquals(listOf<Event>(Event.MoveOn), sent)
        }) { NuboApp(agenda(entry(1, "Réunion")), send = { sent += it }) }
        sent.clear()
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onNode(tab("Contacts")).performClick()
            waitForIdle()
        }) { NuboApp(agenda(entry(1, "Réunion")), send = { sent += it }) }
        assertEquals(listOf<Event>(Event.MoveOn), sent)
    }

    @Test
    fun `the navigation bar's inset is applied once, under the tabs only`() {
        render(XmlShell(fr), dark = false, png = null, inspect = { roots ->
            val list = roots.scroller().boundsInRoot
            val tabs = roots.all().filter { it.config.getOrNull(SemanticsProperties.Role) == Role.Tab }.map { it.boundsInRoot }
            assertEquals(4, tabs.size)
            // Nothing between the list and the tabs (it was a blank band of the inset's height).
            assertEquals(tabs.first().top, list.bottom, 1f, "list ends at ${list.bottom}, tabs start at ${tabs.first().top}")
            // The tabs sit above the system navigation bar, not behind it.
            val screenBottom = Phone.HEIGHT_DP * px
            assertEquals(screenBottom - Phone.NAVIGATION_BAR_DP * px, tabs.maxOf { it.bottom }, 1f)
        }) { NuboApp(agenda(entry(1, "Réunion")), send = {}) }
    }

    @Test
    fun `forms keep their fields above the keyboard`() {
        val keyboardDp = 300f
        val keyboardTop = (Phone.HEIGHT_DP - keyboardDp) * px
        val contact = ContactFields(fullName = "Hélène Dubœuf", phones = listOf(Labeled("cell", "+32 470 12 34 56")))
        val forms = mapOf<String, @androidx.compose.runtime.Composable () -> Unit>(
            "event" to { EventEditScreen(EventFields(summary = "Réunion", start = "2027-03-10T10:00"), onSave = { _, _ -> }, onCancel = {}) },
            "contact" to { ContactEditScreen(1, contact, onSave = {}, onCancel = {}) },
            "sign-in" to { SignInScreen(ViewModel.EMPTY.copy(locale = "fr-BE"), send = {}) },
            "note" to { NoteEditScreen(null, "Courses", "- [ ] lait\n", emptyList(), error = null, onSave = { _, _, _ -> }, onCancel = {}) },
        )
        for ((name, form) in forms) {
            render(XmlShell(fr), dark = false, png = null, imeDp = keyboardDp, inspect = { roots ->
                val bottom = roots.scroller().boundsInRoot.bottom
                assertEquals(keyboardTop, bottom, 1f, "$name form: its scrolling area must end where the keyboard starts")
            }) { form() }
        }
    }

    @Test
    fun `a phone number with no app to call it is said, not a crash`() {
        val contact = ContactView(
            1, ContactFields(fullName = "Hélène Dubœuf", phones = listOf(Labeled("cell", "+32 470 12 34 56")), emails = listOf(Labeled("", "helene@nubo.coop"))),
            pending = false, readOnly = false, book = "/book/",
        )
        for (handled in listOf(false, true)) {
            val shell = XmlShell(fr, handlesUris = handled)
            render(shell, dark = false, png = null, inspect = {
                onNodeWithText("+32 470 12 34 56").performClick()
                onNodeWithText("helene@nubo.coop").performClick()
                waitForIdle()
                assertEquals(listOf("tel:+32470123456", "mailto:helene@nubo.coop"), shell.opened)
                val said = onAllNodesWithText("Aucune application de cet appareil", substring = true).fetchSemanticsNodes().size
                if (handled) assertEquals(0, said, "an app took it: nothing to say") else assertTrue(said >= 1, "the member is told")
            }) {
                val snackbar = androidx.compose.runtime.remember { androidx.compose.material3.SnackbarHostState() }
                ContactDetailScreen(contact, emptyList(), snackbar, send = {}, onEdit = {})
            }
        }
    }

    @Test
    fun `a contact's picture is drawn round above the fields, and left out when it cannot be`() {
        val png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
        val notAnImage = "data:image/png;base64,bm90IGFuIGltYWdl"
        for ((photo, shown) in listOf(png to true, null to false, notAnImage to false)) {
            val contact = ContactView(
                1, ContactFields(fullName = "Geneviève De Smet", phones = listOf(Labeled("cell", "+32 470 12 34 56"))),
                pending = false, readOnly = false, book = "/book/", photo = photo,
            )
            render(XmlShell(fr), dark = false, png = null, inspect = {
                val nodes = onAllNodesWithTag("contact-photo").fetchSemanticsNodes()
                assertEquals(if (shown) 1 else 0, nodes.size, "photo: $photo")
                if (shown) {
                    val box = nodes.single().boundsInRoot
                    assertTrue(box.width > 0f && box.width == box.height, "square before it is rounded: $box")
                    val phone = onNodeWithText("+32 470 12 34 56").fetchSemanticsNode().boundsInRoot
                    assertTrue(box.bottom <= phone.top, "above the fields: $box, $phone")
                }
            }) {
                val snackbar = androidx.compose.runtime.remember { androidx.compose.material3.SnackbarHostState() }
                ContactDetailScreen(contact, emptyList(), snackbar, send = {}, onEdit = {})
            }
        }
    }

    @Test
    fun `the sync line is a live region once the sync ends, not while it counts`() {
        fun live(sync: SyncView): Int {
            var count = -1
            render(XmlShell(fr), dark = false, png = null, inspect = { roots ->
                count = roots.all().count { SemanticsProperties.LiveRegion in it.config }
            }) { SyncStatus(sync, pendingChanges = 0) }
            return count
        }
        assertEquals(0, live(SyncView(running = true, progress = 0.3f, status = "Récupération 12/400", failed = false, retryAfterSeconds = null)))
        assertEquals(1, live(SyncView(running = false, progress = null, status = "À jour.", failed = false, retryAfterSeconds = null)))
    }

    @Test
    fun `no sign-in screen before the store has said whether the member is signed in`() {
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onAllNodesWithText("Adresse Nubo").assertCountEquals(0)
        }) { NuboApp(ViewModel.EMPTY.copy(locale = "fr-BE"), send = {}) }
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onAllNodesWithText("Adresse Nubo").assertCountEquals(1)
        }) { NuboApp(ViewModel.EMPTY.copy(locale = "fr-BE", loaded = true), send = {}) }
    }

    @Test
    fun `signing in on the server's page opens it once, again on request, and waiting can stop`() {
        val sent = mutableListOf<Event>()
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onNodeWithText("Adresse Nubo").performTextInput("alice@nubo.coop")
            onNodeWithText("Se connecter par la page de mon serveur").performScrollTo().performClick()
            waitForIdle()
        }) { SignInScreen(ViewModel.EMPTY.copy(locale = "fr-BE"), send = { sent += it }) }
        assertEquals(listOf<Event>(Event.SignInWithBrowser("alice@nubo.coop", null)), sent)

        val shell = XmlShell(fr)
        val page = "https://cloud.nubo.coop/login/v2/flow/Xq3Lr9"
        sent.clear()
        render(shell, dark = false, png = null, inspect = {
            waitForIdle()
            assertEquals(listOf(page), shell.opened, "the page opens by itself, once")
            onNodeWithText("Ouvrir la page de mon serveur").performClick()
            onNodeWithText("Ne plus attendre").performClick()
            waitForIdle()
        }) { SignInScreen(ViewModel.EMPTY.copy(locale = "fr-BE", signingIn = true, signInPage = page), send = { sent += it }) }
        assertEquals(listOf(page, page), shell.opened)
        assertEquals(listOf<Event>(Event.CancelBrowserSignIn), sent)
    }

    @Test
    fun `one date of a series is saved for that date only unless the member picks the following too`() {
        val saved = mutableListOf<EditScope>()
        val fields = EventFields(summary = "Permanence", start = "2027-03-10T14:00", end = "2027-03-10T16:00")
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onNodeWithText("Enregistrer").performClick()
            onNodeWithText("Cette date et les suivantes").performScrollTo().performClick()
            onNodeWithText("Enregistrer").performClick()
            onNodeWithText("Toute la série").performScrollTo().performClick()
            onNodeWithText("Enregistrer").performClick()
            waitForIdle()
        }) { EventEditScreen(fields, onSave = { _, scope -> saved += scope }, onCancel = {}, ofSeries = true) }
        assertEquals(listOf(EditScope.Occurrence, EditScope.AndFollowing, EditScope.Series), saved)
        // A single event has no such choice.
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onAllNodesWithText("Cette date et les suivantes").assertCountEquals(0)
        }) { EventEditScreen(fields, onSave = { _, _ -> }, onCancel = {}) }
    }

    @Test
    fun `the event form shows days in words, never a date to type, and the end follows the start`() {
        val fields = EventFields(summary = "Conseil", start = "2027-03-10T23:30", end = "2027-03-11T00:30")
        val saved = mutableListOf<EventFields>()
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onAllNodesWithText("mercredi 10 mars 2027").assertCountEquals(1)
            onAllNodesWithText("jeudi 11 mars 2027").assertCountEquals(1)
            onAllNodesWithText("23:30").assertCountEquals(1)
            onAllNodesWithText("2027-03-10", substring = true).assertCountEquals(0)
            // A whole day: the times go, the days stay.
            onNodeWithText("Toute la journée").performClick()
            onAllNodesWithText("23:30").assertCountEquals(0)
            onNodeWithText("Enregistrer").performClick()
            waitForIdle()
        }) { EventEditScreen(fields, onSave = { f, _ -> saved += f }, onCancel = {}, localeTag = "fr-BE") }
        assertEquals(listOf("2027-03-10" to "2027-03-11"), saved.map { it.start to it.end })

        // Moving the start keeps the length, across midnight and months.
        val start = WallClock.parse("2027-03-10T23:30")!!
        val end = WallClock.parse("2027-03-11T00:30")!!
        assertEquals("2027-04-01T00:30", start.endFollowing(end, WallClock.parse("2027-03-31T23:30")!!).text())
        assertEquals("2027-03-12", WallClock.parse("2027-03-10")!!.endFollowing(WallClock.parse("2027-03-11")!!, WallClock.parse("2027-03-11")!!).text())
        assertEquals("2027-03-11T00:30", start.plusHours(1).text())
        assertEquals(null, WallClock.parse("10/03/2027"))
    }

    @Test
    fun `uris a dialer and a mail app read`() {
        assertEquals("tel:+3225550102", telUri("+32 2 555 01 02"))
        assertEquals("tel:0470123456", telUri("0470/12.34.56"))
        assertEquals("mailto:a%3Fb@nubo.coop", mailtoUri(" a?b@nubo.coop "))
    }

    @Test
    fun `event times read as dates in the member's language`() {
        assertEquals("mercredi 10 mars 2027, 18:30 – 22:00", eventWhen("2027-03-10T18:30", "2027-03-10T22:00", "fr-BE"))
        assertEquals("zaterdag 27 maart 2027, 22:00 – zondag 28 maart 2027, 04:00", eventWhen("2027-03-27T22:00", "2027-03-28T04:00", "nl-BE"))
        assertEquals("Saturday 19 June 2027 – Sunday 20 June 2027", eventWhen("2027-06-19", "2027-06-20", "en-BE"))
        assertEquals("Saturday 19 June 2027", eventWhen("2027-06-19", "2027-06-19", "en-BE"))
        assertEquals("soon – later", eventWhen("soon", "later", "en-BE"), "unreadable values are shown as given")
    }
}
