package coop.nubo.companion.ui

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/** The screens' labels are the app's resources, in French, Dutch and English alike. */
class LabelsTest {
    private val default = XmlShell.Resources.read("values")
    private val translations = mapOf("fr" to XmlShell.Resources.read("values-fr"), "nl" to XmlShell.Resources.read("values-nl"))
    private val untranslatable = Regex("""<string name="([a-z_]+)" translatable="false"""")
        .findAll(File(XmlShell.Resources.dir, "values/strings.xml").readText()).map { it.groupValues[1] }.toSet()

    @Test
    fun `every label is a string of the app and every string a label`() {
        assertEquals(default.strings.keys, Label.entries.map { it.name }.toSet())
        assertEquals(default.plurals.keys, Plural.entries.map { it.name }.toSet())
    }

    @Test
    fun `French and Dutch have every label, with the same placeholders`() {
        val placeholder = Regex("""%(\d+\$)?[sd]""")
        for ((language, res) in translations) {
            val missing = default.strings.keys - untranslatable - res.strings.keys
            assertTrue(missing.isEmpty(), "$language lacks $missing")
            assertTrue((res.strings.keys - default.strings.keys).isEmpty(), "$language has strings English lacks")
            for ((name, english) in default.strings) {
                val translated = res.strings[name] ?: continue
                assertEquals(
                    placeholder.findAll(english).map { it.value }.toSet(), placeholder.findAll(translated).map { it.value }.toSet(),
                    "$language/$name: \"$translated\" against \"$english\"",
                )
            }
            assertEquals(default.plurals.keys, res.plurals.keys, "$language plurals")
            res.plurals.values.forEach { assertTrue("other" in it && "one" in it, "$language: $it") }
        }
    }

    @Test
    fun `French spaces its punctuation as Belgian print does, and no language writes a typewriter apostrophe`() {
        // A narrow no-break space (U+202F) before ? ! : ; and inside « »: an
        // ordinary space lets the line break before the question mark.
        val loose = Regex("""[ \u00A0][?!:;»]|«[ \u00A0]""")
        val french = translations.getValue("fr")
        val texts = french.strings + french.plurals.flatMap { (name, forms) -> forms.map { (q, v) -> "$name/$q" to v } }
        val spaced = texts.filter { loose.containsMatchIn(it.value) }.keys
        assertTrue(spaced.isEmpty(), "fr: an ordinary space before ? ! : ; or inside « » in $spaced")
        for ((language, res) in translations + ("en" to default)) {
            val straight = res.strings.filter { '\'' in it.value }.keys
            assertTrue(straight.isEmpty(), "$language: ' where ’ belongs in $straight")
        }
    }

    @Test
    fun `the Android shell maps each label to the resource of its name`() {
        val source = File(XmlShell.Resources.dir, "../java/coop/nubo/companion/AndroidShell.kt").readText()
        val pairs = Regex("""Label\.(\w+) -> R\.string\.(\w+)""").findAll(source).map { it.groupValues[1] to it.groupValues[2] }.toList()
        pairs.forEach { (label, res) -> assertEquals(label, res) }
        assertEquals(Label.entries.map { it.name }.toSet(), pairs.map { it.first }.toSet())
    }

    @Test
    fun `no screen reaches for an Android API`() {
        val ui = File(XmlShell.Resources.dir, "../java/coop/nubo/companion/ui")
        val forbidden = Regex("""^import (android\.|androidx\.activity|coop\.nubo\.companion\.R\b|androidx\.compose\.ui\.res\.|androidx\.compose\.ui\.platform\.(LocalContext|LocalUriHandler))""", RegexOption.MULTILINE)
        val offenders = ui.listFiles { f -> f.name.endsWith(".kt") }!!.filter { forbidden.containsMatchIn(it.readText()) }.map { it.name }
        assertTrue(offenders.isEmpty(), "ui/ files with Android-only imports: $offenders")
    }

    @Test
    fun `labels read as Android formats them`() {
        val fr = XmlShell(java.util.Locale.forLanguageTag("fr-BE"))
        assertEquals("Appeler le +32 470 12 34 56", fr.text(Label.call, "+32 470 12 34 56"))
        assertEquals("1 modification en attente d’envoi", fr.plural(Plural.pending_changes, 1, 1))
        assertEquals("0 modification en attente d’envoi", fr.plural(Plural.pending_changes, 0, 0), "French: 0 is singular")
        val nl = XmlShell(java.util.Locale.forLanguageTag("nl-BE"))
        assertEquals("0 wijzigingen wachten op verzending", nl.plural(Plural.pending_changes, 0, 0))
    }
}
