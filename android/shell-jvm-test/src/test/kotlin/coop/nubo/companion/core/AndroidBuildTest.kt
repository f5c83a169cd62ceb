package coop.nubo.companion.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * The Android build as text (no Android Gradle plugin runs here): the
 * library must load on 16 KB-page devices, which needs NDK r28+ and the
 * linker told so for every ABI that is built.
 */
class AndroidBuildTest {
    private val root = File(System.getProperty("nubo.repo.root") ?: "../..")
    private val gradle = File(root, "android/app/build.gradle.kts").readText()
    private val res = File(root, "android/app/src/main/res")
    private val manifest = File(root, "android/app/src/main/AndroidManifest.xml").readText()

    @Test
    fun `the launcher shows the app's own icon`() {
        val icon = Regex("""android:icon="@mipmap/(\w+)"""").find(manifest)
        checkNotNull(icon) { "no android:icon on <application>: the launcher would show Android's default" }
        val adaptive = File(res, "mipmap-anydpi-v26/${icon.groupValues[1]}.xml")
        assertTrue(adaptive.isFile, "no adaptive icon $adaptive (minSdk 26 needs only this one)")
        for (layer in Regex("""android:drawable="@(\w+)/(\w+)"""").findAll(adaptive.readText())) {
            val (type, name) = layer.destructured
            if (type == "drawable") assertTrue(File(res, "drawable/$name.xml").isFile, "missing drawable $name")
            else assertTrue(File(res, "values/colors.xml").readText().contains("name=\"$name\""), "missing color $name")
        }
    }

    @Test
    fun `the window follows the system's dark mode before Compose draws`() {
        val theme = Regex("""android:theme="@style/([\w.]+)"""").find(manifest)
        checkNotNull(theme) { "the window's theme is a platform light theme: a white flash in dark mode" }
        val name = theme.groupValues[1]
        val day = File(res, "values/themes.xml").readText()
        val night = File(res, "values-night/themes.xml").readText()
        assertTrue(Regex("""<style name="$name" parent="android:Theme\.Material\.Light""").containsMatchIn(day))
        assertTrue(Regex("""<style name="$name" parent="android:Theme\.Material\.NoActionBar""").containsMatchIn(night), "no dark $name")
    }

    @Test
    fun `the NDK is pinned at r28 or later`() {
        val version = Regex("""ndkVersion = "(\d+)\.(\d+)\.(\d+)"""").find(gradle)
        checkNotNull(version) { "no ndkVersion in app/build.gradle.kts" }
        assertTrue(version.groupValues[1].toInt() >= 28, "NDK ${version.value}: 16 KB pages need r28+")
    }

    @Test
    fun `every ABI built is linked for 16 KB pages`() {
        val abis = Regex("""val abis = listOf\(([^)]*)\)""").find(gradle)!!.groupValues[1].split(",").map { it.trim().trim('"') }
        val targets = Regex("""val rustTargets = listOf\(([^)]*)\)""").find(gradle)!!.groupValues[1].split(",").map { it.trim().trim('"') }
        val rustTargetOf = mapOf("arm64-v8a" to "aarch64-linux-android", "armeabi-v7a" to "armv7-linux-androideabi", "x86_64" to "x86_64-linux-android", "x86" to "i686-linux-android")
        assertEquals(abis.map { rustTargetOf.getValue(it) }, targets)
        assertTrue(gradle.contains("max-page-size=16384"), "no max-page-size flag")
        assertTrue(gradle.contains("""environment("CARGO_TARGET_${'$'}{target.uppercase().replace('-', '_')}_RUSTFLAGS""""))
    }

    @Test
    fun `reminders are declared, with exact alarms, their receivers and re-arming at boot`() {
        val root = File(System.getProperty("nubo.repo.root") ?: "../..", "android/app/src/main")
        val manifest = root.resolve("AndroidManifest.xml").readText()
        assertTrue(manifest.contains("android.permission.USE_EXACT_ALARM"), "no USE_EXACT_ALARM (Android 13+)")
        assertTrue(
            Regex("""android:name="android.permission.SCHEDULE_EXACT_ALARM"\s+android:maxSdkVersion="32"""").containsMatchIn(manifest),
            "SCHEDULE_EXACT_ALARM only where USE_EXACT_ALARM does not exist",
        )
        assertTrue(manifest.contains("android.permission.RECEIVE_BOOT_COMPLETED"))
        assertTrue(manifest.contains("android.intent.action.BOOT_COMPLETED"))
        // Every receiver the manifest names is a class of the app.
        val sources = root.resolve("java/coop/nubo/companion").walk().filter { it.extension == "kt" }.joinToString("\n") { it.readText() }
        val receivers = Regex("""<receiver\s+android:name="\.(\w+)"""").findAll(manifest).map { it.groupValues[1] }.toList()
        assertEquals(listOf("ReminderReceiver", "BootReceiver"), receivers)
        receivers.forEach { assertTrue(sources.contains("class $it : BroadcastReceiver()"), "no class $it") }
    }
}
