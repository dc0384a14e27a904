import Foundation
import PeNetTestSupport
import Resolver
import Testing

@testable import ARMNetwork

/// Discovery and the executor against the ARM emulator loaded with examples/worlds/.
@Suite("Private DNS discovery and executor", .tags(.emulator))
struct PrivateDNSDiscoveryTests {
    static let mi = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers"
    static let app = "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers"

    struct WorldCase: CustomTestStringConvertible, Sendable {
        var file: String
        var instance: String
        var endpoint: String
        var topology: Topology
        var ip: String
        var peerings: Int
        var zones: [String]
        var testDescription: String { file }
    }

    static let worlds = [
        WorldCase(
            file: "separate", instance: "\(mi)/Microsoft.Sql/managedInstances/sales-mi",
            endpoint: "\(app)/Microsoft.Network/privateEndpoints/pe-sales-mi", topology: .separate, ip: "10.20.1.4",
            peerings: 2, zones: []),
        WorldCase(
            file: "peered", instance: "\(mi)/Microsoft.Sql/managedInstances/hr-mi",
            endpoint: "\(app)/Microsoft.Network/privateEndpoints/pe-hr-mi", topology: .peered, ip: "10.20.1.4",
            peerings: 2, zones: []),
        WorldCase(
            file: "same", instance: "\(mi)/Microsoft.Sql/managedInstances/ops-mi",
            endpoint: "\(mi)/Microsoft.Network/privateEndpoints/pe-ops-mi", topology: .same, ip: "10.0.2.4",
            peerings: 0,
            zones: []),
        WorldCase(
            file: "forbidden-linked", instance: "\(mi)/Microsoft.Sql/managedInstances/fin-mi",
            endpoint: "\(mi)/Microsoft.Network/privateEndpoints/pe-fin-mi", topology: .same, ip: "10.0.2.4",
            peerings: 0,
            zones: ["privatelink.d4e5f6a1b2c3.database.windows.net"]),
    ]

