import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// The live `CommandRunner`: runs tools with swift-subprocess. `prefix` runs every command
/// through another one, e.g. `["ip", "netns", "exec", "fw"]` to act inside a network namespace.
public struct SubprocessCommandRunner: CommandRunner {
    public var prefix: [String]

    public init(prefix: [String] = []) {
        self.prefix = prefix
    }

    public func run(_ executable: String, _ arguments: [String], input: String?) async throws -> CommandOutput {
        let full = prefix + [executable] + arguments
        guard let path = Self.locate(full[0]) else { throw IPFwdError.commandNotFound(full[0]) }
        let limit = 16 * 1024 * 1024
        let result: CommandOutput
        if let input {
            let run = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(Array(full.dropFirst())),
                input: .string(input), output: .bytes(limit: limit), error: .bytes(limit: limit))
            result = CommandOutput(
                exitCode: Self.code(run.terminationStatus),
                standardOutput: Self.text(run.standardOutput), standardError: Self.text(run.standardError))
        } else {
            let run = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(Array(full.dropFirst())),
                output: .bytes(limit: limit), error: .bytes(limit: limit))
            result = CommandOutput(
                exitCode: Self.code(run.terminationStatus),
                standardOutput: Self.text(run.standardOutput), standardError: Self.text(run.standardError))
        }
        // With a prefix, `ip netns exec` reports a missing command as 255.
        if !prefix.isEmpty, result.exitCode == 255, result.standardError.contains("No such file or directory") {
            throw IPFwdError.commandNotFound(executable)
        }
        return result
    }

    /// Output bytes as text in one contiguous decode (`.string` output decodes byte by byte
    /// through a lazy sequence, which dominated reading a large `nft -j` ruleset).
    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func code(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// Finds an executable on PATH plus the sbin directories (sudo-less PATHs often lack them).
    static func locate(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for directory in directories {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
