import ARMNetwork
import ArgumentParser
import Foundation
import IPFwd
import Resolver

extension FwdBackendChoice: ExpressibleByArgument {}
extension FwdFastPath: ExpressibleByArgument {}

/// `--fast-path`, shared by apply, plan, reconcile, install and render.
struct FwdFastPathOptions: ParsableArguments {
    @Option(
        name: .customLong("fast-path"),
        help: ArgumentHelp(
            "Offload established flows to an nft flowtable: auto (where the kernel has nf_flow_table and the backend is nft), on (required), off. (default: the state file's, else auto)",
            valueName: "auto|on|off"))
    var fastPath: FwdFastPath?
}

/// The desired mappings, shared by plan, apply and render.
struct FwdMappingOptions: ParsableArguments {
    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "A mapping <listen-port>=<host or IPv4>:<target-port> (repeatable). Without --map the state file's mappings are used.",
            valueName: "port=host:port"))
    var maps: [String] = []

    @Option(
        name: .customLong("interface"),
        help: ArgumentHelp(
            "Interface the forwarded traffic arrives on (repeatable; default: the default route's interface).",
            valueName: "name"))
    var interfaces: [String] = []

    @Option(
        name: .customLong("allow-source"),
        help: ArgumentHelp(
            "Only forward from this IPv4 address or network (repeatable; keep 168.63.129.16 for the LB probe).",
            valueName: "cidr"))
    var sources: [String] = []
}

/// Where pe-net writes and which backend it drives; shared by every fwd command.
struct FwdSystemOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The netfilter front end (auto: nft when it works, else the variant `iptables -V` names).",
            valueName: "backend"))
    var backend: FwdBackendChoice = .auto

    @Option(
        help: ArgumentHelp(
            "Prefix for every file pe-net reads or writes (state, sysctl.d, systemd). (default: /)", valueName: "dir"))
    var root: String?

    @Option(
        name: .customLong("dns-server"),
        help: ArgumentHelp(
            "Resolve targets by asking this DNS server directly instead of the system resolver.",
            valueName: "ip[:port]"))
    var dnsServer: String?

    /// `--root`, else the Environment's file root (`/` live, a temporary folder in tests).
    func root(_ env: Environment) -> String { root ?? env.fileRoot }

    func validate() throws {
        if let dnsServer {
            do {
                _ = try DNSServer(parsing: dnsServer)
            } catch {
                throw ValidationError("--dns-server \(dnsServer.escapingControlCharacters): \(error)")
            }
        }
    }
}

/// What the generated systemd units run: shared by `fwd install` and `fwd render`. Both values
/// are written into unit files, so anything that could add a line or a second command is refused.
struct FwdUnitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Path of the pe-net binary the units run.", valueName: "path"))
    var binary: String = FwdPaths.defaultBinary

    @Option(help: ArgumentHelp("How often the timer re-resolves the targets (systemd time span).", valueName: "span"))
    var interval: String = "60s"

    func validate() throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "/._-+"))
        guard binary.hasPrefix("/"), binary.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
            throw ValidationError(
                "--binary \(binary.escapingControlCharacters) must be an absolute path of letters, digits and / . _ - + (it is written into the systemd units); e.g. --binary /usr/local/bin/pe-net"
            )
        }
        let span = CharacterSet(charactersIn: "0123456789.abcdefghijklmnopqrstuvwxyz")
        guard interval.first?.isNumber == true, interval.unicodeScalars.allSatisfy({ span.contains($0) }) else {
            throw ValidationError(
                "--interval \(interval.escapingControlCharacters) is not a systemd time span; use e.g. 30s or 2min")
        }
    }
}

/// Plan/apply flags.
struct FwdChangeOptions: ParsableArguments {
    @Flag(name: .customLong("clean-leftovers"), help: "Also delete rules ip_fwd.sh left in the built-in chains.")
    var cleanLeftovers = false
}

extension FwdRequest {
    /// The request of plan and apply from their flags.
    init(
        _ mappings: FwdMappingOptions, _ system: FwdSystemOptions, _ change: FwdChangeOptions,
        fastPath: FwdFastPathOptions
    ) {
        self.init(
            maps: mappings.maps, interfaces: mappings.interfaces, sources: mappings.sources, backend: system.backend,
            cleanLeftovers: change.cleanLeftovers, fastPath: fastPath.fastPath)
    }
}
