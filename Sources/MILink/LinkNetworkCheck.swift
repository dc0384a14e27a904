import DNSModel
import IPFwd
import Resolver

/// One line of `pe-net link check-net`: what was checked, the verdict, and the fix when it failed.
public struct LinkNetworkCheck: Sendable, Codable, Equatable {
    /// The verdict of one check.
    public enum Status: String, Sendable, Codable, Comparable {
        /// The check passed.
        case ok
        /// Worth a look, but the link can work (or pe-net cannot test it from here).
        case warn
        /// Not run: an earlier check left nothing to probe.
        case skip
        /// The link cannot work until this is fixed.
        case fail

        /// The word printed at the start of the line.
        public var label: String { self == .fail ? "FAIL" : rawValue }

        public static func < (lhs: Status, rhs: Status) -> Bool {
            let order: [Status] = [.ok, .skip, .warn, .fail]
            return order.firstIndex(of: lhs) ?? 0 < order.firstIndex(of: rhs) ?? 0
        }
    }

    /// Which check: `dns`, `tcp-5022`, `tcp-redirect`, `tds-1433`, `reverse`.
    public var check: String
    public var status: Status
    /// What was asked, e.g. `10.0.1.4:5022` or the FQDN.
    public var target: String
    /// What was found, one line.
    public var message: String
    /// What to do about it (failures and warnings).
    public var fix: String?

    public init(check: String, status: Status, target: String, message: String, fix: String? = nil) {
        self.check = check
        self.status = status
        self.target = target
        self.message = message
        self.fix = fix
    }
}

/// What a name lookup for the instance FQDN returned: its IPv4 addresses (CNAMEs followed), the
/// CNAME chain when the resolver reports it, or why it failed.
public struct LinkDNSAnswer: Sendable, Codable, Equatable {
    /// The server asked (`system resolver` or `127.0.0.1:5353`).
    public var via: String
    public var addresses: [IPv4Address]
    public var cnameChain: [String]
    /// Why there is no address (NXDOMAIN, timeout, …); nil when the name resolved.
    public var failure: String?

    public init(via: String, addresses: [IPv4Address], cnameChain: [String] = [], failure: String? = nil) {
        self.via = via
        self.addresses = addresses
        self.cnameChain = cnameChain
        self.failure = failure
    }

    /// The answer of a DNS client's A lookup (`DNSClient` against `--dns-server`).
    public init(lookup: DNSLookup) {
        let addresses = lookup.addresses.compactMap { address -> IPv4Address? in
            if case .v4(let v4) = address { return v4 }
            return nil
        }
        self.init(
            via: lookup.server.description, addresses: addresses,
            cnameChain: lookup.cnameChain.map(\.relative.description),
            failure: addresses.isEmpty ? "\(lookup.outcome)" + (lookup.detail.map { ": \($0)" } ?? "") : nil)
    }
}

/// The verdicts of `link check-net`, as pure functions of what the probes found. The link needs
/// the instance's VNet-local endpoint: TCP 5022 (the mirroring transport, never TDS) and the
/// redirect range 11000-11999 towards the instance, the FQDN resolving inside the instance's
/// subnet (a private endpoint carries only 1433, a public address is not the VNet-local path).
public enum LinkNetworkVerdicts {
    /// The mirroring endpoint's port (not customisable).
    public static let mirroringPort = 5022
    /// The instance's TDS port inside the VNet.
    public static let tdsPort = 1433
    /// The redirect range the instance's nodes listen on.
    public static let redirectRange = 11000...11999

    /// `count` ports spread evenly over 11000-11999, always with 11000 and (from two on) 11999.
    public static func redirectSample(_ count: Int) -> [Int] {
        let count = min(max(count, 1), redirectRange.count)
        guard count > 1 else { return [redirectRange.lowerBound] }
        let span = redirectRange.upperBound - redirectRange.lowerBound
        return (0..<count).map { redirectRange.lowerBound + $0 * span / (count - 1) }
    }

    /// True for RFC 1918, shared address space (100.64/10) and link-local addresses.
    public static func isPrivate(_ address: IPv4Address) -> Bool {
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8"]
            .compactMap { IPv4Network($0) }.contains { $0.contains(address) }
    }

