package coop.nubo.companion.core

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.json.JSONArray
import org.json.JSONObject
import uniffi.nubo_runtime.CoreException
import uniffi.nubo_runtime.NuboCore
import uniffi.nubo_runtime.ShellCallback
import uniffi.nubo_runtime.dnsAnswer
import uniffi.nubo_runtime.dnsQuery
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The shell's side of the core, free of Android APIs so that it runs (and is
 * tested) on a plain JVM. HTTP, sync and the local store stay in Rust: only
 * render, secret and notification requests reach Kotlin, and DNS look-ups
 * when a [PlatformDns] is given (phones).
 *
 * Requests arrive as Crux's JSON (`JsonFfiFormat`), a batch at a time:
 * `[{"id":3,"effect":{"Secret":{"Get":{"key":"nubo:alice@nubo.test"}}}}]`,
 * `[{"id":4,"effect":{"Render":null}}]`.
 */
class CoreBridge(
    databasePath: String,
    private val secrets: SecretStore,
    private val notifier: Notifier? = null,
    private val dns: PlatformDns? = null,
) : ShellCallback, AutoCloseable {
    // Answers go back from another thread: the core calls us from inside
    // its own update, which must not be re-entered.
    private val answers: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "nubo-shell").apply { isDaemon = true }
    }
    // Look-ups may block for seconds: never in front of a secret's answer.
    private val lookups: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "nubo-dns").apply { isDaemon = true }
    }
    private val state = MutableStateFlow(ViewModel.EMPTY)
    private val viewLock = Any()
    private val core = NuboCore(databasePath, this, dns != null)

    /** What every screen renders; replaced on each render request. */
    val view: StateFlow<ViewModel> = state.asStateFlow()

    init {
        refresh()
    }

    /** @throws CoreException.Message if the core refuses the event. */
    fun send(event: Event) = core.update(event.toJson())

    /** Raw JSON, to test the FFI's own error handling. */
    fun sendJson(json: String) = core.update(json)

    /**
     * Blocks until the core has nothing in flight, at most [timeoutMillis]
     * (background sync, tests). False when the time ran out.
     */
    fun waitIdle(timeoutMillis: Long): Boolean {
        val idle = core.waitIdle(timeoutMillis.toULong())
        refresh()
        return idle
    }

    override fun processEffects(requests: String) {
        // An exception thrown back into Rust would abort the process.
        val list = try {
            JSONArray(requests)
        } catch (e: Exception) {
            return
        }
        for (i in 0 until list.length()) {
            val request = list.optJSONObject(i) ?: continue
            val id = request.optLong("id", -1)
            if (id < 0) continue
            when (val effect = ShellRequest.parse(request.opt("effect"))) {
                ShellRequest.Render -> refresh()
                is ShellRequest.Secret -> answer(id) { SecretAnswers.answer(effect.operation, secrets) }
                is ShellRequest.Show -> answer(id) {
                    runCatching { notifier?.show(effect.id, effect.title, effect.body) }
                    "null"
                }
                is ShellRequest.Reminders -> answer(id) {
                    runCatching { notifier?.replaceReminders(effect.reminders) }
                    "null"
                }
                is ShellRequest.Dns -> lookUp(id, effect.request)
                // Nothing else is routed to a shell; an unknown effect means
                // a newer core than this shell: leave it unanswered.
                null -> Unit
            }
        }
    }

    private fun lookUp(id: Long, request: String) {
        try {
            lookups.execute {
                val wire = runCatching {
                    val query = dnsQuery(request)
                    dns?.query(query.name, query.recordType.toInt())
                }.getOrNull()
                val json = runCatching { dnsAnswer(request, wire ?: ByteArray(0)) }.getOrDefault(NOT_FOUND)
                answer(id) { json }
            }
        } catch (e: java.util.concurrent.RejectedExecutionException) {
            // Closing: nobody waits for the answer any more.
        }
    }

    private fun answer(id: Long, output: () -> String) {
        try {
            answers.execute {
                try {
                    core.resolve(id.toUInt(), output())
                } catch (e: CoreException) {
                    // The command that asked was cancelled meanwhile.
                } catch (e: IllegalStateException) {
                    // The core was closed meanwhile.
                }
            }
        } catch (e: java.util.concurrent.RejectedExecutionException) {
            // Closing: nobody waits for the answer any more.
        }
    }

    // Read and publish under one lock so an older view never overwrites a
    // newer one when renders come from several core threads at once.
    private fun refresh() = synchronized(viewLock) {
        try {
            state.value = ViewModel.fromJson(core.view())
        } catch (e: Exception) {
            // Unreadable JSON, or a render arriving after close(): keep the
            // last good view; an exception must not travel back into Rust.
        }
    }

    override fun close() {
        lookups.shutdownNow()
        answers.shutdown()
        answers.awaitTermination(2, TimeUnit.SECONDS)
        core.close()
    }

    private companion object {
        val NOT_FOUND: String = JSONObject.quote("NotFound")
    }
}

