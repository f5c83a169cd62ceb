package coop.nubo.companion.ui

import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.test.SkikoComposeUiTest
import androidx.compose.ui.test.assertCountEquals
import androidx.compose.ui.test.onAllNodesWithContentDescription
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import coop.nubo.companion.core.CoreBridge
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.util.Locale

/**
 * The news screens driven by taps, against the real core with the
 * cooperative's real feeds (CoreScenario): what the member sees changes
 * because the core changed, not because the screen pretends.
 */
@OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewsBehaviourTest {
    private var scenario: CoreScenario? = null

    @BeforeAll
    fun start() {
        scenario = CoreScenario.startOrNull()
    }

    @AfterAll
    fun stop() {
        scenario?.close()
    }

    /** The app on the news tab, drawn from the core's live view; taps go to the core. */
    private fun drive(locale: String, test: SkikoComposeUiTest.(CoreBridge, XmlShell) -> Unit) {
        val scenario = scenario
        assumeTrue(scenario != null, "skipped: no project venv with Radicale (scripts/setup-test-env.sh)")
        scenario!!.withNews(locale) { core ->
            val shell = XmlShell(Locale.forLanguageTag(locale))
            render(shell, dark = false, png = null, inspect = { test(core, shell) }) {
                val view by core.view.collectAsState()
                NuboApp(view, send = { core.send(it) }, startTab = Tab.News)
            }
        }
    }

    /** Lets the core finish what a tap started, then the screen redraw. */
    private fun SkikoComposeUiTest.settle(core: CoreBridge) {
        assertTrue(core.waitIdle(20_000), "the core is still busy")
        waitForIdle()
    }

    @Test
    fun `opening an announcement marks it read and the tab's badge says one fewer`() = drive("fr-BE") { core, shell ->
        settle(core)
        val before = core.view.value.news
        assertTrue(before.unreadCount >= 2, "unread: ${before.unreadCount}")
        val badge = { n: Int -> shell.plural(Plural.news_unread, n, n) }
        onNodeWithContentDescription(badge(before.unreadCount), substring = true).assertExists()
        val row = before.announcements.first { !it.read }

        onNodeWithText(row.title).performClick()
        settle(core)
        val open = checkNotNull(core.view.value.announcement) { "the tap opened nothing" }
        assertEquals(row.id, open.id)
        assertTrue(open.read, "opened but not read")
        // Its text, drawn from the document (never HTML markup).
        onAllNodesWithText("<p>", substring = true).assertCountEquals(0)

        onNodeWithContentDescription(shell.text(Label.back)).performClick()
        settle(core)
        assertEquals(null, core.view.value.announcement)
        assertEquals(before.unreadCount - 1, core.view.value.news.unreadCount)
        onNodeWithContentDescription(badge(before.unreadCount - 1), substring = true).assertExists()
        onAllNodesWithContentDescription(badge(before.unreadCount), substring = true).assertCountEquals(0)
    }

    @Test
    fun `unread only hides what was read, and mark all read empties it`() = drive("nl-BE") { core, shell ->
        settle(core)
        val first = core.view.value.news.announcements.first { !it.read }
        onNodeWithText(first.title).performClick()
        settle(core)
        onNodeWithContentDescription(shell.text(Label.back)).performClick()
        settle(core)
        val stillUnread = core.view.value.news.announcements.first { !it.read }

        onNodeWithText(shell.text(Label.unread_only)).performClick()
        settle(core)
        assertTrue(core.view.value.news.unreadOnly)
        onAllNodesWithText(first.title).assertCountEquals(0)
        onNodeWithText(stillUnread.title).assertExists()

        onNodeWithText(shell.text(Label.mark_all_read)).performClick()
        settle(core)
        assertEquals(0, core.view.value.news.unreadCount)
        onNodeWithText(shell.text(Label.no_unread_news)).assertExists()
    }
}
