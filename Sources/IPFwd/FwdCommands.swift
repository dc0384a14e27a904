/// One command line a step runs: the executable, its arguments and its standard input.
public struct FwdCommandLine: Hashable, Sendable, Codable, CustomStringConvertible {
    public var executable: String
    public var arguments: [String]
    public var input: String?
    /// Exit codes that count as success besides 0 (`conntrack -D` exits 1 when nothing matched).
    public var acceptedExitCodes: [Int32]
    /// When set, a failure (or a missing tool) does not fail the step; this note is reported instead.
    public var bestEffortNote: String?

    public init(
        _ executable: String, _ arguments: [String], input: String? = nil, acceptedExitCodes: [Int32] = [],
        bestEffortNote: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.input = input
        self.acceptedExitCodes = acceptedExitCodes
        self.bestEffortNote = bestEffortNote
    }

    public var description: String {
        ([executable] + arguments).map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
    }
}

/// What the applier does for a step: run a command, write a file, remove a file.
public enum FwdOperation: Hashable, Sendable, Codable {
    case run(FwdCommandLine)
    case write(FwdArtifact)
    case remove(path: String)
}

extension FwdRenderer {
    /// The exact commands (with their netfilter text) and files of one action. Pure: a saved
    /// plan gives the same operations when it is applied later.
    public static func operations(for action: FwdAction) -> [FwdOperation] {
        switch action {
        case .enableIPForwarding:
            return [.run(FwdCommandLine("sysctl", ["-q", "-w", "net.ipv4.ip_forward=1"]))]
        case .writeFile(let artifact):
            return [.write(artifact)]
        case .removeFile(let path):
            return [.remove(path: path)]
        case .allowForward(let chain):
            return [.run(insertAccept(chain))]
        case .removeForwardAccept(let chain):
            return deleteAccepts(chain).map(FwdOperation.run)
        case .loadRules(let ruleSet, let backend, let jumps):
            if let restore = backend.iptablesRestore {
                return [.run(FwdCommandLine(restore, ["--noflush"], input: iptablesRestore(ruleSet, jumps: jumps)))]
            }
            return [.run(FwdCommandLine("nft", ["-f", "-"], input: nft(ruleSet)))]
        case .removeRules(let backend, let jumpCopies):
            if let restore = backend.iptablesRestore {
                let text = render("fwd-iptables-remove.rules", ["jumps": jumpCopies])
                return [.run(FwdCommandLine(restore, ["--noflush"], input: text))]
            }
            return [.run(FwdCommandLine("nft", ["-f", "-"], input: render("fwd-remove.nft", [:])))]
        case .deleteLeftover(let leftover):
            return [.run(FwdCommandLine(leftover.binary, deleteArguments(leftover)))]
        case .flushConntrack(let endpoint):
            let target = "\(endpoint.address):\(endpoint.port)"
            return [
                .run(
                    FwdCommandLine(
                        "conntrack",
                        [
                            "-D", "-p", "tcp", "--reply-src", endpoint.address.description,
                            "--reply-port-src", String(endpoint.port),
                        ],
                        acceptedExitCodes: [1],
                        bestEffortNote:
                            "conntrack entries to \(target) were not deleted (install conntrack: apt-get install conntrack); flows to \(target) stay pinned until they end"
                    ))
            ]
        case .systemctl(let arguments):
            return [.run(FwdCommandLine("systemctl", arguments))]
        }
    }

    /// The command that adds pe-net's accept for DNAT'ed flows at the top of a drop chain.
    static func insertAccept(_ chain: ForwardDropChain) -> FwdCommandLine {
        switch chain.owner {
        case .nft:
            return FwdCommandLine(
                "nft",
                [
                    "insert", "rule", chain.family, chain.table, chain.chain, "ct", "status", "dnat", "counter",
                    "accept",
                    "comment", "\"\(ForwardDropChain.tag)\"",
                ])
        case .iptablesNft, .iptablesLegacy:
            return FwdCommandLine(chain.owner.rawValue, ["-I", "FORWARD", "1"] + iptablesAcceptSpec)
        }
    }

    /// The commands that delete pe-net's accepts (and only those) from a chain.
    static func deleteAccepts(_ chain: ForwardDropChain) -> [FwdCommandLine] {
        switch chain.owner {
        case .nft:
            return chain.acceptHandles.map {
                FwdCommandLine("nft", ["delete", "rule", chain.family, chain.table, chain.chain, "handle", String($0)])
            }
        case .iptablesNft, .iptablesLegacy:
            return chain.acceptHandles.map { _ in
                FwdCommandLine(chain.owner.rawValue, ["-D", "FORWARD"] + iptablesAcceptSpec)
            }
        }
    }

    static let iptablesAcceptSpec = [
        "-m", "conntrack", "--ctstate", "DNAT", "-m", "comment", "--comment", ForwardDropChain.tag, "-j", "ACCEPT",
    ]

    /// The arguments that delete exactly one leftover rule once (`-A` becomes `-D`).
    static func deleteArguments(_ leftover: FwdLeftover) -> [String] {
        var tokens = IptablesRule.tokenize(leftover.rule)
        if tokens.first == "-A" { tokens[0] = "-D" }
        return ["-t", "nat"] + tokens
    }
}
