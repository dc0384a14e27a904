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

/// Canned outputs of the tools pe-net reads a forwarder with, for in-process tests.
public enum FwdFakeOutputs {
    /// `cat /proc/sys/net/ipv4/ip_forward /proc/net/dev /proc/net/ip_tables_names` on a machine
    /// with `lo` and `eth0` and no legacy tables.
    public static func proc(ipForward: Bool) -> String {
        """
        \(ipForward ? 1 : 0)
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets
            lo:       0       0    0    0    0     0          0         0        0       0
          eth0:       0       0    0    0    0     0          0         0        0       0

        """
    }

    /// What `nft -c -f -` of a flowtable prints on a kernel without CONFIG_NF_FLOW_TABLE.
    public static let noFlowtable = CommandOutput(
        exitCode: 1,
        standardError: """
            /dev/stdin:2:12-16: Error: Could not process rule: No such file or directory
            	flowtable probe { hook ingress priority filter; devices = { "lo" }; }
            	          ^^^^^

            """)

    /// `nft -j list ruleset` with no tables.
    public static let emptyRuleset = #"{"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}}]}"#

    /// `nft -j list ruleset` holding exactly the table `pe-net fwd apply` loads for `rules`
    /// (port, target address, target port) on `interface`.
    public static func peNetRuleset(_ rules: [(Int, String, Int)], interface: String = "eth0", packets: Int = 3)
        -> String
    {
        var items = [
            #"{"metainfo": {"version": "1.0.6", "json_schema_version": 1}}"#,
            #"{"table": {"family": "ip", "name": "pe_net", "handle": 2}}"#,
        ]
        for (index, (port, address, targetPort)) in rules.enumerated() {
            items.append(
                """
                {"rule": {"family": "ip", "table": "pe_net", "chain": "prerouting", "handle": \(10 + index), "comment": "pe-net:\(port)", "expr": [\
                {"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "\(interface)"}}, \
                {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": \(port)}}, \
                {"counter": {"packets": \(packets), "bytes": \(packets * 60)}}, {"dnat": {"addr": "\(address)", "port": \(targetPort)}}]}}
                """)
        }
        let targets = Set(rules.map { "\($0.1):\($0.2)" }).sorted()
        for (index, target) in targets.enumerated() {
            let parts = target.split(separator: ":")
            items.append(
                """
                {"rule": {"family": "ip", "table": "pe_net", "chain": "postrouting", "handle": \(50 + index), "comment": "pe-net", "expr": [\
                {"match": {"op": "in", "left": {"ct": {"key": "status"}}, "right": "dnat"}}, \
                {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": "\(parts[0])"}}, \
                {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": \(parts[1])}}, \
                {"counter": {"packets": 1, "bytes": 60}}, {"masquerade": null}]}}
                """)
        }
        return #"{"nftables": ["# + items.joined(separator: ", ") + "]}"
    }
}

extension RecordingCommandRunner {
    /// A forwarder with `lo` and `eth0`, nft working with `ruleset`, a kernel with flowtables
    /// only when `flowtable`, and every other command succeeding silently (writes included);
    /// `extra` answers come first.
    public static func forwarder(
        ipForward: Bool = false, ruleset: String = FwdFakeOutputs.emptyRuleset, extra: [(String, CommandOutput)] = [],
        missing: Set<String> = [], flowtable: Bool = false
    ) -> RecordingCommandRunner {
        RecordingCommandRunner(
            answers: extra + [
                ("nft -c -f -", flowtable ? CommandOutput(exitCode: 0) : FwdFakeOutputs.noFlowtable),
                (
                    "cat /proc/sys/net/ipv4/ip_forward",
                    CommandOutput(exitCode: 0, standardOutput: FwdFakeOutputs.proc(ipForward: ipForward))
                ),
                ("nft -j list ruleset", CommandOutput(exitCode: 0, standardOutput: ruleset)),
                (
                    "ip -j route show default",
                    CommandOutput(exitCode: 0, standardOutput: #"[{"dst":"default","dev":"eth0"}]"#)
                ),
            ], missing: missing)
    }
}

/// A temporary directory used as `--root`, deleted by `remove()`.
public struct TemporaryRoot: Sendable {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-root-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The content of `file` (an absolute path on the forwarder) below the root, or nil.
    public func read(_ file: String) -> String? {
        try? String(contentsOfFile: path + file, encoding: .utf8)
    }

    /// Writes `content` to `file` below the root.
    public func write(_ file: String, _ content: String) throws {
        let url = URL(fileURLWithPath: path + file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: true, encoding: .utf8)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Every regular file below the root, as paths relative to it.
    public func files() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var result: [String] = []
        while let item = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + item, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                result.append(item)
            }
        }
        return result.sorted()
    }
}
