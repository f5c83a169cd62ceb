package coop.nubo.companion.core

import java.io.File
import java.net.ServerSocket
import java.net.Socket
import java.nio.file.Path

/** A test server on loopback, started by the test and stopped by it. */
class LoopbackServer(val process: Process, val port: Int) {
    fun stop() {
        process.destroy()
        process.waitFor()
    }
}

/** Starts the project's test servers in [dir] (logs there too). */
class LoopbackServers(private val dir: Path, private val root: File) {
    val python = File(root, ".venv/bin/python")

    fun freePort() = ServerSocket(0).use { it.localPort }

    /** [command] with `{port}` replaced by a free port; waits until it listens. */
    fun start(name: String, vararg command: String, port: Int = freePort()): LoopbackServer {
        val log = dir.resolve("$name.log").toFile()
        val process = ProcessBuilder(command.map { it.replace("{port}", "$port") }).directory(root)
            .redirectErrorStream(true).redirectOutput(log).start()
        val deadline = System.currentTimeMillis() + 30_000
        while (runCatching { Socket("127.0.0.1", port).close() }.isFailure) {
            check(process.isAlive) { "$name exited: " + log.readText() }
            check(System.currentTimeMillis() < deadline) { "$name did not start" }
            Thread.sleep(50)
        }
        return LoopbackServer(process, port)
    }

    /**
     * Radicale with alice's address book holding [contacts] (file name to
     * vCard); [server] adds lines to its `[server]` section (TLS).
     */
    fun radicale(contacts: Map<String, String> = emptyMap(), server: String = ""): LoopbackServer {
        val storage = dir.resolve("storage").toFile()
        val book = File(storage, "collection-root/alice@nubo.test/contacts").apply { mkdirs() }
        File(book.parentFile, ".Radicale.props").writeText("{}")
        File(book, ".Radicale.props").writeText("""{"tag": "VADDRESSBOOK", "D:displayname": "Coopérateurs"}""")
        contacts.forEach { (name, card) -> File(book, name).writeText(card) }
        val port = freePort()
        val config = dir.resolve("radicale.conf").toFile().apply {
            writeText("[server]\nhosts = 127.0.0.1:$port\n$server[auth]\ntype = none\n[storage]\nfilesystem_folder = $storage\n[rights]\ntype = owner_only\n[logging]\nlevel = warning\n")
        }
        return start("radicale", python.path, "-m", "radicale", "--config", config.path, port = port)
    }
}
