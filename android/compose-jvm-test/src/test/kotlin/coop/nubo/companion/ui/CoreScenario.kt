package coop.nubo.companion.ui

import coop.nubo.companion.core.AgendaSpan
import coop.nubo.companion.core.CoreBridge
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.SecretStore
import coop.nubo.companion.core.ViewModel
import java.io.File
import java.net.ServerSocket
import java.net.Socket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.util.Base64
import java.util.concurrent.ConcurrentHashMap

/**
 * A real Radicale on loopback with the project's seed data (the demo
 * calendar, a generated Belgian address book) and one long event, beside a
 * real WebDAV folder of notes on the same origin (wsgidav under /files/, as
 * a Nextcloud serves them: tests/servers/dav_with_files.py), and the real
 * core (uniffi, host-built library) signed in to it: each screen's view
 * model is what the core rendered after a sync, in the member's language.
 */
class CoreScenario private constructor(
    private val dir: File,
    private val radicale: Process,
    val port: Int,
    private val feeds: Process,
    private val feedsPort: Int,
    /** HTTPS with a certificate no authority vouches for. */
    private val untrusted: Process,
    private val untrustedPort: Int,
) : AutoCloseable {
    private val user = "alice@nubo.test"
    private val base = "http://127.0.0.1:$port"

    /** Named view models, in the order the screens are listed in the closing note. */
    fun views(locale: String): LinkedHashMap<String, ViewModel> {
        val out = LinkedHashMap<String, ViewModel>()
        val database = File(dir, "nubo-$locale.sqlite3").path
        CoreBridge(database, MemorySecrets()).use { core ->
            fun go(event: Event, timeout: Long = 20_000): ViewModel {
                core.send(event)
                check(core.waitIdle(timeout)) { "core still busy after $event" }
                return core.view.value
            }
            out["sign-in"] = go(Event.Start(locale, "Europe/Brussels"))
            out["sign-in-error"] = go(Event.SignIn(user, "mot de passe", "http://127.0.0.1:9/"), 40_000)
            out["sign-in-untrusted"] = go(Event.SignIn(user, "mot de passe", "https://127.0.0.1:$untrustedPort/"), 40_000)
            check(out.getValue("sign-in-untrusted").signInError != null) { "the untrusted certificate was accepted" }
            val signedIn = go(Event.SignIn(user, "mot de passe", "$base/"), 120_000)
            check(signedIn.signedIn && signedIn.signInError == null) { "not signed in: ${signedIn.signInError}" }
            check(signedIn.contacts.size >= 20) { "sync brought ${signedIn.contacts.size} contacts: ${signedIn.sync.status}" }

            out["agenda-upcoming"] = go(Event.ShowAgenda(AgendaSpan.Upcoming))
            out["agenda-month"] = go(Event.ShowAgenda(AgendaSpan.Month, "2027-03-01"))
            out["agenda-week"] = go(Event.ShowAgenda(AgendaSpan.Week, "2027-03-08"))
            val day = go(Event.ShowAgenda(AgendaSpan.Day, "2027-03-10"))
            out["agenda-day"] = day
            val entries = day.agenda.days.flatMap { it.entries }
            val long = entries.first { it.title.startsWith("Assemblée générale extraordinaire") }
            out["event-detail"] = go(Event.OpenEvent(long.eventId, long.occurrence))
            checkNotNull(out.getValue("event-detail").event) { "the event did not open" }
            go(Event.CloseEvent)
            val series = entries.first { it.recurring && it.occurrence != null }
            out["event-detail-occurrence"] = go(Event.OpenEvent(series.eventId, series.occurrence))
            go(Event.CloseEvent)

            out["contacts"] = go(Event.Search(""))
            out["contacts-search"] = go(Event.Search("de"))
            check(out.getValue("contacts-search").contacts.isNotEmpty()) { "the search found nothing" }
            // A third of the cooperative writes from nubo.coop: more than a search lists.
            out["contacts-search-more"] = go(Event.Search("nubo"))
            check(out.getValue("contacts-search-more").contactsMore != null) { "the broad search said nothing of the rest" }
            go(Event.Search(""))
            // 400 contacts: a page listed, the row at its end asks for the next.
            check(out.getValue("contacts").let { it.contacts.size == 100 && it.contactsComing != null }) { "the list's first page" }
            // What the member meets at the end of a page (its last rows), before the next comes.
            out["contacts-end-of-page"] = out.getValue("contacts").let { it.copy(contacts = it.contacts.takeLast(3)) }
            check(go(Event.ShowMoreContacts()).contacts.size == 200) { "the end of the list brought no more" }
            /** A contact found by name, as a member would. */
            fun contact(name: String) = go(Event.Search(name)).contacts.first { it.name == name }.also { go(Event.Search("")) }
            val genevieve = contact("Geneviève De Smet")
            out["contact-detail"] = go(Event.OpenContact(genevieve.id))
            go(Event.CloseContact)

            // A conflict, as a member meets one: Jan edited here while someone
            // else changed him on the server.
            val jan = contact("Jan Van den Broeck")
            val opened = go(Event.OpenContact(jan.id))
            val fields = checkNotNull(opened.selected).fields
            val saved = go(Event.SaveContact(jan.id, fields.copy(title = "Trésorier")))
            check(saved.notice != null) { "the save said nothing" }
            // Closing the contact ends the save's notice (the member moved on).
            check(go(Event.CloseContact).notice == null) { "the save's notice outlived the contact" }
            changeOnServer("contacts/jan-vandenbroeck.vcf", "NOTE:Changed on the laptop ($locale)")
            val synced = go(Event.Sync, 120_000)
            check(synced.conflicts.isNotEmpty()) { "no conflict after the sync: ${synced.sync.status}" }
            out["conflicts"] = synced
            // The save's snackbar, drawn over the list it leads back to.
            out["notice"] = synced.copy(notice = saved.notice)
            out["contact-detail-conflict"] = go(Event.OpenContact(jan.id))
            go(Event.CloseContact)

            // Radicale is no Nextcloud: the notes folder is not known until the member names it.
            val unknown = go(Event.SearchNotes(""))
            check(!unknown.notes.folderKnown) { "a notes folder was found on Radicale" }
            out["notes-folder"] = unknown
            go(Event.SetNotesFolder("$base/files/alice/Notes/"))
            val listed = go(Event.Sync, 120_000)
            check(listed.notes.notes.size == NOTES.size) { "the sync brought ${listed.notes.notes.map { it.title }}: ${listed.sync.status}" }
            fun note(title: String) = listed.notes.notes.first { it.title == title }

            // A note changed here and, meanwhile, on the server: both texts kept.
            val ideas = note("Idées pour le site")
            val mine = checkNotNull(go(Event.OpenNote(ideas.id)).note).text + "Une FAQ en trois langues.\n"
            go(Event.SaveNote(ideas.id, null, ideas.title, mine))
            go(Event.CloseNote)
            File(notesDir, "Coopérative/Idées pour le site.txt").appendText("Un calendrier des permanences ($locale).\n")
            val conflicted = go(Event.Sync, 120_000)
            check(conflicted.notes.notes.first { it.id == ideas.id }.conflict) { "no note conflict: ${conflicted.sync.status}" }
            // A task ticked offline: waiting to be sent.
            val shopping = note("Courses")
            go(Event.OpenNote(shopping.id))
            go(Event.ToggleNoteTask(shopping.id, 0))
            go(Event.CloseNote)

            out["notes"] = go(Event.SearchNotes(""))
            // Without its accent: the search is accent-insensitive.
            out["notes-search"] = go(Event.SearchNotes("equitable"))
            check(out.getValue("notes-search").notes.notes.map { it.title } == listOf("Courses")) { "the notes search" }
            go(Event.SearchNotes(""))
            out["note-detail"] = go(Event.OpenNote(note("Assemblée générale 2027").id))
            checkNotNull(out.getValue("note-detail").note) { "the note did not open" }
            go(Event.CloseNote)
            out["note-detail-conflict"] = go(Event.OpenNote(ideas.id))
            go(Event.CloseNote)
            out["note-unreadable"] = go(Event.OpenNote(note("Scan").id))
            check(out.getValue("note-unreadable").note?.unreadable != null) { "the binary note reads as text" }
            go(Event.CloseNote)
            // A save the core refuses: a category that is not on the server.
            val refused = go(Event.SaveNote(null, "Vacances", "Valise", REFUSED_TEXT))
            check(refused.error != null) { "a note in a missing category was taken" }
            out["note-refused"] = refused
            go(Event.CloseNote)
            newsViews(locale, out, ::go)
        }
        return out
    }

    /**
     * The cooperative's news from the real feed files: the member's own
     * language's feed and another language's, and a feed the site no
     * longer has (it says since when it fails).
     */
    private fun newsViews(locale: String, out: LinkedHashMap<String, ViewModel>, go: (Event, Long) -> ViewModel) {
        val listed = addFeeds(locale, go)
        check(listed.news.announcements.size >= 3) { "the feeds brought ${listed.news.announcements.map { it.title }}: ${listed.news.sources}" }
        check(listed.news.sources.any { it.failing != null }) { "no failing source: ${listed.news.sources}" }
        check(listed.news.otherLanguagesNote != null) { "no other languages said" }
        out["news"] = listed.copy(notice = null)
        val withEvent = listed.news.announcements.first { it.hasEvent }
        out["announcement-event"] = go(Event.OpenAnnouncement(withEvent.id), 20_000)
        check(out.getValue("announcement-event").announcement?.eventUrl != null) { "the assembly has no event" }
        go(Event.CloseAnnouncement, 20_000)
        val plain = listed.news.announcements.first { !it.hasEvent && it.id != withEvent.id }
        out["announcement"] = go(Event.OpenAnnouncement(plain.id), 20_000)
        go(Event.CloseAnnouncement, 20_000)
        out["news-unread-only"] = go(Event.ShowNews(true, null), 20_000)
        out["news-all-languages"] = go(Event.ShowNews(false, "all"), 20_000)
        go(Event.ShowNews(false, null), 20_000)
    }

    private val feedsBase get() = "http://127.0.0.1:$feedsPort"

    private fun addFeeds(locale: String, go: (Event, Long) -> ViewModel): ViewModel {
        val own = when (locale.substringBefore('-')) {
            "nl" -> "/nl/nieuws/feed.atom"
            "en" -> "/en/news/feed.atom"
            else -> "/fr/actualites/feed.atom"
        }
        val other = if (own.startsWith("/fr")) "/nl/nieuws/feed.atom" else "/fr/actualites/feed.atom"
        for (path in listOf(own, other, "/fr/actualites/ancien-flux.atom")) go(Event.AddFeed("$feedsBase$path"), 60_000)
        return go(Event.PollNews, 60_000)
    }

    /** The real core signed in (a fresh store) with the news feeds added and read once, for a screen to drive. */
    fun withNews(locale: String, block: (CoreBridge) -> Unit) {
        val database = File(dir, "news-$locale-${System.nanoTime()}.sqlite3").path
        CoreBridge(database, MemorySecrets()).use { core ->
            fun go(event: Event, timeout: Long): ViewModel {
                core.send(event)
                check(core.waitIdle(timeout)) { "core still busy after $event" }
                return core.view.value
            }
            go(Event.Start(locale, "Europe/Brussels"), 20_000)
            check(go(Event.SignIn(user, "mot de passe", "$base/"), 120_000).signedIn) { "not signed in" }
            addFeeds(locale, ::go)
            block(core)
        }
    }

    /** Someone else's edit: the server's copy with one more line, PUT over it. */
    private fun changeOnServer(path: String, line: String) {
        val url = "$base/$user/$path"
        val auth = "Basic " + Base64.getEncoder().encodeToString("$user:x".toByteArray())
        // HTTP/1.1: no h2c upgrade for a test server to trip on.
        val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        val card = http.send(HttpRequest.newBuilder(URI(url)).header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString())
        check(card.statusCode() == 200) { "GET $url: ${card.statusCode()}" }
        val changed = card.body().replace(Regex("(?m)^NOTE:.*\r\n"), "").replace("END:VCARD", "$line\r\nEND:VCARD")
        val put = HttpRequest.newBuilder(URI(url)).header("Authorization", auth).header("Content-Type", "text/vcard; charset=utf-8")
            .PUT(HttpRequest.BodyPublishers.ofString(changed)).build()
        val answer = http.send(put, HttpResponse.BodyHandlers.ofString())
        check(answer.statusCode() in 200..299) { "PUT $url: ${answer.statusCode()} ${answer.body()}" }
    }

    private val notesDir get() = File(dir, "files/alice/Notes")

    override fun close() {
        for (p in listOf(radicale, feeds, untrusted)) {
            p.destroy()
            p.waitFor()
        }
    }

    private class MemorySecrets : SecretStore {
        private val map = ConcurrentHashMap<String, String>()
        override fun get(key: String): String? = map[key]
        override fun set(key: String, value: String) { map[key] = value }
        override fun delete(key: String) { map.remove(key) }
    }

    companion object {
        val repoRoot = File(System.getProperty("nubo.repo.root") ?: "../..")
        val python = File(repoRoot, ".venv/bin/python")

        /** Null without the project venv (scripts/setup-test-env.sh). */
        fun startOrNull(): CoreScenario? {
            if (!python.exists()) return null
            val dir = Files.createTempDirectory("nubo-screens").toFile()
            val user = "alice@nubo.test"
            val storage = File(dir, "storage")
            val cards = File(dir, "cards")
            run(python.path, "scripts/seed/contacts.py", "--count", "400", "--out", cards.path)
            run(python.path, "scripts/seed/load_radicale.py", "--storage", storage.path, "--user", user, "--book", "contacts",
                "--display-name", "Coopérateurs", "--vcards", cards.path)
            val events = File(dir, "events").apply { mkdirs() }
            File(repoRoot, "scripts/seed/calendar").listFiles { f -> f.name.endsWith(".ics") }!!.forEach { it.copyTo(File(events, it.name)) }
            // The demo calendar's Brussels VTIMEZONE, as a real client writes one.
            val zone = Regex("BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", RegexOption.DOT_MATCHES_ALL)
                .find(File(events, "assemblee-generale.ics").readText())!!.value
            File(events, "ag-extraordinaire.ics").writeText(LONG_EVENT.replace("BEGIN:VEVENT", zone + "BEGIN:VEVENT"))
            run(python.path, "scripts/seed/load_radicale.py", "--storage", storage.path, "--user", user, "--book", "agenda",
                "--kind", "calendar", "--display-name", "Agenda Nubo", "--color", "#0082C9", "--vcards", events.path)
            val files = File(dir, "files")
            seedNotes(File(files, "alice/Notes"))
            val port = ServerSocket(0).use { it.localPort }
            val config = File(dir, "radicale.conf").apply {
                writeText("[auth]\ntype = none\n[storage]\nfilesystem_folder = $storage\n[rights]\ntype = owner_only\n[logging]\nlevel = warning\n")
            }
            val log = File(dir, "radicale.log")
            val server = File(repoRoot, "tests/servers/dav_with_files.py").path
            val process = ProcessBuilder(python.path, server, "$port", config.path, files.path)
                .redirectErrorStream(true).redirectOutput(log).start()
            val deadline = System.currentTimeMillis() + 30_000
            while (runCatching { Socket("127.0.0.1", port).close() }.isFailure) {
                check(process.isAlive) { "radicale exited: " + log.readText() }
                check(System.currentTimeMillis() < deadline) { "radicale did not start" }
                Thread.sleep(50)
            }
            // The cooperative's site: its feeds in three languages (scripts/seed/news).
            val site = File(dir, "site")
            File(repoRoot, "scripts/seed/news").copyRecursively(site)
            val feedsPort = ServerSocket(0).use { it.localPort }
            val otherPort = ServerSocket(0).use { it.localPort }
            val feedsLog = File(dir, "feeds.log")
            val feeds = ProcessBuilder(
                python.path, File(repoRoot, "tests/servers/feed_server.py").path,
                "--port", "$feedsPort", "--other-port", "$otherPort", "--root", site.path,
            ).redirectErrorStream(true).redirectOutput(feedsLog).start()
            val feedsDeadline = System.currentTimeMillis() + 30_000
            while (runCatching { Socket("127.0.0.1", feedsPort).close() }.isFailure) {
                check(feeds.isAlive) { "the feed server exited: " + feedsLog.readText() }
                check(System.currentTimeMillis() < feedsDeadline) { "the feed server did not start" }
                Thread.sleep(50)
            }
            // A server whose certificate is its own (self-signed): the core must refuse it.
            val cert = File(dir, "untrusted.pem")
            val key = File(dir, "untrusted.key")
            run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.path, "-out", cert.path)
            val untrustedPort = ServerSocket(0).use { it.localPort }
            val untrusted = ProcessBuilder(
                python.path, "-c",
                "import http.server, ssl, sys\n" +
                    "s = http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.BaseHTTPRequestHandler)\n" +
                    "c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[2], sys.argv[3])\n" +
                    "s.socket = c.wrap_socket(s.socket, server_side=True)\n" +
                    "s.serve_forever()",
                "$untrustedPort", cert.path, key.path,
            ).redirectErrorStream(true).redirectOutput(File(dir, "untrusted.log")).start()
            val tlsDeadline = System.currentTimeMillis() + 30_000
            while (runCatching { Socket("127.0.0.1", untrustedPort).close() }.isFailure) {
                check(untrusted.isAlive) { "the TLS server exited: " + File(dir, "untrusted.log").readText() }
                check(System.currentTimeMillis() < tlsDeadline) { "the TLS server did not start" }
                Thread.sleep(50)
            }
            return CoreScenario(dir, process, port, feeds, feedsPort, untrusted, untrustedPort)
        }

        /**
         * The member's Notes folder: categories as sub-folders, Markdown with
         * every kind of block and span, tasks, accents, a plain text file, a
         * long title, and bytes that are not text. Newest first by the files'
         * dates, as the list shows them.
         */
        private fun seedNotes(folder: File) {
            val now = System.currentTimeMillis()
            NOTES.entries.forEachIndexed { i, (path, body) ->
                val file = File(folder, path)
                file.parentFile.mkdirs()
                file.writeBytes(body)
                file.setLastModified(now - (i + 1) * 3_600_000L)
            }
        }

        /** Every block and span the core sends, in a note a cooperator would keep. */
        private val AG = """
            # Assemblée générale 2027

            Le **samedi 8 mai** à *Namur*, salle `B2` ; inscription sur [le site](https://nubo.test/ag).\
            Covoiturage depuis Liège : ***départ à 8 h 30***.

            ## À préparer

            - [x] Réserver la salle
            - [ ] Envoyer la convocation
              1. en français
              2. en néerlandais
                 - relue par Jan
            - [ ] Imprimer les bulletins de vote

            ### Ordre du jour

            1. Accueil et vérification du quorum
            2. Rapport du conseil d’administration
            3. Vote sur les statuts

            > Quorum : un dixième des coopératrices et coopérateurs.
            > Procurations : *deux* au plus par personne.

            ```text
            ordre-du-jour-v3.pdf — 12 pages
            ```

            ---

            Questions : [conseil@nubo.coop](mailto:conseil@nubo.coop)
        """.trimIndent() + "\n"

        /** Path in the Notes folder → bytes, newest first. */
        private val NOTES: Map<String, ByteArray> = linkedMapOf(
            "Coopérative/Assemblée générale 2027.md" to AG.toByteArray(),
            "Courses.md" to "- [ ] café équitable\n- [x] pain complet\n- [ ] légumes de saison\n".toByteArray(),
            "Coopérative/Idées pour le site.txt" to "Une page « Rejoindre » plus claire.\nDes photos de l’AG.\n".toByteArray(),
            "Archives/Rapport annuel 2026 du conseil d’administration et perspectives.md" to
                "# Rapport annuel\n\nChiffres clés : 1 042 coopérateurs, 812 utilisateurs, des serveurs à Liège et à Gand.\n".toByteArray(),
            "Scan.md" to byteArrayOf(0x25, 0x50, 0x44, 0x46, 0xff.toByte(), 0xfe.toByte(), 0x00, 0xc3.toByte(), 0x28, 0x0a),
        )

        /** What the member typed in a note the core refused. */
        const val REFUSED_TEXT = "- [ ] crème solaire\n- [ ] guide de la côte\n"

        private fun run(vararg command: String) {
            val p = ProcessBuilder(*command).directory(repoRoot).redirectErrorStream(true).start()
            val out = p.inputStream.bufferedReader().readText()
            check(p.waitFor() == 0) { "${command.joinToString(" ")}: $out" }
        }

        /** A long title and place, on a day that has two other events: what wraps must wrap. */
        private val LONG_EVENT = listOf(
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Nubo//screens test//FR", "BEGIN:VEVENT",
            "UID:ag-extraordinaire-2027@nubo.test", "DTSTAMP:20261101T100000Z",
            "DTSTART;TZID=Europe/Brussels:20270310T183000", "DTEND;TZID=Europe/Brussels:20270310T220000",
            "SUMMARY:Assemblée générale extraordinaire des coopératrices et coopérateurs : vote sur la modification des statuts",
            "LOCATION:Maison des associations internationales\\, rue Washington 40\\, 1050 Ixelles",
            "DESCRIPTION:Ordre du jour : accueil\\, rapport du conseil\\, vote sur les statuts (majorité des deux tiers)\\, divers.",
            "ORGANIZER;CN=Conseil d'administration:mailto:conseil@nubo.coop",
            "ATTENDEE;CN=Hélène Dubœuf:mailto:helene.duboeuf@nubo.coop",
            "ATTENDEE;CN=Jan Van den Broeck:mailto:jan.vandenbroeck@nubo.coop",
            "END:VEVENT", "END:VCALENDAR", "",
        ).joinToString("\r\n")
    }
}
