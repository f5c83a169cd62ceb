package coop.nubo.companion.ui

import androidx.compose.material3.SnackbarHostState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.test.SkikoComposeUiTest
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.assertCountEquals
import androidx.compose.ui.test.assertIsOff
import androidx.compose.ui.test.assertIsOn
import androidx.compose.ui.test.click
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onAllNodesWithContentDescription
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.performTouchInput
import androidx.compose.ui.text.TextLayoutResult
import coop.nubo.companion.core.Block
import coop.nubo.companion.core.CategoryView
import coop.nubo.companion.core.Document
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.ListMarker
import coop.nubo.companion.core.NoteRow
import coop.nubo.companion.core.NoteView
import coop.nubo.companion.core.NotesView
import coop.nubo.companion.core.Span
import coop.nubo.companion.core.SyncView
import coop.nubo.companion.core.Task
import coop.nubo.companion.core.ViewModel
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.Locale

/** The notes screens do what they say: each event as the member meant it, nothing opened or lost unasked. */
@OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)
class NotesBehaviourTest {
    private val fr = Locale.forLanguageTag("fr-BE")
    private val categories = listOf(
        CategoryView("", "Sans catégorie", readOnly = false),
        CategoryView("Archives", "Archives", readOnly = false),
        CategoryView("PV", "PV du CA", readOnly = true),
    )
    private val href = "https://nubo.test/ag"
    private val linked = "Inscription sur le site avant mai."

    /** A list item without a box first: a task's index is not its position. */
    private val document = Document(
        listOf(
            Block.Paragraph(listOf(Span.Text("Inscription sur "), Span.Link(href, listOf(Span.Text("le site"))), Span.Text(" avant mai."))),
            Block.ListItem(0, ListMarker.Bullet, null, listOf(Span.Text("à apporter"))),
            Block.ListItem(0, ListMarker.Bullet, Task(checked = true, index = 0), listOf(Span.Text("lait"))),
            Block.ListItem(0, ListMarker.Number(1), Task(checked = false, index = 1), listOf(Span.Text("pain complet"))),
        ),
    )
    private val note = NoteView(
        id = 7, title = "Courses", category = "Sans catégorie", text = "- [x] lait\n- [ ] pain complet\n", document = document,
        modified = "mardi 5 janvier 2027 à 14:30", pending = false, readOnly = false, unreadable = null,
    )

    private fun app(note: NoteView?, folderKnown: Boolean = true) = ViewModel.EMPTY.copy(
        locale = "fr-BE", signedIn = true, accountEmail = "alice@nubo.test",
        sync = SyncView(running = false, progress = null, status = "À jour.", failed = false, retryAfterSeconds = null),
        notes = NotesView(
            folderKnown, "", if (folderKnown) categories else emptyList(),
            if (folderKnown) listOf(NoteRow(7, "Courses", "Sans catégorie", "☑ lait", "mardi", pending = false, conflict = false)) else emptyList(),
        ),
        note = note,
    )

    /** The note screen alone, every event it sends recorded. */
    private fun detail(shell: XmlShell, note: NoteView, sent: MutableList<Event>, inspect: SkikoComposeUiTest.() -> Unit) =
        render(shell, dark = false, png = null, inspect = { inspect() }) {
            val snackbar = remember { SnackbarHostState() }
            NoteDetailScreen(note, categories, emptyList(), null, snackbar, send = { sent += it }, onEdit = {})
        }

    @Test
    fun `a task's box sends that task's index, and a read-only note's boxes send nothing`() {
        val sent = mutableListOf<Event>()
        detail(XmlShell(fr), note, sent) {
            onNodeWithText("lait").assertIsOn()
            onNodeWithText("pain complet").assertIsOff()
            onNodeWithText("pain complet").performClick()
            onNodeWithText("à apporter").performClick()
        }
        assertEquals(listOf<Event>(Event.ToggleNoteTask(7, 1)), sent, "the second box is task 1, whatever comes before it")
        sent.clear()
        detail(XmlShell(fr), note.copy(readOnly = true), sent) { onNodeWithText("pain complet").performClick() }
        assertTrue(sent.isEmpty(), "a read-only note changed: $sent")
    }

