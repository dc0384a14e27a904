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
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(udp, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
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
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(tcp, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
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
    let executableName: String
    private let child: ChildProcess
    private let lock = NSLock()
    private var stopped = false

    init(server: DNSServer, directory: URL, child: ChildProcess, probeZone: String) {
        self.server = server
        self.directory = directory
        self.child = child
        self.probeZone = probeZone
        executableName = child.name
    }

    /// The port it listens on.
    public var port: UInt16 { server.port }

    /// The process id.
    public var pid: Int32 { child.pid }

    /// Text of the server's log (its log file and captured output), for failure messages.
    public var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }

    /// Sends SIGHUP (NSD re-reads changed zone files).
    public func reload() {
        kill(child.pid, SIGHUP)
    }

    /// Stops the server (SIGTERM, then SIGKILL after 5 s), waits for it to exit and removes its directory.
    public func stop() async {
        let alreadyStopped = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        if child.isRunning {
            kill(child.pid, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(5)
            while child.isRunning && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(10))
            }
            if child.isRunning {
                kill(child.pid, SIGKILL)
                while child.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
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
            guard child.isRunning else {
                throw DNSServerHarnessError("\(executableName) exited at start: \(log)")
            }
            let lookup = await client.lookup(name, type: .soa)
            if lookup.outcome == .answer { return }
            try await Task.sleep(for: .milliseconds(30))
        }
        throw DNSServerHarnessError("server on \(server) not ready after \(timeout): \(log)")
    }

    static func launch(_ executable: String, arguments: [String], directory: URL) throws -> ChildProcess {
        try ChildProcess(
            executable: executable, arguments: arguments, logPath: directory.appendingPathComponent("server.log").path)
    }

    static func makeDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func executable(_ name: String) throws -> String {
        for directory in ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin"]
        where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw DNSServerHarnessError("\(name) is not installed: run scripts/setup.sh")
    }
}

/// A child process spawned with an empty signal mask and default signal actions (threads of the
/// test process block signals, and a plain spawn would pass that mask on, so SIGTERM/SIGHUP
/// would never arrive), with stdout and stderr appended to a log file. Reaped with `waitpid`.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    let name: String
    private let lock = NSLock()
    private var exited = false

    init(executable: String, arguments: [String], logPath: String) throws {
        name = URL(fileURLWithPath: executable).lastPathComponent
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw DNSServerHarnessError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
    }

    /// False once the process has exited (and has been reaped).
    var isRunning: Bool {
        lock.withLock {
            if exited { return false }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) { exited = true }
            return !exited
        }
    }
}
