package coop.nubo.companion.core

import org.json.JSONArray
import org.json.JSONObject
import org.json.JSONTokener
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * The shell against the core's contract: `shared/contract/`, written by the
 * core's own test (`shared/tests/contract.rs`) from real view models and
 * events. A field renamed, added or dropped on either side fails here, with
 * the path of every key concerned.
 */
class ContractTest {
    private val contract = File(System.getProperty("nubo.repo.root") ?: "../..", "shared/contract")

    private fun read(name: String): JSONObject {
        val file = File(contract, name)
        assertTrue(file.isFile, "$file is missing: run cargo test -p shared --test contract")
        return JSONObject(file.readText())
    }

    private val viewModels by lazy { read("view_models.json") }
    private val events by lazy { read("events.json") }
    private val enums by lazy { read("enums.json") }

    @Test
    fun `every view model the core sends is decoded, whole`() {
        val problems = mutableListOf<String>()
        for (name in viewModels.keySet().sorted()) {
            val fixture = viewModels.getJSONObject(name)
            val view = try {
                ViewModel.fromJson(fixture.toString())
            } catch (e: Exception) {
                problems += "$name: the Kotlin ViewModel cannot read it: ${e.message}"
                continue
            }
            // Written back from the DTO, the same JSON: nothing dropped, nothing misplaced.
            differences(name, fixture, view.toContractJson(), problems)
        }
        assertTrue(problems.isEmpty(), "view_models.json and the Kotlin ViewModel disagree:\n  " + problems.joinToString("\n  "))
    }

    @Test
    fun `a key missing from the core's JSON fails loudly instead of reading as empty`() {
        // Field path (array indices left out) → the examples where dropping it went unnoticed.
        val silent = sortedMapOf<String, MutableSet<String>>()
        var tried = 0
        for (name in viewModels.keySet().sorted()) {
            val fixture = viewModels.getJSONObject(name)
            for (path in keyPaths(fixture)) {
                val broken = JSONObject(fixture.toString())
                remove(broken, path)
                tried++
                val read = runCatching { ViewModel.fromJson(broken.toString()) }
                if (read.isSuccess) {
                    val field = path.joinToString("") { if (it is Int) "[]" else ".$it" }.removePrefix(".")
                    silent.getOrPut(field) { sortedSetOf() } += name
                }
            }
        }
        assertTrue(tried > 100, "only $tried keys in the fixtures")
        assertTrue(
            silent.isEmpty(),
            "the Kotlin ViewModel reads the core's JSON without these keys, so it ignores or defaults them:\n  " +
                silent.entries.joinToString("\n  ") { (field, names) -> "$field  (${names.joinToString()})" },
        )
    }

