/// What happened when a plan was applied.
public struct FwdApplyReport: Sendable, Codable, Equatable {
    public var executed: [FwdChange]
    /// Notes for the operator (e.g. conntrack missing).
    public var notes: [String]
}

/// Executes a plan's actions, in order, through the command runner. The only code in IPFwd
/// with side effects on the kernel.
public struct FwdApplier: Sendable {
    public let runner: any CommandRunner

    public init(runner: any CommandRunner) {
        self.runner = runner
    }

    public func apply(_ plan: FwdPlan) async throws -> FwdApplyReport {
        var notes: [String] = []
        for action in plan.actions {
            switch action {
            case .enableIPForwarding:
                try await runner.checked("sysctl", ["-q", "-w", "net.ipv4.ip_forward=1"])
            case .allowForward(let chain):
                let (binary, arguments) = chain.insertCommand
                try await runner.checked(binary, arguments)
            case .removeForwardAccept(let chain):
                for (binary, arguments) in chain.deleteCommands { try await runner.checked(binary, arguments) }
            case .loadRules(let ruleSet, let backend, let jumps):
                try await load(ruleSet, backend: backend, jumps: jumps)
            case .removeRules(let backend, let jumpCopies):
                try await remove(backend, jumpCopies: jumpCopies)
            case .deleteLeftover(let leftover):
                try await runner.checked(leftover.binary, leftover.deleteArguments)
            case .flushConntrack(let endpoint):
                do {
                    // Exit 1 means "no entry matched", which is fine.
                    let output = try await runner.run("conntrack", [
                        "-D", "-p", "tcp", "--reply-src", endpoint.address.description,
                        "--reply-port-src", String(endpoint.port)])
                    if output.exitCode > 1 { notes.append("conntrack -D failed for \(endpoint.address): \(output.standardError)") }
                } catch IPFwdError.commandNotFound {
                    notes.append("conntrack is not installed: flows to \(endpoint.address):\(endpoint.port) stay pinned until they end (apt-get install conntrack)")
                }
            }
        }
        return FwdApplyReport(executed: plan.changes, notes: notes)
    }

    private func load(_ ruleSet: FwdRuleSet, backend: FwdBackend, jumps: [String]) async throws {
        if let restore = backend.iptablesRestore {
            try await runner.checked(restore, ["--noflush"], input: FwdRenderer.iptablesRestore(ruleSet, jumps: jumps))
        } else {
            try await runner.checked("nft", ["-f", "-"], input: FwdRenderer.nft(ruleSet))
        }
    }

    private func remove(_ backend: FwdBackend, jumpCopies: [String]) async throws {
        if let restore = backend.iptablesRestore {
            var lines = ["*nat"]
            lines += jumpCopies.map { "-D \($0) -j PE_NET_\($0)" }
            lines += [":PE_NET_PREROUTING - [0:0]", ":PE_NET_POSTROUTING - [0:0]",
                      "-X PE_NET_PREROUTING", "-X PE_NET_POSTROUTING", "COMMIT"]
            try await runner.checked(restore, ["--noflush"], input: lines.joined(separator: "\n") + "\n")
        } else {
            try await runner.checked("nft", ["-f", "-"], input: "table ip pe_net\ndelete table ip pe_net\n")
        }
    }
}
