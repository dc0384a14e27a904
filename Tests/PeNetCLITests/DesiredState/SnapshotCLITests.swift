import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `pe-net snapshot`: from an emulator standing in for Azure, the world file it writes gives the
/// same `plan -f -o json` in the sandbox as the source does; only reads reach the source; no token
/// is written; an apply can be rehearsed on the copy.
@Suite("pe-net snapshot", .tags(.emulator))
struct SnapshotCLITests {
    static let estateFile = TestPaths.packageRoot.appendingPathComponent("examples/estate.yaml").path
    static let estateWorld = TestPaths.packageRoot.appendingPathComponent("examples/worlds/estate.json")

    /// A folder of its own (world files, sandbox state); removed afterwards.
    struct Scratch {
        let directory: URL
        /// Runs in the sandbox (no ARM endpoint, no credential).
        let sandboxed: InProcessCLI

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pe-net-snapshot-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            sandboxed = InProcessCLI(variables: ["XDG_STATE_HOME": directory.path, "HOME": directory.path])
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    /// Snapshots `file` from `emulator` into `world`, checks that only reads were sent, and
    /// returns the snapshot's document ids.
    static func snapshot(
        _ file: String, from emulator: ARMEmulatorInProcess, into world: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String] {
        let source = InProcessCLI(armEndpoint: emulator.baseURL)
        try await emulator.clearRequestLog()
        let run = await source.run(["snapshot", "-f", file, "--out", world, "--force", "-o", "json"])
        #expect(run.status == 0, "\(run)", sourceLocation: sourceLocation)
        let log = try await emulator.requestLog()
        #expect(!log.isEmpty, sourceLocation: sourceLocation)
        let writes = log.filter {
            !($0.method == "GET" || ($0.method == "POST" && $0.path.lowercased().contains("microsoft.resourcegraph")))
        }
        #expect(
            writes.isEmpty, "snapshot sent writes: \(writes.map { "\($0.method) \($0.path)" })",
            sourceLocation: sourceLocation)
        let text = try String(contentsOfFile: world, encoding: .utf8)
        #expect(!text.contains(InProcessCLI.token), sourceLocation: sourceLocation)
        #expect(!(run.stdout + run.stderr).contains(InProcessCLI.token), sourceLocation: sourceLocation)
        let report = try JSONDecoder().decode(SnapshotReport.self, from: Data(run.stdout.utf8))
        let documents = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], sourceLocation: sourceLocation)
        #expect(documents.compactMap { $0["id"] as? String } == report.resources, sourceLocation: sourceLocation)
        return report.resources
    }

    /// `plan -f -o json` against the source and in the sandbox of the snapshot (fresh state).
    static func plans(_ file: String, emulator: ARMEmulatorInProcess, world: String, scratch: Scratch) async
        -> (InProcessCLI.Result, InProcessCLI.Result)
    {
        let source = await InProcessCLI(armEndpoint: emulator.baseURL).run(["plan", "-f", file, "-o", "json"])
        let copy = await scratch.sandboxed.run(
            ["plan", "-f", file, "-o", "json", "--sandbox", world, "--sandbox-reset"])
        return (source, copy)
    }

    @Test("estate: the snapshot plans as the source does, before and after apply; an apply rehearses on it")
    func estate() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let world = scratch.path("estate-snapshot.json")
        try await ARMEmulatorInProcess.with(worldFile: Self.estateWorld) { emulator in
            let before = try await Self.snapshot(Self.estateFile, from: emulator, into: world)
            for suffix in [
                "/managedInstances/sales-mi", "/privateEndpointConnections/pe-partner.1f2e3d4c",
                "/privateEndpoints/pe-partner", "/networkInterfaces/pe-partner.nic.5b6c7d8e",
                "/virtualNetworks/app-vnet/virtualNetworkPeerings/app-to-hub", "/virtualNetworks/hub-vnet",
            ] {
                #expect(before.contains { $0.hasSuffix(suffix) }, "\(suffix) missing from \(before)")
            }
            let (source, copy) = await Self.plans(Self.estateFile, emulator: emulator, world: world, scratch: scratch)
            #expect(source.status == 0, "\(source)")
            #expect(copy.stdout == source.stdout, "\(Golden.shortDiff(expected: source.stdout, actual: copy.stdout))")
            #expect(source.stdout.contains("\"create\""), "the estate is not applied yet: \(source)")

            // Rehearse: apply in the sandbox of the copy, then plan there: nothing left. The
            // source saw none of it.
            try await emulator.clearRequestLog()
            let rehearsal = await scratch.sandboxed.run(["apply", "-f", Self.estateFile, "--yes", "--sandbox", world])
            #expect(rehearsal.status == 0, "\(rehearsal)")
            let replan = await scratch.sandboxed.run(
                ["plan", "-f", Self.estateFile, "--expect-no-changes", "--sandbox", world])
            #expect(replan.status == 0, "\(replan)")
            #expect(try await emulator.requestLog().isEmpty)

            // The source applied: the snapshot now holds the zones, links and records.
            let apply = await InProcessCLI(armEndpoint: emulator.baseURL).run(["apply", "-f", Self.estateFile, "--yes"])
            #expect(apply.status == 0, "\(apply)")
            let after = try await Self.snapshot(Self.estateFile, from: emulator, into: world)
            for suffix in [
                "/privateDnsZones/privatelink.site", "/privateDnsZones/privatelink.site/A/hr-mi",
                "/privateDnsZones/privatelink.a1b2c3d4e5f6.database.windows.net/A/sales-mi",
            ] {
                #expect(
                    after.contains { $0.lowercased().hasSuffix(suffix.lowercased()) }, "\(suffix) missing from \(after)"
                )
            }
            #expect(after.contains { $0.contains("/virtualNetworkLinks/") })
            let (applied, appliedCopy) = await Self.plans(
                Self.estateFile, emulator: emulator, world: world, scratch: scratch)
            #expect(
                appliedCopy.stdout == applied.stdout,
                "\(Golden.shortDiff(expected: applied.stdout, actual: appliedCopy.stdout))")
            #expect(!applied.stdout.contains("\"create\""), "\(applied)")
        }
    }

    @Test("a Data Factory path: load balancer, Private Link Service, forwarders and factory plan the same")
    func dataFactoryPath() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let world = scratch.path("adf-snapshot.json")
        try await ARMEmulatorInProcess.with(world: DataFactoryPathWorld.documents()) { emulator in
            try await DesiredStateCLITests.withFile(allowChange: true) { file in
                let apply = await InProcessCLI(armEndpoint: emulator.baseURL).run(["apply", "-f", file, "--yes"])
                #expect(apply.status == 0, "\(apply)")
                let ids = try await Self.snapshot(file, from: emulator, into: world)
                for type in [
                    "/loadBalancers/", "/privateLinkServices/", "/networkInterfaces/fwd1-nic", "/factories/adf1",
                ] {
                    #expect(ids.contains { $0.contains(type) }, "\(type) missing from \(ids)")
                }
                let (source, copy) = await Self.plans(file, emulator: emulator, world: world, scratch: scratch)
                #expect(source.status == 0, "\(source)")
                #expect(
                    copy.stdout == source.stdout, "\(Golden.shortDiff(expected: source.stdout, actual: copy.stdout))")
            }
        }
    }

    @Test("an existing --out is kept unless --force; a bad file is refused before any read")
    func badInput() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.path("world.json")
        try Data("[]\n".utf8).write(to: URL(fileURLWithPath: out))
        let sandbox = ["--sandbox", Self.estateWorld.path]
        let refused = await scratch.sandboxed.run(["snapshot", "-f", Self.estateFile, "--out", out] + sandbox)
        #expect(refused.status == 64, "\(refused)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "[]\n")
        let bad = scratch.path("bad.yaml")
        try Data("apiVersion: pe-net/v2\n".utf8).write(to: URL(fileURLWithPath: bad))
        let badFile = await scratch.sandboxed.run(["snapshot", "-f", bad, "--out", scratch.path("x.json")] + sandbox)
        #expect(badFile.status == 64, "\(badFile)")
        #expect(badFile.stderr.contains("apiVersion"), "\(badFile)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("x.json")))
    }
}

