import DNSModel
import Resolver

/// Checks the operator's input before anything is touched: every problem is collected and
/// reported at once, one line each.
public struct FwdValidator: Sendable {
    /// Interfaces that exist on the forwarder; nil when rendering for another machine.
    public var knownInterfaces: Set<String>?

    public init(knownInterfaces: Set<String>?) {
        self.knownInterfaces = knownInterfaces
    }

    /// Parses and checks `--map`, `--interface` and `--allow-source` values. Throws
    /// `IPFwdError.invalidInput` listing every error; returns the config and its warnings.
    public func validate(maps: [String], interfaces: [String], sources: [String]) throws -> (FwdConfig, [Finding]) {
        var errors: [String] = []
        var findings: [Finding] = []
        var mappings: [FwdMapping] = []
        if maps.isEmpty {
            errors.append(
                "no mapping given; add --map <listen-port>=<host>:<port>, e.g. --map 1433=mi1.abc.database.windows.net:1433"
            )
        }
        for text in maps {
            do {
                mappings.append(try FwdMapping(parsing: text))
            } catch {
                errors.append(String(describing: error))
            }
        }
        var seen: [Int: FwdMapping] = [:]
        for mapping in mappings {
            for (label, port) in [("listen", mapping.listenPort), ("target", mapping.targetPort)]
            where !(1...65535).contains(port) {
                errors.append("mapping '\(mapping)': \(label) port \(port) is out of range; use 1-65535")
            }
            if mapping.listenPort == 22 {
                errors.append(
                    "mapping '\(mapping)': listen port 22 is SSH and the old health-probe port; forward another port (1433, 1434, ...) and probe that port instead"
                )
            }
            if let earlier = seen[mapping.listenPort] {
                errors.append(
                    "mapping '\(mapping)': listen port \(mapping.listenPort) is already used by '\(earlier)'; give each target its own port"
                )
            }
            seen[mapping.listenPort] = mapping
            if case .address(let address) = mapping.target, let reason = FwdTarget.unusableReason(address) {
                errors.append("mapping '\(mapping)': \(reason); give the instance's address or host name")
            }
            if let host = mapping.target.hostName {
                let (problems, warnings) = Self.hostNameFindings(host)
                errors += problems.map { "mapping '\(mapping)': \($0)" }
                findings += warnings
            }
        }
        if interfaces.isEmpty {
            errors.append("no interface given; add --interface <name> (the NIC behind the load balancer, e.g. eth0)")
        }
        for interface in interfaces where !(knownInterfaces?.contains(interface) ?? true) {
            let known = (knownInterfaces ?? []).sorted().joined(separator: ", ")
            errors.append("interface '\(interface)' does not exist on this machine; use one of: \(known)")
        }
        var networks: [IPv4Network] = []
        for source in sources {
            if let network = IPv4Network(source) {
                networks.append(network)
            } else {
                errors.append(
                    "allowed source '\(source)' is not an IPv4 address or network (a.b.c.d or a.b.c.d/n with host bits zero)"
                )
            }
        }
        if !networks.isEmpty, !networks.contains(where: { $0.contains(Self.azureProbeSource) }) {
            findings.append(
                Finding(
                    severity: .warning, code: "fwd.probe-source",
                    message:
                        "the allowed sources exclude 168.63.129.16, so the load balancer's probe on the frontend port will fail; add --allow-source 168.63.129.16",
                    resource: "--allow-source"))
        }
        guard errors.isEmpty else { throw IPFwdError.invalidInput(errors) }
        return (FwdConfig(mappings: mappings, interfaces: interfaces, allowedSources: networks), findings)
    }

    /// The address Azure's load balancer probes come from.
    static let azureProbeSource = IPv4Address(value: 0xA83F_8110)

    /// The Resolver module's host-name rules applied to a target: syntax errors reject the
    /// mapping, a single label too (the forwarder must use the FQDN the instance answers to);
    /// warnings are passed on.
    static func hostNameFindings(_ host: String) -> (errors: [String], warnings: [Finding]) {
        var errors: [String] = []
        var warnings: [Finding] = []
        for finding in HostnameRules.syntax(of: host) {
            if finding.severity == .error || finding.code == "host.single-label" {
                errors.append(
                    finding.code == "host.single-label"
                        ? "host name '\(host)' is not fully qualified; use the instance FQDN (e.g. mi1.abc123.database.windows.net)"
                        : finding.message)
            } else if finding.severity == .warning {
                warnings.append(finding)
            }
        }
        return (errors, warnings)
    }
}

extension IPv4Network {
    /// True when `address` lies inside this network.
    public func contains(_ address: IPv4Address) -> Bool {
        let mask: UInt32 = prefixLength == 0 ? 0 : UInt32.max << (32 - prefixLength)
        return address.value & mask == self.address.value
    }
}
