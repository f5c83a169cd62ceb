package coop.nubo.companion.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.InternalComposeUiApi
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.platform.PlatformInsets
import androidx.compose.ui.platform.PlatformWindowInsets
import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.InternalTestApi
import androidx.compose.ui.test.SkikoComposeUiTest
import androidx.compose.ui.test.isRoot
import androidx.compose.ui.test.v2.runInternalSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import java.io.File
import javax.imageio.ImageIO

/** A phone: 412 × 915 dp (a Pixel 7's window), drawn at 2 px a dp. */
object Phone {
    const val WIDTH_DP = 412
    const val HEIGHT_DP = 915
    val density = Density(2f)

    /** The status bar and a three-button navigation bar, as edge-to-edge apps get them. */
    const val STATUS_BAR_DP = 24f
    const val NAVIGATION_BAR_DP = 48f

    /** Between the bars, in px. */
    val safeArea = safeArea(WIDTH_DP, HEIGHT_DP)

    /** Between the bars of a window [widthDp] × [heightDp], in px. */
    fun safeArea(widthDp: Int, heightDp: Int) = androidx.compose.ui.geometry.Rect(
        0f, STATUS_BAR_DP * density.density, widthDp * density.density, (heightDp - NAVIGATION_BAR_DP) * density.density,
    )
}

/** A tablet in landscape (a Pixel Tablet's window): screens whose width the phone does not show. */
object Tablet {
    const val WIDTH_DP = 1280
    const val HEIGHT_DP = 800
}

/** Where the PNGs go (target/screens: artifacts, never committed). */
val screensDir = File(System.getProperty("nubo.screens.dir") ?: "target/screens")

/**
 * Renders [content] as the app shows it (the shell's labels, the theme) on
 * a phone-sized window (or [widthDp] × [heightDp]) with system bars (and a keyboard of [imeDp] when not
 * zero), runs [inspect] on the settled screen and writes it to [png].
 * The window insets go through Compose's internal test entry point: the
 * public one has no insets, and without them an inset counted twice would
 * not show.
 */
@OptIn(InternalComposeUiApi::class, InternalTestApi::class, ExperimentalTestApi::class)
fun render(
    shell: Shell,
    dark: Boolean,
    png: File?,
    imeDp: Float = 0f,
    widthDp: Int = Phone.WIDTH_DP,
    heightDp: Int = Phone.HEIGHT_DP,
    inspect: SkikoComposeUiTest.(roots: List<SemanticsNode>) -> Unit = {},
    content: @Composable () -> Unit,
) {
    val d = Phone.density
    val insets = object : PlatformWindowInsets {
        override val statusBars: PlatformInsets = PlatformInsets(top = px(Phone.STATUS_BAR_DP))
        override val navigationBars: PlatformInsets = PlatformInsets(bottom = px(Phone.NAVIGATION_BAR_DP))
        override val ime: PlatformInsets = PlatformInsets(bottom = px(imeDp))
        // Not derived from the two above on this platform: what Material's
        // bars and Scaffold read.
        override val systemBars: PlatformInsets = PlatformInsets(top = px(Phone.STATUS_BAR_DP), bottom = px(Phone.NAVIGATION_BAR_DP))
        override val tappableElement: PlatformInsets = systemBars
    }
    runInternalSkikoComposeUiTest(
        width = (widthDp * d.density).toInt(),
        height = (heightDp * d.density).toInt(),
        density = d,
        windowInsets = insets,
    ) {
        setContent {
            CompositionLocalProvider(LocalShell provides shell) {
                NuboTheme(dark = dark) { content() }
            }
        }
        waitForIdle()
        inspect(onAllNodes(isRoot(), useUnmergedTree = true).fetchSemanticsNodes())
        if (png != null) {
            png.parentFile.mkdirs()
            ImageIO.write(captureToImage().toAwtImage(), "png", png)
        }
    }
}

private fun px(dp: Float): Int = (dp * Phone.density.density).toInt()
