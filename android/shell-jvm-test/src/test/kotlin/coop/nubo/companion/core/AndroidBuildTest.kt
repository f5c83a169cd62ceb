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
    private val gradle = File(System.getProperty("nubo.repo.root") ?: "../..", "android/app/build.gradle.kts").readText()

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
