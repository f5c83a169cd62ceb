package coop.nubo.companion.core

/**
 * The device's DNS, for finding a member's server from their address
 * (RFC 6764 SRV and TXT records). Phones have no `/etc/resolv.conf` for
 * the core to read, so the core asks the platform; the answer goes back as
 * the DNS message received and is read in Rust (no DNS parsing here).
 */
fun interface PlatformDns {
    /**
     * Sends one query for [name] ([recordType]: 33 SRV, 16 TXT) and returns
     * the DNS message received, or null when there was no answer. Called
     * off the main thread; may block.
     */
    fun query(name: String, recordType: Int): ByteArray?
}
