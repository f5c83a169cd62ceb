package coop.nubo.companion.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.gestures.awaitEachGesture
import androidx.compose.foundation.gestures.awaitFirstDown
import androidx.compose.foundation.gestures.waitForUpOrCancellation
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.IntrinsicSize
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxHeight
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.Checkbox
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.semantics.CustomAccessibilityAction
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.customActions
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.AnnotatedString
import androidx.compose.ui.text.SpanStyle
import androidx.compose.ui.text.TextLayoutResult
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.text.buildAnnotatedString
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.font.FontStyle
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextDecoration
import androidx.compose.ui.text.withStyle
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import coop.nubo.companion.core.Block
import coop.nubo.companion.core.Document
import coop.nubo.companion.core.ListMarker
import coop.nubo.companion.core.Span
import coop.nubo.companion.core.Task

/**
 * A note's document drawn natively: every string the core sends is shown
 * as text, never read as markup. Links call [onLink] (the screen asks
 * before anything opens); a task's box calls [onTask] with the task's
 * index, unless [readOnly].
 */
@Composable
fun NoteDocument(
    document: Document,
    readOnly: Boolean,
    onTask: (Task) -> Unit,
    onLink: (String) -> Unit,
    modifier: Modifier = Modifier,
) {
    Column(modifier) {
        Blocks(document.blocks, readOnly, onTask, onLink)
    }
}

@Composable
private fun Blocks(blocks: List<Block>, readOnly: Boolean, onTask: (Task) -> Unit, onLink: (String) -> Unit) {
    val colors = MaterialTheme.colorScheme
    val typography = MaterialTheme.typography
    val inline = InlineColors(link = colors.primary, codeBackground = colors.surfaceVariant, codeText = colors.onSurfaceVariant)
    blocks.forEachIndexed { i, block ->
        // Rows of one list sit together; other blocks are a paragraph apart.
        val previous = blocks.getOrNull(i - 1)
        if (previous != null) Spacer(Modifier.height(if (previous is Block.ListItem && block is Block.ListItem) 0.dp else 12.dp))
        when (block) {
            is Block.Heading -> RichText(
                annotated(block.spans, inline),
                // Bolder as they rise, none smaller than the text under it.
                style = when (block.level) {
                    1 -> typography.titleLarge.copy(fontWeight = FontWeight.SemiBold)
                    2 -> typography.titleMedium.copy(fontSize = 18.sp, lineHeight = 24.sp, fontWeight = FontWeight.SemiBold)
                    else -> typography.bodyLarge.copy(fontWeight = FontWeight.SemiBold)
                },
                onLink = onLink,
                modifier = Modifier.padding(top = if (i == 0) 0.dp else 8.dp).semantics { heading() },
            )
            is Block.Paragraph -> RichText(annotated(block.spans, inline), typography.bodyLarge, onLink)
            is Block.ListItem -> ListRow(block, readOnly, onTask, onLink, annotated(block.spans, inline))
            is Block.Quote -> Row(Modifier.height(IntrinsicSize.Min)) {
                Box(Modifier.width(4.dp).fillMaxHeight().background(colors.outlineVariant, RoundedCornerShape(2.dp)))
                Column(Modifier.padding(start = 12.dp)) {
                    // A quote's words in the quieter colour, as a margin note.
                    CompositionLocalProvider(LocalContentColor provides colors.onSurfaceVariant) {
                        Blocks(block.blocks, readOnly, onTask, onLink)
                    }
                }
            }
            is Block.Code -> Text(
                block.text.trimEnd('\n'),
                style = typography.bodyMedium.copy(fontFamily = FontFamily.Monospace),
                color = colors.onSurfaceVariant,
                modifier = Modifier.fillMaxWidth()
                    .background(colors.surfaceVariant, RoundedCornerShape(8.dp))
                    .padding(horizontal = 12.dp, vertical = 8.dp),
            )
            Block.Rule -> HorizontalDivider(Modifier.padding(vertical = 8.dp))
        }
    }
}

/** One row of a list: indented by its depth, its number or bullet, or a box to tick. */
@Composable
private fun ListRow(item: Block.ListItem, readOnly: Boolean, onTask: (Task) -> Unit, onLink: (String) -> Unit, text: AnnotatedString) {
    val indent = (item.depth.coerceIn(0, 6) * 24).dp
    val style = MaterialTheme.typography.bodyLarge
    val task = item.task
    if (task != null) {
        // The whole row is the box's touch target, named by its text.
        Row(
            Modifier.padding(start = indent).fillMaxWidth().heightIn(min = 48.dp)
                .toggleable(value = task.checked, enabled = !readOnly, role = Role.Checkbox, onValueChange = { onTask(task) }),
            verticalAlignment = Alignment.CenterVertically,
        ) {
            Checkbox(checked = task.checked, onCheckedChange = null, enabled = !readOnly)
            RichText(
                text,
                style = if (task.checked) style.copy(color = MaterialTheme.colorScheme.onSurfaceVariant) else style,
                onLink = onLink,
                modifier = Modifier.padding(start = 12.dp),
            )
        }
        return
    }
    Row(Modifier.padding(start = indent).padding(vertical = 2.dp)) {
        Text(
            marker(item.marker, item.depth),
            style = style,
            modifier = Modifier.widthIn(min = 24.dp),
        )
        RichText(text, style, onLink, Modifier.padding(start = 4.dp))
    }
}

