package coop.nubo.companion.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.nio.file.Path
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.concurrent.CopyOnWriteArrayList

/**
 * The background run against the real core, a real Radicale and the
 * cooperative's real feed files (tests/servers/feed_server.py): a new
 * announcement on the site becomes exactly one notification on the news
 * channel, and tapping it opens that announcement, read.
 */
class NewsBackgroundTest {
    @TempDir
    lateinit var dir: Path

    private val root = File(System.getProperty("nubo.repo.root") ?: "../..")
    private val servers by lazy { LoopbackServers(dir, root) }
    private val python get() = servers.python

    private data class Shown(val id: String, val title: String, val body: String, val atMillis: Long?)

    @Test
    fun `the periodic run sends PollNews, then the sync`() {
        assertEquals(listOf(Event.PollNews, Event.Sync), SyncSchedule.BACKGROUND_EVENTS)
        assertEquals("\"PollNews\"", Event.PollNews.toJson())
    }

    @Test
    fun `a notification names its announcement, reminders and notices are not news`() {
        assertEquals(12L, NewsNotifications.announcementId("news:12"))
        assertEquals(Event.OpenAnnouncement(12), NewsNotifications.onTap("news:12"))
        for (other in listOf("reminder:3:20270508T120000", "news:", "news:x", "news:-4", "notice", "newsletter:3")) {
            assertNull(NewsNotifications.announcementId(other), other)
            assertNull(NewsNotifications.onTap(other), other)
        }
    }

    @Test
    fun `a new announcement is notified once, on the news channel, and its tap opens it read`() {
        assumeTrue(python.exists(), "skipped: no project venv with Radicale (run scripts/setup-test-env.sh)")
        val site = dir.resolve("site").toFile()
        File(root, "scripts/seed/news").copyRecursively(site)
        val feed = File(site, "fr/actualites/feed.atom")
        val feeds = servers.start("feeds", python.path, File(root, "tests/servers/feed_server.py").path, "--port", "{port}",
            "--other-port", "${servers.freePort()}", "--root", site.path)
        val radicale = servers.radicale()
        val shown = CopyOnWriteArrayList<Shown>()
        try {
            val notifier = object : Notifier {
                override fun show(id: String, title: String, body: String) {
                    shown += Shown(id, title, body, null)
                }

                override fun replaceReminders(reminders: List<Reminder>) {
                    reminders.forEach { shown += Shown(it.id, it.title, it.body, it.atMillis) }
                }
            }
            CoreBridge(dir.resolve("nubo.sqlite3").toString(), InMemorySecretStore(), notifier).use { core ->
                core.send(Event.Start("fr-BE", "Europe/Brussels"))
                core.waitIdle(10_000)
                core.send(Event.SignIn("alice@nubo.test", "mot de passe", "http://127.0.0.1:${radicale.port}/"))
                assertTrue(core.waitIdle(60_000))
                assertTrue(core.view.value.signedIn, "signed in: ${core.view.value.signInError}")
                core.send(Event.AddFeed("http://127.0.0.1:${feeds.port}/fr/actualites/feed.atom"))
                assertTrue(core.waitIdle(60_000))
                val before = core.view.value.news
                assertTrue(before.announcements.size >= 4, "the feed's entries: ${before.announcements.map { it.title }} ${before.sources}")
                shown.clear()

                // The cooperative publishes something new.
                val title = "Nouvelle permanence à Liège"
                val now = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                feed.writeText(feed.readText().replaceFirst("  <entry>", entry("tag:nubo.coop,2027:fr/actualites/permanence", title, now) + "  <entry>"))

                assertEquals(NextSync.Done, BackgroundRun.run(core, attempt = 0, startTimeoutMillis = 10_000, timeoutMillis = 120_000))
                val news = shown.filter { NewsNotifications.announcementId(it.id) != null }
                assertEquals(listOf(title), news.map { it.title }, "one notification for the one new announcement: $shown")
                val notified = news.single()
                assertNull(notified.atMillis, "shown now")
                assertTrue(notified.body.startsWith("On vous attend"), notified.body)
                val row = core.view.value.news.announcements.first { it.title == title }
                assertEquals(row.id, NewsNotifications.announcementId(notified.id))
                assertEquals(before.unreadCount + 1, core.view.value.news.unreadCount)

                // The member taps it.
                core.send(checkNotNull(NewsNotifications.onTap(notified.id)))
                assertTrue(core.waitIdle(10_000))
                val open = checkNotNull(core.view.value.announcement) { "the tap opened nothing" }
                assertEquals(title, open.title)
                assertTrue(open.read)
                assertEquals(before.unreadCount, core.view.value.news.unreadCount)

                // The next run: nothing new, nothing notified again.
                shown.clear()
                assertEquals(NextSync.Done, BackgroundRun.run(core, attempt = 0, startTimeoutMillis = 10_000, timeoutMillis = 120_000))
                assertEquals(emptyList<Shown>(), shown.filter { NewsNotifications.announcementId(it.id) != null })
            }
        } finally {
            radicale.stop()
            feeds.stop()
        }
    }

    private fun entry(id: String, title: String, at: Instant) = """
        <entry>
          <id>$id</id>
          <title>$title</title>
          <link rel="alternate" type="text/html" href="https://nubo.coop/fr/actualites/permanence/"/>
          <published>$at</published>
          <updated>$at</updated>
          <content type="html">&lt;p&gt;On vous attend chaque premier mardi, rue Saint-Gilles 12.&lt;/p&gt;</content>
        </entry>
    """.trimIndent().prependIndent("  ") + "\n\n"
}
