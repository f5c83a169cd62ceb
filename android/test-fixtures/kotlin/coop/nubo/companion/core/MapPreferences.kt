package coop.nubo.companion.core

/** `Preferences` in memory, for the tests of both JVM modules (one copy, read by each one's test-compile). */
class MapPreferences : Preferences {
    val values = HashMap<String, Any>()
    override fun string(key: String) = values[key] as? String
    override fun boolean(key: String) = values[key] as? Boolean
    override fun put(key: String, value: String) { values[key] = value }
    override fun put(key: String, value: Boolean) { values[key] = value }
}
