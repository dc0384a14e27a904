import DNSModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What one TCP probe found.
public enum TCPOutcome: Error, Sendable, Equatable, Codable {
    /// The connection was accepted.
    case connected
    /// The peer answered with a reset: the path is open, nothing listens on that port.
    case refused
    /// No answer within the timeout (a firewall or NSG dropping the packets, or no route).
    case timedOut
    /// Another socket error.
    case failed(String)

    /// A few words for the check's line.
    public var summary: String {
        switch self {
        case .connected: "connected"
        case .refused: "refused (the path is open, nothing listens)"
        case .timedOut: "no answer (dropped by a firewall or NSG, or no route)"
        case .failed(let reason): reason
        }
    }
}

/// The network probes of `pe-net link check-net`, behind a seam so tests can run them inside a
/// network namespace. The live implementation is ``SocketLinkProbe``.
public protocol LinkProbing: Sendable {
    /// A TCP connection to `address:port`.
    func connect(_ address: IPv4Address, port: Int, timeout: Duration) async -> TCPOutcome
    /// A TCP connection to `address:port` and a TDS PRELOGIN exchange.
    func prelogin(_ address: IPv4Address, port: Int, timeout: Duration) async
        -> Result<TDSPrelogin.Response, LinkProbeError>
}

/// Why a PRELOGIN probe failed.
public struct LinkProbeError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The live probes: blocking sockets with a deadline, each on its own thread.
public struct SocketLinkProbe: LinkProbing {
    public init() {}

    public func connect(_ address: IPv4Address, port: Int, timeout: Duration) async -> TCPOutcome {
        await Self.onThread { Self.connectNow(address, port: port, timeout: timeout) }
    }

    public func prelogin(_ address: IPv4Address, port: Int, timeout: Duration) async
        -> Result<TDSPrelogin.Response, LinkProbeError>
    {
        await Self.onThread { Self.preloginNow(address, port: port, timeout: timeout) }
    }

    /// Runs blocking `work` on a thread of its own (the sockets are created there: a caller can
    /// move that thread into another network namespace first).
    public static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.start()
        }
    }

    /// Connects now, on the calling thread.
    public static func connectNow(_ address: IPv4Address, port: Int, timeout: Duration) -> TCPOutcome {
        switch open(address, port: port, timeout: timeout) {
        case .success(let fd):
            close(fd)
            return .connected
        case .failure(let outcome):
            return outcome
        }
    }

    /// Connects and exchanges PRELOGIN now, on the calling thread.
    public static func preloginNow(_ address: IPv4Address, port: Int, timeout: Duration)
        -> Result<TDSPrelogin.Response, LinkProbeError>
    {
        let deadline = now() + nanoseconds(timeout)
        let fd: Int32
        switch open(address, port: port, timeout: timeout) {
        case .success(let opened): fd = opened
        case .failure(let outcome): return .failure(LinkProbeError("TCP \(outcome.summary)"))
        }
        defer { close(fd) }
        let request = TDSPrelogin.request()
        var offset = 0
        while offset < request.count {
            let written = request[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                offset += written
            } else if (errno == EAGAIN || errno == EINTR), wait(fd, events: Int16(POLLOUT), until: deadline) {
                continue
            } else {
                return .failure(LinkProbeError("cannot send PRELOGIN: \(String(cString: strerror(errno)))"))
            }
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while TDSPrelogin.packetLength(received).map({ received.count < $0 }) ?? true {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got > 0 {
                received += buffer[0..<got]
                if received.count > 65_536 { break }
            } else if got == 0 {
                if received.isEmpty {
                    return .failure(LinkProbeError("the server closed the connection without answering"))
                }
                break
            } else if errno == EAGAIN || errno == EINTR {
                guard wait(fd, events: Int16(POLLIN), until: deadline) else {
                    return .failure(LinkProbeError("no PRELOGIN answer within the timeout"))
                }
            } else {
                return .failure(LinkProbeError("cannot read the answer: \(String(cString: strerror(errno)))"))
            }
        }
        if let length = TDSPrelogin.packetLength(received), received.count > length {
            received = Array(received[0..<length])
        }
        do {
            return .success(try TDSPrelogin.parse(received))
        } catch {
            return .failure(LinkProbeError(error.description))
        }
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let parts = duration.components
        return UInt64(max(0, parts.seconds)) * 1_000_000_000 + UInt64(max(0, parts.attoseconds / 1_000_000_000))
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func wait(_ fd: Int32, events: Int16, until deadline: UInt64) -> Bool {
        while true {
            let current = now()
            guard current < deadline else { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let milliseconds = Int32(min((deadline - current + 999_999) / 1_000_000, UInt64(Int32.max)))
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
        }
    }

    /// A connected non-blocking socket, or why not.
    static func open(_ address: IPv4Address, port: Int, timeout: Duration) -> Result<Int32, TCPOutcome> {
        let deadline = now() + nanoseconds(timeout)
        let fd = socket(
            AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.failed("socket: \(String(cString: strerror(errno)))")) }
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = UInt16(clamping: port).bigEndian
        withUnsafeMutableBytes(of: &target.sin_addr) { raw in
            for (index, octet) in address.octets.enumerated() { raw[index] = octet }
        }
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var error: Int32 = connected == 0 ? 0 : errno
        if connected != 0 && error == EINPROGRESS {
            guard wait(fd, events: Int16(POLLOUT), until: deadline) else {
                close(fd)
                return .failure(.timedOut)
            }
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        }
        switch error {
        case 0: return .success(fd)
        case ECONNREFUSED:
            close(fd)
            return .failure(.refused)
        case ETIMEDOUT, EHOSTUNREACH, ENETUNREACH:
            close(fd)
            return .failure(error == ETIMEDOUT ? .timedOut : .failed(String(cString: strerror(error))))
        default:
            close(fd)
            return .failure(.failed(String(cString: strerror(error))))
        }
    }
}
