import DNSModel
import Foundation
import IPFwd
import MILink
import PeNetTestSupport
import Resolver
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The verdicts of `link check-net` (DNS classification, 5022, the redirect sample, TDS), the
/// run over a scripted probe, and a run against real listeners on loopback: NSD for the name,
/// pysqlbridge in 1433's role, a plain TCP listener in 5022's role.
@Suite struct LinkNetworkCheckTests {
    static let fqdn = "mi1.abc123.database.windows.net"
    static let subnet = IPv4Network("10.0.1.0/24")

    static func answer(_ addresses: [String], chain: [String] = [], failure: String? = nil) -> LinkDNSAnswer {
        LinkDNSAnswer(
            via: "10.0.0.53:53", addresses: addresses.compactMap { IPv4Address($0) }, cnameChain: chain,
            failure: failure)
    }

    @Test func theJobScriptsMatchTheirGoldenFiles() throws {
        // A named instance with a line break in its name stays inside the header comment.
        let files = LinkNetworkScripts.render(
            miFQDN: Self.fqdn, sqlHost: "10.0.0.4", sqlServer: "BOX1\\SQL22\nDROP TABLE t")
        #expect(
            files.map(\.path) == ["check-net/16-sql-server-to-instance.sql", "check-net/17-instance-to-sql-server.sql"])
        #expect(files[0].content.hasPrefix("-- Run on SQL Server BOX1\\SQL22DROP TABLE t as sysadmin;"))
        #expect(!files[0].content.contains("\nDROP TABLE"))
        for file in files { try Golden.check(file.content, named: file.path, in: "MILinkTests") }
    }

    @Test func theRedirectSampleIsSpreadAndKeepsBothEnds() {
        #expect(LinkNetworkVerdicts.redirectSample(5) == [11000, 11249, 11499, 11749, 11999])
        #expect(LinkNetworkVerdicts.redirectSample(1) == [11000])
        #expect(LinkNetworkVerdicts.redirectSample(2) == [11000, 11999])
        let all = LinkNetworkVerdicts.redirectSample(1000)
        #expect(all == Array(11000...11999))
    }

    /// (addresses, CNAME chain, subnet, status, fragment of the message)
    @Test(arguments: [
        (["10.0.1.4"], [String](), "10.0.1.0/24", LinkNetworkCheck.Status.ok, "inside the instance subnet 10.0.1.0/24"),
        (["10.0.2.5"], ["mi1.privatelink.abc123.database.windows.net"], "10.0.1.0/24", .fail, "a private endpoint's"),
        (["10.0.2.5"], [], "10.0.1.0/24", .fail, "outside the instance subnet 10.0.1.0/24"),
        (["20.50.1.2"], [], "10.0.1.0/24", .fail, "a public address"),
        (["10.0.1.4", "10.0.2.5"], [], "10.0.1.0/24", .fail, "resolves to 10.0.2.5"),
        (["172.20.0.9"], [], "", .warn, "cannot tell the VNet-local endpoint from a private endpoint"),
        (["52.1.2.3"], [], "", .fail, "a public address"),
    ])
    func dnsClassification(
        _ addresses: [String], _ chain: [String], _ subnet: String, _ status: LinkNetworkCheck.Status,
        _ fragment: String
    ) {
        let check = LinkNetworkVerdicts.dns(
            fqdn: Self.fqdn, answer: Self.answer(addresses, chain: chain), subnet: IPv4Network(subnet))
        #expect(check.status == status, "\(check)")
        #expect(check.message.contains(fragment), "\(check.message)")
        #expect((check.fix != nil) == (status != .ok))
        if !chain.isEmpty { #expect(check.message.contains("through \(chain[0])")) }
    }

    @Test func aNameWithoutAddressFailsWithTheReason() {
        let check = LinkNetworkVerdicts.dns(
            fqdn: Self.fqdn, answer: Self.answer([], failure: "NXDOMAIN"), subnet: Self.subnet)
        #expect(check.status == .fail)
        #expect(check.message == "\(Self.fqdn) does not resolve via 10.0.0.53:53: NXDOMAIN")
        #expect(check.fix?.contains("abc123.database.windows.net") == true)
    }

    @Test(arguments: [
        ("10.0.1.0/24", true), ("0.0.0.0/0", true), ("10.0.1.4/32", true), ("10.0.1.4", true),
        ("10.0.1.5/24", false), ("10.0.1.0/33", false), ("10.0.1.0/024", false), ("10.0.1/24", false),
        ("10.0.1.0/", false), ("subnet", false), ("10.0.1.0/24/1", false),
    ])
    func cidrParsing(_ text: String, _ valid: Bool) {
        #expect((IPv4Network(text) != nil) == valid, "\(text)")
    }

    @Test func subnetMembershipAndPrivateRanges() throws {
        let subnet = try #require(Self.subnet)
        #expect(subnet.contains(IPv4Address(octets: 10, 0, 1, 255)))
        #expect(!subnet.contains(IPv4Address(octets: 10, 0, 2, 0)))
        #expect(LinkNetworkVerdicts.isPrivate(IPv4Address(octets: 172, 31, 255, 1)))
        #expect(!LinkNetworkVerdicts.isPrivate(IPv4Address(octets: 172, 32, 0, 1)))
        #expect(LinkNetworkVerdicts.isPrivate(IPv4Address(octets: 100, 64, 0, 1)))
        #expect(!LinkNetworkVerdicts.isPrivate(IPv4Address(octets: 8, 8, 8, 8)))
    }

    @Test(arguments: [
        (TCPOutcome.connected, LinkNetworkCheck.Status.ok, "connected"),
        (.refused, .fail, "nothing listens there"),
        (.timedOut, .fail, "no answer"),
        (.failed("No route to host"), .fail, "No route to host"),
    ])
    func mirroringVerdicts(_ outcome: TCPOutcome, _ status: LinkNetworkCheck.Status, _ fragment: String) {
        let check = LinkNetworkVerdicts.mirroring(outcome, address: IPv4Address(octets: 10, 0, 1, 4))
        #expect(check.status == status)
        #expect(check.target == "10.0.1.4:5022")
        #expect(check.message.contains(fragment), "\(check.message)")
    }

    @Test func aRefusedRedirectPortIsReachableASilentOneIsNot() {
        let address = IPv4Address(octets: 10, 0, 1, 4)
        let open = LinkNetworkVerdicts.redirect(
            [(11000, .connected), (11499, .refused), (11999, .refused)], address: address)
        #expect(open.status == .ok)
        #expect(open.message.contains("1 listening, 2 refused"))
        let dropped = LinkNetworkVerdicts.redirect(
            [(11000, .refused), (11499, .timedOut), (11999, .timedOut)], address: address)
        #expect(dropped.status == .fail)
        #expect(dropped.message.contains("2 of 3 sampled port(s) of 11000-11999 unreachable (11499, 11999)"))
        #expect(dropped.fix?.contains("11000-11999") == true)
    }

    @Test func theRunNeverSpeaksTDSOn5022() async {
        let probe = ScriptedLinkProbe(outcomes: [11249: .refused])
        let run = LinkNetworkCheckRun(
            fqdn: Self.fqdn, subnet: Self.subnet, address: nil, redirectPorts: [11000, 11249],
            timeout: .milliseconds(100))
        let checks = await run.run(probe: probe, answer: Self.answer(["10.0.2.5", "10.0.1.4"]))
        #expect(checks.map(\.check) == ["dns", "tcp-5022", "tcp-redirect", "tds-1433"])
        #expect(checks.map(\.status) == [.fail, .ok, .ok, .ok])
        // The address inside the subnet is probed, PRELOGIN only on 1433.
        #expect(
            probe.calls == [
                "connect 10.0.1.4:11000", "connect 10.0.1.4:11249", "connect 10.0.1.4:5022",
                "prelogin 10.0.1.4:1433",
            ])
    }

    @Test func nothingIsProbedWithoutAnAddress() async {
        let probe = ScriptedLinkProbe()
        let run = LinkNetworkCheckRun(
            fqdn: Self.fqdn, subnet: Self.subnet, address: nil, redirectPorts: [11000], timeout: .milliseconds(100))
        let checks = await run.run(probe: probe, answer: Self.answer([], failure: "NXDOMAIN"))
        #expect(checks.map(\.status) == [.fail, .skip, .skip, .skip])
        #expect(probe.calls.isEmpty)
    }

    /// A TCP listener on a free loopback port (the kernel completes handshakes into the backlog);
    /// close-on-exec, so the daemons started later do not keep it open.
    static func listener() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, bound == 0, listen(fd, 64) == 0 else {
            throw DNSServerHarnessError("cannot listen on loopback: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test(
        .tags(.daemons),
        .enabled(
            if: TestConditions.installed("pysqlbridge") && TestConditions.dnsDaemonsInstalled,
            "needs pysqlbridge and NSD (scripts/setup.sh)"))
    func realListenersOnLoopback() async throws {
        let loopback = IPv4Address(octets: 127, 0, 0, 1)
        let tdsPort = LinkProbeTests.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pysqlbridge", "--demo", "--host", "127.0.0.1", "--port", String(tdsPort)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)  // pysqlbridge ignores SIGTERM
            process.waitUntilExit()
        }
        let mirroring = try Self.listener()
        var mirroringOpen = true
        defer { if mirroringOpen { close(mirroring.fd) } }
        var listening = false
        for _ in 0..<100 where !listening {
            listening = SocketLinkProbe.connectNow(loopback, port: tdsPort, timeout: .milliseconds(200)) == .connected
            if !listening { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(listening, "pysqlbridge did not listen on \(tdsPort)")

        // mi1 has its VNet-local address; mi2 goes through a privatelink zone to an endpoint's.
        let zones = [
            "abc123.database.windows.net": DNSFixtures.publicZone(instances: ["mi2"], extra: "mi1 IN A 127.0.0.1\n"),
            "privatelink.abc123.database.windows.net": DNSFixtures.privatelinkZone(records: [("mi2", "10.1.2.3")]),
        ]
        try await DNSServers.withNSD(zones: zones) { nsd in
            let client = DNSClient(server: nsd.server, timeout: .seconds(2), attempts: 2, maxInFlight: 4)
            var run = LinkNetworkCheckRun(
                fqdn: Self.fqdn, subnet: IPv4Network("127.0.0.0/8"), address: nil,
                redirectPorts: LinkNetworkVerdicts.redirectSample(3), timeout: .seconds(2))
            run.tdsPort = tdsPort
            run.mirroringPort = mirroring.port
            let answer = LinkDNSAnswer(lookup: await client.lookup(try DomainName(Self.fqdn), type: .a))
            let checks = await run.run(probe: SocketLinkProbe(), answer: answer)
            #expect(checks.allSatisfy { $0.status == .ok }, "\(checks)")
            #expect(checks[3].message.contains("TDS PRELOGIN on 127.0.0.1:\(tdsPort) answered (version"))

            // A TDS probe on the mirroring port's listener would fail: it is never made; TCP only.
            let notTDS = await SocketLinkProbe().prelogin(loopback, port: mirroring.port, timeout: .milliseconds(300))
            #expect((try? notTDS.get()) == nil)

            close(mirroring.fd)
            mirroringOpen = false
            let closed = await run.run(probe: SocketLinkProbe(), answer: answer)
            #expect(closed.map(\.status) == [.ok, .fail, .ok, .ok], "\(closed)")
            #expect(closed[1].message.contains("refused"))

            let endpointName = "mi2.abc123.database.windows.net"
            let privateEndpoint = LinkDNSAnswer(lookup: await client.lookup(try DomainName(endpointName), type: .a))
            let verdict = LinkNetworkVerdicts.dns(fqdn: endpointName, answer: privateEndpoint, subnet: run.subnet)
            #expect(verdict.status == .fail)
            #expect(
                verdict.message.contains(
                    "resolves to 10.1.2.3 (through mi2.privatelink.abc123.database.windows.net), outside the instance subnet 127.0.0.0/8"
                ), "\(verdict.message)")
        }
    }
}
