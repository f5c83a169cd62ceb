package coop.nubo.companion.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The background scheduler honours the server's Retry-After, and never retries without end. */
class SyncScheduleTest {
    private fun sync(failed: Boolean, retryAfter: Long?) =
        SyncView(running = false, progress = null, status = "", failed = failed, retryAfterSeconds = retryAfter)

    @Test
    fun `a busy server's wait is kept, within bounds`() {
        assertEquals(NextSync.After(120), SyncSchedule.after(sync(failed = true, retryAfter = 120)))
        assertEquals(NextSync.After(60), SyncSchedule.after(sync(failed = true, retryAfter = 0)))
        assertEquals(NextSync.After(86_400), SyncSchedule.after(sync(failed = true, retryAfter = 9_999_999)))
    }

    @Test
    fun `other failures back off and a success waits for the next period`() {
        assertEquals(NextSync.Backoff, SyncSchedule.after(sync(failed = true, retryAfter = null)))
        assertEquals(NextSync.Done, SyncSchedule.after(sync(failed = false, retryAfter = null)))
    }

    @Test
    fun `a failure that persists (a refused password) is retried twice, then waits for the next period`() {
        val refused = sync(failed = true, retryAfter = null)
        val runs = (0..5).map { SyncSchedule.after(refused, attempt = it) }
        assertEquals(listOf(NextSync.Backoff, NextSync.Backoff) + List(4) { NextSync.GiveUp }, runs)
        assertEquals(NextSync.Backoff, SyncSchedule.afterTimeout(0))
        assertEquals(NextSync.GiveUp, SyncSchedule.afterTimeout(SyncSchedule.MAX_RETRIES))
    }
}
