package coop.nubo.companion

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.util.Base64
import coop.nubo.companion.core.SecretStore
import java.security.GeneralSecurityException
import java.security.KeyStore
import java.security.MessageDigest
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * Secrets encrypted with AES-256-GCM under a key that lives in the Android
 * Keystore (hardware-backed where the device has it) and never leaves it.
 * Only ciphertext reaches the preferences file, under a hashed name, so the
 * file names no account either. Values are never logged.
 */
class AndroidKeystoreSecretStore(context: Context) : SecretStore {
    private val prefs = context.getSharedPreferences("nubo_secrets", Context.MODE_PRIVATE)
    private val keyStore = KeyStore.getInstance(KEYSTORE).apply { load(null) }

    @Synchronized
    override fun get(key: String): String? {
        val stored = prefs.getString(slot(key), null) ?: return null
        return try {
            val bytes = Base64.decode(stored, Base64.NO_WRAP)
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES))
            cipher.updateAAD(key.toByteArray())
            String(cipher.doFinal(bytes, IV_BYTES, bytes.size - IV_BYTES), Charsets.UTF_8)
        } catch (e: GeneralSecurityException) {
            // A key invalidated or replaced (keystore reset) or a damaged
            // value cannot come back: forget it and the member signs in
            // again. Anything else (a busy keystore) goes to the core as an error.
            if (e !is KeyPermanentlyInvalidatedException && e !is AEADBadTagException) throw e
            prefs.edit().remove(slot(key)).commit()
            null
        } catch (e: IllegalArgumentException) {
            prefs.edit().remove(slot(key)).commit()
            null
        }
    }

    @Synchronized
    override fun set(key: String, value: String) {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key())
        // The name is authenticated too, so a value cannot be moved to another key.
        cipher.updateAAD(key.toByteArray())
        val sealed = cipher.iv + cipher.doFinal(value.toByteArray(Charsets.UTF_8))
        // commit, not apply: "Done" goes back to the core only once it is on disk.
        check(prefs.edit().putString(slot(key), Base64.encodeToString(sealed, Base64.NO_WRAP)).commit()) {
            "secure storage could not be written"
        }
    }

    @Synchronized
    override fun delete(key: String) {
        check(prefs.edit().remove(slot(key)).commit()) { "secure storage could not be written" }
    }

    /** After "reset local data": no secret outlives the store that named its account. */
    @Synchronized
    fun clear() {
        check(prefs.edit().clear().commit()) { "secure storage could not be written" }
    }

    private fun slot(key: String): String =
        MessageDigest.getInstance("SHA-256").digest(key.toByteArray()).joinToString("") { "%02x".format(it) }

    private fun key(): SecretKey {
        (keyStore.getEntry(ALIAS, null) as? KeyStore.SecretKeyEntry)?.let { return it.secretKey }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, KEYSTORE)
        generator.init(
            KeyGenParameterSpec.Builder(ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                // No user authentication: the background sync runs with the screen locked.
                .build(),
        )
        return generator.generateKey()
    }

    private companion object {
        const val KEYSTORE = "AndroidKeyStore"
        const val ALIAS = "nubo-secrets"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val IV_BYTES = 12
        const val TAG_BITS = 128
    }
}
