import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// `pe-net dns plan|apply|export` run as an operator would: the built binary against the ARM
/// emulator loaded with the worlds in examples/worlds/, then the exported zone served by real
/// NSD behind real unbound and checked with `pe-net dns verify` and `apply --verify-with`.
@Suite("pe-net dns plan/apply/export", .tags(.binary, .emulator))
struct PrivateDNSCLITests {
    struct World: CustomTestStringConvertible, Sendable {
        var file: String
        var instance: String
        var endpoint: String
        var topology: String
        var zone: String
        /// The name clients use, and the IP it must resolve to.
        var host: String
        var ip: String
        var testDescription: String { file }
    }

    static let miPrefix = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers"
    static let appPrefix = "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers"

    static let separate = World(
        file: "separate", instance: "\(miPrefix)/Microsoft.Sql/managedInstances/sales-mi",
        endpoint: "\(appPrefix)/Microsoft.Network/privateEndpoints/pe-sales-mi", topology: "separate",
        zone: "privatelink.a1b2c3d4e5f6.database.windows.net", host: "sales-mi.a1b2c3d4e5f6.database.windows.net",
        ip: "10.20.1.4")
    static let peered = World(
        file: "peered", instance: "\(miPrefix)/Microsoft.Sql/managedInstances/hr-mi",
        endpoint: "\(appPrefix)/Microsoft.Network/privateEndpoints/pe-hr-mi", topology: "peered",
        zone: "privatelink.site", host: "hr-mi.privatelink.site", ip: "10.20.1.4")
    static let same = World(
        file: "same", instance: "\(miPrefix)/Microsoft.Sql/managedInstances/ops-mi",
        endpoint: "\(miPrefix)/Microsoft.Network/privateEndpoints/pe-ops-mi", topology: "same",
        zone: "privatelink.site",
        host: "ops-mi.privatelink.site", ip: "10.0.2.4")
    static let forbiddenLinked = World(
        file: "forbidden-linked", instance: "\(miPrefix)/Microsoft.Sql/managedInstances/fin-mi",
        endpoint: "\(miPrefix)/Microsoft.Network/privateEndpoints/pe-fin-mi", topology: "same",
        zone: "privatelink.site",
        host: "fin-mi.privatelink.site", ip: "10.0.2.4")

