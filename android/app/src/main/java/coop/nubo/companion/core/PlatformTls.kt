package coop.nubo.companion.core

/**
 * HTTPS on Android: the core checks certificates with the platform's own
 * trust manager (the device's certificates and those the member added),
 * which it reaches through the application Context. Hand it over once,
 * before the first request: `Application.onCreate` runs before any screen
 * or worker. Without it every handshake fails.
 */
object PlatformTls {
    private const val LIBRARY = "nubo_runtime"

    @Volatile private var installed = false

    /**
     * [context] is the application Context (any object where there is no
     * Android). [load] loads the core's library for JNI: JNA, which the
     * uniffi bindings use, opens it without registering its `Java_*`
     * functions.
     */
    @Synchronized
    fun install(context: Any, load: () -> Unit = { System.loadLibrary(LIBRARY) }) {
        if (installed) return
        load()
        installContext(context)
        installed = true
    }

    /** `Java_coop_nubo_companion_core_PlatformTls_installContext` in the runtime. */
    @JvmStatic
    private external fun installContext(context: Any)
}
