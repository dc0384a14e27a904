/// What a finished command printed and how it exited.
public struct CommandOutput: Sendable, Equatable {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String

    public init(exitCode: Int32, standardOutput: String = "", standardError: String = "") {
        self.exitCode = exitCode
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    public var succeeded: Bool { exitCode == 0 }
}

/// Runs the system tools pe-net drives (nft, iptables-restore, sysctl, conntrack, ip). The one
/// live implementation is `SubprocessCommandRunner`; tests use it inside a network namespace or
/// a recording fake from PeNetTestSupport:
///
/// ```swift
/// struct RecordingRunner: CommandRunner {
///     func run(_ executable: String, _ arguments: [String], input: String?) async throws -> CommandOutput {
///         CommandOutput(exitCode: 0)
///     }
/// }
/// ```
public protocol CommandRunner: Sendable {
    /// Runs `executable` (looked up on PATH) with `arguments`, feeding `input` on standard input.
    /// Throws `IPFwdError.commandNotFound` when the executable does not exist; a non-zero exit is
    /// returned, not thrown.
    func run(_ executable: String, _ arguments: [String], input: String?) async throws -> CommandOutput

    /// What `cat paths…` prints: the files' contents one after another, a `cat: <path>: <reason>`
    /// line on standard error for each one that cannot be read, and exit code 1 when any could
    /// not. The default runs `cat`; a runner acting on this process's own namespaces may read
    /// the files itself and spare a process.
    func cat(_ paths: [String]) async throws -> CommandOutput
}

extension CommandRunner {
    public func cat(_ paths: [String]) async throws -> CommandOutput {
        try await run("cat", paths, input: nil)
    }

    /// Runs a command without input.
    public func run(_ executable: String, _ arguments: [String]) async throws -> CommandOutput {
        try await run(executable, arguments, input: nil)
    }

    /// Runs a command and throws `IPFwdError.commandFailed` unless it exits 0.
    @discardableResult
    public func checked(_ executable: String, _ arguments: [String], input: String? = nil) async throws -> CommandOutput
    {
        let output = try await run(executable, arguments, input: input)
        guard output.succeeded else {
            throw IPFwdError.commandFailed(
                command: ([executable] + arguments).joined(separator: " "),
                exitCode: output.exitCode, stderr: output.standardError)
        }
        return output
    }

    /// True when the executable exists and `arguments` exit 0.
    public func succeeds(_ executable: String, _ arguments: [String]) async -> Bool {
        (try? await run(executable, arguments))?.succeeded ?? false
    }
}
