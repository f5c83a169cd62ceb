package coop.nubo.companion.core

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList

/** Forgets everything when the test ends; records what was asked of it. */
class InMemorySecretStore : SecretStore {
    private val values = ConcurrentHashMap<String, String>()
    /** "get:key", "set:key", "delete:key", in order; values never recorded. */
    val calls = CopyOnWriteArrayList<String>()

    override fun get(key: String): String? = values[key].also { calls += "get:$key" }
    override fun set(key: String, value: String) { calls += "set:$key"; values[key] = value }
    override fun delete(key: String) { calls += "delete:$key"; values.remove(key) }
    fun keys(): Set<String> = values.keys.toSet()
}

/** A keystore that refuses everything (locked, or missing on the device). */
class RefusingSecretStore : SecretStore {
    override fun get(key: String): String? = throw IllegalStateException("keystore locked")
    override fun set(key: String, value: String) = throw IllegalStateException("keystore locked")
    override fun delete(key: String) = throw IllegalStateException("keystore locked")
}
