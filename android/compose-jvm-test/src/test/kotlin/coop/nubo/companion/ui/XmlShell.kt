package coop.nubo.companion.ui

import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.toComposeImageBitmap
import org.jetbrains.skia.Image
import coop.nubo.companion.core.BackgroundSyncSettings
import org.w3c.dom.Element
import java.io.File
import java.util.Locale
import javax.xml.parsers.DocumentBuilderFactory

/**
 * The screens' platform on the desktop JVM: labels from the app's own
 * `res/values{,-fr,-nl}/strings.xml` (read as Android reads them: the
 * language's file, else the default one), tel:/mailto: recorded.
 */
class XmlShell(
    val locale: Locale,
    private val handlesUris: Boolean = true,
    override val backgroundSync: BackgroundSyncSettings? = null,
) : Shell {
    private val res = Resources.forLocale(locale)
    val opened = mutableListOf<String>()

    override fun text(label: Label, vararg args: Any): String {
        val value = res.strings[label.name] ?: error("no string ${label.name}")
        return if (args.isEmpty()) value else String.format(locale, value, *args)
    }

    override fun plural(label: Plural, count: Int, vararg args: Any): String {
        val forms = res.plurals[label.name] ?: error("no plurals ${label.name}")
        val form = forms[quantity(count)] ?: forms.getValue("other")
        return String.format(locale, form, *args)
    }

    /** CLDR's cardinal rules for the integers the app shows. */
    private fun quantity(n: Int): String = when (locale.language) {
        "fr" -> if (n == 0 || n == 1) "one" else "other"
        else -> if (n == 1) "one" else "other"
    }

    override fun open(uri: String): Boolean {
        opened += uri
        return handlesUris
    }

    /** Skia decodes on the desktop what BitmapFactory decodes on Android. */
    override fun picture(bytes: ByteArray): ImageBitmap? =
        runCatching { Image.makeFromEncoded(bytes).toComposeImageBitmap() }.getOrNull()

    @Composable
    override fun BackHandler(enabled: Boolean, onBack: () -> Unit) = Unit

    /** One `values*` folder's strings and plurals, the default folder's beneath. */
    class Resources(val strings: Map<String, String>, val plurals: Map<String, Map<String, String>>) {
        companion object {
            val dir = File(System.getProperty("nubo.android.res") ?: "../app/src/main/res")

            fun read(folder: String): Resources {
                val file = File(dir, "$folder/strings.xml")
                val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file)
                val strings = LinkedHashMap<String, String>()
                val plurals = LinkedHashMap<String, Map<String, String>>()
                val nodes = doc.documentElement.childNodes
                for (i in 0 until nodes.length) {
                    val e = nodes.item(i) as? Element ?: continue
                    when (e.tagName) {
                        "string" -> strings[e.getAttribute("name")] = unescape(e.textContent)
                        "plurals" -> {
                            val items = e.getElementsByTagName("item")
                            plurals[e.getAttribute("name")] = (0 until items.length).associate {
                                val item = items.item(it) as Element
                                item.getAttribute("quantity") to unescape(item.textContent)
                            }
                        }
                    }
                }
                return Resources(strings, plurals)
            }

            /** Android's own escapes (`\'`, `\"`, `\n`, `\@`), and ASCII whitespace collapsed outside quotes. */
            fun unescape(raw: String): String {
                val out = StringBuilder()
                var quoted = false
                var i = 0
                while (i < raw.length) {
                    val c = raw[i]
                    when {
                        c == '\\' && i + 1 < raw.length -> {
                            val n = raw[++i]
                            out.append(
                                when (n) {
                                    'n' -> '\n'
                                    't' -> '\t'
                                    else -> n
                                },
                            )
                        }
                        c == '"' -> quoted = !quoted
                        // ASCII whitespace only, as aapt2: a no-break space (U+00A0, U+202F) stays.
                        c in " \t\n\r" && !quoted -> if (out.isEmpty() || out.last() != ' ') out.append(' ')
                        else -> out.append(c)
                    }
                    i++
                }
                return out.toString().trim(' ', '\t', '\n', '\r')
            }

            private val default by lazy { read("values") }
            private val cache = HashMap<String, Resources>()

            @Synchronized
            fun forLocale(locale: Locale): Resources = cache.getOrPut(locale.language) {
                if (locale.language == "en") {
                    default
                } else {
                    val own = read("values-${locale.language}")
                    Resources(default.strings + own.strings, default.plurals + own.plurals)
                }
            }
        }
    }
}
