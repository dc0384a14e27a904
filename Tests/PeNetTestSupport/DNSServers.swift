import DNSModel
import Foundation
import Resolver

#if canImport(Glibc)
    import Glibc
#endif

/// Errors of the DNS server harness.
public struct DNSServerHarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Free loopback ports for test servers.
public enum LoopbackPorts {
    /// A port on 127.0.0.1 that is free for both UDP and TCP at the time of the call.
    public static func free() throws -> UInt16 {
        for _ in 0..<50 {
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard udp >= 0 else { continue }
            defer { close(udp) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { continue }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(udp, $0, &length) }
            }
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard tcp >= 0 else { continue }
            defer { close(tcp) }
            var yes: Int32 = 1
            setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            let tcpBound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(tcp, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            let port = UInt16(bigEndian: address.sin_port)
            if tcpBound == 0, port > 1024 { return port }
        }
        throw DNSServerHarnessError("no free loopback port found")
    }
}

/// A DNS server process the tests started on loopback; stopped with `stop()` (always call it,
/// or use `withNSD` / `withUnbound`, which do).
public final class DNSServerProcess: @unchecked Sendable {
    /// Where the server listens (`127.0.0.1:<port>`).
    public let server: DNSServer
    /// The temporary directory holding its configuration, zone files and logs.
    public let directory: URL
    /// The zone probed for readiness.
    let probeZone: String
    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    init(server: DNSServer, directory: URL, process: Process, probeZone: String) {
        self.server = server
        self.directory = directory
        self.process = process
        self.probeZone = probeZone
    }

    /// The port it listens on.
    public var port: UInt16 { server.port }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Text of the server's log file (NSD) or captured output (unbound), for failure messages.
    public var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }

    /// Sends SIGHUP (NSD re-reads changed zone files).
    public func reload() {
        kill(process.processIdentifier, SIGHUP)
    }

    /// Stops the server (SIGTERM, then SIGKILL after 5 s), waits for it to exit and removes its directory.
    public func stop() async {
        let alreadyStopped = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Waits until the server answers an SOA query for `probeZone`, or throws with its log.
    func waitUntilReady(timeout: Duration = .seconds(10)) async throws {
        let client = DNSClient(server: server, timeout: .milliseconds(150), attempts: 1)
        let name = try DomainName(probeZone)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw DNSServerHarnessError("\(process.executableURL?.lastPathComponent ?? "server") exited at start: \(log)")
            }
            let lookup = await client.lookup(name, type: .soa)
            if lookup.outcome == .answer { return }
            try await Task.sleep(for: .milliseconds(30))
        }
        throw DNSServerHarnessError("server on \(server) not ready after \(timeout): \(log)")
    }

    static func launch(_ executable: String, arguments: [String], directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let logURL = directory.appendingPathComponent("server.log")
        if !FileManager.default.fileExists(atPath: logURL.path) {
            FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logURL)
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func makeDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func executable(_ name: String) throws -> String {
        for directory in ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw DNSServerHarnessError("\(name) is not installed: run scripts/setup.sh")
    }
}