    @Test
    fun `a link opens only once the member said yes, and no app to take it is said, not a crash`() {
        for (handled in listOf(true, false)) {
            val shell = XmlShell(fr, handlesUris = handled)
            detail(shell, note, mutableListOf()) {
                // A tap on the link's words asks first.
                tapOn("le site", inText = linked)
                onNodeWithText("Ouvrir ce lien en dehors de l’application\u202f?").assertExists()
                onNodeWithText(href).assertExists()
                assertTrue(shell.opened.isEmpty(), "opened before the member said yes")
                onNodeWithText("Rester ici").performClick()
                waitForIdle()
                assertTrue(shell.opened.isEmpty(), "\"stay here\" opened ${shell.opened}")
                // A screen reader reaches it as the text's action, named by the link.
                val action = onNodeWithText(linked).fetchSemanticsNode().config[SemanticsActions.CustomActions].single()
                assertEquals("Ouvrir «\u202fle site\u202f»", action.label)
                runOnIdle { action.action() }
                onNodeWithText("Ouvrir le lien").performClick()
                waitForIdle()
                assertEquals(listOf(href), shell.opened)
                val said = onAllNodesWithText("Aucune application de cet appareil ne peut ouvrir ce lien.").fetchSemanticsNodes().size
                if (handled) assertEquals(0, said) else assertEquals(1, said, "the member is told no app took it")
            }
        }
    }

    @Test
    fun `only web and mail addresses are links`() {
        assertTrue(isSafeLink("https://nubo.coop/ag") && isSafeLink("mailto:conseil@nubo.coop") && isSafeLink("HTTP://nubo.coop"))
        listOf("javascript:alert(1)", "file:///etc/passwd", "intent://x#Intent;end", "tel:+32", "https://a b", "nubo.coop").forEach {
            assertTrue(!isSafeLink(it), it)
        }
    }

    @Test
    fun `deleting asks first, with buttons that say what they do`() {
        val sent = mutableListOf<Event>()
        detail(XmlShell(fr), note, sent) {
            onNodeWithContentDescription("Plus d’options").performClick()
            onNodeWithText("Supprimer la note").performClick()
            onNodeWithText("Supprimer la note «\u202fCourses\u202f»\u202f?").assertExists()
            onNodeWithText("Garder la note").performClick()
            waitForIdle()
            assertTrue(sent.isEmpty(), "kept, yet $sent")
            onNodeWithContentDescription("Plus d’options").performClick()
            onNodeWithText("Supprimer la note").performClick()
            onNodeWithText("Supprimer la note").performClick()
        }
        assertEquals(listOf<Event>(Event.DeleteNote(7)), sent)
    }

    @Test
    fun `renaming and moving send only what changed, among the categories one may write to`() {
        val sent = mutableListOf<Event>()
        detail(XmlShell(fr), note, sent) {
            onNodeWithContentDescription("Plus d’options").performClick()
            onNodeWithText("Renommer ou déplacer").performClick()
            onAllNodesWithText("PV du CA").assertCountEquals(0)
            onNode(hasSetTextAction() and hasText("Courses")).performTextReplacement("Courses du samedi")
            onNodeWithText("Renommer la note").performClick()
            onNodeWithContentDescription("Plus d’options").performClick()
            onNodeWithText("Renommer ou déplacer").performClick()
            onNodeWithText("Archives").performClick()
            onNodeWithText("Déplacer la note").performClick()
        }
        assertEquals(listOf<Event>(Event.MoveNote(7, "Courses du samedi", null), Event.MoveNote(7, null, "Archives")), sent)
    }

    @Test
    fun `a note that is not text says why and offers no editing`() {
        val reason = "Cette note n’est pas du texte lisible ; elle reste telle quelle sur le serveur."
        detail(XmlShell(fr), note.copy(text = "", document = Document(emptyList()), readOnly = true, unreadable = reason), mutableListOf()) {
            onNodeWithText(reason).assertExists()
            onAllNodesWithContentDescription("Modifier").assertCountEquals(0)
        }
    }

