import ARMEmulatorCore
import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// `pe-net dns apply --scope`: every instance's plan applied after one confirmation, a zone two
/// instances need created once, nothing written while one instance blocks, and a replan that
/// reads only the zones that exist.
extension DNSScopeCLITests {
    static func isZonePut(_ request: LoggedRequest, _ zone: String) -> Bool {
        request.method == "PUT" && request.path.lowercased().hasSuffix("/privatednszones/\(zone)")
    }

    @Test("a generated estate: apply --scope converges; the replan reads the graph pages and each existing zone")
    func applyGeneratedEstate() async throws {
        let documents = DNSEstateWorld.documents(instances: 12, subscriptions: 3, withoutEndpointEvery: 6)
        try await ARMEmulatorInProcess.with(
            world: [try JSONSerialization.data(withJSONObject: documents)], arguments: ["--page-size", "20"]
        ) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let applied = await cli.run(["dns", "apply", "--scope", "all", "--yes"])
            #expect(applied.status == 0, "\(applied)")
            #expect(applied.stdout.contains("Applied 30 of 30 change(s) on 10 instance(s)."), "\(applied)")
            #expect(applied.stdout.contains("mi-0001: done    create zone"), "\(applied)")
            try await emulator.clearRequestLog()
            let replan = await cli.run(["dns", "plan", "--scope", "all", "--expect-no-changes"])
            #expect(replan.status == 0, "\(replan)")
            #expect(replan.stdout.contains("0 change(s) on 0 instance(s)"), "\(replan)")
            let log = try await emulator.requestLog()
            let graph = log.filter(Self.isGraph).count
            #expect(graph == (Self.rows(documents) + 10 * 2 + 19) / 20, "the zones and links joined the rows")
            #expect(log.count - graph == 1 + 10 * 3, "GET /subscriptions, then per zone: GET, links, A records")
        }
    }

    @Test("two instances needing the same zone: it is created once, both link and record into it")
    func sharedZoneCreatedOnce() async throws {
        var world = try Self.composedWorld()
        let copy = try String(
            contentsOf: TestPaths.packageRoot.appendingPathComponent("examples/worlds/peered.json"), encoding: .utf8
        ).replacingOccurrences(of: "mi-rg", with: "hr2-rg").replacingOccurrences(of: "app-rg", with: "hr2-app-rg")
            .replacingOccurrences(of: "hr-mi", with: "hr2-mi")
        world += try #require(try JSONSerialization.jsonObject(with: Data(copy.utf8)) as? [Any])
        try await ARMEmulatorInProcess.with(world: [try JSONSerialization.data(withJSONObject: world)]) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let shared = ["--dns-resource-group", "shared-dns", "--dns-subscription", Self.subA]
            let blocked = await cli.run(["dns", "apply", "--scope", "all", "--yes"] + shared)
            #expect(blocked.status == 1, "fin-mi's forbidden zone blocks the whole apply\n\(blocked)")
            #expect(try await emulator.requestLog().allSatisfy { !$0.isWrite }, "nothing half-applied")

            let applied = await cli.run(["dns", "apply", "--scope", Self.subA, "--yes"] + shared)
            #expect(applied.status == 0, "\(applied)")
            let log = try await emulator.requestLog()
            #expect(log.filter { Self.isZonePut($0, "privatelink.site") }.count == 1)
            #expect(log.filter { $0.method == "PUT" && $0.path.contains("/privatelink.site/A/hr") }.count == 2)
            let replan = await cli.run(["dns", "plan", "--scope", Self.subA, "--expect-no-changes"] + shared)
            #expect(replan.status == 0, "\(replan)")
        }
    }

    @Test("deletes need --allow-deletes; the 30% brake counts over the whole scope, not per instance")
    func applyScopeDeletes() async throws {
        let documents = DNSEstateWorld.documents(instances: 12, subscriptions: 3, withoutEndpointEvery: 6)
        try await ARMEmulatorInProcess.with(world: [try JSONSerialization.data(withJSONObject: documents)]) {
            emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            #expect(await cli.run(["dns", "apply", "--scope", "all", "--yes"]).status == 0)
            // A record pe-net made for four instances under an old name: one delete in each zone of
            // three records and links pe-net owns (33% of one zone, 4 of 34 over the scope).
            for index in 1...4 {
                let instance = DNSEstateWorld.instance(index, subscriptions: 3)
                let sub = DNSEstateWorld.subscription(index % 3)
                let zone =
                    "/subscriptions/\(sub)/resourceGroups/app-rg/providers/Microsoft.Network/privateDnsZones/privatelink.\(String(format: "z%011x", index + 1)).database.windows.net"
                let record: [String: Any] = [
                    "id": "\(zone)/A/old-\(index)", "name": "old-\(index)",
                    "type": "Microsoft.Network/privateDnsZones/A",
                    "etag": "7d1c2e3f-0000-4000-8000-00000000000\(index)",
                    "properties": [
                        "ttl": 3600, "aRecords": [["ipv4Address": "10.99.0.\(index)"]],
                        "metadata": [
                            PeNetOwnership.key: PeNetOwnership.value, PeNetOwnership.instanceKey: instance.lowercased(),
                        ],
                    ],
                ]
                try await emulator.load([try JSONSerialization.data(withJSONObject: record)])
            }
            try await emulator.clearRequestLog()
            let refused = await cli.run(["dns", "apply", "--scope", "all", "--yes"])
            #expect(refused.status == 64, "\(refused)")
            #expect(refused.stderr.contains("deletes 4 resource(s) pe-net created"), "\(refused)")
            let one = DNSEstateWorld.instance(1, subscriptions: 3)
            let endpoint = one.replacingOccurrences(
                of: "mi-rg-1/providers/Microsoft.Sql/managedInstances/",
                with: "app-rg/providers/Microsoft.Network/privateEndpoints/pe-")
            let single = await cli.run(
                ["dns", "apply", "--instance", one, "--endpoint", endpoint, "--allow-deletes", "--yes"])
            #expect(single.status == 64 && single.stderr.contains("then add --force"), "one instance alone: \(single)")
            #expect(try await emulator.requestLog().allSatisfy { !$0.isWrite }, "nothing half-applied")

            let applied = await cli.run(["dns", "apply", "--scope", "all", "--yes", "--allow-deletes"])
            #expect(applied.status == 0, "\(applied)")
            #expect(applied.stdout.contains("Applied 4 of 4 change(s) on 4 instance(s)."), "\(applied)")
            #expect(await cli.run(["dns", "plan", "--scope", "all", "--expect-no-changes"]).status == 0)
        }
    }

    @Test(
        "apply --scope refuses --plan-file, --verify-with and --instance before any request",
        arguments: [
            ["--plan-file", "p.json"], ["--verify-with", "127.0.0.1"], ["--instance", "sales-mi"],
        ])
    func applyBadFlags(_ arguments: [String]) async throws {
        try await ARMEmulatorInProcess.with(world: []) { emulator in
            let result = await InProcessCLI(armEndpoint: emulator.baseURL).run(
                ["dns", "apply", "--scope", "all", "--yes"] + arguments)
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.hasPrefix("pe-net: error: --"), "\(result)")
            let log = try await emulator.requestLog()
            #expect(log.isEmpty)
        }
    }
}