/** The requests a shell carries out, decoded from Crux's JSON. */
internal sealed class ShellRequest {
    object Render : ShellRequest()
    data class Secret(val operation: JSONObject) : ShellRequest()

    /** `{"Notify":{"Show":{"id","title","body"}}}`: a notification now (an announcement). */
    data class Show(val id: String, val title: String, val body: String) : ShellRequest()

    /** `{"Notify":{"Reminders":[{"id","title","body","at"}]}}`: the complete set, replacing all before. */
    data class Reminders(val reminders: List<Reminder>) : ShellRequest()

    /** [request]: the core's `DnsRequest` as JSON, `{"Srv":{"name":"…"}}`. */
    data class Dns(val request: String) : ShellRequest()

    companion object {
        /** `effect` is `{"Render":null}`, `{"Secret":{...}}`, `{"Notify":{...}}` or `{"Dns":{...}}`. */
        fun parse(effect: Any?): ShellRequest? {
            val tagged = effect as? JSONObject ?: return if (effect == "Render") Render else null
            val name = tagged.keys().asSequence().singleOrNull() ?: return null
            return when (name) {
                "Render" -> Render
                "Secret" -> tagged.optJSONObject(name)?.let { Secret(it) }
                "Notify" -> tagged.optJSONObject(name)?.let { notify ->
                    val show = notify.optJSONObject("Show")
                    val set = notify.optJSONArray("Reminders")
                    when {
                        show != null -> Show(show.optString("id"), show.optString("title"), show.optString("body"))
                        // Never a partial set: one unreadable reminder would cancel the others.
                        set != null -> ReminderScheduler.decode(set.toString()).takeIf { it.size == set.length() }?.let { Reminders(it) }
                        else -> null
                    }
                }
                "Dns" -> tagged.optJSONObject(name)?.let { Dns(it.toString()) }
                else -> null
            }
        }
    }
}

/**
 * The answers to `SecretRequest`, as the core's `SecretResponse` JSON:
 * `{"Value":"…"}`, `{"Value":null}`, `"Done"`, `{"Error":"…"}`.
 */
internal object SecretAnswers {
    fun answer(operation: JSONObject, secrets: SecretStore): String = try {
        val kind = operation.keys().asSequence().singleOrNull()
        val body = kind?.let { operation.optJSONObject(it) }
        when {
            body == null -> error("unreadable secret request")
            kind == "Get" -> JSONObject().put("Value", secrets.get(body.getString("key")) ?: JSONObject.NULL).toString()
            kind == "Set" -> {
                secrets.set(body.getString("key"), body.getString("value"))
                DONE
            }
            kind == "Delete" -> {
                secrets.delete(body.getString("key"))
                DONE
            }
            else -> error("unknown secret operation $kind")
        }
    } catch (e: Exception) {
        // The message only: a keystore exception never carries the secret.
        JSONObject().put("Error", e.message ?: e.javaClass.simpleName).toString()
    }

    private val DONE = JSONObject.quote("Done")
}
