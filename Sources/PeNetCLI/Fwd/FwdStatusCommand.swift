import ArgumentParser
import IPFwd

/// `pe-net fwd status`: mappings, addresses, counters and drift; exit 3 on drift.
struct FwdStatusCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show mappings, resolved addresses, counters and drift (exit 3 when the rules drifted).",
        discussion: """
            Compares the rules, ip_forward and pe-net's files with the state file (recorded \
            addresses, no fresh lookups). State that cannot be read is an error (exit 1), never drift. \
            Says whether the flowtable fast path is in use and, when --fast-path auto fell back, why. \
            -o table prints only the mapping table.
            """)

    static var hasTableOutput: Bool { true }

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let context = try FwdContext(env, system: system, command: "status")
        let status = try await context.workflow.status(backend: system.backend)
        let reporter = env.reporter
        let headers = ["PORT", "TARGET", "RESOLVED", "RULE", "PACKETS", "BYTES", "STATE"]
        let rows = status.mappings.map { row in
            [
                "\(row.listenPort)", row.target, row.resolved ?? "-", row.rule ?? "missing", "\(row.packets)",
                "\(row.bytes)", status.isUnknown ? "unknown" : (row.ok ? "ok" : "drift"),
            ]
        }
        switch output.format {
        case .json:
            try reporter.json(status)
        case .table:
            reporter.table(headers, rows)
        case .text:
            reporter.findings(status.findings)
            var lines = [
                "backend \(status.backend)   ip_forward \(status.ipForwarding ? 1 : 0)   interfaces \(status.interfaces.joined(separator: ","))",
                Reporter.tableText(headers, rows),
            ]
            if let fastPath = status.fastPath {
                lines.append(
                    "fast path (--fast-path \(fastPath.requested)): \(fastPath.active ? "in use" : "not used"), \(fastPath.reason)"
                )
            }
            lines += status.drift.map { "drift: \($0)" }
            lines += status.leftovers.map { "leftover ip_fwd.sh rule: \($0) (apply --clean-leftovers deletes it)" }
            if status.inSync { lines.append("in sync (inspect with: \(status.backend.inspectCommand))") }
            reporter.text(lines.joined(separator: "\n"))
        }
        if status.isUnknown {
            let first = status.findings.first { $0.severity == .error }
            throw PeNetError.failure(
                "cannot tell whether the forwarding drifted: \(first?.message ?? "the current state could not be read")",
                resource: first?.resource, code: "fwd.read-failed")
        }
        if !status.inSync { throw PeNetExit.checkFailed }
    }
}
