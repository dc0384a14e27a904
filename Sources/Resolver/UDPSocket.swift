import DNSModel

#if canImport(Glibc)
    import Glibc
#endif

/// Socket plumbing for the DNS client: non-blocking UDP and TCP sockets to one server address,
/// with source-address checks. Internal; the only code here that calls the socket API.
struct SocketAddress {
    var storage = sockaddr_storage()
    var length: socklen_t = 0
    var family: Int32

    init(_ server: DNSServer) {
        switch server.address {
        case .v4(let v4):
            family = AF_INET
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = server.port.bigEndian
            withUnsafeMutableBytes(of: &address.sin_addr) { raw in
                for (index, octet) in v4.octets.enumerated() { raw[index] = octet }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: address) { target.copyMemory(from: $0) }
            }
        case .v6(let v6):
            family = AF_INET6
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = server.port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { raw in
                for (index, octet) in v6.octets.enumerated() { raw[index] = octet }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: address) { target.copyMemory(from: $0) }
            }
        }
    }

    /// True when `other` (from `recvfrom`) is this address and port.
    func matches(_ other: sockaddr_storage, length otherLength: socklen_t) -> Bool {
        guard otherLength == length else { return false }
        return withUnsafeBytes(of: storage) { mine in
            withUnsafeBytes(of: other) { theirs in
                switch family {
                case AF_INET:
                    // family, port and address; the zero padding is not compared
                    return mine[0..<8].elementsEqual(theirs[0..<8])
                default:
                    // family, port, (flowinfo skipped) address
                    return mine[0..<4].elementsEqual(theirs[0..<4]) && mine[8..<24].elementsEqual(theirs[8..<24])
                }
            }
        }
    }
}

enum Sockets {
    static func errorText() -> String { String(cString: strerror(errno)) }

    /// Monotonic time in nanoseconds.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// An unconnected non-blocking UDP socket of the server's family.
    static func udp(for address: SocketAddress) throws(ResolverError) -> Int32 {
        let fd = socket(
            address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0
        )
        guard fd >= 0 else { throw .socket(operation: "socket", reason: errorText()) }
        var size: Int32 = 1 << 20
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    /// Sends one datagram; false when the kernel refused it (the query will time out and retry).
    static func send(_ fd: Int32, _ bytes: [UInt8], to address: SocketAddress) -> Bool {
        var target = address.storage
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, raw.baseAddress, raw.count, 0, $0, address.length)
                }
            }
        }
        return sent == bytes.count
    }

    /// Waits until `fd` is ready for `events` or `deadline` passes; true when ready.
    static func wait(_ fd: Int32, events: Int16, until deadline: UInt64) -> Bool {
        while true {
            let now = Sockets.now()
            guard now < deadline else { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let milliseconds = Int32(min((deadline - now + 999_999) / 1_000_000, UInt64(Int32.max)))
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
        }
    }

    /// One query over TCP (RFC 1035 §4.2.2 length prefix), within `deadline`.
    static func tcpExchange(_ query: [UInt8], with address: SocketAddress, until deadline: UInt64) throws(ResolverError)
        -> [UInt8]
    {
        let fd = socket(
            address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0)
        guard fd >= 0 else { throw .socket(operation: "socket", reason: errorText()) }
        defer { close(fd) }
        var target = address.storage
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, address.length) }
        }
        if connected != 0 {
            guard errno == EINPROGRESS else { throw .socket(operation: "TCP connect", reason: errorText()) }
            guard wait(fd, events: Int16(POLLOUT), until: deadline) else {
                throw .socket(operation: "TCP connect", reason: "timed out")
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else { throw .socket(operation: "TCP connect", reason: String(cString: strerror(error))) }
        }
        var framed = [UInt8(query.count >> 8), UInt8(query.count & 0xFF)]
        framed += query
        var offset = 0
        while offset < framed.count {
            let written = framed[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
            } else if errno == EAGAIN || errno == EINTR {
                guard wait(fd, events: Int16(POLLOUT), until: deadline) else {
                    throw .socket(operation: "TCP send", reason: "timed out")
                }
            } else {
                throw .socket(operation: "TCP send", reason: errorText())
            }
        }
        func read(_ count: Int) throws(ResolverError) -> [UInt8] {
            var buffer = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let got = buffer.withUnsafeMutableBytes { raw in
                    recv(fd, raw.baseAddress.map { $0 + filled }, count - filled, 0)
                }
                if got > 0 {
                    filled += got
                } else if got == 0 {
                    throw .socket(operation: "TCP receive", reason: "the server closed the connection")
                } else if errno == EAGAIN || errno == EINTR {
                    guard wait(fd, events: Int16(POLLIN), until: deadline) else {
                        throw .socket(operation: "TCP receive", reason: "timed out")
                    }
                } else {
                    throw .socket(operation: "TCP receive", reason: errorText())
                }
            }
            return buffer
        }
        let prefix = try read(2)
        return try read(Int(prefix[0]) << 8 | Int(prefix[1]))
    }
}
