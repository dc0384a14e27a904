import DNSModel
import Foundation
import ArgumentParser
import IPFwd

/// `pe-net fwd status`: mappings, addresses, counters and drift; exit 3 on drift.
struct FwdStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show mappings, resolved addresses, counters and drift (exit 3 when the rules drifted).")

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var output: OutputOptions

    /// One row of the status table.
    struct Row: Encodable {
        var listenPort: Int
        var target: String
        var resolved: String?
        var rule: String?
        var packets: Int
        var bytes: Int
        var ok: Bool
    }

    /// What `-o json` prints.
    struct Report: Encodable {
        var backend: FwdBackend
        var mappings: [Row]
        var ipForwarding: Bool
        var drift: [String]
        var leftovers: [FwdLeftover]
    }

    func run() async throws {
        var drifted = false
        try await FwdSupport.run {
            let environment = try FwdEnvironment.live(system: system)
            guard let state = try environment.files.loadState() else {
                throw IPFwdError.invalidInput(["no state file at \(environment.files.path(FwdPaths.stateFile)); run 'pe-net fwd apply --map ...' first"])
            }
            let backend = try await FwdSupport.backend(system.backend, state: state, runner: environment.runner)
            let engine = FwdEngine(environment: environment)
            let desired = try await engine.resolve(
                state.config, lastKnown: state, useLastKnown: true, resolver: LastKnownResolver(state: state))
            let (plan, observation) = try await engine.plan(desired.ruleSet, backend: backend)
            let rows = state.config.mappings.map { mapping -> Row in
                let applied = observation.rules.dnat.first { $0.listenPort == mapping.listenPort }
                let counters = observation.rules.counters(for: mapping.listenPort)
                let wanted = desired.ruleSet.rules.first { $0.listenPort == mapping.listenPort }
                let rule = applied.map { "\($0.target.address):\($0.target.port)" }
                return Row(listenPort: mapping.listenPort, target: "\(mapping.target):\(mapping.targetPort)",
                           resolved: state.lastKnown(mapping.listenPort)?.description ?? wanted?.targetAddress.description,
                           rule: rule, packets: counters.packets, bytes: counters.bytes,
                           ok: rule != nil && rule == wanted?.targetEndpoint)
            }
            let drift = plan.changes.map(\.message)
            drifted = !drift.isEmpty
            if output.format.isJSON {
                print(FwdSupport.json(Report(backend: backend, mappings: rows, ipForwarding: observation.ipForwarding,
                                             drift: drift, leftovers: observation.leftovers)))
                return
            }
            print("backend \(backend)   ip_forward \(observation.ipForwarding ? 1 : 0)   interfaces \(state.config.interfaces.joined(separator: ","))")
            print(pad(["PORT", "TARGET", "RESOLVED", "RULE", "PACKETS", "BYTES", "STATE"]))
            for row in rows {
                print(pad(["\(row.listenPort)", row.target, row.resolved ?? "-", row.rule ?? "missing",
                           "\(row.packets)", "\(row.bytes)", row.ok ? "ok" : "drift"]))
            }
            for line in drift { print("drift: \(line)") }
            for leftover in observation.leftovers { print("leftover ip_fwd.sh rule: \(leftover) (apply --clean-leftovers deletes it)") }
            if !drifted { print("in sync (inspect with: \(backend.inspectCommand))") }
        }
        if drifted { throw PeNetExit.checkFailed }
    }

    private func pad(_ columns: [String]) -> String {
        let widths = [6, 44, 16, 22, 10, 12, 5]
        return zip(columns, widths).map { $0.0.padding(toLength: max($0.1, $0.0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}

/// Status compares against the recorded addresses, never a fresh lookup (reconcile does that).
struct LastKnownResolver: HostResolving {
    let state: FwdState

    func ipv4Addresses(of host: String) async throws -> [IPv4Address] {
        let ports = state.config.mappings.filter { $0.target.hostName == host }.map(\.listenPort)
        let known = ports.compactMap { state.lastKnown($0) }
        guard let first = known.first else { throw ResolutionFailure(host: host, reason: "no recorded address") }
        return [first]
    }
}
