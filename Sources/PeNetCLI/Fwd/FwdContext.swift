import ArgumentParser
import Foundation
import IPFwd
import Resolver

/// What every `pe-net fwd` command starts from: the library workflow over the Environment's
/// seams (runner, resolver or `--dns-server`, files below `--root`), after the root check.
struct FwdContext {
    let env: Environment
    let workflow: FwdWorkflow

    /// `needsRoot`: false for commands that neither read netfilter state nor write below `/`.
    init(_ env: Environment, system: FwdSystemOptions, command: String, needsRoot: Bool = true) throws {
        if needsRoot, env.userID != 0 {
            throw PeNetError.usage(
                "pe-net fwd \(command) reads netfilter rules and pe-net's files, which needs root; nothing was read or changed",
                fix: "sudo " + env.commandLine(), code: "fwd.needs-root")
        }
        var resolver = env.hostResolver
        if let text = system.dnsServer {
            let server: DNSServer
            do {
                server = try DNSServer(parsing: text)
            } catch {
                throw PeNetError.usage("--dns-server '\(text)': \(error)", resource: "--dns-server")
            }
            resolver = DNSServerHostResolver(client: env.dns(server, DNSQuerySettings()))
        }
        let files = FwdFiles(root: system.root(env))
        self.env = env
        self.workflow = FwdWorkflow(
            environment: FwdEnvironment(runner: env.runner, resolver: resolver, files: files, userID: env.userID))
    }

    var reporter: Reporter { env.reporter }

    /// Prints a plan in text mode: findings, the steps, the leftover note.
    func show(_ plan: FwdPlan, verb: String, cleaning: Bool = true) {
        guard !reporter.isJSON else { return }
        reporter.findings(plan.findings)
        let lines = FwdPlanText.lines(plan, verb: verb) + FwdPlanText.leftoverNote(plan, cleaning: cleaning)
        reporter.text(lines.joined(separator: "\n"))
    }

    /// Throws (exit 1) when findings block the plan; they were printed with it.
    func stopIfBlocked(_ plan: FwdPlan, strict: Bool) throws {
        let blocking = plan.blockingFindings(strict: strict)
        guard let first = blocking.first else { return }
        throw PeNetError.failure(
            "\(blocking.count) finding(s) stop this plan (first: \(first.message)); nothing was changed",
            resource: first.resource, code: first.code == "fwd.read-failed" ? "fwd.read-failed" : "fwd.blocked")
    }

    /// The shared end of `apply` and `remove`: print the plan, stop when blocked or previewing,
    /// confirm, execute exactly the plan's steps with live progress, report.
    func run(_ plan: FwdPlan, apply: ApplyOptions, question: String, cleaning: Bool, saved: Bool) async throws {
        show(plan, verb: "Plan", cleaning: cleaning)
        let blocked = !plan.blockingFindings(strict: apply.strict).isEmpty
        if apply.previewOnly || blocked || plan.isEmpty {
            if reporter.isJSON { try reporter.json(FwdPlanDocument(plan: plan, applied: false, notes: [])) }
            try stopIfBlocked(plan, strict: apply.strict)
            if apply.expectNoChanges, !plan.isEmpty {
                throw PeNetError.checkFailed(
                    "the plan has \(plan.steps.count) step(s) (--expect-no-changes)", code: "plan.has-changes")
            }
            return
        }
        // A stale saved plan is refused before the question; apply checks again after it.
        if saved { try await stale { try await workflow.verifyBasis(of: plan) } }
        try env.confirm(question, yes: apply.yes)
        let outcome = try await execute(plan, strict: apply.strict, saved: saved)
        if reporter.isJSON {
            try reporter.json(FwdPlanDocument(plan: plan, applied: true, notes: outcome.notes))
        } else {
            reporter.text(
                (["Applied \(outcome.executed.count) of \(plan.steps.count) step(s)."] + outcome.notes).joined(
                    separator: "\n"))
        }
    }

    /// Executes the plan's steps, one progress line per step on standard error.
    func execute(_ plan: FwdPlan, strict: Bool, saved: Bool) async throws -> FwdOutcome {
        let reporter = self.reporter
        return try await stale {
            try await workflow.apply(plan, strict: strict, checkBasis: saved) { event in
                switch event {
                case .running(let step, let index, let total):
                    reporter.progress("[\(index)/\(total)] \(step.message)")
                    if reporter.verbose {
                        for operation in FwdRenderer.operations(for: step.action) {
                            reporter.note(Self.describe(operation))
                        }
                    }
                case .done(let step, let index, let total):
                    reporter.progressDone("done [\(index)/\(total)] \(step.message)")
                }
            }
        }
    }

    /// Runs `body`, reporting a stale saved plan as pe-net's `plan.stale` failure.
    private func stale<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch IPFwdError.stalePlan(let reason) {
            throw PeNetError.failure(
                "the saved plan is stale: \(reason); nothing was changed; save a new one with `pe-net fwd plan -o json`",
                code: "plan.stale")
        }
    }

    /// One operation as `--verbose` shows it (standard input by its size, not its text).
    static func describe(_ operation: FwdOperation) -> String {
        switch operation {
        case .run(let command):
            return "run \(command)" + (command.input.map { " < \($0.utf8.count) bytes" } ?? "")
        case .write(let artifact): return "write \(artifact.path) (mode \(artifact.permissions))"
        case .remove(let path): return "remove \(path)"
        }
    }

    /// A plan saved with `-o json` (the whole document or the bare plan) for `operation`.
    func loadPlan(_ path: String, operation: FwdPlan.Operation) throws -> FwdPlan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PeNetError.usage("--plan-file \(path) cannot be read: \(error.localizedDescription)", resource: path)
        }
        let plan: FwdPlan
        do {
            plan = try JSONDecoder().decode(FwdPlanDocument.self, from: data).plan
        } catch {
            do {
                plan = try JSONDecoder().decode(FwdPlan.self, from: data)
            } catch {
                throw PeNetError.usage(
                    "--plan-file \(path) is not a plan written by `pe-net fwd \(operation == .apply ? "plan" : "remove --dry-run") -o json`",
                    resource: path)
            }
        }
        guard plan.operation == operation else {
            throw PeNetError.usage(
                "--plan-file \(path) holds a `fwd \(plan.operation.rawValue)` plan, not a `fwd \(operation.rawValue)` plan",
                resource: path)
        }
        return plan
    }
}
