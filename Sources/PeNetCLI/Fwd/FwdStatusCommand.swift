import ArgumentParser
import DNSModel
import Foundation
import IPFwd

/// `pe-net fwd status`: mappings, addresses, counters and drift; exit 3 on drift.
struct FwdStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show mappings, resolved addresses, counters and drift (exit 3 when the rules drifted).")

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var drifted = false
        try await FwdSupport.run {
            let workflow = FwdWorkflow(environment: try FwdEnvironment.live(system: system))
            let status = try await workflow.status(backend: system.backend)
            drifted = !status.inSync
            if output.format.isJSON {
                print(FwdSupport.json(status))
                return
            }
            FwdSupport.printWarnings(status.findings)
            print(
                "backend \(status.backend)   ip_forward \(status.ipForwarding ? 1 : 0)   interfaces \(status.interfaces.joined(separator: ","))"
            )
            print(pad(["PORT", "TARGET", "RESOLVED", "RULE", "PACKETS", "BYTES", "STATE"]))
            for row in status.mappings {
                print(
                    pad([
                        "\(row.listenPort)", row.target, row.resolved ?? "-", row.rule ?? "missing",
                        "\(row.packets)", "\(row.bytes)", row.ok ? "ok" : "drift",
                    ]))
            }
            for line in status.drift { print("drift: \(line)") }
            for leftover in status.leftovers {
                print("leftover ip_fwd.sh rule: \(leftover) (apply --clean-leftovers deletes it)")
            }
            if status.inSync { print("in sync (inspect with: \(status.backend.inspectCommand))") }
        }
        if drifted { throw PeNetExit.checkFailed }
    }

    private func pad(_ columns: [String]) -> String {
        let widths = [6, 44, 16, 22, 10, 12, 5]
        return zip(columns, widths).map { $0.0.padding(toLength: max($0.1, $0.0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
