package coop.nubo.companion.core

import java.io.File

/** The process's core, or why the local store could not be opened. */
sealed class CoreState {
    class Ready(val core: CoreBridge) : CoreState()

    /** [reason]: the core's own message (English, technical), shown as a detail. */
    data class Broken(val reason: String) : CoreState()
}

/**
 * Opens the core over the app's SQLite file once per process. A file that
 * cannot be opened (damaged, unreadable, a full disk) becomes [CoreState.Broken]
 * instead of an exception thrown on every launch and in every worker; the
 * member can then try again or [reset] the local data: the store files are
 * deleted and an empty store opened (the account and everything in it come
 * back from the server after signing in again). [open] is `::CoreBridge`
 * with the app's secrets and notifier; [onReset] forgets secrets that only
 * made sense with the deleted store.
 */
class LocalData(
    private val databasePath: String,
    private val open: (String) -> CoreBridge,
    private val onReset: () -> Unit = {},
) {
    private var state: CoreState? = null

    /** Opens on first use; a broken store stays broken until [retry] or [reset]. */
    @Synchronized
    fun get(): CoreState = state ?: openNow()

    /** The core, or null when the store is broken (a background worker then does nothing). */
    fun coreOrNull(): CoreBridge? = (get() as? CoreState.Ready)?.core

    @Synchronized
    fun retry(): CoreState = (state as? CoreState.Ready) ?: openNow()

    /**
     * Deletes the store files and opens an empty store. Only while broken: a
     * store that opened is never deleted behind the core's back.
     * @throws java.io.IOException when a file could not be deleted.
     */
    @Synchronized
    fun reset(): CoreState {
        (state as? CoreState.Ready)?.let { return it }
        for (file in storeFiles(databasePath)) {
            if (file.exists() && !file.delete()) throw java.io.IOException("cannot delete ${file.name}")
        }
        onReset()
        return openNow()
    }

    private fun openNow(): CoreState {
        val opened = try {
            CoreState.Ready(open(databasePath))
        } catch (e: Exception) {
            // CoreException from the runtime; anything else is as fatal to the
            // store and as fixable by a reset.
            CoreState.Broken(e.message ?: e.javaClass.simpleName)
        }
        state = opened
        return opened
    }

    companion object {
        /** SQLite's file and the ones it keeps beside it (WAL mode, rollback journal). */
        fun storeFiles(databasePath: String): List<File> =
            listOf("", "-wal", "-shm", "-journal").map { File(databasePath + it) }
    }
}
