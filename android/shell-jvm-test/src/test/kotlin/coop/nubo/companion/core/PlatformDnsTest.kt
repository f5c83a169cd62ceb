package coop.nubo.companion.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayOutputStream
import java.io.DataOutputStream
import java.io.File
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/**
 * Sign-in with the address alone on a phone: the core asks the platform's
 * DNS (here a fake resolver answering real DNS messages) for the SRV and
 * TXT records of the member's domain, reads the answers in Rust, offers the
 * server they name, and signs in there over TLS (a real Radicale with a
 * certificate from the test authority `scripts/test-kotlin.sh` makes and
 * trusts through SSL_CERT_FILE).
 */
class PlatformDnsTest {
    @TempDir
    lateinit var dir: Path

    private val root = File(System.getProperty("nubo.repo.root") ?: "../..")
    private val servers by lazy { LoopbackServers(dir, root) }
    private val service = "_carddavs._tcp.nubo.test"

    @Test
    fun `a member's address finds their server through the platform's DNS`() {
        val tls = System.getProperty("nubo.test.tls")?.takeIf { it.isNotEmpty() }?.let(::File)
        assumeTrue(servers.python.exists(), "skipped: no project venv with Radicale (run scripts/setup-test-env.sh)")
        assumeTrue(tls != null && File(tls, "ca.pem").isFile && System.getenv("SSL_CERT_FILE") != null,
            "skipped: run by scripts/test-kotlin.sh, which makes the test certificate authority")
        val helene = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nEMAIL:helene@nubo.coop\r\nEND:VCARD\r\n"
        val radicale = servers.radicale(mapOf("helene.vcf" to helene),
            server = "ssl = True\ncertificate = $tls/server.pem\nkey = $tls/server.key\n")
        val asked = CopyOnWriteArrayList<Pair<String, Int>>()
        val dns = PlatformDns { name, type ->
            asked += name to type
            when {
                name == service && type == SRV -> DnsMessage.answer(name, SRV, DnsMessage.srv(10, 0, radicale.port, "127.0.0.1"))
                name == service && type == TXT -> DnsMessage.answer(name, TXT, DnsMessage.txt("path=/"))
                else -> null
            }
        }
        try {
            CoreBridge(dir.resolve("nubo.sqlite3").toString(), InMemorySecretStore(), null, dns).use { core ->
                core.send(Event.Start("fr-BE", "Europe/Brussels"))
                core.waitIdle(10_000)
                core.send(Event.SignIn("alice@nubo.test", "mot de passe", null))
                assertTrue(core.waitIdle(60_000))
                assertEquals(listOf(service to SRV, service to TXT), asked)
                val host = "127.0.0.1:${radicale.port}"
                assertEquals(host, core.view.value.hostToAccept, "the SRV record's server is offered to the member")
                assertFalse(core.view.value.signedIn)

                core.send(Event.SignIn("alice@nubo.test", "mot de passe", null, acceptHost = host))
                assertTrue(core.waitIdle(60_000))
                val view = core.view.value
                assertNull(view.signInError)
                assertTrue(view.signedIn)
                assertEquals(listOf("Hélène Dubœuf"), view.contacts.map { it.name })
            }
        } finally {
            radicale.stop()
        }
    }

    @Test
    fun `no answer from the platform is no record, and sign-in goes on without one`() {
        CoreBridge(dir.resolve("nubo.sqlite3").toString(), InMemorySecretStore(), null, { _, _ -> null }).use { core ->
            core.send(Event.Start("en-BE"))
            core.waitIdle(10_000)
            // nubo.invalid never resolves: after the empty DNS answers, the
            // /.well-known address fails and sign-in says so.
            core.send(Event.SignIn("alice@nubo.invalid", "secret", null))
            assertTrue(core.waitIdle(60_000), "a look-up left unanswered would keep the core busy")
            assertFalse(core.view.value.signedIn)
            assertTrue(core.view.value.signInError != null)
        }
    }

    private companion object {
        const val SRV = 33
        const val TXT = 16
    }
}

/** DNS messages as a resolver receives them (RFC 1035 §4.1), for the fake. */
private object DnsMessage {
    fun srv(priority: Int, weight: Int, port: Int, target: String): ByteArray = bytes {
        writeShort(priority)
        writeShort(weight)
        writeShort(port)
        write(name(target))
    }

    fun txt(text: String): ByteArray = bytes {
        writeByte(text.length)
        write(text.toByteArray())
    }

    /** A response with one question and one answer of [type] holding [data]. */
    fun answer(name: String, type: Int, data: ByteArray): ByteArray = bytes {
        writeShort(0x4e42) // id
        writeShort(0x8180) // a response, recursion desired and available, no error
        writeShort(1) // questions
        writeShort(1) // answers
        writeShort(0)
        writeShort(0)
        write(name(name))
        writeShort(type)
        writeShort(1) // IN
        writeShort(0xc00c) // the name: a pointer to the question's
        writeShort(type)
        writeShort(1)
        writeInt(300) // TTL
        writeShort(data.size)
        write(data)
    }

    private fun name(dotted: String): ByteArray = bytes {
        dotted.trimEnd('.').split('.').forEach {
            writeByte(it.length)
            write(it.toByteArray())
        }
        writeByte(0)
    }

    private fun bytes(build: DataOutputStream.() -> Unit): ByteArray =
        ByteArrayOutputStream().also { DataOutputStream(it).use(build) }.toByteArray()
}
