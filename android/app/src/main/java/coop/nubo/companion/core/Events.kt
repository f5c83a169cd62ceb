package coop.nubo.companion.core

import org.json.JSONArray
import org.json.JSONObject

/**
 * What the member did, as the core's `Event` JSON (serde's externally
 * tagged enums): `{"Search":{"query":"helene"}}`; unit variants are a bare
 * string, `"Sync"`. Only the variants a shell may send are here.
 */
sealed class Event {
    abstract fun toJson(): String

    data class Start(val locale: String) : Event() {
        override fun toJson() = tagged("Start", JSONObject().put("locale", locale))
    }
    data class SignIn(val email: String, val password: String, val serverUrl: String?) : Event() {
        override fun toJson() = tagged(
            "SignIn",
            JSONObject().put("email", email).put("password", password).put("server_url", serverUrl ?: JSONObject.NULL),
        )
        // Never print the password.
        override fun toString() = "SignIn(email=$email, serverUrl=$serverUrl)"
    }
    object SignOut : Event() { override fun toJson() = JSONObject.quote("SignOut") }
    object Sync : Event() { override fun toJson() = JSONObject.quote("Sync") }
    data class Search(val query: String) : Event() {
        override fun toJson() = tagged("Search", JSONObject().put("query", query))
    }
    data class OpenContact(val id: Long) : Event() {
        override fun toJson() = tagged("OpenContact", JSONObject().put("id", id))
    }
    object CloseContact : Event() { override fun toJson() = JSONObject.quote("CloseContact") }
    data class SaveContact(val id: Long?, val fields: ContactFields) : Event() {
        override fun toJson() = tagged("SaveContact", JSONObject().put("id", id ?: JSONObject.NULL).put("fields", fields.toJson()))
    }
    data class DeleteContact(val id: Long) : Event() {
        override fun toJson() = tagged("DeleteContact", JSONObject().put("id", id))
    }
    data class ResolveConflict(val conflictId: Long, val resolution: Resolution) : Event() {
        override fun toJson() = tagged("ResolveConflict", JSONObject().put("conflict_id", conflictId).put("resolution", resolution.name))
    }

    enum class Resolution { KeepMine, KeepServer, KeepBoth }

    protected fun tagged(tag: String, body: JSONObject): String = JSONObject().put(tag, body).toString()
}

fun ContactFields.toJson(): JSONObject = JSONObject()
    .put("full_name", fullName)
    .put("given_name", givenName)
    .put("family_name", familyName)
    .put("emails", JSONArray(emails.map { JSONObject().put("label", it.label).put("value", it.value) }))
    .put("phones", JSONArray(phones.map { JSONObject().put("label", it.label).put("value", it.value) }))
    .put("org", org)
    .put("title", title)
    .put("note", note)
    .put("addresses", JSONArray(addresses.map { JSONObject().put("label", it.label).put("value", it.value) }))
    .put("birthday", birthday)
    .put("has_photo", hasPhoto)
