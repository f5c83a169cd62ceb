package coop.nubo.companion.core

import org.json.JSONArray
import org.json.JSONException
import org.json.JSONObject

/** The notes screen: categories, the list (newest first, or a search). */
data class NotesView(val folderKnown: Boolean, val query: String, val categories: List<CategoryView>, val notes: List<NoteRow>) {
    companion object {
        val EMPTY = NotesView(false, "", emptyList(), emptyList())

        fun fromJson(o: JSONObject) = NotesView(
            folderKnown = o.getBoolean("folder_known"),
            query = o.getString("query"),
            categories = o.objects("categories").map { CategoryView(it.getString("path"), it.getString("name"), it.getBoolean("read_only")) },
            notes = o.objects("notes").map {
                NoteRow(
                    it.getLong("id"), it.getString("title"), it.getString("category"), it.getString("preview"),
                    it.getString("modified"), it.getBoolean("pending"), it.getBoolean("conflict"),
                )
            },
        )
    }
}

/** [path] is what SaveNote's category takes ("" for notes without a category). */
data class CategoryView(val path: String, val name: String, val readOnly: Boolean)
data class NoteRow(
    val id: Long,
    val title: String,
    val category: String,
    val preview: String,
    val modified: String,
    val pending: Boolean,
    val conflict: Boolean,
)

/** The open note: [text] for the edit form, [document] to read; [unreadable] says why it cannot be shown. */
data class NoteView(
    val id: Long,
    val title: String,
    val category: String,
    val text: String,
    val document: Document,
    val modified: String,
    val pending: Boolean,
    val readOnly: Boolean,
    val unreadable: String?,
) {
    companion object {
        fun fromJson(o: JSONObject) = NoteView(
            id = o.getLong("id"),
            title = o.getString("title"),
            category = o.getString("category"),
            text = o.getString("text"),
            document = Document.fromJson(o.getJSONObject("document")),
            modified = o.getString("modified"),
            pending = o.getBoolean("pending"),
            readOnly = o.getBoolean("read_only"),
            unreadable = o.stringOrNull("unreadable"),
        )
    }
}

/**
 * A note or announcement as blocks and spans (the core's `document`): every
 * string is plain text, to be shown as text; links are http(s) or mailto.
 */
data class Document(val blocks: List<Block>) {
    companion object {
        fun fromJson(o: JSONObject) = Document(o.getJSONArray("blocks").items().map(Block::fromJson))
    }
}

sealed class Block {
    data class Heading(val level: Int, val spans: List<Span>) : Block()
    data class Paragraph(val spans: List<Span>) : Block()
    /** One row of a list; [depth] 0 is the outermost list. */
    data class ListItem(val depth: Int, val marker: ListMarker, val task: Task?, val spans: List<Span>) : Block()
    data class Quote(val blocks: List<Block>) : Block()
    data class Code(val language: String?, val text: String) : Block()
    object Rule : Block()

    companion object {
        fun fromJson(value: Any): Block {
            if (value == "rule") return Rule
            val (tag, o) = tagged(value as? JSONObject ?: throw JSONException("a block: $value"))
            val body = o as JSONObject
            return when (tag) {
                "heading" -> Heading(body.getInt("level"), spans(body.getJSONArray("spans")))
                "paragraph" -> Paragraph(spans(body.getJSONArray("spans")))
                "list_item" -> ListItem(
                    depth = body.getInt("depth"),
                    marker = ListMarker.fromJson(body.present("marker").get("marker")),
                    task = body.objectOrNull("task")?.let { Task(it.getBoolean("checked"), it.getInt("index")) },
                    spans = spans(body.getJSONArray("spans")),
                )
                "quote" -> Quote(body.getJSONArray("blocks").items().map(::fromJson))
                "code" -> Code(body.stringOrNull("language"), body.getString("text"))
                else -> throw JSONException("unknown block $tag")
            }
        }
    }
}

sealed class ListMarker {
    object Bullet : ListMarker()
    data class Number(val n: Long) : ListMarker()

    companion object {
        fun fromJson(value: Any): ListMarker = when {
            value == "bullet" -> Bullet
            value is JSONObject && value.keySet() == setOf("number") -> Number(value.getLong("number"))
            else -> throw JSONException("unknown list marker $value")
        }
    }
}

/** A checkbox; ToggleNoteTask takes its [index]. */
data class Task(val checked: Boolean, val index: Int)

sealed class Span {
    data class Text(val text: String) : Span()
    data class Emphasis(val spans: List<Span>) : Span()
    data class Strong(val spans: List<Span>) : Span()
    data class Code(val text: String) : Span()
    data class Link(val href: String, val spans: List<Span>) : Span()
    object LineBreak : Span()

    companion object {
        fun fromJson(value: Any): Span {
            if (value == "line_break") return LineBreak
            val (tag, body) = tagged(value as? JSONObject ?: throw JSONException("a span: $value"))
            return when (tag) {
                "text" -> Text(body as String)
                "emphasis" -> Emphasis(spans(body as JSONArray))
                "strong" -> Strong(spans(body as JSONArray))
                "code" -> Code(body as String)
                "link" -> (body as JSONObject).let { Link(it.getString("href"), spans(it.getJSONArray("spans"))) }
                else -> throw JSONException("unknown span $tag")
            }
        }
    }
}

/** serde's externally tagged variant: exactly one key. */
private fun tagged(o: JSONObject): Pair<String, Any> {
    val key = o.keySet().singleOrNull() ?: throw JSONException("one variant expected in $o")
    return key to o.get(key)
}

private fun spans(a: JSONArray): List<Span> = a.items().map(Span::fromJson)
private fun JSONArray.items(): List<Any> = (0 until length()).map { get(it) }
