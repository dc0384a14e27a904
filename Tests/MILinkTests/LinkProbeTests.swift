import DNSModel
import Foundation
import MILink
import PeNetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `setns(2)`, which Glibc's module map does not export (it needs _GNU_SOURCE).
@_silgen_name("setns") func linuxSetns(_ fd: Int32, _ type: Int32) -> Int32

/// The TDS PRELOGIN probe against a real TDS listener (pysqlbridge) on loopback, its parser on
/// malformed answers, and the 5022 TCP check between two network namespaces.
@Suite struct LinkProbeTests {
    static let loopback = IPv4Address(octets: 127, 0, 0, 1)

    @Test func preloginPacketIsWellFormed() {
        let packet = TDSPrelogin.request()
        #expect(packet[0] == 0x12 && packet[1] == 0x01)
        #expect(TDSPrelogin.packetLength(packet) == packet.count)
        // VERSION at 11 (6 bytes), ENCRYPTION at 17 (1 byte), terminator, data.
        #expect(Array(packet[8..<19]) == [0x00, 0, 11, 0, 6, 0x01, 0, 17, 0, 1, 0xFF])
    }

    @Test(arguments: [
        ([UInt8]([0x04, 0x01, 0, 5, 0]), "not a TDS packet"),
        ([0x12, 0x01, 0, 9, 0, 0, 1, 0, 0xFF], "packet type is 0x12"),
        ([0x04, 0x01, 0, 20, 0, 0, 1, 0, 0xFF], "length does not match"),
        ([0x04, 0x01, 0, 14, 0, 0, 1, 0, 0x00, 0, 40, 0, 6, 0xFF], "points past the end"),
        ([0x04, 0x01, 0, 11, 0, 0, 1, 0, 0x01, 0, 0], "cut short"),
    ])
    func malformedAnswersAreNotTDS(_ bytes: [UInt8], _ fragment: String) {
        #expect(throws: TDSPrelogin.NotTDS.self) { try TDSPrelogin.parse(bytes) }
        do {
            _ = try TDSPrelogin.parse(bytes)
        } catch {
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test func aServerAnswerIsParsed() throws {
        // VERSION 16.0.1000, ENCRYPTION required.
        let payload: [UInt8] = [0x00, 0, 11, 0, 6, 0x01, 0, 17, 0, 1, 0xFF, 16, 0, 0x03, 0xE8, 0, 0, 0x03]
        let packet: [UInt8] = [0x04, 0x01, 0, UInt8(8 + payload.count), 0, 0, 1, 0] + payload
        let response = try TDSPrelogin.parse(packet)
        #expect(response.version == "16.0.1000")
        #expect(response.encryption == "required")
    }

    /// A free TCP port on loopback (bound and released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test(
        .tags(.daemons),
        .enabled(if: TestConditions.installed("pysqlbridge"), "pysqlbridge is not installed (scripts/setup.sh)"))
    func preloginReachesARealTDSListener() async throws {
        let port = Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pysqlbridge", "--demo", "--host", "127.0.0.1", "--port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)  // pysqlbridge ignores SIGTERM
            process.waitUntilExit()
        }
        var listening = false
        for _ in 0..<100 where !listening {
            listening = SocketLinkProbe.connectNow(Self.loopback, port: port, timeout: .milliseconds(200)) == .connected
            if !listening { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(listening, "pysqlbridge did not listen on \(port)")
        let answer = await SocketLinkProbe().prelogin(Self.loopback, port: port, timeout: .seconds(5))
        let response = try answer.get()
        #expect(response.version != nil)
        #expect(response.encryption != nil)
        // A port where nothing listens: refused, and PRELOGIN fails with the TCP reason.
        kill(process.processIdentifier, SIGKILL)  // pysqlbridge ignores SIGTERM
        process.waitUntilExit()
        #expect(await SocketLinkProbe().connect(Self.loopback, port: port, timeout: .seconds(1)) == .refused)
        if case .failure(let error) = await SocketLinkProbe().prelogin(Self.loopback, port: port, timeout: .seconds(1))
        {
            #expect(error.description.hasPrefix("TCP refused"))
        } else {
            Issue.record("PRELOGIN to a closed port succeeded")
        }
    }

    /// Runs `work` on a thread moved into network namespace `name`.
    static func inNamespace<T: Sendable>(_ name: String, _ work: @escaping @Sendable () -> T) async -> T? {
        await SocketLinkProbe.onThread { () -> T? in
            let fd = open("/var/run/netns/\(name)", O_RDONLY)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            guard linuxSetns(fd, 0x4000_0000) == 0 else { return nil }  // CLONE_NEWNET
            return work()
        }
    }

    @Test(
        .tags(.root),
        .enabled(
            if: TestConditions.isRoot && TestConditions.installed("ip") && TestConditions.installed("socat"),
            "needs root, ip and socat"))
    func port5022PassesWhenListeningAndFailsWhenNot() async throws {
        let pair = try NamespacePair.create(tag: "lk", subnet: "10.202.1")
        defer { pair.destroy() }
        let (sql, mi) = (pair.sql, pair.mi)
        let instance = IPv4Address(octets: 10, 202, 1, 2)

        let before = await Self.inNamespace(sql) {
            SocketLinkProbe.connectNow(instance, port: 5022, timeout: .seconds(2))
        }
        #expect(before == .refused, "nothing listens yet")
        try Shell.spawn([
            "ip", "netns", "exec", mi, "socat", "TCP-LISTEN:5022,bind=10.202.1.2,fork,reuseaddr", "SYSTEM:true",
        ])
        var after: TCPOutcome?
        for _ in 0..<50 where after != .connected {
            after = await Self.inNamespace(sql) {
                SocketLinkProbe.connectNow(instance, port: 5022, timeout: .seconds(2))
            }
            if after != .connected { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(after == .connected)
        // A dropped path (an NSG that drops) times out instead of being refused.
        try Shell.check([
            "ip", "netns", "exec", mi, "nft",
            "add table inet lk; add chain inet lk in { type filter hook input priority 0; }; add rule inet lk in tcp dport 5022 drop",
        ])
        let dropped = await Self.inNamespace(sql) {
            SocketLinkProbe.connectNow(instance, port: 5022, timeout: .milliseconds(500))
        }
        #expect(dropped == .timedOut)
    }
}
