import ARMNetwork
import ArgumentParser
import Foundation

/// What an endpoint command works with once its flags are read: the instance, the ARM calls and
/// where to print. Built once per run by ``make(target:azure:output:)``.
struct EndpointsContext {
    let instance: ResourceID
    let connections: ManagedInstanceConnections
    let output: OutputOptions

    static func make(target: InstanceOptions, azure: AzureOptions, output: OutputOptions) async throws
        -> EndpointsContext
    {
        let instance = try target.resolve(azure)
        let client = try azure.makeClient(verbose: output.verbose)
        return EndpointsContext(
            instance: instance, connections: ManagedInstanceConnections(client: client, instance: instance),
            output: output)
    }

    /// Prints `message` on standard error and returns the exit to throw.
    static func failEarly(_ message: String, code: ExitCode) -> ExitCode {
        CLIOutput.printError("pe-net: \(message)")
        return code
    }

    func fail(_ message: String, code: ExitCode = PeNetExit.failure) -> ExitCode {
        Self.failEarly(message, code: code)
    }

    /// approve / reject.
    func decide(_ decision: ConnectionDecision, options: DecisionOptions) async throws {
        let description = options.description ?? "\(decision == .approve ? "Approved" : "Rejected") by pe-net"
        try await execute(
            decision, selection: options.selection, description: description, run: options.run, confirmation: .granted)
    }

    /// The shared read → plan → print → apply → report path of approve, reject and delete.
    func execute(
        _ decision: ConnectionDecision, selection: ConnectionSelection, description: String, run: RunOptions,
        confirmation: Confirmation
    ) async throws {
        let managedInstance: ManagedInstance
        let current: [ConnectionSnapshot]
        do {
            managedInstance = try await connections.readInstance()
            current = try await connections.list()
        } catch {
            throw fail(ManagedInstanceConnections.explain(error, instance: instance))
        }
        let plan: ConnectionPlan
        do {
            plan = try ConnectionPlanner.plan(
                decision, selection: selection, connections: current, instance: instance.name)
        } catch {
            throw fail(error.description, code: PeNetExit.usage)
        }
        if plan.changes.isEmpty {
            // Only --all-pending can select nothing without an error.
            if output.format.isJSON {
                print(
                    try ConnectionReport.json(
                        ConnectionRunReport(
                            instance: instance.name, plan: plan, dryRun: run.dryRun, wait: !run.noWait, results: [])),
                    terminator: "")
            } else {
                print("no Pending connections on instance \(instance.name); nothing to do")
            }
            return
        }
        if !output.format.isJSON {
            let preview = ConnectionRunReport(
                instance: instance.name, plan: plan, dryRun: run.dryRun, wait: !run.noWait, results: [])
            print(ConnectionReport.planText(preview), terminator: "")
        }
        if !plan.writes.isEmpty, ManagedInstanceConnections.isStopped(managedInstance) {
            let state = managedInstance.properties?.state ?? "stopped"
            let explanation = ManagedInstanceConnections.stoppedExplanation(instance, state: state)
            guard run.dryRun else { throw fail("nothing was changed: " + explanation) }
            CLIOutput.printError("pe-net: note: a real run would fail now: " + explanation)
        }
        if !plan.writes.isEmpty, !run.dryRun,
            !confirmation.confirm(
                "\(decision.rawValue) \(plan.writes.count) connection(s) on instance \(instance.name)?")
        {
            throw fail("cancelled; nothing was changed")
        }
        let outcomes = await ConnectionExecutor.apply(plan, dryRun: run.dryRun, maxConcurrent: run.maxParallel) {
            [connections] change in
            try await connections.perform(change, description: description, wait: !run.noWait)
        }
        let report = ConnectionRunReport(
            instance: instance.name, plan: plan, dryRun: run.dryRun, wait: !run.noWait, results: outcomes)
        if output.format.isJSON {
            print(try ConnectionReport.json(report), terminator: "")
        } else {
            print(ConnectionReport.resultText(report), terminator: "")
        }
        if report.failed > 0 {
            throw fail("\(report.failed) of \(report.results.count) selected connection(s) failed; see above")
        }
    }
}

/// Whether a destructive command may go ahead: already granted (`--yes`, `--dry-run`), to be asked
/// on the terminal, or impossible to ask (no terminal).
enum Confirmation {
    case granted
    case ask
    case impossible

    /// `.ask` when standard input and standard error are terminals, else `.impossible`.
    static var current: Confirmation {
        isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1 ? .ask : .impossible
    }

    /// Asks on standard error and reads one line; only `y` or `yes` confirms.
    func confirm(_ question: String) -> Bool {
        switch self {
        case .granted: return true
        case .impossible: return false
        case .ask:
            FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
            return answer == "y" || answer == "yes"
        }
    }
}
