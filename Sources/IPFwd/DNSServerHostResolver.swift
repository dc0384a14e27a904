import DNSModel
import Resolver

/// The live resolver for `--dns-server`: asks one DNS server directly with the Resolver module's
/// client (CNAMEs followed), so reconcile can watch the authoritative answer instead of a cache.
public struct DNSServerHostResolver: HostResolving {
    public let client: any DNSResolving

    /// A client for `server` (`ip` or `ip:port`). Throws `IPFwdError.invalidInput` on a bad value.
    public init(server text: String) throws {
        do {
            client = DNSClient(server: try DNSServer(parsing: text))
        } catch {
            throw IPFwdError.invalidInput(["--dns-server '\(text)': \(error)"])
        }
    }

    public init(client: any DNSResolving) {
        self.client = client
    }

    public func ipv4Addresses(of host: String) async throws -> [IPv4Address] {
        let name: DomainName
        do {
            name = try DomainName(host)
        } catch {
            throw ResolutionFailure(host: host, reason: "\(error)")
        }
        let lookup = await client.lookup(name, type: .a)
        guard lookup.outcome == .answer else {
            let detail = lookup.detail.map { " (\($0))" } ?? ""
            throw ResolutionFailure(host: host, reason: "\(lookup.outcome) from \(client.server)\(detail)")
        }
        let addresses = lookup.addresses.compactMap { address -> IPv4Address? in
            if case .v4(let v4) = address { return v4 }
            return nil
        }
        guard !addresses.isEmpty else {
            throw ResolutionFailure(host: host, reason: "no IPv4 address from \(client.server)")
        }
        return addresses.sorted()
    }
}