    @Test(
        "plan → apply → plan shows no changes; export → NSD → unbound resolves the host",
        .enabled(if: TestConditions.dnsDaemonsInstalled), arguments: [separate, peered, same])
    func planApplyExportResolve(_ world: World) async throws {
        let run = try CLIRun(world: world)
        defer { run.stop() }

        let first = try run.pe(["dns", "plan", "-o", "json"])
        #expect(first.status == 0, "\(first.error)")
        let plan = try JSONDecoder().decode(PrivateDNSPlan.self, from: Data(first.output.utf8))
        #expect(plan.placements.map(\.topology.rawValue) == [world.topology])
        #expect(plan.zones.map(\.name) == [world.zone])
        #expect(plan.changes.map(\.action) == [.create, .create, .create])
        #expect(plan.guidance.map(\.host) == [world.host])
        #expect(try run.pe(["dns", "plan", "--expect-no-changes"]).status == 3)
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite }, "plan never writes")

        try await run.emulator.clearRequestLog()
        let applied = try run.pe(["dns", "apply", "--yes"])
        #expect(applied.status == 0, "\(applied.output)\(applied.error)")
        let writes = try await run.emulator.requestLog().filter(\.isWrite)
        #expect(writes.map(\.method) == ["PUT", "PUT", "PUT"])
        #expect(writes.allSatisfy { $0.ifNoneMatch == "*" }, "creates never overwrite")
        #expect(writes.contains { $0.path.hasSuffix("/privateDnsZones/\(world.zone)") })
        #expect(writes.contains { $0.path.contains("/privateDnsZones/\(world.zone)/virtualNetworkLinks/") })
        #expect(
            writes.contains {
                $0.path.hasSuffix("/privateDnsZones/\(world.zone)/A/\(world.host.split(separator: ".")[0])")
            })

        try await run.emulator.clearRequestLog()
        let again = try run.pe(["dns", "plan", "--expect-no-changes"])
        #expect(again.status == 0, "\(again.output)\(again.error)")
        #expect(again.output.contains("No changes"))
        let reapplied = try run.pe(["dns", "apply", "--yes"])
        #expect(reapplied.status == 0)
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite }, "a re-run writes nothing")

        let exported = try run.pe(["dns", "export", "-o", "json"])
        #expect(exported.status == 0, "\(exported.error)")
        let zones = try JSONDecoder().decode([ExportedZone].self, from: Data(exported.output.utf8))
        #expect(zones.map(\.zone) == [world.zone])
        var served = Dictionary(uniqueKeysWithValues: zones.map { ($0.zone, $0.text) })
        var stubs = [world.zone]
        if world.topology == "separate" {
            // Azure's public DNS: the instance name is a CNAME into the privatelink zone.
            let publicZone = String(world.host.split(separator: ".", maxSplits: 1)[1])
            served[publicZone] = Self.publicZone(publicZone, instance: String(world.host.split(separator: ".")[0]))
            stubs.append(publicZone)
        }
        try await DNSServers.withNSD(zones: served) { nsd in
            try await DNSServers.withUnbound(stubZones: stubs, to: nsd.server) { unbound in
                let verified = try run.pe(
                    ["dns", "verify", "--server", "\(unbound.server)", "--expect", "\(world.host)=\(world.ip)"],
                    world: false)
                #expect(verified.status == 0, "\(verified.output)\(verified.error)")
                if world.topology == "separate" {
                    #expect(
                        verified.output.contains("via \(world.host.split(separator: ".")[0]).\(world.zone)"),
                        "\(verified.output)")
                }
                let checked = try run.pe(["dns", "apply", "--yes", "--verify-with", "\(unbound.server)"])
                #expect(checked.status == 0, "\(checked.output)\(checked.error)")
                let wrong = try run.pe(
                    ["dns", "verify", "--server", "\(unbound.server)", "--expect", "\(world.host)=10.9.9.9"],
                    world: false)
                #expect(wrong.status == 3)
                // The zone served outside Azure drifts: --verify-with catches it (exit 3).
                let drifted = try #require(served[world.zone])
                    .replacingOccurrences(of: " 1 3600 300 2419200 10", with: " 2 3600 300 2419200 10")
                    .replacingOccurrences(of: "\t\(world.ip)", with: "\t10.9.9.9")
                try await nsd.updateZone(world.zone, text: drifted)
                let failed = try run.pe(["dns", "apply", "--yes", "--verify-with", "\(unbound.server)"])
                #expect(failed.status == 3, "\(failed.output)\(failed.error)")
                #expect(
                    failed.output.contains("FAIL \(world.host) expected \(world.ip) got 10.9.9.9"), "\(failed.output)")
            }
        }
    }

    @Test("plan's text report per world matches its golden file", arguments: [separate, peered, same, forbiddenLinked])
    func planReportGolden(_ world: World) async throws {
        let run = try CLIRun(world: world)
        defer { run.stop() }
        let result = try run.pe(["dns", "plan"])
        #expect(result.status == (world.file == "forbidden-linked" ? 1 : 0))
        try Golden.check(result.output, named: "dns-plan-\(world.file).txt", in: "PeNetCLITests")
    }

    @Test("the forbidden zone already linked to the instance's vnet stops plan and apply")
    func forbiddenZoneAlreadyLinked() async throws {
        let run = try CLIRun(world: Self.forbiddenLinked)
        defer { run.stop() }
        let plan = try run.pe(["dns", "plan"])
        #expect(plan.status == 1)
        #expect(
            plan.output.contains("privatelink.d4e5f6a1b2c3.database.windows.net is linked to mi-vnet"), "\(plan.output)"
        )
        #expect(plan.error.contains("az network private-dns link vnet delete"))
        let apply = try run.pe(["dns", "apply", "--yes"])
        #expect(apply.status == 1)
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite }, "nothing half-applied")
    }

    @Test("the forbidden name is refused for same and peered vnets", arguments: [same, peered])
    func forbiddenNameRefused(_ world: World) async throws {
        let run = try CLIRun(world: world)
        defer { run.stop() }
        let dnsZone = world.file == "same" ? "c3d4e5f6a1b2" : "b2c3d4e5f6a1"
        let forbidden = "privatelink.\(dnsZone).database.windows.net"
        for verb in ["plan", "apply"] {
            let result = try run.pe(
                ["dns", verb, "--yes", "--zone-name", forbidden].filter { verb == "apply" || $0 != "--yes" })
            #expect(result.status == 64, "\(verb): \(result.output)\(result.error)")
            #expect(result.error.contains("forbidden"), "\(result.error)")
        }
        let separate = try run.pe(["dns", "plan", "--zone-name", "corp.sql"])
        #expect(separate.status == 0, "a different name is accepted: \(separate.error)")
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite })
    }

    @Test("apply --plan-file executes a saved plan exactly once; replaying it fails without overwriting")
    func savedPlan() async throws {
        let run = try CLIRun(world: Self.same)
        defer { run.stop() }
        let planned = try run.pe(["dns", "plan", "-o", "json"])
        #expect(planned.status == 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(planned.output.utf8).write(to: file)
        try await run.emulator.clearRequestLog()
        let applied = try run.pe(["dns", "apply", "--yes", "--plan-file", file.path])
        #expect(applied.status == 0, "\(applied.output)\(applied.error)")
        let log = try await run.emulator.requestLog()
        #expect(log.filter { $0.method == "PUT" }.count == 3)
        #expect(log.filter { $0.method == "GET" && $0.path.contains("/managedInstances/") }.isEmpty, "no new discovery")
        let replayed = try run.pe(["dns", "apply", "--yes", "--plan-file", file.path])
        #expect(replayed.status == 1)
        #expect(replayed.error.contains("run plan again"), "\(replayed.error)")
        let other = try run.pe(["dns", "apply", "--yes", "--plan-file", file.path, "--endpoint", Self.peered.endpoint])
        #expect(other.status == 64)
    }

    @Test("export --output-dir writes only zone files that change; --dry-run writes nothing")
    func exportToDirectory() async throws {
        let run = try CLIRun(world: Self.peered)
        defer { run.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("privatelink.site.zone")
        let first = try run.pe(["dns", "export", "--output-dir", directory.path])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output == "wrote \(file.path)\n")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("hr-mi.privatelink.site.\t3600\tIN\tA\t10.20.1.4"))
        #expect(try run.pe(["dns", "export", "--output-dir", directory.path]).output == "unchanged \(file.path)\n")
        try Data("stale".utf8).write(to: file)
        #expect(
            try run.pe(["dns", "export", "--output-dir", directory.path, "--dry-run"]).output
                == "would write \(file.path)\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == "stale")
        #expect(
            try await run.emulator.requestLog().allSatisfy { !$0.path.contains("privateDnsZones") },
            "export reads no DNS")
    }

    @Test("bad input exits 64 before any ARM call")
    func badInput() async throws {
        let run = try CLIRun(world: Self.separate)
        defer { run.stop() }
        let noEndpoint = try run.pe(["dns", "plan", "--instance", Self.separate.instance] + run.azure, world: false)
        #expect(noEndpoint.status == 64)
        #expect(noEndpoint.error.contains("--endpoint"))
        let badZone = try run.pe(["dns", "plan", "--zone-name", "bad..name"])
        #expect(badZone.status == 64)
        let noYes = try run.pe(["dns", "apply"])
        #expect(noYes.status == 64)
        #expect(noYes.error.contains("--yes"))
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite })
    }

    struct ExportedZone: Decodable {
        var zone: String
        var file: String
        var text: String
    }

    static func publicZone(_ origin: String, instance: String) -> String {
        """
        $ORIGIN \(origin).
        @\t3600\tIN\tSOA\tns1.\(origin). hostmaster.\(origin). 1 3600 600 86400 10
        @\t3600\tIN\tNS\tns1.\(origin).
        ns1\t3600\tIN\tA\t127.0.0.1
        \(instance)\t10\tIN\tCNAME\t\(instance).privatelink.\(origin).

        """
    }
}

