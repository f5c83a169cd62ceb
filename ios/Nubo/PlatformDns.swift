import dnssd
import Foundation

/// The device's DNS for finding a member's server (RFC 6764 SRV and TXT
/// records), through dnssd: the data of each record found, read in Rust
/// (`dnsAnswerFromRecords`), so nothing here parses DNS.
enum PlatformDns {
    /// Blocks up to `timeout`; an empty list when nothing was found.
    static func records(name: String, type: UInt16, timeout: TimeInterval = 10) -> [Data] {
        final class Found {
            let type: UInt16
            var records: [Data] = []
            var done = false
            init(type: UInt16) { self.type = type }
        }
        let found = Found(type: type)
        let context = Unmanaged.passRetained(found)
        defer { context.release() }
        var service: DNSServiceRef?
        let callback: DNSServiceQueryRecordReply = { _, flags, _, error, _, rrtype, _, length, data, _, context in
            guard let context else { return }
            let found = Unmanaged<Found>.fromOpaque(context).takeUnretainedValue()
            guard error == DNSServiceErrorType(kDNSServiceErr_NoError) else {
                // No such record (intermediates are asked for, so a missing
                // name answers at once instead of waiting for the timeout).
                found.done = true
                return
            }
            if rrtype == found.type, let data, flags & DNSServiceFlags(kDNSServiceFlagsAdd) != 0 {
                found.records.append(Data(bytes: data, count: Int(length)))
            }
            // A CNAME on the way is an intermediate: wait for the records.
            if rrtype == found.type, flags & DNSServiceFlags(kDNSServiceFlagsMoreComing) == 0 {
                found.done = true
            }
        }
        let started = DNSServiceQueryRecord(
            &service, DNSServiceFlags(kDNSServiceFlagsReturnIntermediates), 0, name, type,
            UInt16(kDNSServiceClass_IN), callback, context.toOpaque())
        guard started == DNSServiceErrorType(kDNSServiceErr_NoError), let service else { return [] }
        defer { DNSServiceRefDeallocate(service) }
        let socket = DNSServiceRefSockFD(service)
        let deadline = Date().addingTimeInterval(timeout)
        while !found.done {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { break }
            var ready = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, Int32(left * 1000)) > 0,
                  DNSServiceProcessResult(service) == DNSServiceErrorType(kDNSServiceErr_NoError) else { break }
        }
        return found.records
    }
}
