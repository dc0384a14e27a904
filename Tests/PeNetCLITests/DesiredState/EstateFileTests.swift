import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// The whole estate in one file against the emulator loaded with `examples/worlds/estate.json`:
/// the example's plan, apply and empty second plan with the request log checked, links, `--target`,
/// the delete brake, and malformed files refused before any request.
@Suite("pe-net.yaml estate: plan/apply -f with links, --target and the delete brake", .tags(.emulator))
struct EstateFileTests {
    static let root = TestPaths.packageRoot
    static let world = root.appendingPathComponent("examples/worlds/estate.json")
    static let example = root.appendingPathComponent("examples/estate.yaml")
    static let salesMI =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"

    /// A copy of the example estate (with its certificate) in a temporary directory, edited by
    /// `edit`; removed afterwards.
    static func withEstate<T>(_ edit: (String) -> String = { $0 }, _ body: (String) async throws -> T) async throws
        -> T
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-estate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("certs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("examples/certs/sqlsrv01.cer"),
            to: directory.appendingPathComponent("certs/sqlsrv01.cer"))
        let file = directory.appendingPathComponent("estate.yaml")
        try Data(edit(try String(contentsOf: example, encoding: .utf8)).utf8).write(to: file)
        return try await body(file.path)
    }

    static func withWorld<T>(_ body: (ARMEmulatorInProcess) async throws -> T) async throws -> T {
        try await ARMEmulatorInProcess.with(
            worldFile: world, arguments: ["--operation-ms", "0", "--poll-after-ms", "0"]
        ) { try await body($0) }
    }

    /// Requests that changed something (not reads, Resource Graph queries or refusals).
    static func writes(_ emulator: ARMEmulatorInProcess) async throws -> [ARMEmulatorInProcess.LoggedRequest] {
        try await emulator.requestLog().filter {
            $0.method != "GET" && $0.status < 400 && !$0.path.lowercased().contains("/microsoft.resourcegraph/")
        }
    }

    @Test("the example estate: plan, apply exactly the printed changes, plan again with no changes")
    func exampleConverges() async throws {
        try await Self.withWorld { emulator in
            let plan = try await PeNetRun.run(["plan", "-f", Self.example.path], emulator)
            #expect(plan.status == 0, "\(plan)")
            for line in [
                "instance sales-mi:", "instance hr-mi:", "path adf-estate:", "  link DAG_SalesDB (SalesDB):",
                "    + trust SQL Server's certificate as Cert_SQLSRV01_endpoint on sales-mi",
                "    + create link DAG_SalesDB on sales-mi for SalesDB from TCP://10.40.0.4:5022 (long-running)",
                "  instance hr-mi: hr-mi.privatelink.site,1433 (Encrypt=false;TrustServerCertificate=true)",
                "  Data Factory path adf-estate → hr-mi: hr-mi.b2c3d4e5f6a1.database.windows.net,1434",
                "    1. pe-net link plan --sql-server SQLSRV01 --sql-endpoint 10.40.0.4 --instance \(Self.salesMI) --mi-fqdn sales-mi.a1b2c3d4e5f6.database.windows.net --database SalesDB --output-dir link-DAG_SalesDB",
            ] {
                #expect(plan.stdout.contains(line), "missing: \(line)\n\(plan.stdout)")
            }
            #expect(plan.stdout.contains("Plan: 16 change(s):"), "\(plan)")
            #expect(try await Self.writes(emulator).isEmpty)

            let apply = try await PeNetRun.run(["apply", "-f", Self.example.path, "--yes"], emulator)
            #expect(apply.status == 0, "\(apply)")
            #expect(apply.stdout.contains("Applied 16 of 16 change(s)."), "\(apply)")
            #expect(apply.stdout.contains("Next for the links, on SQL Server:"), "\(apply)")
            #expect(apply.stderr.contains("done create link DAG_SalesDB"), "\(apply)")
            let writes = try await Self.writes(emulator)
            #expect(writes.count == 16, "\(writes.map { "\($0.method) \($0.path)" }.joined(separator: "\n"))")
            #expect(writes.contains { $0.path.hasSuffix("/serverTrustCertificates/Cert_SQLSRV01_endpoint") })
            #expect(writes.contains { $0.path.hasSuffix("/distributedAvailabilityGroups/DAG_SalesDB") })

            try await emulator.clearRequestLog()
            let again = try await PeNetRun.run(["plan", "-f", Self.example.path, "--expect-no-changes"], emulator)
            #expect(again.status == 0, "\(again)")
            #expect(again.stdout.contains("    = link DAG_SalesDB exists"), "\(again)")
            #expect(again.stdout.contains("No changes: Azure matches the file."))
            #expect(try await Self.writes(emulator).isEmpty)
        }
    }

    @Test("-o json carries the links and deletes; a saved plan runs, and is refused once a link's part changed")
    func savedPlan() async throws {
        try await Self.withWorld { emulator in
            let json = try await PeNetRun.run(["plan", "-f", Self.example.path, "-o", "json"], emulator)
            #expect(json.status == 0, "\(json)")
            let report = try JSONDecoder().decode(DesiredStateReport.self, from: Data(json.stdout.utf8))
            #expect(report.links?.links.map(\.name) == ["DAG_SalesDB"])
            #expect(report.links?.writeCount == 2)
            #expect(report.deletes?.changes.isEmpty == true)
            let saved = FileManager.default.temporaryDirectory.appendingPathComponent("estate-plan-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: saved) }
            try Data(json.stdout.utf8).write(to: saved)

            // Someone trusts SQL Server's certificate by hand: the saved plan no longer matches.
            let certificate = try MILinkCertificate.hex(
                of: Self.root.appendingPathComponent("examples/certs/sqlsrv01.cer"))
            let put = try await emulator.raw(
                "PUT", "\(Self.salesMI)/serverTrustCertificates/by-hand?api-version=2025-01-01",
                body: Data(#"{"properties":{"publicBlob":"\#(certificate)"}}"#.utf8))
            #expect(put.status < 300, "\(String(decoding: put.body, as: UTF8.self))")
            try await emulator.clearRequestLog()
            let stale = try await PeNetRun.run(
                ["apply", "-f", Self.example.path, "--plan-file", saved.path, "--yes"], emulator)
            #expect(stale.status == 1, "\(stale)")
            #expect(stale.stderr.contains("is stale"), "\(stale)")
            #expect(try await Self.writes(emulator).isEmpty)

            let fresh = try await PeNetRun.run(["plan", "-f", Self.example.path, "-o", "json"], emulator)
            try Data(fresh.stdout.utf8).write(to: saved)
            let applied = try await PeNetRun.run(
                ["apply", "-f", Self.example.path, "--plan-file", saved.path, "--yes"], emulator)
            #expect(applied.status == 0, "\(applied)")
            #expect(applied.stdout.contains("= SQL Server's certificate is trusted as by-hand (same public key)"))
            #expect(applied.stdout.contains("Applied 15 of 15 change(s)."), "\(applied)")
        }
    }

    @Test("an existing link that differs from the file is a warning and drift, never rewritten")
    func linkDrift() async throws {
        try await Self.withWorld { emulator in
            let apply = try await PeNetRun.run(["apply", "-f", Self.example.path, "--yes"], emulator)
            #expect(apply.status == 0, "\(apply)")
            try await Self.withEstate({
                $0.replacingOccurrences(of: "sqlEndpoint: 10.40.0.4", with: "sqlEndpoint: 10.40.0.5")
            }) {
                file in
                try await emulator.clearRequestLog()
                let plan = try await PeNetRun.run(["plan", "-f", file, "--expect-no-changes"], emulator)
                #expect(plan.status == 3, "\(plan)")
                #expect(
                    plan.stdout.contains(
                        "    warning: link DAG_SalesDB exists with partnerEndpoint TCP://10.40.0.4:5022 (the file: TCP://10.40.0.5:5022)"
                    ), "\(plan)")
                let fix = "pe-net link delete --instance \(Self.salesMI) --dag DAG_SalesDB, then apply again"
                #expect(plan.stdout.contains(fix), "\(plan)")
                let again = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
                #expect(again.status == 0, "\(again)")
                #expect(try await Self.writes(emulator).isEmpty)
            }
        }
    }

    @Test("a link on an instance that cannot be read blocks apply: exit 1, nothing written")
    func unreadableInstanceBlocksItsLink() async throws {
        try await Self.withWorld { emulator in
            try await Self.withEstate({
                $0.replacingOccurrences(of: "- instance: sales-mi", with: "- instance: gone-mi")
            }) {
                file in
                let plan = try await PeNetRun.run(["plan", "-f", file, "--target", "gone-mi"], emulator)
                #expect(plan.status == 1, "\(plan)")
                #expect(plan.stdout.contains("  link DAG_SalesDB (SalesDB):\n    error: "), "\(plan)")
                let apply = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
                #expect(apply.status == 1, "\(apply)")
                #expect(try await Self.writes(emulator).isEmpty)
            }
        }
    }

    @Test("--target narrows plan and apply to an instance (by name or id) or a path; unknown is one line, exit 64")
    func target() async throws {
        try await Self.withWorld { emulator in
            let path = try await PeNetRun.run(["plan", "-f", Self.example.path, "--target", "adf-estate"], emulator)
            #expect(path.status == 0, "\(path)")
            #expect(path.stdout.contains("path adf-estate:") && !path.stdout.contains("instance sales-mi:"), "\(path)")
            let byID = try await PeNetRun.run(
                ["plan", "-f", Self.example.path, "--target", Self.salesMI, "--target", "HR-MI"], emulator)
            #expect(byID.stdout.contains("instance sales-mi:") && byID.stdout.contains("instance hr-mi:"), "\(byID)")
            #expect(!byID.stdout.contains("path adf-estate"), "\(byID)")

            let apply = try await PeNetRun.run(
                ["apply", "-f", Self.example.path, "--target", "hr-mi", "--yes"], emulator)
            #expect(apply.status == 0, "\(apply)")
            #expect(apply.stdout.contains("Applied 3 of 3 change(s)."), "\(apply)")
            let writes = try await Self.writes(emulator)
            #expect(
                writes.count == 3 && writes.allSatisfy { $0.path.contains("/resourceGroups/hr-app-rg/") }, "\(writes)")
            let rest = try await PeNetRun.run(["plan", "-f", Self.example.path, "--expect-no-changes"], emulator)
            #expect(rest.status == 3, "\(rest)")

            try await emulator.clearRequestLog()
            let unknown = try await PeNetRun.run(
                ["apply", "-f", Self.example.path, "--target", "nope", "--yes"], emulator)
            #expect(unknown.status == 64, "\(unknown)")
            #expect(
                unknown.stderr.contains(
                    "--target nope matches no instance or Data Factory path of the file; valid targets: instances sales-mi, hr-mi; Data Factory paths adf-estate"
                ), "\(unknown)")
            #expect(unknown.stderr.split(separator: "\n").count <= 2, "\(unknown)")
            #expect(try await emulator.requestLog().isEmpty)
        }
    }

    /// hr-mi's zone lives in app-rg next to sales-mi's, so dropping hr-mi's `dns` leaves pe-net's
    /// record and link for it in a resource group the file still names.
    static func sharedGroup(_ text: String) -> String {
        text.replacingOccurrences(of: "resourceGroup: hr-app-rg", with: "resourceGroup: app-rg")
    }

    static func withoutHRDNS(_ text: String) -> String {
        sharedGroup(text).replacingOccurrences(
            of: """
                    dns:
                      subscription: 55555555-6666-7777-8888-999999999999
                      resourceGroup: app-rg
                      zoneName: privatelink.site

                """, with: "\n")
    }

    @Test("deletes of what the file no longer wants need --allow-deletes, and past 30% also --force")
    func deleteBrake() async throws {
        try await Self.withWorld { emulator in
            try await Self.withEstate(Self.sharedGroup) { file in
                let apply = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
                #expect(apply.status == 0, "\(apply)")
            }
            try await Self.withEstate(Self.withoutHRDNS) { file in
                #expect(!(try String(contentsOfFile: file, encoding: .utf8)).contains("privatelink.site"))
                let plan = try await PeNetRun.run(["plan", "-f", file], emulator)
                #expect(plan.stdout.contains("DNS pe-net created that the file no longer wants:"), "\(plan)")
                #expect(
                    plan.stdout.contains(
                        "  - delete A record hr-mi.privatelink.site → 10.20.1.4: pe-net created it for hr-mi, whose private DNS the file no longer lists"
                    ), "\(plan)")
                #expect(plan.stdout.contains("2 delete(s) of DNS the file no longer wants"), "\(plan)")

                try await emulator.clearRequestLog()
                let refused = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
                #expect(refused.status == 64, "\(refused)")
                #expect(refused.stderr.contains("the plan deletes 2 resource(s)"), "\(refused)")
                #expect(refused.stderr.contains("A record hr-mi.privatelink.site"), "\(refused)")
                #expect(refused.stderr.contains("add --allow-deletes"), "\(refused)")
                let braked = try await PeNetRun.run(["apply", "-f", file, "--yes", "--allow-deletes"], emulator)
                #expect(braked.status == 64, "\(braked)")
                #expect(
                    braked.stderr.contains("the plan deletes 2 of the 4 records and links pe-net owns"), "\(braked)")
                #expect(braked.stderr.contains("more than 30%"), "\(braked)")
                #expect(try await Self.writes(emulator).isEmpty)

                let forced = try await PeNetRun.run(
                    ["apply", "-f", file, "--yes", "--allow-deletes", "--force"], emulator)
                #expect(forced.status == 0, "\(forced)")
                let deletes = try await Self.writes(emulator)
                #expect(deletes.count == 2 && deletes.allSatisfy { $0.method == "DELETE" }, "\(deletes)")
                let again = try await PeNetRun.run(["plan", "-f", file, "--expect-no-changes"], emulator)
                #expect(again.status == 0, "\(again)")
            }
        }
    }

    @Test("renaming an instance's zone deletes pe-net's record and link in the old zone (with the flags)")
    func zoneRename() async throws {
        try await Self.withWorld { emulator in
            let apply = try await PeNetRun.run(["apply", "-f", Self.example.path, "--yes"], emulator)
            #expect(apply.status == 0, "\(apply)")
            try await Self.withEstate({
                $0.replacingOccurrences(of: "zoneName: privatelink.site", with: "zoneName: privatelink.corp")
            }) {
                file in
                let plan = try await PeNetRun.run(["plan", "-f", file], emulator)
                #expect(plan.stdout.contains("+ create A record hr-mi.privatelink.corp → 10.20.1.4"), "\(plan)")
                #expect(
                    plan.stdout.contains(
                        "  - delete A record hr-mi.privatelink.site → 10.20.1.4: pe-net created it for hr-mi, whose private DNS the file now puts in another zone"
                    ), "\(plan)")
                let refused = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
                #expect(refused.status == 64, "\(refused)")
                let applied = try await PeNetRun.run(
                    ["apply", "-f", file, "--yes", "--allow-deletes", "--force"], emulator)
                #expect(applied.status == 0, "\(applied)")
                let again = try await PeNetRun.run(["plan", "-f", file, "--expect-no-changes"], emulator)
                #expect(again.status == 0, "\(again)")
                #expect(!again.stdout.contains("privatelink.site"), "\(again)")
            }
        }
    }

    @Test("under 30% of what pe-net owns, --allow-deletes alone is enough")
    func deletesUnderTheBrake() async throws {
        try await Self.withWorld { emulator in
            try await Self.withEstate(Self.sharedGroup) { file in
                let apply = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
                #expect(apply.status == 0, "\(apply)")
            }
            // Six more records pe-net owns in the shared group (hand-tagged, serving no instance
            // of the file): the two deletes are then 2 of 10.
            let zone =
                "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers/Microsoft.Network/privateDnsZones/privatelink.a1b2c3d4e5f6.database.windows.net"
            for index in 1...6 {
                let body =
                    #"{"properties":{"ttl":3600,"aRecords":[{"ipv4Address":"10.20.1.\#(10 + index)"}],"metadata":{"managedBy":"pe-net"}}}"#
                let put = try await emulator.raw(
                    "PUT", "\(zone)/A/app\(index)?api-version=\(ARMAPIVersion.privateDNS)", body: Data(body.utf8))
                #expect(put.status < 300, "\(String(decoding: put.body, as: UTF8.self))")
            }
            try await Self.withEstate(Self.withoutHRDNS) { file in
                try await emulator.clearRequestLog()
                let applied = try await PeNetRun.run(["apply", "-f", file, "--yes", "--allow-deletes"], emulator)
                #expect(applied.status == 0, "\(applied)")
                #expect(try await Self.writes(emulator).filter { $0.method == "DELETE" }.count == 2)
            }
        }
    }

    @Test(
        "a link the invariants refuse is one line at its key, exit 64, nothing sent",
        arguments: [
            (
                "sqlServer: SQLSRV01", "sqlServer: sqlsrv01.corp.contoso.com",
                "instances[0].links[0].sqlServer: sqlsrv01.corp.contoso.com looks like a host FQDN"
            ),
            ("database: SalesDB", "database: master", "instances[0].links[0].database: master is a system database"),
            (
                "sqlCertificate: certs/sqlsrv01.cer", "sqlCertificate: certs/missing.cer",
                "instances[0].links[0].sqlCertificate: cannot read 'certs/missing.cer'"
            ),
            (
                "        database: SalesDB\n", "        database: SalesDB\n        failover: manual\n",
                "unknown key 'failover'"
            ),
        ])
    func badLink(_ from: String, _ to: String, _ expected: String) async throws {
        try await Self.withWorld { emulator in
            try await Self.withEstate({ $0.replacingOccurrences(of: from, with: to) }) { file in
                let run = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
                #expect(run.status == 64, "\(run)")
                #expect(run.stderr.contains("\(file):"), "\(run)")
                #expect(run.stderr.contains(expected), "\(run)")
                #expect(run.stderr.split(separator: "\n").count <= 2, "\(run)")
                #expect(try await emulator.requestLog().isEmpty)
            }
        }
    }

    @Test(
        "malformed files are refused with file:line:column before any request",
        arguments: [
            "yaml-syntax", "unknown-top-key", "instance-unknown-key", "port-string", "bool-string",
            "port-twice-in-path", "port-twice-on-lb", "instance-two-ports",
        ])
    func malformed(_ name: String) async throws {
        let file = Self.root.appendingPathComponent("Tests/DesiredStateTests/Files/malformed/\(name).yaml").path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let expected = try #require(text.split(separator: "\n").first { $0.hasPrefix("# expect: ") })
            .dropFirst("# expect: ".count)
        try await Self.withWorld { emulator in
            let run = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.contains("\(file):\(expected)"), "\(run)")
            #expect(try await emulator.requestLog().isEmpty)
        }
    }
}

/// SQL Server's certificate file as the hex blob a trust certificate carries.
enum MILinkCertificate {
    static func hex(of url: URL) throws -> String {
        let text = try String(contentsOf: url, encoding: .utf8)
        let body = text.components(separatedBy: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: body))
        return "0x" + der.map { String(format: "%02X", $0) }.joined()
    }
}
