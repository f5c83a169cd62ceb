package coop.nubo.companion.core

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The JSON the shell writes and reads, checked without the core. */
class JsonShapesTest {
    private fun assertJson(expected: String, actual: String) {
        if (expected.startsWith("{")) {
            assertTrue(JSONObject(expected).similar(JSONObject(actual)), "expected $expected, got $actual")
        } else {
            assertEquals(expected, actual)
        }
    }

    @Test
    fun `events are serde's externally tagged JSON`() {
        assertJson("""{"Start":{"locale":"nl-BE","time_zone":null,"screens":null}}""", Event.Start("nl-BE").toJson())
        assertJson("""{"Start":{"locale":"fr-BE","time_zone":"Europe/Brussels","screens":null}}""", Event.Start("fr-BE", "Europe/Brussels").toJson())
        assertJson(
            """{"Start":{"locale":"fr-BE","time_zone":null,"screens":["Agenda","News"]}}""",
            Event.Start("fr-BE", screens = listOf(Screen.Agenda, Screen.News)).toJson(),
        )
        assertJson("""{"ShowAgenda":{"range":{"span":"Month","date":"2027-05-01","until":null}}}""", Event.ShowAgenda(AgendaSpan.Month, "2027-05-01").toJson())
        assertJson("""{"OpenEvent":{"id":4,"occurrence":"2027-03-02T18:00:00Z"}}""", Event.OpenEvent(4, "2027-03-02T18:00:00Z").toJson())
        assertJson(
            """{"SaveEvent":{"id":4,"calendar":null,"occurrence":null,"fields":{"summary":"AG","location":"","description":"","start":"2027-05-11T19:30","end":""},"scope":"Occurrence"}}""",
            Event.SaveEvent(4, null, null, EventFields(summary = "AG", start = "2027-05-11T19:30")).toJson(),
        )
        assertJson("""{"DeleteEvent":{"id":4,"occurrence":null}}""", Event.DeleteEvent(4, null).toJson())
        assertJson("""{"SignIn":{"email":"a@nubo.test","password":"pw","server_url":null,"accept_host":null,"username":null}}""", Event.SignIn("a@nubo.test", "pw", null).toJson())
        assertJson("""{"SignIn":{"email":"a@nubo.test","password":"pw","server_url":"https://dav.example/","accept_host":null,"username":null}}""", Event.SignIn("a@nubo.test", "pw", "https://dav.example/").toJson())
        assertJson("\"SignOut\"", Event.SignOut.toJson())
        assertJson("\"Sync\"", Event.Sync.toJson())
        assertJson("""{"Search":{"query":"hélène"}}""", Event.Search("hélène").toJson())
        assertJson("""{"OpenContact":{"id":7}}""", Event.OpenContact(7).toJson())
        assertJson("\"CloseContact\"", Event.CloseContact.toJson())
        assertJson("""{"DeleteContact":{"id":7}}""", Event.DeleteContact(7).toJson())
        assertJson("""{"ResolveConflict":{"conflict_id":3,"resolution":"KeepBoth"}}""", Event.ResolveConflict(3, Event.Resolution.KeepBoth).toJson())
        val fields = ContactFields(fullName = "Jan", phones = listOf(Labeled("cell", "+32 470 11 22 33")))
        assertJson(
            """{"SaveContact":{"id":null,"fields":{"full_name":"Jan","given_name":"","family_name":"","emails":[],
               "phones":[{"label":"cell","value":"+32 470 11 22 33"}],"org":"","title":"","note":"","addresses":[],
               "birthday":"","has_photo":false}}}""",
            Event.SaveContact(null, fields).toJson(),
        )
    }

    @Test
    fun `a sign-in event never prints the password`() {
        assertFalse(Event.SignIn("a@nubo.test", "geheim", null).toString().contains("geheim"))
    }