    /** The same values as shared/tests/contract.rs gives the core. */
    private val eventExamples: Map<String, Event> = mapOf(
        "Start" to Event.Start("fr-BE", "Europe/Brussels", listOf(Screen.Agenda)),
        "SignIn" to Event.SignIn("helene@nubo.coop", "correct horse battery staple", "https://cloud.nubo.coop/remote.php/dav", "cloud.nubo.coop", "helene"),
        "SignInWithBrowser" to Event.SignInWithBrowser("helene@nubo.coop", "https://cloud.nubo.coop/remote.php/dav", "cloud.nubo.coop"),
        "CancelBrowserSignIn" to Event.CancelBrowserSignIn,
        "SignOut" to Event.SignOut,
        "Sync" to Event.Sync,
        "Search" to Event.Search("dubœuf"),
        "ShowMoreContacts" to Event.ShowMoreContacts(120),
        "OpenContact" to Event.OpenContact(12),
        "CloseContact" to Event.CloseContact,
        "SaveContact" to Event.SaveContact(
            12,
            ContactFields(
                fullName = "Marie Lambert", givenName = "Marie", familyName = "Lambert",
                emails = listOf(Labeled("work", "marie.lambert@repaircafe-namur.be")),
                phones = listOf(Labeled("cell", "+32 478 12 34 56")),
                org = "Repair Café Namur", title = "Coordinatrice", note = "Préfère être contactée le matin.",
                addresses = listOf(Labeled("home", "Rue de Fer 12, 5000 Namur, Belgique")),
                birthday = "1984-05-21", hasPhoto = true,
            ),
        ),
        "DeleteContact" to Event.DeleteContact(14),
        "ResolveConflict" to Event.ResolveConflict(3, Event.Resolution.KeepBoth),
        "ShowAgenda" to Event.ShowAgenda(AgendaSpan.Range, "2027-06-01", "2027-06-20"),
        "OpenEvent" to Event.OpenEvent(21, "2027-06-01T17:00:00Z"),
        "CloseEvent" to Event.CloseEvent,
        "SaveEvent" to Event.SaveEvent(
            22, "https://cloud.nubo.coop/remote.php/dav/calendars/helene/personal/", "2027-06-09T12:00:00Z",
            EventFields(
                summary = "Permanence d'aide aux membres", location = "Maison des associations",
                description = "Désormais sur place.", start = "2027-06-09T15:00", end = "2027-06-09T17:00",
            ),
            Event.EditScope.AndFollowing,
        ),
        "DeleteEvent" to Event.DeleteEvent(22, "2027-06-16T12:00:00Z"),
        "SearchNotes" to Event.SearchNotes("assemblée"),
        "OpenNote" to Event.OpenNote(31),
        "CloseNote" to Event.CloseNote,
        "SaveNote" to Event.SaveNote(
            31, "Coopérative", "Assemblée générale 2027", "# Assemblée générale 2027\n\n- [x] Réserver la salle\n",
        ),
        "ToggleNoteTask" to Event.ToggleNoteTask(31, 1),
        "DeleteNote" to Event.DeleteNote(32),
        "MoveNote" to Event.MoveNote(31, "AG 2027 : ordre du jour", "Coopérative"),
        "CreateNoteCategory" to Event.CreateNoteCategory("Coopérative/AG 2028"),
        "SetNotesFolder" to Event.SetNotesFolder("https://cloud.nubo.coop/remote.php/dav/files/helene/Notes/"),
        "PollNews" to Event.PollNews,
        "MoveOn" to Event.MoveOn,
        "ShowNews" to Event.ShowNews(true, "nl"),
        "OpenAnnouncement" to Event.OpenAnnouncement(42),
        "CloseAnnouncement" to Event.CloseAnnouncement,
        "MarkAllNewsRead" to Event.MarkAllNewsRead,
        "AddFeed" to Event.AddFeed("https://nubo.coop/nl/nieuws/feed.atom"),
        "FindNewsFeeds" to Event.FindNewsFeeds,
        "RemoveFeed" to Event.RemoveFeed("https://nubo.coop/nl/nieuws/feed.atom"),
        "AddAnnouncementToAgenda" to Event.AddAnnouncementToAgenda(42, "https://cloud.nubo.coop/remote.php/dav/calendars/helene/personal/"),
    )

    @Test
    fun `every event the core reads is written exactly so by the Kotlin Event`() {
        val kotlinVariants = Event::class.java.declaredClasses
            .filter { it != Event::class.java && Event::class.java.isAssignableFrom(it) }
            .map { it.simpleName }.toSortedSet()
        assertEquals(events.keySet().toSortedSet(), kotlinVariants, "the Event variants of the core (events.json) and of Kotlin")
        assertEquals(kotlinVariants, eventExamples.keys.toSortedSet(), "one example per Kotlin Event variant in this test")
        val problems = mutableListOf<String>()
        for ((name, event) in eventExamples) {
            val written = event.toJson()
            differences(name, events.get(name), JSONTokener(written).nextValue(), problems)
        }
        assertTrue(problems.isEmpty(), "events.json and the Kotlin Event disagree:\n  " + problems.joinToString("\n  "))
    }

    @Test
    fun `the enums have the core's variants`() {
        fun names(key: String) = enums.getJSONArray(key).let { a -> (0 until a.length()).map { a.getString(it) } }
        assertEquals(names("AgendaSpan"), AgendaSpan.entries.map { it.name })
        assertEquals(names("Resolution"), Event.Resolution.entries.map { it.name })
        assertEquals(names("EditScope"), Event.EditScope.entries.map { it.name })
    }

    // ------------------------------------------------------------ JSON helpers

    /** Every key of every object, as a path of keys and array indices. */
    private fun keyPaths(value: Any?, prefix: List<Any> = emptyList()): List<List<Any>> = when (value) {
        is JSONObject -> value.keySet().sorted().flatMap { key -> listOf(prefix + key) + keyPaths(value.get(key), prefix + key) }
        is JSONArray -> (0 until value.length()).flatMap { keyPaths(value.get(it), prefix + it) }
        else -> emptyList()
    }

    private fun remove(root: JSONObject, path: List<Any>) {
        var node: Any = root
        for (step in path.dropLast(1)) {
            node = if (step is Int) (node as JSONArray).get(step) else (node as JSONObject).get(step as String)
        }
        (node as JSONObject).remove(path.last() as String)
    }

