package coop.nubo.companion

import android.net.DnsResolver
import android.os.Build
import android.os.CancellationSignal
import coop.nubo.companion.core.PlatformDns
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The device's own DNS (the network's resolvers, Private DNS) through
 * `DnsResolver.rawQuery`, Android 10+. Older versions answer nothing, and
 * sign-in goes on with `/.well-known` on the address's domain.
 */
class AndroidDns : PlatformDns {
    private val callbacks = Executors.newSingleThreadExecutor()

    override fun query(name: String, recordType: Int): ByteArray? {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.Q) return null
        val done = CountDownLatch(1)
        var answer: ByteArray? = null
        val cancel = CancellationSignal()
        DnsResolver.getInstance().rawQuery(
            null, name, DnsResolver.CLASS_IN, recordType, DnsResolver.FLAG_EMPTY, callbacks, cancel,
            object : DnsResolver.Callback<ByteArray> {
                override fun onAnswer(message: ByteArray, rcode: Int) {
                    answer = message
                    done.countDown()
                }

                override fun onError(error: DnsResolver.DnsException) = done.countDown()
            },
        )
        if (!done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) cancel.cancel()
        return answer
    }

    private companion object {
        const val TIMEOUT_SECONDS = 10L
    }
}
