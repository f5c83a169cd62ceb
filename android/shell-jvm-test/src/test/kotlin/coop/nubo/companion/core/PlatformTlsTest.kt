package coop.nubo.companion.core

import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * The JNI entry point the Android app calls at start: the symbol the
 * Kotlin `external fun` names must be the one the runtime exports (a
 * mismatch is an UnsatisfiedLinkError at launch, on every phone). Here the
 * runtime is built for the host, where the call only has to arrive.
 */
class PlatformTlsTest {
    private val library = File(System.getProperty("jna.library.path"), System.mapLibraryName("nubo_runtime"))

    @Test
    fun `the runtime answers the call the application makes at start, once or twice`() {
        assertTrue(library.isFile, "no library at $library")
        var loads = 0
        val load = {
            loads++
            System.load(library.absolutePath)
        }
        PlatformTls.install(Any(), load)
        PlatformTls.install(Any(), load)
        assertTrue(loads == 1, "loaded $loads times")
    }

    @Test
    fun `the application hands its Context over before anything else and R8 keeps the verifier`() {
        val root = File(System.getProperty("nubo.repo.root") ?: "../..", "android/app")
        val application = File(root, "src/main/java/coop/nubo/companion/NuboApplication.kt").readText()
        val onCreate = application.substringAfter("override fun onCreate()").substringBefore("\n    }")
        assertTrue(onCreate.contains("PlatformTls.install(this)"), "NuboApplication.onCreate does not install the Context")
        val rules = File(root, "proguard-rules.pro").readText()
        assertTrue(rules.contains("class org.rustls.platformverifier.**"), "R8 would strip the verifier's Kotlin half")
        val gradle = File(root, "build.gradle.kts").readText()
        assertTrue(gradle.contains("rustls:rustls-platform-verifier:\$rustlsVerifierVersion"), "no verifier AAR")
    }
}
