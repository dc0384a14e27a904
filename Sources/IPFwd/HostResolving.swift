import DNSModel

/// Turns a host name into IPv4 addresses. Two live implementations: `SystemHostResolver`
/// (getaddrinfo, honours /etc/hosts and nsswitch) and `DNSServerHostResolver` (asks one DNS server
/// directly, for `--dns-server`). Tests use a fixed table from PeNetTestSupport.
public protocol HostResolving: Sendable {
    /// All IPv4 addresses of `host`, CNAMEs followed. Throws `ResolutionFailure` when none.
    func ipv4Addresses(of host: String) async throws -> [IPv4Address]
}

/// Why a name gave no address; printed after the host name.
public struct ResolutionFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var host: String
    public var reason: String

    public init(host: String, reason: String) {
        self.host = host
        self.reason = reason
    }

    public var description: String { "\(host) does not resolve: \(reason)" }
}
