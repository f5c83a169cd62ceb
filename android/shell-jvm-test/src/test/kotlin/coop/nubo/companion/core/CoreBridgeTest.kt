package coop.nubo.companion.core

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertDoesNotThrow
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import uniffi.nubo_runtime.CoreException
import uniffi.nubo_runtime.NuboCore
import uniffi.nubo_runtime.ShellCallback
import java.io.File
import java.net.ServerSocket
import java.net.Socket
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/** The Android shell's Kotlin against the real core and a real SQLite file. */
class CoreBridgeTest {
    @TempDir
    lateinit var dir: Path

    private val database get() = dir.resolve("nubo.sqlite3").toString()

    private fun bridge(secrets: SecretStore = InMemorySecretStore()) = CoreBridge(database, secrets)

    @Test
    fun `a fresh start speaks the device language and is signed out`() {
        bridge().use { core ->
            core.send(Event.Start("nl-BE"))
            assertTrue(core.waitIdle(10_000))
            val view = core.view.value
            assertFalse(view.signedIn)
            assertEquals("nl-BE", view.locale)
            assertEquals("Nog niet gesynchroniseerd.", view.sync.status)
            assertTrue(view.contacts.isEmpty())
        }
    }

    @Test
    fun `the core's requests are the JSON the bridge reads`() {
        val seen = CopyOnWriteArrayList<String>()
        val answers = java.util.concurrent.Executors.newSingleThreadExecutor()
        lateinit var core: NuboCore
        val reminders = Regex("""\[\{"id":(\d+),"effect":\{"Notify":\{"Reminders":\[]}}}]""")
        core = NuboCore(database, object : ShellCallback {
            override fun processEffects(requests: String) {
                seen += requests
                // Answered off the core's thread, as the bridge does.
                reminders.matchEntire(requests)?.let { m -> answers.execute { core.resolve(m.groupValues[1].toUInt(), "null") } }
            }
        }, false)
        core.use {
            it.update(Event.Start("en-BE").toJson())
            assertTrue(it.waitIdle(10_000u))
        }
        answers.shutdown()
        assertTrue(seen.isNotEmpty())
        // Renders, and no account: the empty set of reminders, which cancels any left.
        seen.forEach { assertTrue(Regex("""\[\{"id":\d+,"effect":\{"Render":null}}]""").matches(it) || reminders.matches(it), it) }
        assertEquals(1, seen.count { reminders.matches(it) })
    }

    @Test
    fun `an unreachable server is said in Dutch and no password is kept`() {
        val secrets = InMemorySecretStore()
        bridge(secrets).use { core ->
            core.send(Event.Start("nl-BE"))
            core.waitIdle(10_000)
            core.send(Event.SignIn("alice@nubo.test", "geheim", "http://127.0.0.1:9/"))
            assertTrue(core.waitIdle(30_000))
            val view = core.view.value
            val error = checkNotNull(view.signInError) { "no sign-in error" }
            assertEquals(
                "De server is onbereikbaar. Controleer je internetverbinding en het serveradres en probeer opnieuw.",
                error,
            )
            assertTrue(checkNotNull(view.errorDetail) { "no detail beside the sentence" }.isNotEmpty())
            assertFalse(view.signedIn)
            assertFalse(view.signingIn)
            assertTrue(secrets.keys().isEmpty(), "a refused sign-in keeps no password")
            assertTrue(secrets.calls.none { it.startsWith("set:") }, "nothing was written: ${secrets.calls}")
        }
    }

    @Test
    fun `a malformed event is an error, not a crash`() {
        bridge().use { core ->
            assertThrows<CoreException.Message> { core.sendJson("""{"NoSuchEvent":{}}""") }
            assertThrows<CoreException.Message> { core.sendJson("not json") }
            // Events the core sends itself are not accepted from a shell.
            assertThrows<CoreException.Message> { core.sendJson("""{"SyncFinished":null}""") }
            core.send(Event.Start("fr-BE"))
            core.waitIdle(10_000)
            assertEquals("Pas encore synchronisé.", core.view.value.sync.status, "still working afterwards")
        }
    }