    @Test
    fun `the view model is read from the core's snake_case JSON`() {
        val view = ViewModel.fromJson(
            """{"locale":"fr-BE","loaded":true,"signed_in":true,"account_email":"a@nubo.test","signing_in":false,"sign_in_error":null,"host_to_accept":null,"sign_in_page":null,
               "sync":{"running":true,"progress":0.5,"status":"Réception des modifications (1/2)","failed":false,"retry_after_s":null,"detail":null,"last_success_ms":null,"remarks":[]},
               "address_books":[{"href":"/a/contacts/","name":"Coopérateurs","read_only":false}],
               "calendars":[{"href":"/a/cal/","name":"Travail","color":"#FF8800","read_only":true}],
               "query":"","contacts":[{"id":1,"name":"Hélène","detail":"helene@nubo.coop","pending":true,"conflict":false}],"contacts_more":null,"contacts_coming":"Meer contacten laden…","contact_initials":[{"letter":"H","first":0}],
               "selected":{"id":1,"fields":{"full_name":"Hélène","given_name":"Hélène","family_name":"Dubœuf",
                 "emails":[{"label":"work","value":"helene@nubo.coop"}],"phones":[],"org":"Nubo","title":"","note":"",
                 "addresses":[],"birthday":"1984-05-21","has_photo":false},"pending":true,"read_only":false,"book":"/a/contacts/","photo":null},
               "conflicts":[{"id":2,"contact_id":1,"message":"…","kind":"contact","mine_text":null,"mine":{"full_name":"H","given_name":"","family_name":"",
                 "emails":[],"phones":[],"org":"","title":"","note":"","addresses":[],"birthday":"","has_photo":true}}],
               "pending_changes":1,"agenda":{"span":"Upcoming","from":"","to":"","title":"","days":[],"note":null},"event":null,
               "notes":{"folder_known":false,"query":"","categories":[],"notes":[]},"note":null,
               "news":{"unread_count":1,"unread_only":false,"language":"fr","announcements":[{"id":5,"title":"AG 2027",
                 "source":"Nubo","date":"mardi 6 avril 2027","language":"fr","read":false,"preview":"Chers coopérateurs","has_event":true}],
                 "other_languages":2,"other_languages_note":"2 annonces dans d’autres langues.","sources":[],"polling":false},
               "announcement":null,
               "notice":"Contact enregistré.","error":null,"error_detail":null,"some_future_field":42}""",
        )
        assertTrue(view.signedIn)
        assertEquals(0.5f, view.sync.progress)
        assertEquals(CalendarView("/a/cal/", "Travail", "#FF8800", true), view.calendars.single())
        assertEquals(Labeled("work", "helene@nubo.coop"), view.selected!!.fields.emails.single())
        assertEquals("Dubœuf", view.selected!!.fields.familyName)
        assertEquals(1L, view.conflicts.single().contactId)
        assertTrue(view.conflicts.single().mine.hasPhoto)
        assertEquals(1, view.pendingChanges)
        assertEquals("Meer contacten laden…", view.contactsComing)
        assertEquals(ContactInitial("H", 0), view.contactInitials.single())
        assertEquals(1, view.news.unreadCount)
        assertTrue(view.news.announcements.single().hasEvent)
        assertNull(view.announcement)
        assertNull(view.error)
    }

    @Test
    fun `effect requests are decoded from Crux's JSON`() {
        assertEquals(ShellRequest.Render, ShellRequest.parse(JSONObject("""{"Render":null}""")))
        val secret = ShellRequest.parse(JSONObject("""{"Secret":{"Get":{"key":"nubo:a@nubo.test"}}}"""))
        assertTrue(secret is ShellRequest.Secret)
        assertEquals(
            ShellRequest.Reminders(listOf(Reminder("r1@1700000000", "Réunion", "À 10 h", 1_700_000_000_000, 1_700_003_600_000))),
            // As shared/src/effects/notify.rs writes it.
            ShellRequest.parse(
                JSONObject("""{"Notify":{"Reminders":[{"id":"r1@1700000000","title":"Réunion","body":"À 10 h","at":1700000000000,"until":1700003600000}]}}"""),
            ),
        )
        assertEquals(ShellRequest.Reminders(emptyList()), ShellRequest.parse(JSONObject("""{"Notify":{"Reminders":[]}}""")))
        assertEquals(ShellRequest.Show("news:2", "t", "b"), ShellRequest.parse(JSONObject("""{"Notify":{"Show":{"id":"news:2","title":"t","body":"b"}}}""")))
        // Never a partial set: it would cancel the reminders it cannot read.
        assertNull(ShellRequest.parse(JSONObject("""{"Notify":{"Reminders":[{"id":"r1","title":"t","body":"b"}]}}""")))
        assertNull(ShellRequest.parse(JSONObject("""{"Http":{}}""")))
    }

    @Test
    fun `secret requests are answered as SecretResponse JSON`() {
        val store = InMemorySecretStore()
        fun answer(op: String) = SecretAnswers.answer(JSONObject(op), store)
        assertJson("""{"Value":null}""", answer("""{"Get":{"key":"nubo:a@nubo.test"}}"""))
        assertJson("\"Done\"", answer("""{"Set":{"key":"nubo:a@nubo.test","value":"pw"}}"""))
        assertJson("""{"Value":"pw"}""", answer("""{"Get":{"key":"nubo:a@nubo.test"}}"""))
        assertJson("\"Done\"", answer("""{"Delete":{"key":"nubo:a@nubo.test"}}"""))
        assertJson("""{"Value":null}""", answer("""{"Get":{"key":"nubo:a@nubo.test"}}"""))
        assertJson("""{"Error":"keystore locked"}""", SecretAnswers.answer(JSONObject("""{"Set":{"key":"k","value":"pw"}}"""), RefusingSecretStore()))
        assertTrue(answer("""{"Rotate":{"key":"k"}}""").startsWith("{\"Error\""))
    }
}
