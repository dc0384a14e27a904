import Foundation
import PeNetTestSupport
import Testing

/// `check host`, `dns verify` and `dns zonefile`, run in-process.
@Suite struct DNSCLITests {
    /// Runs `pe-net` in-process (the command tree with the live DNS client, output collected).
    static func peNet(_ arguments: [String]) async -> InProcessCLI.Result {
        await InProcessCLI().run(arguments)
    }

    /// (arguments, exit status, a fragment of stdout+stderr)
    @Test(arguments: [
        (
            ["check", "host", "mi1.abc123.database.windows.net", "--instance", "mi1", "--topology", "separate"],
            Int32(0), "ok: mi1.abc123.database.windows.net is a valid connection host"
        ),
        (["check", "host", "10.1.2.3"], 3, "10.1.2.3 is an IPv4 address and cannot be used"),
        (["check", "host", "fe80::1%eth0", "--instance", "mi1"], 3, "IPv6 address and cannot be used"),
        (
            ["check", "host", "mi2.abc123.database.windows.net", "--instance", "mi1"], 3,
            "is not the instance name 'mi1'"
        ),
        (
            ["check", "host", "mi1.privatelink.abc123.database.windows.net", "--topology", "peered"], 3,
            "must not be named privatelink.abc123.database.windows.net"
        ),
        (
            ["check", "host", "mi1.privatelink.site", "--instance", "mi1", "--topology", "same"], 0,
            "Encrypt=false;TrustServerCertificate=true"
        ),
        (["check", "host", "mi_1.abc123.database.windows.net"], 3, "underscore"),
        (["check", "host", "mi1.abc123.database.windows.net", "--topology", "sideways"], 64, "'sideways' is invalid"),
        (
            ["check", "host", "mi1.abc123.database.windows.net", "--instance", "mi_1"], 64,
            "--instance 'mi_1' is not a valid instance name"
        ),
        (["--version"], 0, "0.1.0"),
    ])
    func checkHost(arguments: [String], status: Int32, fragment: String) async throws {
        let result = await Self.peNet(arguments)
        #expect(result.status == status, "\(result.output)\(result.error)")
        #expect((result.output + result.error).contains(fragment), "\(result.output)\(result.error)")
        if status == 3 {
            #expect(result.output.split(separator: "\n").first?.hasPrefix("error: ") == true)
        }
    }

    @Test func checkHostJSON() async throws {
        let result = await Self.peNet([
            "check", "host", "MI1.abc123.database.windows.net.", "--instance", "mi1", "-o", "json",
        ])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(json?["valid"] as? Bool == true)
        let codes = (json?["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes?.contains("host.trailing-dot") == true)
        #expect((json?["managedInstance"] as? [String: Any])?["dnsZone"] as? String == "abc123")
    }

    @Test func zonefileRenderMatchesItsGoldenFileAndIsStable() async throws {
        let example = TestPaths.packageRoot.appendingPathComponent(
            "examples/zones/privatelink.abc123.database.windows.net.zone"
        ).path
        let rendered = await Self.peNet(["dns", "zonefile", "render", example])
        #expect(rendered.status == 0, "\(rendered.error)")
        try FwdGolden.check(rendered.output, named: "zonefile-render-privatelink.zone", in: "PeNetCLITests")
        let again = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-render-\(UUID().uuidString).zone")
        defer { try? FileManager.default.removeItem(at: again) }
        try rendered.output.write(to: again, atomically: true, encoding: .utf8)
        #expect(await Self.peNet(["dns", "zonefile", "render", again.path]).output == rendered.output)
        #expect(await Self.peNet(["dns", "zonefile", "check", again.path]).status == 0)
    }

    @Test func zonefileErrorsCarryLineNumbers() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-bad-\(UUID().uuidString).zone")
        defer { try? FileManager.default.removeItem(at: file) }
        try "$ORIGIN z.test.\n@ 10 IN SOA a. b. 1 2 3 4 5\n@ 10 IN NS a.\n\nmi1 10 IN A 300.1.2.3\n".write(
            to: file, atomically: true, encoding: .utf8)
        let check = await Self.peNet(["dns", "zonefile", "check", file.path])
        #expect(check.status == 3)
        #expect(
            check.output.contains("\(file.path):5: Syntax error, could not parse the RR's rdata"), "\(check.output)")
        let render = await Self.peNet(["dns", "zonefile", "render", file.path])
        #expect(render.status == 64)
        #expect(render.error.contains("\(file.path):5:"))
        let missing = await Self.peNet(["dns", "zonefile", "render", "/nonexistent.zone"])
        #expect(missing.status == 64)
        #expect(missing.error.contains("cannot read zone file '/nonexistent.zone'"))
    }

