package coop.nubo.companion.ui

import androidx.compose.ui.geometry.Rect
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.text.TextLayoutResult
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.Density

/**
 * What a member would notice on a rendered screen, read from the semantics
 * trees (one per root: the window, then any dialog or menu):
 * - text cut off: lines cut at the bottom of their box without an ellipsis,
 *   or a text box clipped by a parent that does not scroll;
 * - texts drawn over each other, or under the status or navigation bar
 *   (outside [screen]'s safe area: edge to edge, only backgrounds go there);
 * - something to tap that is smaller than 48 × 48 dp (its touch bounds, which
 *   Compose widens to the minimum where there is room), or that has neither a
 *   text nor a content description for a screen reader; an image with no
 *   content description that is not a decoration.
 * Nodes half scrolled out of a list are skipped: their clipping is the list's.
 */
class ScreenChecks(private val density: Density, private val screen: Rect? = null) {
    val problems = mutableListOf<String>()

    /** Texts ended with "…" on purpose (one line of a list row): said, not failed. */
    val ellipsized = mutableListOf<String>()

    fun check(roots: List<SemanticsNode>) {
        val nodes = roots.flatMap { root -> walk(root, scroller = null) }
        val texts = nodes.filter { it.text != null && !it.editable && it.fullyVisible }
        for (t in texts) checkTextFits(t)
        if (screen != null) {
            for (t in texts) {
                val s = t.shown
                if (s.top < screen.top - 1f || s.bottom > screen.bottom + 1f) {
                    problems += "text under a system bar: \"${t.text}\" at $s (safe area $screen)"
                }
            }
        }
        for (i in texts.indices) for (j in i + 1 until texts.size) checkNoOverlap(texts[i], texts[j])
        for (n in nodes) if (n.clickable && n.fullyVisible) checkTappable(n)
    }

    private class Seen(
        val node: SemanticsNode,
        /** The nearest scrolling ancestor (or self), or null. */
        val scroller: SemanticsNode?,
        val root: SemanticsNode,
    ) {
        val text: String? = node.config.getOrNull(SemanticsProperties.Text)?.joinToString(" ") { it.text }
        val editable = SemanticsProperties.EditableText in node.config
        val clickable = SemanticsActions.OnClick in node.config
        val full = Rect(node.positionInRoot, androidx.compose.ui.geometry.Size(node.size.width.toFloat(), node.size.height.toFloat()))
        val shown: Rect = node.boundsInRoot

        /** Drawn whole: not cut by a list's viewport (nor by anything else). */
        val fullyVisible = !shown.isEmpty && shown.width >= full.width - 1f && shown.height >= full.height - 1f

        /** Cut by something that is not a scrolling list. */
        val clippedOutsideScroll = !fullyVisible && scroller == null && !shown.isEmpty
        val name: String get() = text ?: node.config.getOrNull(SemanticsProperties.ContentDescription)?.joinToString(" ") ?: "#${node.id}"
    }

    private fun walk(node: SemanticsNode, scroller: SemanticsNode?, root: SemanticsNode = node): List<Seen> {
        val scrolls = SemanticsProperties.VerticalScrollAxisRange in node.config ||
            SemanticsProperties.HorizontalScrollAxisRange in node.config
        val here = Seen(node, if (scrolls) node else scroller, root)
        if (here.clippedOutsideScroll && here.text != null) {
            problems += "text cut off by its container: \"${here.name}\" shows ${here.shown} of ${here.full}"
        }
        return listOf(here) + node.children.flatMap { walk(it, here.scroller, root) }
    }

    private fun checkTextFits(t: Seen) {
        val layouts = mutableListOf<TextLayoutResult>()
        val action = t.node.config.getOrNull(SemanticsActions.GetTextLayoutResult)?.action ?: return
        if (action(layouts) != true) return
        val layout = layouts.firstOrNull() ?: return
        // Lines cut at the bottom, or more lines than allowed. (Width is the
        // box's business: a text box cut by its parent is found in walk();
        // the semantics' layout is measured against the widest constraint,
        // so its didOverflowWidth says nothing.)
        if (!layout.didOverflowHeight) return
        val last = layout.lineCount - 1
        // Skiko draws the "…" of a text stopped at its maxLines but reports
        // no line as ellipsized: a text set to end with "…" whose last line
        // is drawn whole ended there on purpose.
        val endsWithEllipsis = layout.layoutInput.overflow == TextOverflow.Ellipsis &&
            last >= 0 && layout.getLineBottom(last) <= layout.size.height + 1f
        if (last >= 0 && (layout.isLineEllipsized(last) || endsWithEllipsis)) {
            ellipsized += t.text!!
        } else {
            problems += "text cut at the bottom (${layout.lineCount} lines in ${layout.size.height} px): \"${t.text}\""
        }
    }

    private fun checkNoOverlap(a: Seen, b: Seen) {
        if (a.root !== b.root) return
        // Content scrolling under a floating button or bar is what lists do;
        // the list's bottom padding lets its end scroll clear.
        if (a.scroller?.id != b.scroller?.id) return
        if (isAncestor(a.node, b.node) || isAncestor(b.node, a.node)) return
        val overlap = a.shown.intersect(b.shown)
        if (overlap.width > 1f && overlap.height > 1f) {
            problems += "texts overlap: \"${a.text}\" ${a.shown} and \"${b.text}\" ${b.shown}"
        }
    }

    private fun checkTappable(n: Seen) {
        val touch = n.node.touchBoundsInRoot
        val minPx = with(density) { 48f * this.density } - 0.5f
        if (touch.width < minPx || touch.height < minPx) {
            val dp = "%.0f x %.0f dp".format(touch.width / density.density, touch.height / density.density)
            problems += "touch target $dp < 48 dp: \"${accessibleName(n.node) ?: n.name}\""
        }
        if (accessibleName(n.node) == null) {
            problems += "something to tap without a name for screen readers at ${n.shown}"
        }
        if (n.node.config.getOrNull(SemanticsProperties.Role) == Role.Image && SemanticsProperties.ContentDescription !in n.node.config) {
            problems += "a tappable image without a content description at ${n.shown}"
        }
    }

    /** What TalkBack would read: its own or its descendants' text and descriptions (merged). */
    private fun accessibleName(node: SemanticsNode): String? {
        val parts = mutableListOf<String>()
        fun collect(n: SemanticsNode) {
            n.config.getOrNull(SemanticsProperties.ContentDescription)?.let { parts += it }
            n.config.getOrNull(SemanticsProperties.Text)?.let { t -> parts += t.map { it.text } }
            n.config.getOrNull(SemanticsProperties.EditableText)?.let { parts += it.text }
            n.children.forEach { if (SemanticsActions.OnClick !in it.config) collect(it) }
        }
        collect(node)
        return parts.filter { it.isNotBlank() }.joinToString(" ").ifEmpty { null }
    }

    private fun isAncestor(a: SemanticsNode, b: SemanticsNode): Boolean {
        var p = b.parent
        while (p != null) {
            if (p.id == a.id) return true
            p = p.parent
        }
        return false
    }
}