    @Test
    fun `every event the shell sends is accepted by the core`() {
        bridge().use { core ->
            val events = listOf(
                Event.Start("en-BE"), Event.Search("x"), Event.Search(""), Event.OpenContact(1), Event.CloseContact,
                Event.SaveContact(null, ContactFields(fullName = "Nobody")), Event.DeleteContact(1),
                Event.Start("en-BE", "America/Toronto"), Event.ShowAgenda(AgendaSpan.Week, "2027-03-10"),
                Event.ShowAgenda(AgendaSpan.Range, "2027-01-01", "2027-12-31"), Event.OpenEvent(1, null), Event.CloseEvent,
                Event.SaveEvent(null, null, null, EventFields(summary = "Café", start = "2027-03-13T10:00")),
                Event.DeleteEvent(1, "2027-03-02T18:00:00Z"),
                Event.ResolveConflict(1, Event.Resolution.KeepMine), Event.Sync,
            )
            events.forEach { event ->
                assertDoesNotThrow("$event") { core.send(event) }
                assertTrue(core.waitIdle(10_000), "$event left the core busy")
            }
            assertEquals("You are not signed in: sign in first.", core.view.value.notice, "a sync needs an account")
            core.send(Event.SignOut)
            assertTrue(core.waitIdle(10_000))
            assertFalse(core.view.value.signedIn)
        }
    }