/** "3." for a numbered item; a bullet that changes shape with depth. */
fun marker(marker: ListMarker, depth: Int): String = when (marker) {
    is ListMarker.Number -> "${marker.n}."
    ListMarker.Bullet -> when (depth % 3) {
        0 -> "•"
        1 -> "◦"
        else -> "▪"
    }
}

private class InlineColors(val link: Color, val codeBackground: Color, val codeText: Color)

/** The annotation that marks a link's words with its address. */
private const val LINK = "link"

/**
 * Text whose links open with a tap on their words, and for a screen
 * reader as the text's actions ("Open ‘le site’"), one per link: inline
 * links cannot be 48 dp targets of their own (WCAG exempts links in a
 * sentence), and a tap target without a name is worse than an action.
 */
@Composable
private fun RichText(text: AnnotatedString, style: TextStyle, onLink: (String) -> Unit, modifier: Modifier = Modifier) {
    val links = text.getStringAnnotations(LINK, 0, text.length)
    if (links.isEmpty()) {
        Text(text, style = style, modifier = modifier)
        return
    }
    val shell = LocalShell.current
    var layout by remember { mutableStateOf<TextLayoutResult?>(null) }
    val actions = links.map { link ->
        CustomAccessibilityAction(shell.text(Label.open_link_named, text.substring(link.start, link.end))) { onLink(link.item); true }
    }
    Text(
        text,
        style = style,
        onTextLayout = { layout = it },
        modifier = modifier
            .pointerInput(text) {
                // Only a press on a link's words is taken: elsewhere it
                // reaches the row (a task's box is ticked by its text).
                awaitEachGesture {
                    val down = awaitFirstDown()
                    val offset = layout?.getOffsetForPosition(down.position) ?: return@awaitEachGesture
                    val link = text.getStringAnnotations(LINK, offset, offset).firstOrNull() ?: return@awaitEachGesture
                    down.consume()
                    val up = waitForUpOrCancellation() ?: return@awaitEachGesture
                    up.consume()
                    onLink(link.item)
                }
            }
            .semantics { customActions = actions },
    )
}

/**
 * Spans as styled text. Only http(s) and mailto links are links (the core
 * sends no other; checked again here): anything else is its words alone.
 */
private fun annotated(spans: List<Span>, colors: InlineColors): AnnotatedString = buildAnnotatedString {
    fun append(list: List<Span>) {
        for (span in list) {
            when (span) {
                is Span.Text -> append(span.text)
                is Span.Emphasis -> withStyle(SpanStyle(fontStyle = FontStyle.Italic)) { append(span.spans) }
                is Span.Strong -> withStyle(SpanStyle(fontWeight = FontWeight.Bold)) { append(span.spans) }
                is Span.Code -> withStyle(
                    SpanStyle(fontFamily = FontFamily.Monospace, background = colors.codeBackground, color = colors.codeText),
                ) { append(span.text) }
                is Span.Link -> if (isSafeLink(span.href)) {
                    pushStringAnnotation(LINK, span.href)
                    withStyle(SpanStyle(color = colors.link, textDecoration = TextDecoration.Underline)) { append(span.spans) }
                    pop()
                } else {
                    append(span.spans)
                }
                Span.LineBreak -> append('\n')
            }
        }
    }
    append(spans)
}

/** Only what a browser or mail app should get from a note. */
fun isSafeLink(href: String): Boolean {
    val scheme = href.substringBefore(':', "").lowercase()
    return scheme in setOf("http", "https", "mailto") && href.none { it.isISOControl() || it.isWhitespace() }
}

/** A note's text for a screen reader or a comparison: the spans' words. */
fun plainText(spans: List<Span>): String = spans.joinToString("") { span ->
    when (span) {
        is Span.Text -> span.text
        is Span.Emphasis -> plainText(span.spans)
        is Span.Strong -> plainText(span.spans)
        is Span.Code -> span.text
        is Span.Link -> plainText(span.spans)
        Span.LineBreak -> "\n"
    }
}

/** The blocks without a first heading that only repeats the title shown above them. */
fun withoutTitle(document: Document, title: String): List<Block> {
    val first = document.blocks.firstOrNull()
    return if (first is Block.Heading && plainText(first.spans).trim() == title.trim()) document.blocks.drop(1) else document.blocks
}

/** A row's preview without a first line that only repeats its title (a "# Title" line). */
fun previewWithoutTitle(title: String, preview: String): String {
    val first = preview.substringBefore('\n')
    return if (first.trim() == title.trim()) preview.substringAfter('\n', "") else preview
}