    /// The DNS verdict: every address inside `subnet` (the VNet-local endpoint) passes; one outside
    /// it in a private range is a private endpoint's (or another network's) address, one in public
    /// space is not the VNet-local path: both fail. Without `subnet` a private address only warns.
    public static func dns(fqdn: String, answer: LinkDNSAnswer, subnet: IPv4Network?) -> LinkNetworkCheck {
        let resolverFix =
            "make the name resolve from this network to the instance's VNet-local address: forward \(zone(of: fqdn)) to the instance vnet's DNS (Azure DNS 168.63.129.16 through a forwarder or a DNS Private Resolver in a peered vnet)"
        guard !answer.addresses.isEmpty else {
            return LinkNetworkCheck(
                check: "dns", status: .fail, target: fqdn,
                message: "\(fqdn) does not resolve via \(answer.via): \(answer.failure ?? "no A record")",
                fix: resolverFix)
        }
        let list = answer.addresses.map(\.description).joined(separator: ", ")
        let privatelink = answer.cnameChain.first { $0.lowercased().contains(".privatelink.") }
        guard let subnet else {
            if let address = answer.addresses.first(where: { !isPrivate($0) }) {
                return publicAddress(fqdn, address, answer, fix: resolverFix)
            }
            return LinkNetworkCheck(
                check: "dns", status: .warn, target: fqdn,
                message:
                    "\(fqdn) resolves to \(list) via \(answer.via); without the instance's subnet pe-net cannot tell the VNet-local endpoint from a private endpoint",
                fix: "pass --mi-subnet <the instance subnet's CIDR>, or --instance to read it from Azure")
        }
        if let address = answer.addresses.first(where: { !subnet.contains($0) }) {
            if !isPrivate(address) { return publicAddress(fqdn, address, answer, fix: resolverFix) }
            let through = privatelink.map { " (through \($0))" } ?? ""
            return LinkNetworkCheck(
                check: "dns", status: .fail, target: fqdn,
                message:
                    "\(fqdn) resolves to \(address)\(through), outside the instance subnet \(subnet): a private endpoint's address (or another network's), and a private endpoint carries only 1433, never the link's 5022",
                fix:
                    "resolve \(fqdn) to the VNet-local address inside \(subnet) on SQL Server's network: remove the A record or privatelink zone that points it at the private endpoint, or \(resolverFix)"
            )
        }
        return LinkNetworkCheck(
            check: "dns", status: .ok, target: fqdn,
            message: "\(fqdn) resolves to \(list) via \(answer.via), inside the instance subnet \(subnet) (VNet-local)")
    }

    static func publicAddress(_ fqdn: String, _ address: IPv4Address, _ answer: LinkDNSAnswer, fix: String)
        -> LinkNetworkCheck
    {
        LinkNetworkCheck(
            check: "dns", status: .fail, target: fqdn,
            message:
                "\(fqdn) resolves to \(address) via \(answer.via), a public address: not the instance's VNet-local endpoint, which the link needs",
            fix: fix)
    }

    /// `<dnszone>.database.windows.net` of `<instance>.<dnszone>.database.windows.net` (the name itself otherwise).
    static func zone(of fqdn: String) -> String {
        let labels = fqdn.split(separator: ".")
        return labels.count > 2 ? labels.dropFirst().joined(separator: ".") : fqdn
    }