    /** Where [fixture] and [actual] differ, as paths a reader can follow. */
    private fun differences(path: String, fixture: Any?, actual: Any?, out: MutableList<String>) {
        when {
            fixture is JSONObject && actual is JSONObject -> {
                for (key in fixture.keySet().sorted()) {
                    if (!actual.has(key)) out += "$path.$key: in the core's JSON, lost by Kotlin" else differences("$path.$key", fixture.get(key), actual.get(key), out)
                }
                for (key in actual.keySet().sorted() - fixture.keySet()) out += "$path.$key: written by Kotlin, unknown to the core"
            }
            fixture is JSONArray && actual is JSONArray && fixture.length() == actual.length() ->
                for (i in 0 until fixture.length()) differences("$path[$i]", fixture.get(i), actual.get(i), out)
            fixture is Number && actual is Number ->
                if (fixture.toDouble() != actual.toDouble()) out += "$path: the core says $fixture, Kotlin $actual"
            fixture != actual -> out += "$path: the core says ${JSONObject.wrap(fixture)}, Kotlin ${JSONObject.wrap(actual)}"
        }
    }
}

// ------------------------------------------------------------ the DTO written back

private fun Any?.orNull(): Any = this ?: JSONObject.NULL
private fun <T> List<T>.array(item: (T) -> Any): JSONArray = JSONArray(map(item))

/** The ViewModel as the core writes it, key for key; used only to compare with the fixtures. */
internal fun ViewModel.toContractJson(): JSONObject = JSONObject()
    .put("locale", locale)
    .put("signed_in", signedIn)
    .put("loaded", loaded)
    .put("account_email", accountEmail.orNull())
    .put("signing_in", signingIn)
    .put("sign_in_error", signInError.orNull())
    .put("host_to_accept", hostToAccept.orNull())
    .put("sign_in_page", signInPage.orNull())
    .put(
        "sync",
        JSONObject().put("running", sync.running).put("progress", sync.progress?.toDouble().orNull()).put("status", sync.status)
            .put("failed", sync.failed).put("retry_after_s", sync.retryAfterSeconds.orNull()).put("detail", sync.detail.orNull())
            .put("last_success_ms", sync.lastSuccessMs.orNull()).put("remarks", JSONArray(sync.remarks)),
    )
    .put("address_books", addressBooks.array { JSONObject().put("href", it.href).put("name", it.name).put("read_only", it.readOnly) })
    .put(
        "calendars",
        calendars.array { JSONObject().put("href", it.href).put("name", it.name).put("color", it.color.orNull()).put("read_only", it.readOnly) },
    )
    .put("query", query)
    .put(
        "contacts",
        contacts.array {
            JSONObject().put("id", it.id).put("name", it.name).put("detail", it.detail).put("pending", it.pending).put("conflict", it.conflict)
        },
    )
    .put("contacts_more", contactsMore.orNull())
    .put("contacts_coming", contactsComing.orNull())
    .put("contact_initials", contactInitials.array { JSONObject().put("letter", it.letter).put("first", it.first) })
    .put(
        "selected",
        selected?.let {
            JSONObject().put("id", it.id).put("fields", it.fields.toJson()).put("pending", it.pending).put("read_only", it.readOnly)
                .put("book", it.book).put("photo", it.photo.orNull())
        }.orNull(),
    )
    .put(
        "conflicts",
        conflicts.array {
            JSONObject().put("id", it.id).put("contact_id", it.contactId).put("message", it.message).put("kind", it.kind)
                .put("mine", it.mine.toJson()).put("mine_text", it.mineText.orNull())
        },
    )
    .put("pending_changes", pendingChanges)
    .put(
        "agenda",
        JSONObject().put("span", agenda.span.name).put("from", agenda.from).put("to", agenda.to).put("title", agenda.title)
            .put(
                "days",
                agenda.days.array { day ->
                    JSONObject().put("date", day.date).put("label", day.label).put(
                        "entries",
                        day.entries.array {
                            JSONObject().put("event_id", it.eventId).put("occurrence", it.occurrence.orNull()).put("title", it.title)
                                .put("location", it.location).put("time", it.time).put("all_day", it.allDay).put("calendar", it.calendar)
                                .put("color", it.color.orNull()).put("recurring", it.recurring).put("pending", it.pending)
                                .put("read_only", it.readOnly)
                        },
                    )
                },
            )
            .put("note", agenda.note.orNull()),
    )
    .put(
        "event",
        event?.let {
            JSONObject().put("id", it.id).put("occurrence", it.occurrence.orNull()).put("fields", it.fields.toJson())
                .put("calendar", it.calendar).put("calendar_name", it.calendarName).put("recurring", it.recurring)
                .put("read_only", it.readOnly).put("pending", it.pending).put("organizer", it.organizer.orNull())
                .put("attendees", JSONArray(it.attendees)).put("reminders", JSONArray(it.reminders))
                .put("zone_note", it.zoneNote.orNull())
                .put("repair_note", it.repairNote.orNull())
                .put("time_label", it.timeLabel)
        }.orNull(),
    )
    .put(
        "notes",
        JSONObject().put("folder_known", notes.folderKnown).put("query", notes.query)
            .put("categories", notes.categories.array { JSONObject().put("path", it.path).put("name", it.name).put("read_only", it.readOnly) })
            .put(
                "notes",
                notes.notes.array {
                    JSONObject().put("id", it.id).put("title", it.title).put("category", it.category).put("preview", it.preview)
                        .put("modified", it.modified).put("pending", it.pending).put("conflict", it.conflict)
                },
            ),
    )
    .put(
        "note",
        note?.let {
            JSONObject().put("id", it.id).put("title", it.title).put("category", it.category).put("text", it.text)
                .put("document", JSONObject().put("blocks", it.document.blocks.array(::blockJson))).put("modified", it.modified)
                .put("pending", it.pending).put("read_only", it.readOnly).put("unreadable", it.unreadable.orNull())
        }.orNull(),
    )
    .put(
        "news",
        JSONObject().put("unread_count", news.unreadCount).put("unread_only", news.unreadOnly).put("language", news.language)
            .put(
                "announcements",
                news.announcements.array {
                    JSONObject().put("id", it.id).put("title", it.title).put("source", it.source).put("date", it.date)
                        .put("language", it.language.orNull()).put("read", it.read).put("preview", it.preview)
                        .put("has_event", it.hasEvent)
                },
            )
            .put("other_languages", news.otherLanguages).put("other_languages_note", news.otherLanguagesNote.orNull())
            .put(
                "sources",
                news.sources.array {
                    JSONObject().put("url", it.url).put("kind", it.kind).put("name", it.name).put("language", it.language.orNull())
                        .put("added_by_member", it.addedByMember).put("failing", it.failing.orNull())
                        .put("failing_detail", it.failingDetail.orNull())
                },
            )
            .put("polling", news.polling),
    )
    .put(
        "announcement",
        announcement?.let {
            JSONObject().put("id", it.id).put("title", it.title).put("source", it.source).put("date", it.date)
                .put("language", it.language.orNull()).put("author", it.author.orNull()).put("link", it.link.orNull())
                .put("document", JSONObject().put("blocks", it.document.blocks.array(::blockJson))).put("read", it.read)
                .put("event_url", it.eventUrl.orNull()).put("event_title", it.eventTitle.orNull())
        }.orNull(),
    )
    .put("notice", notice.orNull())
    .put("error", error.orNull())
    .put("error_detail", errorDetail.orNull())

