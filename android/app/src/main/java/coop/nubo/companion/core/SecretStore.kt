package coop.nubo.companion.core

/** Where the member's password lives: the platform keystore on a phone. */
interface SecretStore {
    fun get(key: String): String?
    fun set(key: String, value: String)
    fun delete(key: String)
}

/** For tests and previews only: forgets everything when the process ends. */
class InMemorySecretStore : SecretStore {
    private val values = java.util.concurrent.ConcurrentHashMap<String, String>()
    override fun get(key: String): String? = values[key]
    override fun set(key: String, value: String) { values[key] = value }
    override fun delete(key: String) { values.remove(key) }
    fun keys(): Set<String> = values.keys.toSet()
}

/** Shows a local notification (a reminder, an announcement). */
fun interface Notifier {
    fun show(id: String, title: String, body: String, atMillis: Long?)
}