    @Test
    fun `signing in against a real Radicale syncs contacts and keeps the password in secure storage`() {
        val root = File(System.getProperty("nubo.repo.root") ?: "../..")
        val python = File(root, ".venv/bin/python")
        assumeTrue(python.exists(), "skipped: no project venv with Radicale (run scripts/setup-test-env.sh)")
        val user = "alice@nubo.test"
        val storage = dir.resolve("storage").toFile()
        val book = File(storage, "collection-root/$user/contacts").apply { mkdirs() }
        File(book.parentFile, ".Radicale.props").writeText("{}")
        File(book, ".Radicale.props").writeText("""{"tag": "VADDRESSBOOK", "D:displayname": "Coopérateurs"}""")
        File(book, "helene.vcf").writeText("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nN:Dubœuf;Hélène;;;\r\nEMAIL:helene@nubo.coop\r\nEND:VCARD\r\n")
        val agenda = File(storage, "collection-root/$user/agenda").apply { mkdirs() }
        File(agenda, ".Radicale.props").writeText("""{"tag": "VCALENDAR", "D:displayname": "Agenda Nubo", "ICAL:calendar-color": "#0082C9"}""")
        File(root, "scripts/seed/calendar/assemblee-generale.ics").copyTo(File(agenda, "ag.ics"))
        File(book, "jan.vcf").writeText("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:jan\r\nFN:Jan Van den Broeck\r\nTEL;TYPE=cell:+32 470 11 22 33\r\nEND:VCARD\r\n")
        val port = ServerSocket(0).use { it.localPort }
        val config = dir.resolve("radicale.conf").toFile().apply {
            writeText("[server]\nhosts = 127.0.0.1:$port\n[auth]\ntype = none\n[storage]\nfilesystem_folder = $storage\n[rights]\ntype = owner_only\n[logging]\nlevel = warning\n")
        }
        val radicale = ProcessBuilder(python.path, "-m", "radicale", "--config", config.path)
            .redirectErrorStream(true).redirectOutput(dir.resolve("radicale.log").toFile()).start()
        try {
            val deadline = System.currentTimeMillis() + 30_000
            while (runCatching { Socket("127.0.0.1", port).close() }.isFailure) {
                check(radicale.isAlive) { "radicale exited: " + dir.resolve("radicale.log").toFile().readText() }
                check(System.currentTimeMillis() < deadline) { "radicale did not start" }
                Thread.sleep(50)
            }
            val secrets = InMemorySecretStore()
            bridge(secrets).use { core ->
                val renders = CopyOnWriteArrayList<ViewModel>()
                val scope = CoroutineScope(Dispatchers.Unconfined)
                scope.launch { core.view.collect { renders += it } }
                core.send(Event.Start("fr-BE", "Europe/Brussels"))
                core.waitIdle(10_000)
                core.send(Event.SignIn(user, "mot de passe", "http://127.0.0.1:$port/"))
                assertTrue(core.waitIdle(60_000))
                scope.cancel()
                val view = core.view.value
                assertNull(view.signInError)
                assertTrue(view.signedIn)
                assertEquals(user, view.accountEmail)
                assertEquals(listOf("Coopérateurs"), view.addressBooks.map { it.name })
                assertEquals(listOf("Hélène Dubœuf", "Jan Van den Broeck"), view.contacts.map { it.name })
                assertEquals("À jour\u202F: 3 ajouts.", view.sync.status, "two contacts and one series")

                // The agenda: May 2027, the general assembly moved to the 11th.
                core.send(Event.ShowAgenda(AgendaSpan.Month, "2027-05-01"))
                core.waitIdle(10_000)
                val may = core.view.value.agenda
                assertEquals("mai 2027", may.title)
                val entry = may.days.single().entries.single()
                assertEquals(Triple("2027-05-11", "19:30 – 21:30", "Assemblée générale annuelle"), Triple(may.days.single().date, entry.time, entry.title))
                assertEquals("#0082C9", entry.color)
                core.send(Event.OpenEvent(entry.eventId, entry.occurrence))
                core.waitIdle(10_000)
                assertEquals("2027-05-11T19:30", core.view.value.event?.fields?.start)
                assertEquals("mot de passe", secrets.get("nubo:$user"), "the password is in the SecretStore under nubo:<email>")
                assertTrue(renders.any { it.signingIn }, "signing in was rendered")
                assertTrue(renders.any { it.sync.running }, "the sync was rendered while it ran")

                core.send(Event.Search("helene"))
                core.waitIdle(10_000)
                assertEquals(listOf("Hélène Dubœuf"), core.view.value.contacts.map { it.name })
                core.send(Event.Search(""))
                core.waitIdle(10_000)

                // An edit from the detail screen reaches the server at the next sync.
                val jan = view.contacts.first { it.name == "Jan Van den Broeck" }.id
                core.send(Event.OpenContact(jan))
                core.waitIdle(10_000)
                val selected = checkNotNull(core.view.value.selected) { "no contact open" }
                assertEquals("+32 470 11 22 33", selected.fields.phones.single().value)
                core.send(Event.SaveContact(jan, selected.fields.copy(org = "Nubo")))
                core.waitIdle(10_000)
                assertEquals("Contact enregistré\u202F; il sera envoyé à la prochaine synchronisation.", core.view.value.notice)
                assertEquals(1, core.view.value.pendingChanges)
                core.send(Event.Sync)
                assertTrue(core.waitIdle(60_000))
                assertEquals("À jour\u202F: 1 envoi.", core.view.value.sync.status)
                assertEquals(0, core.view.value.pendingChanges)
                assertTrue(File(book, "jan.vcf").readText().contains("ORG:Nubo"), "the server has the edit")
            }
            // A second launch signs in from secure storage alone.
            bridge(secrets).use { core ->
                core.send(Event.Start("en-BE"))
                core.waitIdle(10_000)
                assertTrue(core.view.value.signedIn)
                assertTrue("get:nubo:$user" in secrets.calls)
                core.send(Event.Sync)
                assertTrue(core.waitIdle(60_000))
                assertEquals("Everything is up to date.", core.view.value.sync.status)
                assertEquals(2, core.view.value.contacts.size)

                core.send(Event.SignOut)
                core.waitIdle(10_000)
                assertFalse(core.view.value.signedIn)
                assertTrue(core.view.value.contacts.isEmpty())
                assertTrue(secrets.keys().isEmpty(), "signing out removes the password")
            }
        } finally {
            radicale.destroy()
            radicale.waitFor()
        }
    }
}
