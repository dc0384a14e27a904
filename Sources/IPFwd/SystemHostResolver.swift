import DNSModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The live system resolver: `getaddrinfo` with AF_INET, the same answer every other program on
/// the VM gets (/etc/hosts, nsswitch, resolv.conf).
public struct SystemHostResolver: HostResolving {
    public init() {}

    public func ipv4Addresses(of host: String) async throws -> [IPv4Address] {
        try await Task.detached { try Self.lookup(host) }.value
    }

    static func lookup(_ host: String) throws -> [IPv4Address] {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            throw ResolutionFailure(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var addresses: Set<IPv4Address> = []
        var cursor = list
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET, let raw = entry.pointee.ai_addr {
                let value = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                addresses.insert(IPv4Address(value: UInt32(bigEndian: value)))
            }
            cursor = entry.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw ResolutionFailure(host: host, reason: "no IPv4 address") }
        return addresses.sorted()
    }
}