/// One test's emulator, token file and the `pe-net` invocation that targets them.
struct CLIRun {
    let emulator: ARMEmulatorProcess
    let world: PrivateDNSCLITests.World
    let tokenFile: URL

    init(world: PrivateDNSCLITests.World) throws {
        self.world = world
        emulator = try ARMEmulatorProcess(
            worldFile: TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(world.file).json"))
        tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-token-\(UUID().uuidString)")
        try Data("test-token".utf8).write(to: tokenFile)
    }

    var azure: [String] {
        ["--arm-endpoint", emulator.baseURL.absoluteString, "--access-token-file", tokenFile.path]
    }

    /// Runs pe-net; with `world` the instance, endpoint and ARM flags are appended.
    func pe(_ arguments: [String], world withWorld: Bool = true) throws -> Shell.Result {
        let binary = try #require(Self.binary, "build pe-net first (swift build)")
        let extra = withWorld ? ["--instance", world.instance, "--endpoint", world.endpoint] + azure : []
        return try Shell.run([binary] + arguments + extra)
    }

    func stop() {
        emulator.stop()
        try? FileManager.default.removeItem(at: tokenFile)
    }

    static var binary: String? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pe-net")
                .path,
            TestPaths.packageRoot.appendingPathComponent(".build/debug/pe-net").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