    /// Runs `body` against the in-process emulator loaded with examples/worlds/<file>.json.
    static func withEmulator(_ file: String, _ body: (ARMEmulatorInProcess) async throws -> Void) async throws {
        try await ARMEmulatorInProcess.with(
            worldFile: TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(file).json"), body)
    }

    static func options(for endpoint: String) throws -> PrivateDNSOptions {
        let id = try ResourceID(parsing: endpoint)
        return PrivateDNSOptions(
            placement: DNSPlacement(subscription: id.subscription, resourceGroup: id.resourceGroup))
    }

    @Test("discovery reads instance, endpoint IP, approval, peerings and existing zones", arguments: worlds)
    func discover(_ world: WorldCase) async throws {
        try await Self.withEmulator(world.file) { emulator in
            let facts = try await PrivateDNSDiscovery(client: emulator.client()).discover(
                instance: try ResourceID(parsing: world.instance), endpoints: [try ResourceID(parsing: world.endpoint)],
                options: try Self.options(for: world.endpoint))
            #expect(facts.instance.vnetID.hasSuffix("/virtualNetworks/mi-vnet"))
            #expect(facts.endpoints.map(\.ip) == [world.ip])
            #expect(facts.endpoints.map(\.connectionStatus) == ["Approved"])
            #expect(facts.peerings.count == world.peerings)
            #expect(facts.zones.map(\.name) == world.zones)
            #expect(TopologyClassifier.classify(facts).map(\.topology) == [world.topology])
            if world.file == "forbidden-linked" {
                #expect(facts.zones[0].links.map(\.name) == ["mi-vnet-link"])
                #expect(facts.zones[0].records.map(\.ips) == [["10.0.2.4"]])
            }
        }
    }

    @Test("the forbidden name linked next to the instance is found although the zones go elsewhere")
    func forbiddenZoneNextToInstance() async throws {
        let world = Self.worlds[0]
        try await Self.withEmulator(world.file) { emulator in
            let zone = "\(Self.mi)/Microsoft.Network/privateDnsZones/privatelink.a1b2c3d4e5f6.database.windows.net"
            try await emulator.load([
                Data(#"{"id":"\#(zone)","location":"global","properties":{}}"#.utf8),
                Data(
                    #"{"id":"\#(zone)/virtualNetworkLinks/oops","location":"global","properties":{"virtualNetwork":{"id":"\#(Self.mi)/Microsoft.Network/virtualNetworks/mi-vnet"},"registrationEnabled":false,"virtualNetworkLinkState":"Completed"}}"#
                        .utf8),
            ])
            let options = try Self.options(for: world.endpoint)
            let facts = try await PrivateDNSDiscovery(client: emulator.client()).discover(
                instance: try ResourceID(parsing: world.instance), endpoints: [try ResourceID(parsing: world.endpoint)],
                options: options)
            let plan = PrivateDNSPlanner.plan(facts: facts, options: options)
            #expect(plan.findings.map(\.code) == [PrivateDNSFindingCode.forbiddenZoneLinked])
            #expect(plan.changes.first?.action == .create, "the desired zone lives in the endpoint's resource group")
        }
    }

    @Test("the instance's view of the endpoint connection wins over the endpoint's copy")
    func instanceSideApproval() async throws {
        let world = Self.worlds[0]
        try await Self.withEmulator(world.file) { emulator in
            let documents = try JSONSerialization.jsonObject(
                with: Data(contentsOf: TestPaths.packageRoot.appendingPathComponent("examples/worlds/separate.json")))
            let endpoint = try #require(
                (documents as? [[String: Any]])?.first { ($0["id"] as? String) == world.endpoint })
            var stale = String(decoding: try JSONSerialization.data(withJSONObject: endpoint), as: UTF8.self)
            stale = stale.replacingOccurrences(of: "\"Approved\"", with: "\"Pending\"")
            try await emulator.load([Data(stale.utf8)])
            let facts = try await PrivateDNSDiscovery(client: emulator.client()).discover(
                instance: try ResourceID(parsing: world.instance), endpoints: [try ResourceID(parsing: world.endpoint)],
                options: try Self.options(for: world.endpoint))
            #expect(facts.instance.endpointConnections == [world.endpoint.lowercased(): "Approved"])
            #expect(facts.endpoints.map(\.connectionStatus) == ["Approved"])
        }
    }

    @Test("apply performs the plan; a stale etag or a concurrent create fails with 'run plan again'")
    func executorPreconditions() async throws {
        let world = Self.worlds[0]
        try await Self.withEmulator(world.file) { emulator in
            let client = emulator.client()
            let discovery = PrivateDNSDiscovery(client: client)
            let options = try Self.options(for: world.endpoint)
            let instance = try ResourceID(parsing: world.instance)
            let endpoint = try ResourceID(parsing: world.endpoint)
            func plan() async throws -> PrivateDNSPlan {
                PrivateDNSPlanner.plan(
                    facts: try await discovery.discover(instance: instance, endpoints: [endpoint], options: options),
                    options: options)
            }
            let executor = PrivateDNSExecutor(client: client, linkPollInterval: .milliseconds(10))

            let fresh = try await plan()
            let created = await executor.apply(fresh)
            #expect(created.map(\.result) == [PrivateDNSOutcome.Result.done, .done, .done])
            #expect(try await plan().hasChanges == false)

            // Someone points the record elsewhere: pe-net plans an update with the record's etag …
            let record = try #require(fresh.records.first)
            let elsewhere =
                #"{"properties":{"ttl":3600,"aRecords":[{"ipv4Address":"10.9.9.9"}],"metadata":{"managedBy":"pe-net"}}}"#
            #expect(
                try await emulator.raw("PUT", record.id + "?api-version=2024-06-01", body: Data(elsewhere.utf8)).status
                    == 200)
            let update = try await plan()
            #expect(update.changes.map(\.action) == [.unchanged, .unchanged, .update])
            #expect(update.findings.map(\.code) == [PrivateDNSFindingCode.recordElsewhere])
            // … and someone changes it again before apply runs: If-Match fails, nothing is overwritten.
            #expect(
                try await emulator.raw("PUT", record.id + "?api-version=2024-06-01", body: Data(elsewhere.utf8)).status
                    == 200)
            let stale = await executor.apply(update)
            #expect(stale.map(\.result) == [PrivateDNSOutcome.Result.skipped, .skipped, .failed])
            #expect(stale[2].error?.contains("changed after the plan was made; run plan again") == true)

            // The fresh plan again: If-None-Match on the zone fails and its link and record are skipped.
            let raced = await executor.apply(fresh)
            #expect(raced.map(\.result) == [PrivateDNSOutcome.Result.failed, .skipped, .skipped])
            #expect(raced[0].error?.contains("created by someone else") == true)
            let writes = try await emulator.requestLog().filter { $0.method == "PUT" && $0.ifMatch != nil }
            #expect(writes.count == 1, "exactly one conditional update was attempted")

            let corrected = try await plan()
            #expect(
                await executor.apply(corrected).map(\.result) == [PrivateDNSOutcome.Result.skipped, .skipped, .done])
            #expect(try await plan().hasChanges == false)
        }
    }
}
