import DNSModel
import Foundation
import PeNetTestSupport
import Resolver
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A hostile UDP responder on loopback: for each query it sends the replies a `Mode` asks for,
/// so the client's transaction-id and source-address checks can be seen at work.
final class HostileResponder: @unchecked Sendable {
    enum Mode: String, CaseIterable, Sendable {
        case wrongIDThenRight, otherSourceThenRight, onlyOtherSource, onlyWrongID
    }

    let port: UInt16
    private let fd: Int32
    private let decoy: Int32
    private let mode: Mode

    init(mode: Mode) throws {
        self.mode = mode
        let socketFD = try Self.boundSocket()
        fd = socketFD
        decoy = try Self.boundSocket()
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func start() {
        Thread { [self] in serveOnce() }.start()
    }

    deinit {
        close(fd)
        close(decoy)
    }

    static func boundSocket() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, bound == 0 else { throw DNSServerHarnessError("cannot bind a UDP socket") }
        return fd
    }

    /// A reply to `query` with one A record, optionally with another id.
    static func reply(to query: [UInt8], address: [UInt8], id: UInt16? = nil) -> [UInt8] {
        var end = 12
        while end < query.count, query[end] != 0 { end += Int(query[end]) + 1 }
        end += 5  // root label + type + class
        var reply = Array(query[0..<end])
        if let id {
            reply[0] = UInt8(id >> 8)
            reply[1] = UInt8(id & 0xFF)
        }
        reply[2] = 0x81  // QR, RD
        reply[3] = 0x80  // RA, NOERROR
        reply[4...11] = [0, 1, 0, 1, 0, 0, 0, 0]
        reply += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 10, 0, 4] + address
        return reply
    }

    private func serveOnce() {
        var buffer = [UInt8](repeating: 0, count: 2048)
        var from = sockaddr_storage()
        var fromLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &from) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &fromLength)
                }
            }
        }
        guard count >= 12 else { return }
        let query = Array(buffer[0..<count])
        let id = UInt16(query[0]) << 8 | UInt16(query[1])
        let bad = Self.reply(to: query, address: [10, 6, 6, 6], id: id ^ 0x5A5A)
        let decoyReply = Self.reply(to: query, address: [10, 6, 6, 6])
        let good = Self.reply(to: query, address: [10, 1, 2, 3])
        func send(_ socket: Int32, _ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { raw in
                withUnsafePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(socket, raw.baseAddress, raw.count, 0, $0, fromLength)
                    }
                }
            }
        }
        switch mode {
        case .wrongIDThenRight:
            send(fd, bad)
            usleep(20_000)
            send(fd, good)
        case .otherSourceThenRight:
            send(decoy, decoyReply)
            usleep(20_000)
            send(fd, good)
        case .onlyOtherSource:
            send(decoy, decoyReply)
        case .onlyWrongID:
            send(fd, bad)
        }
    }
}

@Suite struct DNSClientWireChecksTests {
    @Test(arguments: HostileResponder.Mode.allCases)
    func repliesWithAWrongIDOrFromAnotherSourceAreIgnored(mode: HostileResponder.Mode) async throws {
        let responder = try HostileResponder(mode: mode)
        responder.start()
        let server = DNSServer(address: .v4(IPv4Address(octets: 127, 0, 0, 1)), port: responder.port)
        let lookup = await DNSClient(server: server, timeout: .milliseconds(400), attempts: 1).lookup(
            "mi1.privatelink.site", type: .a)
        switch mode {
        case .wrongIDThenRight, .otherSourceThenRight:
            #expect(lookup.outcome == .answer)
            #expect(lookup.addresses.map(\.description) == ["10.1.2.3"])
        case .onlyOtherSource, .onlyWrongID:
            #expect(lookup.outcome == .timeout)
            #expect(lookup.addresses.isEmpty)
        }
        withExtendedLifetime(responder) {}
    }
}
