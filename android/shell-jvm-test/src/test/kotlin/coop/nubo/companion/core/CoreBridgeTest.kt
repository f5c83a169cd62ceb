package coop.nubo.companion.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import uniffi.nubo_runtime.CoreException
import java.io.File
import java.net.ServerSocket
import java.net.Socket
import java.nio.file.Path

/** The Android shell's Kotlin against the real core, on the JVM. */
class CoreBridgeTest {
    @TempDir
    lateinit var dir: Path

    private fun bridge(secrets: SecretStore = InMemorySecretStore()) =
        CoreBridge(dir.resolve("nubo.sqlite3").toString(), secrets)

    @Test
    fun `a fresh start speaks the device language and is signed out`() {
        bridge().use { core ->
            core.send(Event.Start("nl-BE"))
            assertTrue(core.waitIdle(10_000))
            assertFalse(core.view.signedIn)
            assertEquals("nl-BE", core.view.locale)
            assertEquals("Nog niet gesynchroniseerd.", core.view.sync.status)
        }
    }

    @Test
    fun `an unreachable server is said in Dutch and no password is kept`() {
        val secrets = InMemorySecretStore()
        bridge(secrets).use { core ->
            core.send(Event.Start("nl-BE"))
            core.waitIdle(10_000)
            core.send(Event.SignIn("alice@nubo.test", "geheim", "http://127.0.0.1:9/"))
            assertTrue(core.waitIdle(30_000))
            val error = core.view.signInError
            assertNotNull(error)
            assertTrue(error!!.startsWith("Server onbereikbaar"), error)
            assertFalse(core.view.signedIn)
            assertTrue(secrets.keys().isEmpty(), "a refused sign-in keeps no password")
        }
    }

    @Test
    fun `a malformed event is an error, not a crash`() {
        bridge().use { core ->
            assertThrows<CoreException.Message> { core.sendJson("{\"NoSuchEvent\":{}}") }
            assertThrows<CoreException.Message> { core.sendJson("not json") }
            core.send(Event.Start("fr-BE"))
            core.waitIdle(10_000)
            assertEquals("Pas encore synchronisé.", core.view.sync.status, "still working afterwards")
        }
    }

    @Test
    fun `signing in against a real Radicale syncs contacts and keeps the password in secure storage`() {
        val root = File(System.getProperty("nubo.repo.root"))
        val python = File(root, ".venv/bin/python")
        assumeTrue(python.exists(), "no project venv: run scripts/setup-test-env.sh")
        val user = "alice@nubo.test"
        val book = dir.resolve("storage/collection-root/$user/contacts").toFile().apply { mkdirs() }
        File(book.parentFile, ".Radicale.props").writeText("{}")
        File(book, ".Radicale.props").writeText("{\"tag\": \"VADDRESSBOOK\", \"D:displayname\": \"Coopérateurs\"}")
        File(book, "helene.vcf").writeText("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nN:Dubœuf;Hélène;;;\r\nEMAIL:helene@nubo.coop\r\nEND:VCARD\r\n")
        File(book, "jan.vcf").writeText("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:jan\r\nFN:Jan Van den Broeck\r\nTEL;TYPE=cell:+32 470 11 22 33\r\nEND:VCARD\r\n")
        val port = ServerSocket(0).use { it.localPort }
        val radicale = ProcessBuilder(
            python.path, "-m", "radicale", "--server-hosts", "127.0.0.1:$port", "--auth-type", "none",
            "--storage-filesystem-folder", dir.resolve("storage").toString(), "--logging-level", "warning",
        ).redirectErrorStream(true).redirectOutput(dir.resolve("radicale.log").toFile()).start()
        try {
            val deadline = System.currentTimeMillis() + 30_000
            while (runCatching { Socket("127.0.0.1", port).close() }.isFailure) {
                check(System.currentTimeMillis() < deadline) { "radicale did not start" }
                Thread.sleep(50)
            }
            val secrets = InMemorySecretStore()
            bridge(secrets).use { core ->
                val renders = mutableListOf<ViewModel>()
                core.onChange { renders += it }
                core.send(Event.Start("fr-BE"))
                core.waitIdle(10_000)
                core.send(Event.SignIn(user, "mot de passe", "http://127.0.0.1:$port/"))
                assertTrue(core.waitIdle(60_000))
                val view = core.view
                assertNull(view.signInError)
                assertTrue(view.signedIn)
                assertEquals(listOf("Hélène Dubœuf", "Jan Van den Broeck"), view.contacts.map { it.name })
                assertEquals("À jour : 2 ajoutés, 0 modifiés, 0 supprimés, 0 envoyés.", view.sync.status)
                assertEquals("mot de passe", secrets.get("nubo:$user"))
                assertTrue(renders.any { it.sync.running }, "progress was rendered while syncing")

                core.send(Event.Search("helene"))
                core.waitIdle(10_000)
                assertEquals(listOf("Hélène Dubœuf"), core.view.contacts.map { it.name })
                val jan = view.contacts.first { it.name == "Jan Van den Broeck" }.id
                core.send(Event.OpenContact(jan))
                core.waitIdle(10_000)
                assertEquals("+32 470 11 22 33", core.view.selected!!.fields.phones.single().value)
            }
            // A second launch signs in from secure storage alone.
            bridge(secrets).use { core ->
                core.send(Event.Start("en-BE"))
                core.waitIdle(10_000)
                core.send(Event.Sync)
                assertTrue(core.waitIdle(60_000))
                assertEquals("Up to date: 0 added, 0 updated, 0 deleted, 0 sent.", core.view.sync.status)
            }
        } finally {
            radicale.destroy()
            radicale.waitFor()
        }
    }
}
