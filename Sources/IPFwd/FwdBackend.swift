/// The netfilter front end pe-net writes its rules with.
public enum FwdBackend: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Native nftables: pe-net's own `ip pe_net` table replaced in one `nft -f`.
    case nft
    /// iptables on the nf_tables kernel API: own chains loaded with `iptables-nft-restore --noflush`.
    case iptablesNft = "iptables-nft"
    /// iptables on the x_tables kernel API: own chains loaded with `iptables-legacy-restore --noflush`.
    case iptablesLegacy = "iptables-legacy"

    public var description: String { rawValue }

    /// The iptables binary of this variant (nil for nft).
    var iptables: String? {
        switch self {
        case .nft: return nil
        case .iptablesNft: return "iptables-nft"
        case .iptablesLegacy: return "iptables-legacy"
        }
    }

    var iptablesRestore: String? { iptables.map { $0 + "-restore" } }
    var iptablesSave: String? { iptables.map { $0 + "-save" } }

    /// Where an operator looks at pe-net's rules with this backend.
    public var inspectCommand: String {
        switch self {
        case .nft: return "nft list table ip pe_net"
        case .iptablesNft, .iptablesLegacy: return "\(iptables ?? "iptables") -t nat -S PE_NET_PREROUTING"
        }
    }
}

/// What the operator asked for with `--backend`.
public enum FwdBackendChoice: String, Sendable, CaseIterable {
    case auto, nft, iptables
    case iptablesNft = "iptables-nft"
    case iptablesLegacy = "iptables-legacy"
}

/// Picks the backend: nft when `nft list tables` works; otherwise the variant `iptables -V`
/// names. `--backend iptables` picks the variant the same way.
public struct FwdBackendDetector: Sendable {
    public let runner: any CommandRunner

    public init(runner: any CommandRunner) {
        self.runner = runner
    }

    /// `nftWorks`: whether `nft -j list ruleset` already succeeded (nil: not known, ask nft).
    public func detect(_ choice: FwdBackendChoice, nftWorks known: Bool? = nil) async throws -> FwdBackend {
        var nftWorks: Bool {
            get async {
                if let known { return known }
                return await runner.succeeds("nft", ["list", "tables"])
            }
        }
        switch choice {
        case .nft:
            guard await nftWorks else {
                throw IPFwdError.noBackend("'nft list tables' failed (is nftables installed and are we root?)")
            }
            return .nft
        case .iptablesNft: return try await requireIptables(.iptablesNft)
        case .iptablesLegacy: return try await requireIptables(.iptablesLegacy)
        case .iptables: return try await iptablesVariant()
        case .auto:
            if await nftWorks { return .nft }
            return try await iptablesVariant()
        }
    }

    private func requireIptables(_ backend: FwdBackend) async throws -> FwdBackend {
        guard let binary = backend.iptables, await runner.succeeds(binary, ["-V"]) else {
            throw IPFwdError.noBackend("'\(backend.iptables ?? "")' is not usable")
        }
        return backend
    }

    private func iptablesVariant() async throws -> FwdBackend {
        guard let output = try? await runner.run("iptables", ["-V"]), output.succeeded else {
            throw IPFwdError.noBackend("neither 'nft' nor 'iptables' works")
        }
        return output.standardOutput.contains("legacy") ? .iptablesLegacy : .iptablesNft
    }
}
