import DNSModel
import Foundation
import MILink
import PeNetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `pe-net link check-net` in-process: every check passing and failing through scripted probes
/// and a table resolver, the exit codes (0, 3, 64), the JSON document, the instance's FQDN and
/// subnet read from the ARM emulator, and the reverse check's job scripts.
@Suite struct LinkCheckNetCLITests {
    static let fqdn = "mi1.abc123.database.windows.net"
    static let base = ["link", "check-net", "--mi-fqdn", fqdn, "--mi-subnet", "10.0.1.0/24", "--timeout", "200"]

    static func cli(_ probe: ScriptedLinkProbe = ScriptedLinkProbe(), address: String? = "10.0.1.4") -> InProcessCLI {
        var cli = InProcessCLI()
        cli.hostResolver = TableHostResolver(address.map { [fqdn: [$0]] } ?? [:])
        cli.linkProbe = probe
        return cli
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func everyCheckPasses() async throws {
        let probe = ScriptedLinkProbe(outcomes: [11249: .refused, 11499: .refused])
        let run = await Self.cli(probe).run(Self.base)
        #expect(run.status == 0, "\(run)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.filter { !$0.hasPrefix(" ") }.map { $0.prefix(4) } == [
                "ok  ", "ok  ", "ok  ", "ok  ", "warn", "the ",
            ])
        #expect(run.stdout.contains("ok   dns  \(Self.fqdn) resolves to 10.0.1.4 via the system resolver, inside"))
        #expect(run.stdout.contains("ok   tcp-5022  TCP 10.0.1.4:5022 connected"))
        #expect(
            run.stdout.contains("ok   tcp-redirect  5 sampled port(s) of 11000-11999 reachable (3 listening, 2 refused")
        )
        #expect(run.stdout.contains("ok   tds-1433  TDS PRELOGIN on 10.0.1.4:1433 answered (version 16.0.1000"))
        #expect(run.stdout.contains("warn reverse  the instance → SQL Server 5022 path is not tested from here"))
        #expect(run.stdout.contains("instance subnet 10.0.1.0/24, probed 10.0.1.4"))
        #expect(probe.calls.filter { $0.hasPrefix("prelogin") } == ["prelogin 10.0.1.4:1433"])
        #expect(probe.calls.filter { $0.hasPrefix("connect") }.count == 6)
    }

    @Test func theJSONDocument() async throws {
        let run = await Self.cli(ScriptedLinkProbe(outcomes: [5022: .timedOut])).run(
            Self.base + ["--sample", "2", "-o", "json"])
        #expect(run.status == 3, "\(run)")
        let document = try Self.object(run.stdout)
        #expect(document["fqdn"] as? String == Self.fqdn)
        #expect(document["subnet"] as? String == "10.0.1.0/24")
        #expect(document["address"] as? String == "10.0.1.4")
        #expect(document["passed"] as? Bool == false)
        #expect((document["files"] as? [Any])?.isEmpty == true)
        let checks = try #require(document["checks"] as? [[String: String]])
        #expect(checks.map { $0["check"] ?? "" } == ["dns", "tcp-5022", "tcp-redirect", "tds-1433", "reverse"])
        #expect(checks.map { $0["status"] ?? "" } == ["ok", "fail", "ok", "ok", "warn"])
        #expect(checks[1]["target"] == "10.0.1.4:5022")
        #expect(checks[1]["fix"]?.contains("allow TCP 5022 inbound") == true)
        #expect(checks[2]["target"] == "10.0.1.4:11000,11999")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }

    /// (resolved address, probe outcomes by port, PRELOGIN fails, the failing check, its message fragment)
    @Test(arguments: [
        (
            "10.20.1.4", [Int: TCPOutcome](), false, "dns",
            "outside the instance subnet 10.0.1.0/24: a private endpoint's"
        ),
        ("20.40.1.2", [:], false, "dns", "a public address"),
        ("10.0.1.4", [5022: .timedOut], false, "tcp-5022", "no answer (dropped by a firewall or NSG"),
        ("10.0.1.4", [5022: .refused], false, "tcp-5022", "refused: the path is open but nothing listens"),
        (
            "10.0.1.4", [11499: .timedOut], false, "tcp-redirect",
            "1 of 5 sampled port(s) of 11000-11999 unreachable (11499)"
        ),
        ("10.0.1.4", [:], true, "tds-1433", "TDS PRELOGIN on 10.0.1.4:1433 failed: the answer's packet type"),
    ])
    func eachFailingCheckExitsThree(
        _ address: String, _ outcomes: [Int: TCPOutcome], _ preloginFails: Bool, _ check: String, _ fragment: String
    ) async {
        let probe = ScriptedLinkProbe(
            outcomes: outcomes,
            prelogin: preloginFails
                ? .failure(LinkProbeError("the answer's packet type is 0x48, not 0x04 (a TDS response)"))
                : .success(TDSPrelogin.Response(version: "16.0.1000", encryption: "off")))
        let run = await Self.cli(probe, address: address).run(Self.base)
        #expect(run.status == 3, "\(run)")
        let failing = run.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL") }
        #expect(failing.count == 1, "\(run.stdout)")
        #expect(failing.first?.hasPrefix("FAIL \(check)  ") == true, "\(run.stdout)")
        #expect(failing.first?.contains(fragment) == true, "\(run.stdout)")
        #expect(run.stdout.contains("       fix: "))
        #expect(run.stdout.contains("1 of 5 checks failed"))
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }

    @Test func aNameThatDoesNotResolveSkipsTheProbes() async {
        let probe = ScriptedLinkProbe()
        let run = await Self.cli(probe, address: nil).run(Self.base)
        #expect(run.status == 3, "\(run)")
        #expect(run.stdout.contains("FAIL dns  \(Self.fqdn) does not resolve via the system resolver: NXDOMAIN"))
        #expect(run.stdout.contains("skip tcp-5022  not probed: \(Self.fqdn) has no address"))
        #expect(probe.calls.isEmpty)
        // --mi-address probes anyway; the DNS line still fails.
        let forced = await Self.cli(probe, address: nil).run(Self.base + ["--mi-address", "10.0.1.9"])
        #expect(forced.status == 3)
        #expect(forced.stdout.contains("ok   tcp-5022  TCP 10.0.1.9:5022 connected"), "\(forced)")
    }

    @Test func withoutTheSubnetAPrivateAddressOnlyWarns() async {
        let run = await Self.cli().run(["link", "check-net", "--mi-fqdn", Self.fqdn])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("warn dns  "))
        #expect(run.stdout.contains("fix: pass --mi-subnet"))
    }

    /// (flags, the one error line's fragment)
    @Test(arguments: [
        (
            ["--mi-subnet", "10.0.1.5/24"],
            "--mi-subnet 10.0.1.5/24 is not an IPv4 CIDR: host bits are set; pass 10.0.1.0/24"
        ),
        (["--mi-subnet", "10.0.1.0"], "--mi-subnet 10.0.1.0 is not an IPv4 CIDR: the prefix length is missing"),
        (["--mi-subnet", "10.0.1.0/33"], "--mi-subnet 10.0.1.0/33 is not an IPv4 CIDR; pass the instance subnet's"),
        (["--mi-subnet", "vnet-subnet"], "--mi-subnet vnet-subnet is not an IPv4 CIDR"),
        (["--mi-address", "10.0.1"], "--mi-address 10.0.1 is not an IPv4 address"),
        (["--dns-server", "10.0.0.4:0"], "--dns-server 10.0.0.4:0"),
        (["--sample", "0"], "--sample 0 is out of range; pass 1 to 1000 ports"),
        (["--timeout", "5"], "--timeout 5 is out of range"),
        (
            ["--output-dir", "/tmp/x"],
            "--output-dir writes the instance → SQL Server job scripts, which need --sql-endpoint"
        ),
        (["--sql-endpoint", "10.0.0.4:1433", "--output-dir", "/tmp/x"], "--sql-endpoint: port 1433 is the TDS port"),
        (["--mi-fqdn", "mi1.privatelink.abc123.database.windows.net"], "is the private-endpoint name"),
        (["--mi-fqdn", "10.0.1.4"], "--mi-fqdn 10.0.1.4 is not a host name"),
    ])
    func badFlagsAreOneLineAndExit64(_ flags: [String], _ fragment: String) async {
        let probe = ScriptedLinkProbe()
        let run = await Self.cli(probe).run(Self.base + flags)
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.hasPrefix("pe-net: error: "), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").first?.contains(fragment) == true, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(probe.calls.isEmpty)
    }

    @Test func neitherInstanceNorFQDNIsBadInput() async {
        let run = await Self.cli().run(["link", "check-net", "--mi-subnet", "10.0.1.0/24"])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("pass --instance <id or name> (reads the FQDN and subnet from Azure) or --mi-fqdn"))
    }

    @Test func outputDirWritesTheSQLAgentJobs() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-cn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let flags = ["--sql-server", "BOX1", "--sql-endpoint", "TCP://10.0.0.4:5022", "--output-dir", directory.path]
        let run = await Self.cli().run(Self.base + flags)
        #expect(run.status == 0, "\(run)")
        let forward = directory.appendingPathComponent("check-net/16-sql-server-to-instance.sql")
        let reverse = directory.appendingPathComponent("check-net/17-instance-to-sql-server.sql")
        #expect(run.stdout.contains("wrote \(forward.path)"))
        #expect(run.stdout.contains("fix: run \(forward.path) on SQL Server and \(reverse.path) on the instance"))
        #expect(try String(contentsOf: forward, encoding: .utf8).contains("-- Run on SQL Server BOX1 as sysadmin"))
        #expect(try String(contentsOf: forward, encoding: .utf8).contains("tnc \(Self.fqdn) -port 5022"))
        #expect(try String(contentsOf: reverse, encoding: .utf8).contains("tnc 10.0.0.4 -port 5022"))
        let again = await Self.cli().run(Self.base + flags + ["-o", "json"])
        let files = try #require(try Self.object(again.stdout)["files"] as? [[String: String]])
        #expect(files.map { $0["status"] } == ["unchanged", "unchanged"])
    }

    static let salesMI =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"
    static let salesFQDN = "sales-mi.a1b2c3d4e5f6.database.windows.net"

    @Test(.tags(.emulator)) func theInstanceGivesFQDNAndSubnet() async throws {
        let world = TestPaths.packageRoot.appendingPathComponent("examples/worlds/separate.json")
        try await ARMEmulatorInProcess.with(worldFile: world) { emulator in
            var cli = InProcessCLI(armEndpoint: emulator.baseURL)
            cli.linkProbe = ScriptedLinkProbe()
            // The private endpoint's address (the world's endpoint NIC in app-vnet) fails.
            cli.hostResolver = TableHostResolver([Self.salesFQDN: ["10.20.1.4"]])
            let endpoint = await cli.run(["link", "check-net", "--instance", Self.salesMI, "-o", "json"])
            #expect(endpoint.status == 3, "\(endpoint)")
            let document = try Self.object(endpoint.stdout)
            #expect(document["fqdn"] as? String == Self.salesFQDN)
            #expect(document["subnet"] as? String == "10.0.0.0/24")
            let checks = try #require(document["checks"] as? [[String: String]])
            #expect(checks.first?["status"] == "fail")
            #expect(checks.first?["message"]?.contains("outside the instance subnet 10.0.0.0/24") == true)
            // The VNet-local address inside mi-subnet passes.
            cli.hostResolver = TableHostResolver([Self.salesFQDN: ["10.0.0.7"]])
            let local = await cli.run(["link", "check-net", "--instance", Self.salesMI])
            #expect(local.status == 0, "\(local)")
            #expect(local.stdout.contains("inside the instance subnet 10.0.0.0/24 (VNet-local)"))
            // A missing instance is an ARM failure (exit 1), not a failed check.
            let missing = await cli.run(["link", "check-net", "--instance", Self.salesMI + "x"])
            #expect(missing.status == 1, "\(missing)")
        }
    }
}