    @Test
    fun `a refused save keeps what was typed, and the form closes once the core shows it saved`() {
        var view by mutableStateOf(app(note))
        val sent = mutableListOf<Event>()
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onNodeWithContentDescription("Modifier").performClick()
            onNode(hasSetTextAction()).performTextReplacement("- [x] lait\n- [x] pain complet\n- [ ] œufs\n")
            onNodeWithText("Enregistrer").performClick()
            waitForIdle()
            assertEquals(Event.SaveNote(7, null, "Courses", "- [x] lait\n- [x] pain complet\n- [ ] œufs\n"), sent.last())
            // The core refuses: the form stays, says why, and holds the text.
            view = view.copy(error = "Ce dossier est en lecture seule.")
            waitForIdle()
            onNodeWithText("Ce dossier est en lecture seule.").assertExists()
            onNode(hasSetTextAction()).assert(hasText("- [x] lait\n- [x] pain complet\n- [ ] œufs\n"))
            // Saved: the note again, with its new text.
            view = view.copy(error = null, note = note.copy(text = "- [x] lait\n- [x] pain complet\n- [ ] œufs\n", pending = true))
            waitForIdle()
            onAllNodes(hasSetTextAction()).assertCountEquals(0)
            onNodeWithContentDescription("Modifier").assertExists()
        }) { NuboApp(view, send = { sent += it }) }
    }

    @Test
    fun `a new note goes to the category chosen, and leaving a typed note asks first`() {
        var saved: Triple<String, String?, String>? = null
        var left = false
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onAllNodesWithText("PV du CA").assertCountEquals(0)
            onNode(hasSetTextAction() and hasText("Titre")).performTextReplacement("Valise")
            onNodeWithText("Archives").performClick()
            onNodeWithContentDescription("Annuler").performClick()
            onNodeWithText("Abandonner vos modifications de cette note\u202f?").assertExists()
            onNodeWithText("Continuer à modifier").performClick()
            waitForIdle()
            assertTrue(!left, "left without asking")
            onNodeWithText("Enregistrer").performClick()
            waitForIdle()
            assertEquals(Triple("Valise", "Archives", ""), saved)
            onNodeWithContentDescription("Annuler").performClick()
            onNodeWithText("Abandonner les modifications").performClick()
            waitForIdle()
            assertTrue(left)
        }) {
            NoteEditScreen(null, "", "", categories, error = null, onSave = { t, c, x -> saved = Triple(t, c, x) }, onCancel = { left = true })
        }
    }

    @Test
    fun `naming the notes folder sends it, then a sync that lists it`() {
        val sent = mutableListOf<Event>()
        render(XmlShell(fr), dark = false, png = null, inspect = {
            onNodeWithText("Le dossier de vos notes", substring = true).assertExists()
            onNode(hasSetTextAction()).performTextReplacement(" https://cloud.nubo.coop/remote.php/dav/files/alice/Notes/ ")
            onNodeWithText("Utiliser ce dossier").performClick()
        }) { NuboApp(app(null, folderKnown = false), send = { sent += it }, startTab = Tab.Notes) }
        assertEquals(listOf(Event.SetNotesFolder("https://cloud.nubo.coop/remote.php/dav/files/alice/Notes/"), Event.Sync), sent)
    }

    /** Taps the middle of [words] inside the text node that reads [inText]. */
    private fun SkikoComposeUiTest.tapOn(words: String, inText: String) {
        val node = onNodeWithText(inText)
        val layouts = mutableListOf<TextLayoutResult>()
        node.fetchSemanticsNode().config[SemanticsActions.GetTextLayoutResult].action!!(layouts)
        val start = inText.indexOf(words)
        val box = layouts.first().getBoundingBox(start + words.length / 2)
        node.performTouchInput { click(box.center) }
        waitForIdle()
    }
}