    @Test func zonefileCheckFindsACNAMEWithOtherData() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-cname-\(UUID().uuidString).zone")
        defer { try? FileManager.default.removeItem(at: file) }
        try "$ORIGIN z.test.\n@ 10 IN SOA a. b. 1 2 3 4 5\n@ 10 IN NS a.\nmi1 10 IN CNAME x.\nmi1 10 IN A 10.0.0.1\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let check = await Self.peNet(["dns", "zonefile", "check", file.path])
        #expect(check.status == 3)
        #expect(check.output.contains("a CNAME must stand alone"))
    }

    @Test func dnsVerifyAgainstNSD() async throws {
        try await DNSServers.withNSD(zones: DNSFixtures.instanceZones()) { nsd in
            let server = nsd.server.description
            let ok = await Self.peNet([
                "dns", "verify", "--server", server, "--expect", "mi1.abc123.database.windows.net=10.1.2.3",
            ])
            #expect(ok.status == 0, "\(ok.output)\(ok.error)")
            #expect(
                ok.output.contains(
                    "ok mi1.abc123.database.windows.net expected 10.1.2.3 got 10.1.2.3 via mi1.privatelink.abc123.database.windows.net"
                ), "\(ok.output)")
            let wrong = await Self.peNet([
                "dns", "verify", "--server", server, "--expect", "mi1.abc123.database.windows.net=10.1.2.4", "--expect",
                "nope.abc123.database.windows.net=10.1.2.3",
            ])
            #expect(wrong.status == 3)
            #expect(wrong.output.contains("FAIL mi1.abc123.database.windows.net expected 10.1.2.4 got 10.1.2.3"))
            #expect(wrong.output.contains("FAIL nope.abc123.database.windows.net expected 10.1.2.3 got NXDOMAIN"))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pe-net-expect-\(UUID().uuidString).txt")
            defer { try? FileManager.default.removeItem(at: file) }
            try
                "# expectations\nmi1.abc123.database.windows.net 10.1.2.3\nmi1.privatelink.abc123.database.windows.net=10.1.2.3\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let json = await Self.peNet(["dns", "verify", "--server", server, "--expect-file", file.path, "-o", "json"])
            #expect(json.status == 0, "\(json.output)\(json.error)")
            let document = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            #expect(document?["passed"] as? Bool == true)
            #expect((document?["results"] as? [Any])?.count == 2)
        }
    }

    /// Bad input: one clear line, exit 64, no query sent.
    @Test(arguments: [
        (
            ["dns", "verify", "--server", "nowhere", "--expect", "a.example=10.0.0.1"],
            "'nowhere' is not a DNS server address"
        ),
        (
            ["dns", "verify", "--server", "127.0.0.1:99999", "--expect", "a.example=10.0.0.1"],
            "is not a DNS server address"
        ),
        (["dns", "verify", "--server", "127.0.0.1:5353", "--expect", "a.example"], "is not an expectation (no '=')"),
        (
            ["dns", "verify", "--server", "127.0.0.1:5353", "--expect", "a.example=10.0.0.300"],
            "'10.0.0.300' is not an IP address"
        ),
        (["dns", "verify", "--server", "127.0.0.1:5353", "--expect", "a_b.example=10.0.0.1"], "underscore"),
        (["dns", "verify", "--server", "127.0.0.1:5353"], "nothing to verify"),
        (
            ["dns", "verify", "--server", "127.0.0.1:5353", "--expect-file", "/nonexistent"],
            "cannot read --expect-file '/nonexistent'"
        ),
    ])
    func dnsVerifyBadInput(arguments: [String], fragment: String) async throws {
        let result = await Self.peNet(arguments)
        #expect(result.status == 64, "\(result.output)\(result.error)")
        #expect(result.error.contains(fragment), "\(result.error)")
        #expect(result.output.isEmpty)
    }
}
