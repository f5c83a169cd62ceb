package coop.nubo.companion.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.io.IOException
import java.nio.file.Path

/**
 * A store the real core cannot open is a state the app shows, with a way
 * out, not an exception on every launch and in every background worker.
 */
class LocalDataTest {
    @TempDir
    lateinit var dir: Path

    private val opened = mutableListOf<CoreBridge>()
    private fun localData(path: String, onReset: () -> Unit = {}) =
        LocalData(path, open = { CoreBridge(it, InMemorySecretStore()).also { core -> opened += core } }, onReset = onReset)

    private fun closeAll() = opened.forEach { it.close() }

    @Test
    fun `a damaged database is reported, then reset to an empty store that works`() {
        val db = dir.resolve("nubo.sqlite3").toFile()
        db.writeText("this is not an SQLite database, but a file a crash or a full disk left behind ".repeat(100))
        File(db.path + "-wal").writeText("stale")
        File(db.path + "-shm").writeText("stale")
        var secretsCleared = false
        val data = localData(db.path) { secretsCleared = true }
        try {
            val broken = assertInstanceOf(CoreState.Broken::class.java, data.get())
            assertTrue(broken.reason.isNotBlank())
            assertNull(data.coreOrNull(), "a worker gets no core, and does nothing")
            assertSame(broken, data.get(), "not reopened behind the member's back")
            assertInstanceOf(CoreState.Broken::class.java, data.retry(), "trying again meets the same file")
            assertFalse(secretsCleared)

            val ready = assertInstanceOf(CoreState.Ready::class.java, data.reset())
            assertTrue(secretsCleared, "the deleted store's password is forgotten too")
            val shm = File(db.path + "-shm")
            assertFalse(shm.exists() && shm.readText() == "stale", "the stale WAL files went with it")
            ready.core.send(Event.Start("fr-BE"))
            assertTrue(ready.core.waitIdle(10_000))
            assertFalse(ready.core.view.value.signedIn)
            assertEquals("Pas encore synchronisé.", ready.core.view.value.sync.status)
        } finally {
            closeAll()
        }
    }

    @Test
    fun `a store that opened is never deleted by a reset`() {
        val db = dir.resolve("nubo.sqlite3").toFile()
        val data = localData(db.path)
        try {
            val ready = assertInstanceOf(CoreState.Ready::class.java, data.get())
            assertSame(ready, data.reset())
            assertSame(ready, data.retry())
            assertTrue(db.exists())
            assertEquals(1, opened.size)
        } finally {
            closeAll()
        }
    }

    @Test
    fun `a file that cannot be deleted leaves the store broken and says why`() {
        // A folder where the database should be: it cannot be opened, nor deleted as a file.
        val db = dir.resolve("nubo.sqlite3").toFile().apply { mkdirs() }
        File(db, "inside").writeText("x")
        val data = localData(db.path)
        try {
            assertInstanceOf(CoreState.Broken::class.java, data.get())
            val e = assertThrows<IOException> { data.reset() }
            assertTrue(e.message!!.contains("nubo.sqlite3"), e.message)
            assertInstanceOf(CoreState.Broken::class.java, data.get())
        } finally {
            closeAll()
        }
    }

    @Test
    fun `the store's files are SQLite's and its journals`() {
        assertEquals(
            listOf("/d/nubo.sqlite3", "/d/nubo.sqlite3-wal", "/d/nubo.sqlite3-shm", "/d/nubo.sqlite3-journal"),
            LocalData.storeFiles("/d/nubo.sqlite3").map { it.path },
        )
    }
}