    /// The verdict on TCP 5022: connected passes; a refusal means the address does not carry the
    /// instance's mirroring endpoint; silence means a firewall or NSG drops the port.
    public static func mirroring(_ outcome: TCPOutcome, address: IPv4Address, port: Int = mirroringPort)
        -> LinkNetworkCheck
    {
        let target = "\(address):\(port)"
        let firewall =
            "allow TCP 5022 inbound from SQL Server's network in the NSG of the instance's subnet, and outbound 5022 on SQL Server's network firewall and host firewall"
        switch outcome {
        case .connected:
            return LinkNetworkCheck(
                check: "tcp-5022", status: .ok, target: target,
                message:
                    "TCP \(target) connected (mirroring transport; tested with a TCP connect only, as the documentation does)"
            )
        case .refused:
            return LinkNetworkCheck(
                check: "tcp-5022", status: .fail, target: target,
                message:
                    "TCP \(target) refused: the path is open but nothing listens there, so \(address) is not the instance's VNet-local endpoint",
                fix:
                    "probe the instance's VNet-local address (the FQDN inside the instance subnet), not a private endpoint or another host"
            )
        case .timedOut:
            return LinkNetworkCheck(
                check: "tcp-5022", status: .fail, target: target,
                message: "TCP \(target) \(outcome.summary)", fix: firewall)
        case .failed(let reason):
            return LinkNetworkCheck(
                check: "tcp-5022", status: .fail, target: target, message: "TCP \(target) failed: \(reason)",
                fix:
                    "give SQL Server's network a route to the instance's vnet (VPN, ExpressRoute or peering), then \(firewall)"
            )
        }
    }

    /// The verdict on the redirect range: a port that connects or refuses is reachable (only the
    /// nodes' own ports listen); a port with no answer is dropped, and the range must be open whole.
    public static func redirect(_ outcomes: [(port: Int, outcome: TCPOutcome)], address: IPv4Address)
        -> LinkNetworkCheck
    {
        let ports = outcomes.map(\.port)
        let target = "\(address):" + rangeText(ports)
        let blocked = outcomes.filter {
            if case .connected = $0.outcome { return false }
            if case .refused = $0.outcome { return false }
            return true
        }
        let open = outcomes.filter { $0.outcome == .connected }.count
        if blocked.isEmpty {
            return LinkNetworkCheck(
                check: "tcp-redirect", status: .ok, target: target,
                message:
                    "\(outcomes.count) sampled port(s) of 11000-11999 reachable (\(open) listening, \(outcomes.count - open) refused: the path is open)"
            )
        }
        let first = blocked[0]
        return LinkNetworkCheck(
            check: "tcp-redirect", status: .fail, target: target,
            message:
                "\(blocked.count) of \(outcomes.count) sampled port(s) of 11000-11999 unreachable (\(blocked.map { String($0.port) }.joined(separator: ", "))): \(first.outcome.summary)",
            fix:
                "allow TCP 11000-11999 inbound from SQL Server's network in the NSG of the instance's subnet, and outbound on SQL Server's firewall (the whole range: the instance's nodes move within it)"
        )
    }

    /// The verdict on the TDS PRELOGIN exchange on 1433.
    public static func tds(
        _ result: Result<TDSPrelogin.Response, LinkProbeError>, address: IPv4Address, port: Int = tdsPort
    ) -> LinkNetworkCheck {
        let target = "\(address):\(port)"
        switch result {
        case .success(let response):
            return LinkNetworkCheck(
                check: "tds-1433", status: .ok, target: target,
                message:
                    "TDS PRELOGIN on \(target) answered (version \(response.version ?? "?"), encryption \(response.encryption ?? "?"))"
            )
        case .failure(let error):
            return LinkNetworkCheck(
                check: "tds-1433", status: .fail, target: target,
                message: "TDS PRELOGIN on \(target) failed: \(error.description)",
                fix:
                    "allow TCP 1433 from SQL Server's network in the NSG of the instance's subnet; a refusal means \(address) is not the instance"
            )
        }
    }

    /// The line for a probe that could not run because there is no address to probe.
    public static func skipped(_ check: String, port: String, because reason: String) -> LinkNetworkCheck {
        LinkNetworkCheck(
            check: check, status: .skip, target: port, message: "not probed: \(reason)",
            fix: "fix the name resolution, or pass --mi-address <the instance's VNet-local address>")
    }

    /// `11000,11249,…` shortened to `11000-11999 (5 ports)` when long.
    static func rangeText(_ ports: [Int]) -> String {
        guard let first = ports.first, let last = ports.last else { return "" }
        return ports.count <= 3
            ? ports.map(String.init).joined(separator: ",") : "\(first)-\(last) (\(ports.count) ports)"
    }
}