/// The world recorder on its own: what it keeps from responses and what it never writes.
@Suite("snapshot world recorder")
struct WorldSnapshotTests {
    @Test("secrets are dropped, GET wins over a Resource Graph row, the ETag header is kept")
    func recordsDocuments() throws {
        let snapshot = WorldSnapshot()
        let vm =
            "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/fwd"
        let get = ARMRequest(method: "GET", url: try #require(URL(string: "https://arm.test\(vm)?api-version=1")))
        let body = """
            {"id": "\(vm)", "name": "fwd", "properties": {"virtualMachineProfile": {"osProfile": {"adminUsername": "azureuser",
             "adminPassword": "hunter2", "customData": "c2VjcmV0"}}, "connectionString": "Server=x;Password=y"}}
            """
        var headers = ARMHeaders()
        headers.append(name: "ETag", value: "W/\"1\"")
        snapshot.record(get, ARMResponse(status: 200, headers: headers, body: Data(body.utf8)))
        let graph = ARMRequest(
            method: "POST",
            url: try #require(URL(string: "https://arm.test/providers/Microsoft.ResourceGraph/resources?api-version=2"))
        )
        let row = #"{"data": [{"id": "\#(vm)", "name": "stale", "resourceGroup": "rg", "subscriptionId": "x"}]}"#
        snapshot.record(graph, ARMResponse(status: 200, body: Data(row.utf8)))
        snapshot.record(get, ARMResponse(status: 404, body: Data(#"{"id": "\#(vm)x"}"#.utf8)))
        let text = String(decoding: try snapshot.worldJSON(), as: UTF8.self)
        for secret in ["hunter2", "c2VjcmV0", "Password=y", "stale"] {
            #expect(!text.contains(secret), "\(text)")
        }
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(documents.count == 1)
        #expect(documents.first?["etag"] as? String == "W/\"1\"", "\(text)")
        #expect(documents.first?["name"] as? String == "fwd")
        #expect(text.contains("azureuser"), "\(text)")
        #expect(snapshot.count == 1)
        #expect(snapshot.missing.isEmpty)
    }
}
