import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// `pe-net dns zonefile import` against the emulator on the separate world: the file's record
/// sets are created marked as pe-net's, what the zone holds differently is listed and left alone
/// (exit 3), the apex SOA/NS are ignored, and bad files or a missing zone write nothing.
@Suite("pe-net dns zonefile import", .tags(.binary, .emulator))
struct ZonefileImportCLITests {
    static let world = PrivateDNSCLITests.separate
    static let zoneID = PrivateDNSDriftCLITests.zoneID

    static let zoneText = """
        $ORIGIN privatelink.a1b2c3d4e5f6.database.windows.net.
        $TTL 300
        @        3600 IN SOA azureprivatedns.net. azureprivatedns-host.microsoft.com. 1 3600 300 2419200 10
        @        3600 IN NS  azureprivatedns.net.
        sales-mi 3600 IN A   10.20.1.4
        web           IN A   10.20.5.5
        reports       IN A   10.20.5.7
        reports       IN A   10.20.5.6
        v6            IN AAAA fd00:0::5
        alias         IN CNAME reports
        _sql._tcp     IN SRV 0 5 1433 sales-mi
        info          IN TXT "owner=dba" "team=data"
        mail          IN MX  10 reports

        """

    /// A zone file in a fresh temporary directory.
    static func zoneFile(_ text: String = zoneText) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("estate.zone")
        try Data(text.utf8).write(to: file)
        return file
    }

    /// The zone with the instance's record (from `dns apply`) and a hand-made `web` pointing elsewhere.
    static func prepared() async throws -> CLIRun {
        let run = try CLIRun(world: world)
        let applied = try run.pe(["dns", "apply", "--yes"])
        #expect(applied.status == 0, "\(applied.output)\(applied.error)")
        try await run.emulator.load([PrivateDNSDriftCLITests.record("web", ip: "10.9.9.9", metadata: "{}")])
        try await run.emulator.clearRequestLog()
        return run
    }

    @Test("--dry-run prints the plan (golden), writes nothing and exits 3 for the conflict")
    func dryRun() async throws {
        let run = try await Self.prepared()
        defer { run.stop() }
        let file = try Self.zoneFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try run.pe(["dns", "zonefile", "import", "--file", file.path, "--dry-run"])
        #expect(result.status == 3, "\(result.output)\(result.error)")
        #expect(result.error.contains("1 record set(s) in privatelink.a1b2c3d4e5f6.database.windows.net differ"))
        try Golden.check(result.output, named: "zonefile-import-plan.txt", in: "PeNetCLITests")
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite })
    }

    @Test(
        "--yes creates the new sets create-only and marked as pe-net's, leaves the conflict, and a rerun creates nothing"
    )
    func importAndRerun() async throws {
        let run = try await Self.prepared()
        defer { run.stop() }
        let file = try Self.zoneFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try run.pe(["dns", "zonefile", "import", "--file", file.path, "--yes", "-o", "json"])
        #expect(result.status == 3, "\(result.output)\(result.error)")
        let writes = try await run.emulator.requestLog().filter(\.isWrite)
        #expect(
            Set(writes.map(\.path))
                == Set(
                    ["A/reports", "AAAA/v6", "CNAME/alias", "SRV/_sql._tcp", "TXT/info", "MX/mail"].map {
                        "\(Self.zoneID)/\($0)"
                    }))
        #expect(writes.allSatisfy { $0.method == "PUT" && $0.ifNoneMatch == "*" })
        let reports = try #require(writes.first { $0.path.hasSuffix("/A/reports") }?.body)
        #expect(
            reports.contains(#""managedBy":"pe-net""#) && reports.contains(#""peNetSource":"zonefile:estate.zone""#))
        #expect(reports.contains("10.20.5.6") && reports.contains("10.20.5.7") && reports.contains(#""ttl":300"#))
        #expect(!writes.contains { $0.path.hasSuffix("/A/web") || $0.path.hasSuffix("/A/sales-mi") })

        struct Report: Decodable {
            var plan: ZoneImportPlan
            var outcomes: [ZoneImportOutcome]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.output.utf8))
        #expect(report.outcomes.count == 6 && report.outcomes.allSatisfy(\.done))
        #expect(report.plan.entries(.conflict).map(\.name) == ["web"])
        #expect(report.plan.entries(.unchanged).map(\.name) == ["sales-mi"])
        #expect(report.plan.entries(.ignored).map(\.type) == ["NS", "SOA"])

        try await run.emulator.clearRequestLog()
        let again = try run.pe(["dns", "zonefile", "import", "--file", file.path, "--yes", "-o", "json"])
        #expect(again.status == 3)
        let second = try JSONDecoder().decode(Report.self, from: Data(again.output.utf8))
        #expect(second.plan.entries(.create).isEmpty && second.plan.entries(.unchanged).count == 7)
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite })
        #expect(try run.pe(["dns", "plan", "--expect-no-changes"]).status == 0, "imported sets are not the plan's")
        let deletes = try run.pe(["dns", "apply", "--yes", "--allow-deletes"])
        #expect(deletes.status == 0)
        #expect(try await run.emulator.requestLog().allSatisfy { $0.method != "DELETE" })
    }

    @Test("a file without conflicts and without $ORIGIN (the plan's zone is its origin) exits 0")
    func noConflicts() async throws {
        let run = try await Self.prepared()
        defer { run.stop() }
        let text =
            Self.zoneText.split(separator: "\n").filter { !$0.hasPrefix("web") && !$0.hasPrefix("$ORIGIN") }
            .joined(separator: "\n") + "\n"
        let file = try Self.zoneFile(text)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try run.pe(["dns", "zonefile", "import", "--file", file.path, "--yes"])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("Created 6 of 6 record set(s)."))
    }

    @Test(
        "bad input exits 64 before Azure is read; a file for another zone exits 64 and a missing zone 1, writing nothing",
        arguments: [
            (
                "$ORIGIN privatelink.a1b2c3d4e5f6.database.windows.net.\nweb IN A 10.20.5.999\n", 64, "could not parse",
                true
            ),
            (
                "$ORIGIN other.example.\n$TTL 60\nweb IN A 10.20.5.5\n", 64,
                "lies outside the zone privatelink.a1b2c3d4e5f6", false
            ),
        ])
    func badInput(_ text: String, _ status: Int32, _ message: String, _ noRequests: Bool) async throws {
        let run = try await Self.prepared()
        defer { run.stop() }
        let file = try Self.zoneFile(text)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try run.pe(["dns", "zonefile", "import", "--file", file.path, "--yes"])
        #expect(result.status == status, "\(result.output)\(result.error)")
        #expect(result.error.contains(message))
        let log = try await run.emulator.requestLog()
        #expect(noRequests ? log.isEmpty : log.allSatisfy { !$0.isWrite })
    }

    @Test("a zone dns apply has not created yet exits 1 and writes nothing")
    func missingZone() async throws {
        let run = try CLIRun(world: Self.world)
        defer { run.stop() }
        let file = try Self.zoneFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try run.pe(["dns", "zonefile", "import", "--file", file.path, "--yes"])
        #expect(result.status == 1, "\(result.output)\(result.error)")
        #expect(result.error.contains("create it with `pe-net dns apply` first"))
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite })
    }
}
