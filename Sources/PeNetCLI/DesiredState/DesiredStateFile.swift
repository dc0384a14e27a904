import ARMNetwork
import ArgumentParser
import DesiredState
import Foundation

/// `-f <file>`: the desired-state file of `pe-net plan` and `pe-net apply`.
struct DesiredStateFileOptions: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("file")],
        help: ArgumentHelp("The desired-state file (pe-net.yaml).", valueName: "file"))
    var file: String

    /// The file's Data Factory paths; a bad file is one line `file:line:column: message` (exit 64).
    func load() throws -> [DataFactoryPathSpec] {
        do {
            return try PeNetFile.load(path: file).dataFactoryPaths
        } catch {
            throw PeNetError.usage(error.description, resource: file, code: "input.file")
        }
    }
}

/// The shared path of `plan -f` and `apply -f`: plan through the library workflow and map its
/// errors to pe-net's.
struct DesiredStateRun {
    let workflow: DataFactoryPathWorkflow
    let file: String

    init(file: DesiredStateFileOptions, azure: AzureOptions, env: Environment) throws {
        self.file = file.file
        // The forwarders' cloud-init comes from the forwarding renderer; none until it is wired in.
        self.workflow = DataFactoryPathWorkflow(client: try azure.client(env), clock: env.clock)
    }

    func plan(_ specs: [DataFactoryPathSpec]) async throws -> DataFactoryPathPlan {
        do {
            return try await workflow.plan(specs)
        } catch .invalidSpec(let message) {
            throw PeNetError.usage("\(file): \(message)", resource: file, code: "input.file")
        } catch {
            throw PeNetError.failure(error.description, resource: file, code: "plan.read")
        }
    }

    /// Stops (exit 1) when a finding blocks the plan; the findings were printed with it.
    static func stopIfBlocked(_ plan: DataFactoryPathPlan, strict: Bool) throws {
        let blocking = plan.blockingFindings(strict: strict)
        guard let first = blocking.first else { return }
        throw PeNetError.failure(
            "\(blocking.count) finding(s) block the plan; first: \(first.message)", resource: first.resource,
            code: "plan.blocked")
    }
}

/// The `-o json` document of `plan -f` (and of `apply -f --dry-run`, which `--plan-file` reads).
struct DesiredStateReport: Codable {
    var file: String
    var dryRun: Bool
    var plan: DataFactoryPathPlan
    var outcomes: [DataFactoryPathOutcome]
}

/// Text renderers of the Data Factory path plan.
enum DataFactoryPathText {
    static func marker(_ action: DataFactoryPathChange.Action) -> String {
        switch action {
        case .create: "+"
        case .update: "~"
        case .approve: "✓"
        }
    }

    /// The plan: per path its changes (with the fields that differ), then findings and the
    /// linked-service hosts.
    static func plan(_ plan: DataFactoryPathPlan) -> String {
        var lines: [String] = []
        for path in plan.paths {
            lines.append("path \(path.name):")
            if path.changes.isEmpty { lines.append("  = no changes") }
            for change in path.changes {
                lines.append("  \(marker(change.action)) \(change.message)")
                for difference in change.differences { lines.append("      \(difference)") }
            }
            if !path.linkedServices.isEmpty {
                lines.append("  Data Factory linked services (server = the instance FQDN, never an IP):")
                for host in path.linkedServices {
                    lines.append("    \(host.instance.name): \(host.server)")
                }
            }
        }
        if !plan.findings.isEmpty { lines += Reporter.findingLines(plan.findings) }
        lines.append(summary(plan))
        return lines.joined(separator: "\n")
    }

    static func summary(_ plan: DataFactoryPathPlan) -> String {
        guard plan.hasChanges else { return "No changes: Azure matches the file." }
        let count = { (action: DataFactoryPathChange.Action) in plan.changes.filter { $0.action == action }.count }
        return
            "Plan: \(plan.changes.count) change(s): \(count(.create)) to create, \(count(.update)) to update, \(count(.approve)) to approve."
    }

    static func outcome(_ outcome: DataFactoryPathOutcome) -> String {
        let detail = outcome.error.map { ": \($0)" } ?? ""
        return "\(outcome.result.rawValue) \(outcome.change.message)\(detail)"
    }
}
