import Foundation

/// One row of `pe-net endpoints list`, shaped for `-o json`.
public struct ConnectionListRow: Codable, Hashable, Sendable {
    /// The consumer's private endpoint behind a connection.
    public struct Endpoint: Codable, Hashable, Sendable {
        public var name: String?
        public var id: ResourceID?
        public var subscription: String?
        public var resourceGroup: String?
    }

    public var name: String
    public var id: ResourceID
    public var privateEndpoint: Endpoint
    public var status: ConnectionStatus
    public var description: String?
    /// The endpoint owner's request message (Pending connections).
    public var requestMessage: String?
    public var provisioningState: String?

    public init(_ connection: ConnectionSnapshot) {
        name = connection.name
        id = connection.id
        privateEndpoint = Endpoint(
            name: connection.privateEndpointName, id: connection.privateEndpointID,
            subscription: connection.privateEndpointSubscription,
            resourceGroup: connection.privateEndpointResourceGroup)
        status = connection.status
        description = connection.description
        requestMessage = connection.requestMessage
        provisioningState = connection.provisioningState
    }
}

/// The `-o json` document of `approve`, `reject` and `delete`: the plan and what came of it.
public struct ConnectionRunReport: Codable, Hashable, Sendable {
    public var instance: String
    /// The instance's ARM id (guards `--plan-file` against a plan made for another instance).
    public var instanceID: ResourceID?
    public var decision: ConnectionDecision
    public var dryRun: Bool
    public var wait: Bool
    public var plan: [ConnectionChange]
    public var results: [ConnectionOutcome]
    /// How many selected connections failed (refused by the rules or by ARM).
    public var failed: Int

    public init(instance: String, plan: ConnectionPlan, dryRun: Bool, wait: Bool, results: [ConnectionOutcome]) {
        self.instance = instance
        decision = plan.decision
        self.dryRun = dryRun
        self.wait = wait
        self.plan = plan.changes
        self.results = results
        failed = results.filter(\.failed).count
    }
}

/// Pure text and JSON renderers for the endpoint commands.
public enum ConnectionReport {
    /// The `list` table: one line per connection, columns aligned.
    public static func table(_ connections: [ConnectionSnapshot]) -> String {
        let header = [
            "CONNECTION", "ENDPOINT", "SUBSCRIPTION", "RESOURCE GROUP", "STATUS", "PROVISIONING", "REQUEST MESSAGE",
            "DESCRIPTION", "ENDPOINT ID",
        ]
        let rows = connections.map { c in
            [
                c.name, c.privateEndpointName ?? "-", c.privateEndpointSubscription ?? "-",
                c.privateEndpointResourceGroup ?? "-", c.status.description, c.provisioningState ?? "-",
                c.requestMessage ?? "-", c.decisionDescription.map { $0.isEmpty ? "-" : $0 } ?? "-",
                c.privateEndpointID?.path ?? "-",
            ]
        }
        return align([header] + rows)
    }

    /// The human text of a run: the plan, then (unless dry-run) each result, then a summary.
    public static func text(_ report: ConnectionRunReport) -> String {
        report.plan.isEmpty ? planText(report) : planText(report) + resultText(report)
    }

    /// The plan, printed before anything is sent.
    public static func planText(_ report: ConnectionRunReport) -> String {
        if report.plan.isEmpty {
            return "nothing selected on instance \(report.instance); nothing to do\n"
        }
        let header =
            report.dryRun
            ? "plan for \(report.instance) (dry run, nothing is changed):" : "plan for \(report.instance):"
        return ([header] + report.plan.map { "  \(marker($0.action)) \($0.message)" }).joined(separator: "\n") + "\n"
    }

    /// Each connection's result (not for a dry run), then the summary line.
    public static func resultText(_ report: ConnectionRunReport) -> String {
        var lines: [String] = []
        if !report.dryRun {
            lines.append("results:")
            lines += report.results.map { outcome in
                // Refusals were explained in full in the plan just above.
                let message =
                    outcome.action == .refused ? "\(outcome.connection): refused (see the plan)" : outcome.message
                return "  \(marker(outcome.result)) \(message)"
            }
        }
        lines.append(summary(report))
        return lines.joined(separator: "\n") + "\n"
    }

    /// One closing line counting each kind of result.
    public static func summary(_ report: ConnectionRunReport) -> String {
        func count(_ result: ConnectionOutcome.Result) -> Int { report.results.filter { $0.result == result }.count }
        var parts: [String] = []
        if report.dryRun {
            parts.append("\(count(.planned)) to \(report.decision.rawValue)")
        } else {
            parts.append("\(count(.succeeded)) done")
            if count(.accepted) > 0 { parts.append("\(count(.accepted)) accepted (not waited for)") }
        }
        parts.append("\(count(.unchanged)) unchanged")
        parts.append("\(report.failed) failed")
        return parts.joined(separator: ", ")
    }

    private static func marker(_ action: ConnectionChange.Action) -> String {
        switch action {
        case .approve, .reject, .delete: "~"
        case .unchanged: "="
        case .refused: "!"
        }
    }

    private static func marker(_ result: ConnectionOutcome.Result) -> String {
        switch result {
        case .succeeded, .accepted, .planned: "ok"
        case .unchanged: "= "
        case .failed: "!!"
        }
    }

    private static func align(_ rows: [[String]]) -> String {
        guard let columns = rows.first?.count else { return "" }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == columns - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
