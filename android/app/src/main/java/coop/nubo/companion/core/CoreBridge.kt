package coop.nubo.companion.core

import org.json.JSONArray
import org.json.JSONObject
import uniffi.nubo_runtime.NuboCore
import uniffi.nubo_runtime.ShellCallback
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors

/**
 * The shell's side of the core, free of Android APIs so it runs (and is
 * tested) on a plain JVM. HTTP and the store never reach Kotlin: only
 * render, secret and notification requests do.
 */
class CoreBridge(
    databasePath: String,
    private val secrets: SecretStore,
    private val notifier: Notifier? = null,
) : ShellCallback, AutoCloseable {
    // Answers go back on another thread: the core must not be re-entered
    // from inside its own callback.
    private val answers = Executors.newSingleThreadExecutor { r -> Thread(r, "nubo-shell").apply { isDaemon = true } }
    private val listeners = CopyOnWriteArrayList<(ViewModel) -> Unit>()
    private val core = NuboCore(databasePath, this)

    @Volatile
    var view: ViewModel = ViewModel.fromJson(core.view())
        private set

    fun send(event: Event) = core.update(event.toJson())

    /** For tests of the FFI's own error handling. */
    fun sendJson(json: String) = core.update(json)

    fun onChange(listener: (ViewModel) -> Unit) { listeners += listener }

    /** Blocks until the core has nothing left in flight (background sync, tests). */
    fun waitIdle(timeoutMillis: Long): Boolean {
        val idle = core.waitIdle(timeoutMillis.toULong())
        refresh()
        return idle
    }

    override fun processEffects(requests: String) {
        val list = JSONArray(requests)
        for (i in 0 until list.length()) {
            val request = list.getJSONObject(i)
            val id = request.getInt("id").toUInt()
            val effect = request.get("effect")
            val name = if (effect is JSONObject) effect.keys().next() else effect.toString()
            when (name) {
                "Render" -> refresh()
                "Secret" -> {
                    val op = (effect as JSONObject).getJSONObject("Secret")
                    answers.execute { core.resolve(id, answerSecret(op)) }
                }
                "Notify" -> {
                    val n = (effect as JSONObject).getJSONObject("Notify")
                    notifier?.show(n.getString("id"), n.getString("title"), n.getString("body"), if (n.isNull("at")) null else n.getLong("at"))
                    answers.execute { core.resolve(id, "null") }
                }
            }
        }
    }

    private fun answerSecret(op: JSONObject): String = try {
        when (val kind = op.keys().next()) {
            "Get" -> {
                val value = secrets.get(op.getJSONObject("Get").getString("key"))
                JSONObject().put("Value", value ?: JSONObject.NULL).toString()
            }
            "Set" -> {
                val set = op.getJSONObject("Set")
                secrets.set(set.getString("key"), set.getString("value"))
                JSONObject.quote("Done")
            }
            "Delete" -> {
                secrets.delete(op.getJSONObject("Delete").getString("key"))
                JSONObject.quote("Done")
            }
            else -> JSONObject().put("Error", "unknown secret operation $kind").toString()
        }
    } catch (e: Exception) {
        JSONObject().put("Error", e.message ?: e.javaClass.simpleName).toString()
    }

    private fun refresh() {
        val next = ViewModel.fromJson(core.view())
        view = next
        listeners.forEach { it(next) }
    }

    override fun close() {
        answers.shutdown()
        core.close()
    }
}
