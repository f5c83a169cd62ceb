package coop.nubo.companion

import android.content.Context
import androidx.security.crypto.EncryptedSharedPreferences
import androidx.security.crypto.MasterKey
import coop.nubo.companion.core.SecretStore

/** Secrets encrypted with an AES-256-GCM key held by the Android Keystore. */
class KeystoreSecretStore(context: Context) : SecretStore {
    private val prefs = EncryptedSharedPreferences.create(
        context,
        "nubo_secrets",
        MasterKey.Builder(context).setKeyScheme(MasterKey.KeyScheme.AES256_GCM).build(),
        EncryptedSharedPreferences.PrefKeyEncryptionScheme.AES256_SIV,
        EncryptedSharedPreferences.PrefValueEncryptionScheme.AES256_GCM,
    )

    override fun get(key: String): String? = prefs.getString(key, null)
    override fun set(key: String, value: String) { prefs.edit().putString(key, value).apply() }
    override fun delete(key: String) { prefs.edit().remove(key).apply() }
}
