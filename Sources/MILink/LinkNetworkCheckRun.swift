import ARMNetwork
import DNSModel
import IPFwd

/// The checks of `pe-net link check-net` from SQL Server's side: DNS of the instance FQDN, TCP
/// 5022 (a plain connect: the mirroring transport does not speak TDS), a sample of the redirect
/// range 11000-11999, and a TDS PRELOGIN on 1433. The probes and the lookup are seams, so the
/// same run works against fakes, loopback listeners and network namespaces.
public struct LinkNetworkCheckRun: Sendable {
    /// The instance FQDN whose resolution is checked.
    public var fqdn: String
    /// The instance subnet: resolved addresses inside it are VNet-local.
    public var subnet: IPv4Network?
    /// Probe this address instead of the resolved one.
    public var address: IPv4Address?
    /// The redirect ports to probe.
    public var redirectPorts: [Int]
    /// The wait for each probe.
    public var timeout: Duration
    /// The mirroring port (5022; another only where a test listener plays its role).
    public var mirroringPort = LinkNetworkVerdicts.mirroringPort
    /// The TDS port (1433; another only where a test listener plays its role).
    public var tdsPort = LinkNetworkVerdicts.tdsPort

    public init(
        fqdn: String, subnet: IPv4Network?, address: IPv4Address?, redirectPorts: [Int], timeout: Duration
    ) {
        self.fqdn = fqdn
        self.subnet = subnet
        self.address = address
        self.redirectPorts = redirectPorts
        self.timeout = timeout
    }

    /// The address the probes go to: `address`, else the first resolved one inside the subnet,
    /// else the first resolved one (where SQL Server would connect).
    public func target(_ answer: LinkDNSAnswer) -> IPv4Address? {
        address ?? answer.addresses.first { subnet?.contains($0) ?? false } ?? answer.addresses.first
    }

    /// Runs every check: the lookup first, then the probes at once (a dropped port costs one
    /// timeout, not one per port). Returns the lines in a fixed order: dns, tcp-5022, tcp-redirect, tds-1433.
    public func run(probe: any LinkProbing, answer: LinkDNSAnswer) async -> [LinkNetworkCheck] {
        let dns = LinkNetworkVerdicts.dns(fqdn: fqdn, answer: answer, subnet: subnet)
        guard let target = target(answer) else {
            let reason = "\(fqdn) has no address"
            return [
                dns,
                LinkNetworkVerdicts.skipped("tcp-5022", port: String(mirroringPort), because: reason),
                LinkNetworkVerdicts.skipped("tcp-redirect", port: "11000-11999", because: reason),
                LinkNetworkVerdicts.skipped("tds-1433", port: String(tdsPort), because: reason),
            ]
        }
        let (timeout, mirroringPort, tdsPort) = (timeout, mirroringPort, tdsPort)
        async let mirroring = probe.connect(target, port: mirroringPort, timeout: timeout)
        async let tds = probe.prelogin(target, port: tdsPort, timeout: timeout)
        let redirect = await withTaskGroup(of: (Int, TCPOutcome).self) { group in
            for port in redirectPorts {
                group.addTask { (port, await probe.connect(target, port: port, timeout: timeout)) }
            }
            var outcomes: [Int: TCPOutcome] = [:]
            for await (port, outcome) in group { outcomes[port] = outcome }
            return redirectPorts.compactMap { port in outcomes[port].map { (port: port, outcome: $0) } }
        }
        return [
            dns,
            LinkNetworkVerdicts.mirroring(await mirroring, address: target, port: mirroringPort),
            LinkNetworkVerdicts.redirect(redirect, address: target),
            LinkNetworkVerdicts.tds(await tds, address: target, port: tdsPort),
        ]
    }
}

extension LinkNetworkVerdicts {
    /// The reverse direction (the instance towards SQL Server's 5022) cannot be probed from SQL
    /// Server's side: it is a warning that names the SQL Agent job scripts to run, or how to get them.
    public static func reverse(sqlHost: String?, scripts: [String]) -> LinkNetworkCheck {
        let target = sqlHost.map { "\($0):\(mirroringPort)" } ?? "SQL Server:5022"
        guard let sqlHost, !scripts.isEmpty else {
            return LinkNetworkCheck(
                check: "reverse", status: .warn, target: target,
                message: "the instance → SQL Server 5022 path is not tested from here",
                fix:
                    "write the SQL Agent job scripts with --sql-endpoint <SQL Server's address> --output-dir <dir>, then run them"
            )
        }
        return LinkNetworkCheck(
            check: "reverse", status: .warn, target: target,
            message:
                "the instance → SQL Server path is tested by SQL Agent jobs (tnc \(sqlHost) -port 5022): run them",
            fix: "run " + scripts.joined(separator: " on SQL Server and ")
                + " on the instance, each as sysadmin with SQL Server Agent running")
    }
}

extension LinkARMWorkflow {
    /// The instance's network as ARM reports it: its FQDN and the address prefixes of its subnet.
    public struct InstanceNetwork: Sendable, Equatable {
        public var fqdn: String?
        /// The subnet's id (`properties.subnetId`).
        public var subnetID: String?
        /// `addressPrefix` and `addressPrefixes` of the subnet, as ARM wrote them.
        public var subnetPrefixes: [String]
    }

    /// Reads the instance and, when `readSubnet`, its subnet.
    public func instanceNetwork(readSubnet: Bool) async throws -> InstanceNetwork {
        let properties = try await client.get(ManagedInstance.self, instance).properties
        var network = InstanceNetwork(
            fqdn: properties?.fullyQualifiedDomainName, subnetID: properties?.subnetId, subnetPrefixes: [])
        if readSubnet, let text = properties?.subnetId {
            let subnet = try await client.get(Subnet.self, try ResourceID(parsing: text)).properties
            network.subnetPrefixes = [subnet?.addressPrefix].compactMap { $0 } + (subnet?.addressPrefixes ?? [])
        }
        return network
    }
}
