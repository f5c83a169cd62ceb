package coop.nubo.companion.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The member's background-sync choice: stored, and turned into what the scheduler is asked. */
class BackgroundSyncTest {
    @Test
    fun `nothing chosen yet, hourly on any network, as before there was a choice`() {
        val settings = BackgroundSyncSettings(MapPreferences())
        assertEquals(BackgroundSyncChoice(SyncInterval.Hourly, unmeteredOnly = false), settings.choice)
        assertEquals(SyncPlan(60, SyncNetwork.Any), BackgroundSync.plan(settings.choice))
    }

    @Test
    fun `each interval is its period, never below what WorkManager keeps, and none for only when opened`() {
        val periods = SyncInterval.entries.associateWith { BackgroundSync.plan(BackgroundSyncChoice(it))?.periodMinutes }
        assertEquals(
            mapOf(
                SyncInterval.Every30Minutes to 30L,
                SyncInterval.Hourly to 60L,
                SyncInterval.Every3Hours to 180L,
                SyncInterval.TwiceADay to 720L,
                SyncInterval.OnlyWhenOpened to null,
            ),
            periods,
        )
        assertTrue(periods.values.filterNotNull().all { it >= BackgroundSync.MIN_PERIOD_MINUTES })
        // The choices run from often to never, as the member reads them.
        val ordered = SyncInterval.entries.map { it.minutes ?: Long.MAX_VALUE }
        assertEquals(ordered.sorted(), ordered)
    }

    @Test
    fun `only on Wi-Fi asks for an unmetered network, for the periodic runs and a server's Retry-After alike`() {
        val wifi = BackgroundSyncChoice(SyncInterval.Every3Hours, unmeteredOnly = true)
        assertEquals(SyncPlan(180, SyncNetwork.Unmetered), BackgroundSync.plan(wifi))
        assertEquals(SyncNetwork.Unmetered, BackgroundSync.retryNetwork(wifi))
        assertEquals(SyncNetwork.Any, BackgroundSync.retryNetwork(BackgroundSyncChoice(SyncInterval.Every3Hours)))
    }

    @Test
    fun `only when opened, no periodic run, no retry in the background, a sync when the app opens`() {
        val opened = BackgroundSyncChoice(SyncInterval.OnlyWhenOpened, unmeteredOnly = true)
        assertNull(BackgroundSync.plan(opened))
        assertNull(BackgroundSync.retryNetwork(opened))
        assertTrue(BackgroundSync.syncWhenOpened(opened))
        assertFalse(SyncInterval.entries.filter { it != SyncInterval.OnlyWhenOpened }.any { BackgroundSync.syncWhenOpened(BackgroundSyncChoice(it)) })
    }

    @Test
    fun `a choice is kept across launches and reschedules once, the same choice again reschedules nothing`() {
        val preferences = MapPreferences()
        val told = mutableListOf<BackgroundSyncChoice>()
        val settings = BackgroundSyncSettings(preferences) { told += it }
        val chosen = BackgroundSyncChoice(SyncInterval.TwiceADay, unmeteredOnly = true)
        settings.choose(chosen)
        settings.choose(chosen)
        assertEquals(listOf(chosen), told)
        // The next launch reads the same preferences.
        assertEquals(chosen, BackgroundSyncSettings(preferences).choice)
        settings.choose(chosen.copy(unmeteredOnly = false))
        assertEquals(listOf(chosen, chosen.copy(unmeteredOnly = false)), told)
    }

    @Test
    fun `a stored value this version does not know reads as the default, not a crash`() {
        val preferences = MapPreferences()
        preferences.put(BackgroundSyncSettings.INTERVAL, "EveryMinute")
        preferences.put(BackgroundSyncSettings.UNMETERED_ONLY, true)
        assertEquals(BackgroundSyncChoice(SyncInterval.Hourly, unmeteredOnly = true), BackgroundSyncSettings(preferences).choice)
    }
}
