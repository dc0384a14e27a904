/// Executes a plan's steps, in order, through the command runner and the file seam: the only
/// code in IPFwd with side effects. Every command and file comes from
/// `FwdRenderer.operations(for:)`; a failing step stops the run and names the step.
public struct FwdApplier: Sendable {
    public let runner: any CommandRunner
    public let files: FwdFiles

    public init(runner: any CommandRunner, files: FwdFiles) {
        self.runner = runner
        self.files = files
    }

    /// Runs every step of `plan`; `progress` hears each step start and finish.
    public func apply(_ plan: FwdPlan, progress: @Sendable (FwdProgress) -> Void = { _ in }) async throws
        -> FwdOutcome
    {
        var notes: [String] = []
        let total = plan.steps.count
        for (offset, step) in plan.steps.enumerated() {
            progress(.running(step, index: offset + 1, total: total))
            do {
                notes += try await execute(step)
            } catch let error as IPFwdError {
                throw IPFwdError.stepFailed(index: offset + 1, total: total, step: step.message, reason: error)
            }
            progress(.done(step, index: offset + 1, total: total))
        }
        return FwdOutcome(plan: plan, executed: plan.steps, notes: notes)
    }

    /// Executes one step; returns notes from best-effort commands.
    public func execute(_ step: FwdStep) async throws -> [String] {
        var notes: [String] = []
        for operation in FwdRenderer.operations(for: step.action) {
            switch operation {
            case .write(let artifact):
                try files.write(artifact)
            case .remove(let path):
                try files.removeFile(path)
            case .run(let command):
                if let note = try await run(command) { notes.append(note) }
            }
        }
        return notes
    }

    private func run(_ command: FwdCommandLine) async throws -> String? {
        let output: CommandOutput
        do {
            output = try await runner.run(command.executable, command.arguments, input: command.input)
        } catch IPFwdError.commandNotFound(let name) where command.bestEffortNote != nil {
            return "\(name) is not installed: \(command.bestEffortNote ?? "")"
        }
        guard output.succeeded || command.acceptedExitCodes.contains(output.exitCode) else {
            if let note = command.bestEffortNote {
                return "'\(command)' failed (\(FwdInspector.firstLine(output))): \(note)"
            }
            throw IPFwdError.commandFailed(
                command: command.description, exitCode: output.exitCode, stderr: output.standardError)
        }
        return nil
    }
}
