import Foundation
import Subprocess

#if canImport(Glibc)
    import Glibc
#endif

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

    /// Without a prefix the files are read in this process (procfs and sysfs answer for this
    /// process's namespaces, as they would for a `cat` it started); with one, `cat` runs
    /// through the prefix so that the prefix's namespaces answer.
    public func cat(_ paths: [String]) async throws -> CommandOutput {
        guard prefix.isEmpty else { return try await run("cat", paths, input: nil) }
        var output: [UInt8] = []
        var errors = ""
        for path in paths {
            switch Self.readWhole(path) {
            case .success(let bytes): output += bytes
            case .failure(let reason): errors += "cat: \(path): \(reason)\n"
            }
        }
        return CommandOutput(
            exitCode: errors.isEmpty ? 0 : 1, standardOutput: Self.text(output), standardError: errors)
    }

    /// Reads a file to its end with read(2): procfs files report a size of 0, so the size is
    /// never trusted. The error is strerror's text, as cat prints it.
    static func readWhole(_ path: String) -> Result<[UInt8], ReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(ReadError(errno)) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return .success(bytes) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(errno))
            }
            bytes += chunk[..<count]
        }
    }

    /// A failed read(2) or open(2), described the way `cat` describes it.
    struct ReadError: Error, CustomStringConvertible {
        let code: Int32
        init(_ code: Int32) { self.code = code }
        var description: String { String(cString: strerror(code)) }
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
