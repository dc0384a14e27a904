import Foundation
import IPFwd

/// Client, forwarder and two backends in network namespaces joined by veth pairs, for real TCP
/// through pe-net's rules. Addresses exist only inside the namespaces; every name carries the
/// test process id so `sweepStale()` can delete what a crashed run left behind.
///
/// ```
/// [cli] cli0 10.201.1.2 ── fwc 10.201.1.1 [fw] fwb1 10.201.2.1 ── be0 10.201.2.2 [be1]
///                                             fwb2 10.201.3.1 ── be0 10.201.3.2 [be2]
/// ```
public final class FwdTopology: Sendable {
    public let client: String
    public let forwarder: String
    public let backends: [String]
    /// Address of the forwarder on the client side (what clients connect to).
    public static let forwarderAddress = "10.201.1.1"
    public static let clientAddress = "10.201.1.2"
    /// Backend addresses, index-aligned with `backends`.
    public static let backendAddresses = ["10.201.2.2", "10.201.3.2"]
    /// The forwarder's interface towards the client.
    public static let ingressInterface = "fwc"

    public var namespaces: [String] { [client, forwarder] + backends }

    /// Runs commands inside the forwarder namespace.
    public var forwarderRunner: SubprocessCommandRunner {
        SubprocessCommandRunner(prefix: ["ip", "netns", "exec", forwarder])
    }

    private init(prefix: String) {
        client = prefix + "-cli"
        forwarder = prefix + "-fw"
        backends = [prefix + "-be1", prefix + "-be2"]
    }

    /// Builds the namespaces; deletes them again if any step fails.
    public static func create() throws -> FwdTopology {
        sweepStale()
        let token = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let topology = FwdTopology(prefix: "pn-\(getpid())-\(token)")
        do {
            try topology.build()
        } catch {
            topology.destroy()
            throw error
        }
        return topology
    }

    private func build() throws {
        for namespace in namespaces {
            try Shell.check(["ip", "netns", "add", namespace])
            try Shell.check(["ip", "-n", namespace, "link", "set", "lo", "up"])
        }
        try Shell.check([
            "ip", "link", "add", "cli0", "netns", client, "type", "veth", "peer", "name", "fwc", "netns", forwarder,
        ])
        try address(client, "cli0", Self.clientAddress)
        try address(forwarder, "fwc", Self.forwarderAddress)
        for (index, backend) in backends.enumerated() {
            let link = "fwb\(index + 1)"
            try Shell.check([
                "ip", "link", "add", link, "netns", forwarder, "type", "veth", "peer", "name", "be0", "netns", backend,
            ])
            try address(forwarder, link, "10.201.\(index + 2).1")
            try address(backend, "be0", Self.backendAddresses[index])
            // No default route in the backends: replies reach the client only when the forwarder masquerades.
        }
        try Shell.check(["ip", "-n", client, "route", "add", "default", "via", Self.forwarderAddress])
    }

    private func address(_ namespace: String, _ link: String, _ address: String) throws {
        try Shell.check(["ip", "-n", namespace, "addr", "add", address + "/24", "dev", link])
        try Shell.check(["ip", "-n", namespace, "link", "set", link, "up"])
    }

    /// Runs a command inside `namespace`.
    @discardableResult
    public func exec(_ namespace: String, _ arguments: [String], input: String? = nil) throws -> Shell.Result {
        try Shell.run(["ip", "netns", "exec", namespace] + arguments, input: input)
    }

    /// Starts a TCP server in backend `index` on `port` that answers every connection with `reply`.
    public func startEcho(backend index: Int, port: Int, reply: String) throws {
        try Shell.spawn([
            "ip", "netns", "exec", backends[index], "socat",
            "TCP-LISTEN:\(port),bind=\(Self.backendAddresses[index]),fork,reuseaddr", "SYSTEM:echo \(reply)",
        ])
        // Wait until it listens, so the first connection does not race the bind.
        for _ in 0..<50 {
            let listening = try exec(backends[index], ["ss", "-Hltn", "sport = :\(port)"]).output
            if !listening.isEmpty { return }
            usleep(20_000)
        }
    }

    /// Opens a TCP connection from the client to `host:port` and returns what the server said,
    /// or nil when the connection failed.
    public func connect(port: Int, host: String = FwdTopology.forwarderAddress) -> String? {
        guard
            let result = try? exec(
                client, ["socat", "-T", "3", "STDIO", "TCP:\(host):\(port),connect-timeout=3"], input: ""),
            result.status == 0
        else { return nil }
        let text = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Kills every process in the namespaces and deletes them. Safe to call twice.
    public func destroy() {
        for namespace in namespaces {
            if let pids = try? Shell.run(["ip", "netns", "pids", namespace]).output {
                for pid in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            _ = try? Shell.run(["ip", "netns", "del", namespace])
        }
    }

    /// Deletes `pn-<pid>-*` namespaces whose creating process is gone.
    public static func sweepStale() {
        guard let list = try? Shell.run(["ip", "netns", "list"]).output else { return }
        for line in list.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            let parts = name.split(separator: "-")
            guard parts.count >= 4, parts[0] == "pn", let pid = Int32(parts[1]), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            if let pids = try? Shell.run(["ip", "netns", "pids", name]).output {
                for process in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(process, SIGKILL) }
            }
            _ = try? Shell.run(["ip", "netns", "del", name])
        }
    }
}

/// Small synchronous process helpers for test set-up and tear-down (usable from `defer`).
public enum Shell {
    /// Exit status and output of a finished command.
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var error: String
    }

    /// An error naming the command that failed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ arguments: [String], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        if let input {
            inPipe.fileHandleForWriting.write(Data(input.utf8))
            try? inPipe.fileHandleForWriting.close()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            error: String(decoding: error, as: UTF8.self))
    }

    @discardableResult
    public static func check(_ arguments: [String], input: String? = nil, allowFailure: Bool = false) throws -> Result {
        let result = try run(arguments, input: input)
        if result.status != 0, !allowFailure {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited \(result.status): \(result.error)")
        }
        return result
    }

    /// Starts a long-running command in the background (ended by `FwdTopology.destroy`).
    public static func spawn(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }
}
