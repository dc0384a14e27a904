import DNSModel
import Foundation
import IPFwd

/// A resolver answering from a table the test can change while it runs; names not in the table
/// fail like NXDOMAIN.
public final class TableHostResolver: HostResolving, @unchecked Sendable {
    private let lock = NSLock()
    private var table: [String: [IPv4Address]]

    public init(_ table: [String: [String]] = [:]) {
        self.table = table.mapValues { $0.compactMap { IPv4Address($0) } }
    }

    /// Sets (or with an empty list, removes) the addresses of `host`.
    public func set(_ host: String, _ addresses: [String]) {
        lock.withLock { table[host] = addresses.isEmpty ? nil : addresses.compactMap { IPv4Address($0) } }
    }

    public func ipv4Addresses(of host: String) async throws -> [IPv4Address] {
        let answer = lock.withLock { table[host] }
        guard let answer, !answer.isEmpty else { throw ResolutionFailure(host: host, reason: "NXDOMAIN") }
        return answer
    }
}

/// A command runner that records every call and answers from canned outputs keyed by
/// "executable arg1 arg2 ..." (first matching prefix wins); unknown commands exit 0 silently.
public final class RecordingCommandRunner: CommandRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [(String, CommandOutput)]
    private var recorded: [(command: String, input: String?)] = []
    /// Executables that behave as if not installed.
    public var missing: Set<String>

    public init(answers: [(String, CommandOutput)] = [], missing: Set<String> = []) {
        self.answers = answers
        self.missing = missing
    }

    /// Every command run so far, as "executable arg1 arg2".
    public var commands: [String] { lock.withLock { recorded.map(\.command) } }

    /// Standard input given to the commands run so far.
    public var inputs: [String] { lock.withLock { recorded.compactMap(\.input) } }

    public func run(_ executable: String, _ arguments: [String], input: String?) async throws -> CommandOutput {
        if missing.contains(executable) { throw IPFwdError.commandNotFound(executable) }
        let command = ([executable] + arguments).joined(separator: " ")
        return lock.withLock {
            recorded.append((command, input))
            return answers.first { command.hasPrefix($0.0) }?.1 ?? CommandOutput(exitCode: 0)
        }
    }
}
