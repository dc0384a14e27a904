import DNSModel
import Foundation
import MILink
import PeNetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `pe-net link check-net` with real sockets between two network namespaces: SQL Server's side
/// probes the instance's side, where pysqlbridge answers TDS on 1433 and socat listens on 5022;
/// the FQDN resolves through a real NSD on loopback. Then netfilter drops 5022 (exit 3) and the
/// redirect range.
@Suite(.tags(.root)) struct LinkCheckNetNamespaceTests {
    static let fqdn = "mi1.abc123.database.windows.net"

    @Test(
        .tags(.daemons),
        .enabled(
            if: TestConditions.isRoot && TestConditions.installed("ip") && TestConditions.installed("socat")
                && TestConditions.installed("nft") && TestConditions.installed("pysqlbridge")
                && TestConditions.dnsDaemonsInstalled,
            "needs root, ip, nft, socat, pysqlbridge and NSD"))
    func blockedPortsFailAndOpenOnesPass() async throws {
        let pair = try NamespacePair.create(tag: "cn", subnet: "10.203.7")
        defer { pair.destroy() }
        let (sql, mi) = (pair.sql, pair.mi)
        try Shell.spawn([
            "ip", "netns", "exec", mi, "socat", "TCP-LISTEN:5022,bind=10.203.7.2,fork,reuseaddr", "SYSTEM:true",
        ])
        try Shell.spawn([
            "ip", "netns", "exec", mi, "/usr/bin/env", "pysqlbridge", "--demo", "--host", "10.203.7.2", "--port",
            "1433",
        ])
        let probe = NamespaceLinkProbe(namespace: sql)
        let instance = IPv4Address(octets: 10, 203, 7, 2)
        var ready = false
        for _ in 0..<100 where !ready {
            let mirroring = await probe.connect(instance, port: 5022, timeout: .milliseconds(200))
            let tds = await probe.connect(instance, port: 1433, timeout: .milliseconds(200))
            ready = mirroring == .connected && tds == .connected
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready, "socat and pysqlbridge did not listen in \(mi)")

        let zones = [
            "abc123.database.windows.net": DNSFixtures.publicZone(instances: [], extra: "mi1 IN A 10.203.7.2\n")
        ]
        try await DNSServers.withNSD(zones: zones) { nsd in
            var cli = InProcessCLI()
            cli.linkProbe = probe
            let flags = [
                "link", "check-net", "--mi-fqdn", Self.fqdn, "--mi-subnet", "10.203.7.0/24", "--dns-server",
                nsd.server.description, "--timeout", "500",
            ]
            let open = await cli.run(flags)
            #expect(open.status == 0, "\(open)")
            #expect(open.stdout.contains("ok   dns  \(Self.fqdn) resolves to 10.203.7.2 via \(nsd.server)"))
            #expect(open.stdout.contains("ok   tds-1433  TDS PRELOGIN on 10.203.7.2:1433 answered"), "\(open)")
            #expect(
                open.stdout.contains(
                    "ok   tcp-redirect  5 sampled port(s) of 11000-11999 reachable (0 listening, 5 refused"))

            // An NSG that drops 5022: no answer, exit 3; the rest still passes.
            try Shell.check([
                "ip", "netns", "exec", mi, "nft",
                "add table inet cn; add chain inet cn in { type filter hook input priority 0; }; add rule inet cn in tcp dport 5022 drop",
            ])
            let dropped = await cli.run(flags)
            #expect(dropped.status == 3, "\(dropped)")
            #expect(
                dropped.stdout.contains(
                    "FAIL tcp-5022  TCP 10.203.7.2:5022 no answer (dropped by a firewall or NSG, or no route)"),
                "\(dropped)")
            #expect(dropped.stdout.contains("ok   tds-1433"))
            #expect(dropped.stdout.contains("1 of 5 checks failed"))

            // The redirect range dropped too.
            try Shell.check([
                "ip", "netns", "exec", mi, "nft", "add rule inet cn in tcp dport 11000-11999 drop",
            ])
            let json = await cli.run(flags + ["--sample", "3", "-o", "json"])
            #expect(json.status == 3, "\(json)")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let checks = try #require(document["checks"] as? [[String: String]])
            #expect(checks.map { $0["status"] ?? "" } == ["ok", "fail", "fail", "ok", "warn"])
            #expect(checks[2]["message"]?.contains("3 of 3 sampled port(s) of 11000-11999 unreachable") == true)
        }
    }
}
