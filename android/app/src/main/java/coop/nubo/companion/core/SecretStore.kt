package coop.nubo.companion.core

/**
 * Where the member's password lives: the platform keystore on a phone,
 * never the core's database. Keys look like `nubo:alice@nubo.test`.
 * Implementations throw when the storage refuses; the core is then told
 * `{"Error":…}` and keeps nothing.
 */
interface SecretStore {
    fun get(key: String): String?
    fun set(key: String, value: String)
    fun delete(key: String)
}