private fun blockJson(block: Block): Any = when (block) {
    is Block.Heading -> JSONObject().put("heading", JSONObject().put("level", block.level).put("spans", block.spans.array(::spanJson)))
    is Block.Paragraph -> JSONObject().put("paragraph", JSONObject().put("spans", block.spans.array(::spanJson)))
    is Block.ListItem -> JSONObject().put(
        "list_item",
        JSONObject().put("depth", block.depth)
            .put("marker", when (val m = block.marker) { ListMarker.Bullet -> "bullet"; is ListMarker.Number -> JSONObject().put("number", m.n) })
            .put("task", block.task?.let { JSONObject().put("checked", it.checked).put("index", it.index) }.orNull())
            .put("spans", block.spans.array(::spanJson)),
    )
    is Block.Quote -> JSONObject().put("quote", JSONObject().put("blocks", block.blocks.array(::blockJson)))
    is Block.Code -> JSONObject().put("code", JSONObject().put("language", block.language.orNull()).put("text", block.text))
    Block.Rule -> "rule"
}

private fun spanJson(span: Span): Any = when (span) {
    is Span.Text -> JSONObject().put("text", span.text)
    is Span.Emphasis -> JSONObject().put("emphasis", span.spans.array(::spanJson))
    is Span.Strong -> JSONObject().put("strong", span.spans.array(::spanJson))
    is Span.Code -> JSONObject().put("code", span.text)
    is Span.Link -> JSONObject().put("link", JSONObject().put("href", span.href).put("spans", span.spans.array(::spanJson)))
    Span.LineBreak -> "line_break"
}
