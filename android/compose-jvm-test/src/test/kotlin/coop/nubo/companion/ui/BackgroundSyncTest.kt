package coop.nubo.companion.ui

import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.SkikoComposeUiTest
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.assertIsNotSelected
import androidx.compose.ui.test.assertIsOff
import androidx.compose.ui.test.assertIsOn
import androidx.compose.ui.test.assertIsSelected
import androidx.compose.ui.test.isRoot
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.assertCountEquals
import coop.nubo.companion.core.BackgroundSyncChoice
import coop.nubo.companion.core.MapPreferences
import coop.nubo.companion.core.BackgroundSyncSettings
import coop.nubo.companion.core.SyncInterval
import coop.nubo.companion.core.SyncView
import coop.nubo.companion.core.ViewModel
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import java.util.Locale

/**
 * The member's background-sync choice, reached from the top bar's menu as
 * on a phone: drawn in French, Dutch and English, light and dark (nothing
 * cut off or drawn over, every row one named target of 48 dp), and each tap
 * stored as the member meant it.
 */
@OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)
class BackgroundSyncTest {
    private val view = ViewModel.EMPTY.copy(
        locale = "fr-BE", loaded = true, signedIn = true, accountEmail = "alice@nubo.test",
        sync = SyncView(running = false, progress = null, status = "À jour.", failed = false, retryAfterSeconds = null),
    )

    /** The contacts tab, its menu opened and "Background sync" tapped. */
    private fun SkikoComposeUiTest.openFromMenu(shell: XmlShell) {
        onNodeWithContentDescription(shell.text(Label.more)).performClick()
        waitForIdle()
        onNodeWithText(shell.text(Label.background_sync)).performClick()
        waitForIdle()
    }

    @Test
    fun `drawn from the menu in three languages, light and dark, with nothing cut off, overlapping, too small or unnamed`() {
        val problems = mutableListOf<String>()
        val written = mutableListOf<File>()
        val states = listOf(
            "background-sync" to BackgroundSyncChoice(),
            "background-sync-when-opened" to BackgroundSyncChoice(SyncInterval.OnlyWhenOpened, unmeteredOnly = true),
        )
        for (locale in listOf("fr-BE", "nl-BE", "en-BE")) {
            for ((name, choice) in states) {
                for (dark in listOf(false, true)) {
                    val settings = BackgroundSyncSettings(MapPreferences()).apply { choose(choice) }
                    val shell = XmlShell(Locale.forLanguageTag(locale), backgroundSync = settings)
                    val png = File(screensDir, "$name-${locale.substringBefore('-')}-${if (dark) "dark" else "light"}.png")
                    val checks = ScreenChecks(Phone.density, Phone.safeArea)
                    render(shell, dark, png, inspect = {
                        openFromMenu(shell)
                        checks.check(onAllNodes(isRoot(), useUnmergedTree = true).fetchSemanticsNodes())
                        // Every choice is there, each a radio row; the switch row is a switch.
                        for (interval in SyncInterval.entries) {
                            onNodeWithText(shell.text(interval.label)).assert(SemanticsMatcher.expectValue(SemanticsProperties.Role, Role.RadioButton))
                        }
                        onNodeWithText(shell.text(Label.sync_unmetered_only)).assert(SemanticsMatcher.expectValue(SemanticsProperties.Role, Role.Switch))
                    }) { NuboApp(view.copy(locale = locale), send = {}, startTab = Tab.Contacts) }
                    problems += checks.problems.map { "${png.name}: $it" }
                    written += png
                }
            }
        }
        println("Rendered ${written.size} background-sync screens into $screensDir")
        assertTrue(written.all { it.length() > 10_000 }, "a PNG is empty")
        assertTrue(problems.isEmpty(), problems.distinct().joinToString("\n", "${problems.size} problems:\n"))
    }

    @Test
    fun `each tap is the member's choice, stored at once, and only on Wi-Fi is greyed out when nothing syncs in the background`() {
        val preferences = MapPreferences()
        val told = mutableListOf<BackgroundSyncChoice>()
        val settings = BackgroundSyncSettings(preferences) { told += it }
        val shell = XmlShell(Locale.forLanguageTag("fr-BE"), backgroundSync = settings)
        render(shell, dark = false, png = null, inspect = {
            openFromMenu(shell)
            // Nothing chosen yet: every hour, on any network.
            onNodeWithText(shell.text(Label.sync_every_hour)).assertIsSelected()
            onNodeWithText(shell.text(Label.sync_unmetered_only)).assertIsOff()

            onNodeWithText(shell.text(Label.sync_every_3_hours)).performClick()
            waitForIdle()
            onNodeWithText(shell.text(Label.sync_every_3_hours)).assertIsSelected()
            onNodeWithText(shell.text(Label.sync_every_hour)).assertIsNotSelected()
            // The text's row takes the tap: the switch itself is not a second target.
            onNodeWithText(shell.text(Label.sync_unmetered_only)).performClick()
            waitForIdle()
            onNodeWithText(shell.text(Label.sync_unmetered_only)).assertIsOn()

            onNodeWithText(shell.text(Label.sync_only_when_opened)).performClick()
            waitForIdle()
            onNodeWithText(shell.text(Label.sync_unmetered_only)).assertIsNotEnabled()
            onAllNodesWithText(shell.text(Label.background_sync_when_opened_detail)).assertCountEquals(1)

            onNodeWithText(shell.text(Label.close)).performClick()
            waitForIdle()
            onAllNodesWithText(shell.text(Label.sync_only_when_opened)).assertCountEquals(0)
        }) { NuboApp(view, send = {}, startTab = Tab.Contacts) }
        assertEquals(
            listOf(
                BackgroundSyncChoice(SyncInterval.Every3Hours, unmeteredOnly = false),
                BackgroundSyncChoice(SyncInterval.Every3Hours, unmeteredOnly = true),
                BackgroundSyncChoice(SyncInterval.OnlyWhenOpened, unmeteredOnly = true),
            ),
            told,
        )
        // Stored: the next launch reads the last choice.
        assertEquals(BackgroundSyncChoice(SyncInterval.OnlyWhenOpened, unmeteredOnly = true), BackgroundSyncSettings(preferences).choice)
    }

    @Test
    fun `the notes tab's menu leads there too, and a platform without the choice shows no entry`() {
        val settings = BackgroundSyncSettings(MapPreferences())
        val with = XmlShell(Locale.forLanguageTag("nl-BE"), backgroundSync = settings)
        render(with, dark = false, png = null, inspect = {
            onNodeWithContentDescription(with.text(Label.more)).performClick()
            waitForIdle()
            onAllNodesWithText(with.text(Label.background_sync)).assertCountEquals(1)
        }) { NuboApp(view.copy(locale = "nl-BE"), send = {}, startTab = Tab.Notes) }
        val without = XmlShell(Locale.forLanguageTag("nl-BE"))
        render(without, dark = false, png = null, inspect = {
            onNodeWithContentDescription(without.text(Label.more)).performClick()
            waitForIdle()
            onAllNodesWithText(without.text(Label.sign_out)).assertCountEquals(1)
            onAllNodesWithText(without.text(Label.background_sync)).assertCountEquals(0)
        }) { NuboApp(view.copy(locale = "nl-BE"), send = {}, startTab = Tab.Contacts) }
    }
}
