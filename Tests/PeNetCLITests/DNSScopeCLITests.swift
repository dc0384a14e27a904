import ARMEmulatorCore
import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// `pe-net dns plan --scope`: every instance of the subscriptions planned from one paged Resource
/// Graph query, each plan equal to what `dns plan --instance … --endpoint …` gives for it, with far
/// fewer requests; the per-instance way when Resource Graph refuses; bad flags before any request.
@Suite("pe-net dns plan --scope", .tags(.emulator))
struct DNSScopeCLITests {
    static let subA = "00000000-1111-2222-3333-444444444444"
    static let subC = "aaaaaaaa-1111-2222-3333-444444444444"
    static let queried: Set<String> = [
        "microsoft.sql/managedinstances", "microsoft.network/privateendpoints", "microsoft.network/networkinterfaces",
        "microsoft.network/virtualnetworks", "microsoft.network/privatednszones",
        "microsoft.network/privatednszones/virtualnetworklinks",
    ]

    /// Four example worlds side by side over three subscriptions: sales-mi (endpoint in a separate
    /// vnet of another subscription), hr-mi (peered vnets), fin-mi (same vnet, the forbidden zone
    /// linked; in a third subscription) and ops-mi (its only connection Pending: no endpoint).
    static func composedWorld() throws -> [Any] {
        func load(_ name: String, _ replacements: [(String, String)]) throws -> [Any] {
            var text = try String(
                contentsOf: TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(name).json"),
                encoding: .utf8)
            for (old, new) in replacements { text = text.replacingOccurrences(of: old, with: new) }
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])
        }
        return try load("separate", []) + load("peered", [("mi-rg", "hr-rg"), ("app-rg", "hr-app-rg")])
            + load("forbidden-linked", [(subA, subC)])
            + load("same", [("mi-rg", "ops-rg"), ("\"Approved\"", "\"Pending\"")])
    }

    /// How many rows the estate query returns for `documents` (children embedded in a parent are no rows).
    static func rows(_ documents: [Any]) -> Int {
        documents.compactMap { ($0 as? [String: Any])?["type"] as? String }.filter {
            queried.contains($0.lowercased())
        }.count
    }

    static func isGraph(_ request: LoggedRequest) -> Bool {
        request.path.lowercased() == "/providers/microsoft.resourcegraph/resources"
    }

    static func plans(_ result: InProcessCLI.Result) throws -> [PrivateDNSPlan] {
        try JSONDecoder().decode([PrivateDNSPlan].self, from: Data(result.stdout.utf8))
    }

    @Test(
        "on four example worlds over three subscriptions, each instance's plan equals dns plan --instance --endpoint for it"
    )
    func samePlansAsPerInstance() async throws {
        let world = try Self.composedWorld()
        try await ARMEmulatorInProcess.with(
            world: [try JSONSerialization.data(withJSONObject: world)], arguments: ["--page-size", "3"]
        ) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let scope = await cli.run(["dns", "plan", "--scope", "all", "-o", "json"])
            #expect(scope.status == 1, "fin-mi's forbidden zone blocks, as dns plan exits for it\n\(scope)")
            let plans = try Self.plans(scope)
            #expect(plans.map(\.instance.name) == ["hr-mi", "sales-mi", "fin-mi"])
            #expect(scope.stderr.contains("ops-mi: no endpoint: nothing to plan"), "\(scope)")
            #expect(plans.map { $0.placements.map(\.topology.rawValue) } == [["peered"], ["separate"], ["same"]])
            #expect(plans[2].findings.contains { $0.message.contains("privatelink.d4e5f6a1b2c3.database.windows.net") })
            let scopeLog = try await emulator.requestLog()
            let pages = scopeLog.filter(Self.isGraph).count
            #expect(pages == (Self.rows(world) + 2) / 3, "\(Self.rows(world)) rows at 3 a page")

            try await emulator.clearRequestLog()
            for plan in plans {
                let single = await cli.run(
                    ["dns", "plan", "-o", "json", "--instance", plan.instance.id.path]
                        + plan.placements.flatMap { ["--endpoint", $0.endpoint.id.path] })
                let one = try JSONDecoder().decode(PrivateDNSPlan.self, from: Data(single.stdout.utf8))
                #expect(one == plan, "\(plan.instance.name)")
            }
            let perInstance = try await emulator.requestLog()
            #expect(
                scopeLog.filter { !Self.isGraph($0) }.count < perInstance.filter { !Self.isGraph($0) }.count,
                "ARM reads: \(scopeLog.count) with the graph, \(perInstance.count) per instance")

            let text = await cli.run(["dns", "plan", "--scope", Self.subA, Self.subC])
            #expect(text.status == 1)
            #expect(
                text.stdout.contains(
                    "=== ops-mi (resource group ops-rg, subscription \(Self.subA)) ===\nno endpoint: nothing to plan"))
            #expect(
                text.stdout.contains(
                    "=== sales-mi (resource group mi-rg, subscription \(Self.subA)) ===\nInstance  sales-mi"))
            #expect(
                text.stdout.contains(
                    "Scope: 4 instance(s): 3 planned, 1 without endpoint, 0 failed; 9 change(s) on 3 instance(s);"),
                "\(text)")
        }
    }

    @Test(
        "a generated estate: graph and per-instance discovery give the same plans; the graph way sends its pages and reads ARM only where a row lacks a property"
    )
    func generatedEstate() async throws {
        var documents = DNSEstateWorld.documents(instances: 24, subscriptions: 3, withoutEndpointEvery: 6)
        // One vnet row without its peerings: discovery lists them from ARM for that vnet only.
        let bare = try #require(documents.firstIndex { $0["name"] as? String == "mi-vnet-3" })
        var properties = try #require(documents[bare]["properties"] as? [String: Any])
        properties["virtualNetworkPeerings"] = nil
        documents[bare]["properties"] = properties
        try await ARMEmulatorInProcess.with(
            world: [try JSONSerialization.data(withJSONObject: documents)], arguments: ["--page-size", "10"]
        ) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let graph = await cli.run(["dns", "plan", "--scope", "all", "-o", "json"])
            #expect(graph.status == 0, "\(graph)")
            let graphLog = try await emulator.requestLog()
            try await emulator.clearRequestLog()
            let arm = await cli.run(["dns", "plan", "--scope", "all", "-o", "json", "--discovery", "arm"])
            #expect(arm.status == 0, "\(arm)")
            let armLog = try await emulator.requestLog()

            let plans = try Self.plans(graph)
            #expect(plans.count == 20, "4 of 24 have their connection Pending")
            #expect(plans == (try Self.plans(arm)))
            #expect(plans.allSatisfy { $0.changes.filter(\.isWrite).count == 3 }, "zone, link, record each")
            #expect(graphLog.filter(Self.isGraph).count == (Self.rows(documents) + 9) / 10)
            let reads = graphLog.filter { !Self.isGraph($0) }.map(\.path)
            #expect(reads.count == 2, "GET /subscriptions and mi-vnet-3's peerings: \(reads)")
            #expect(reads.contains { $0.hasSuffix("/virtualNetworks/mi-vnet-3/virtualNetworkPeerings") })
            let minimumPerInstance = 1 + 3 + 24 + 20 * 8
            #expect(armLog.count >= minimumPerInstance, "\(armLog.count) requests the per-instance way")

            let expect = await cli.run(["dns", "plan", "--scope", "all", "--expect-no-changes"])
            #expect(expect.status == 3, "\(expect)")
            #expect(expect.stderr.contains("20 of 20 instance(s) have changes"), "\(expect)")

            let central = await cli.run(
                [
                    "dns", "plan", "--scope", DNSEstateWorld.subscription(1), "-o", "json", "--dns-resource-group",
                    "central-dns", "--dns-subscription", Self.subA,
                ])
            let centralPlans = try Self.plans(central)
            #expect(centralPlans.count == 8, "instances 1, 4, …, 22; the Pending ones are multiples of 6")
            let zones = centralPlans.flatMap(\.changes).filter { $0.resource.kind == "zone" }
            #expect(zones.count == 8)
            #expect(
                zones.allSatisfy {
                    $0.resource.id.resourceGroup == "central-dns" && $0.resource.id.subscription == Self.subA
                })
        }
    }

    @Test(
        "a row that does not decode is read from ARM; an instance ARM cannot give either is reported, the others planned"
    )
    func badRow() async throws {
        var documents = DNSEstateWorld.documents(instances: 6, subscriptions: 2)
        let nic = try #require(documents.firstIndex { $0["name"] as? String == "pe-mi-0005.nic" })
        documents[nic]["properties"] = ["ipConfigurations": "not a list"]
        try await ARMEmulatorInProcess.with(world: [try JSONSerialization.data(withJSONObject: documents)]) {
            emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let text = await cli.run(["dns", "plan", "--scope", "all"])
            #expect(text.status == 1, "\(text)")
            #expect(text.stdout.contains("=== mi-0005 (resource group mi-rg-2, subscription"), "\(text)")
            #expect(text.stdout.contains("cannot plan: "), "\(text)")
            #expect(text.stdout.contains("Scope: 6 instance(s): 5 planned, 0 without endpoint, 1 failed;"), "\(text)")
            #expect(text.stderr.contains("1 instance(s) could not be planned; first: mi-0005"), "\(text)")
            let log = try await emulator.requestLog()
            #expect(log.contains { $0.method == "GET" && $0.path.hasSuffix("/networkInterfaces/pe-mi-0005.nic") })
            let json = await cli.run(["dns", "plan", "--scope", "all", "-o", "json"])
            #expect(try Self.plans(json).count == 5)
            let table = await cli.run(["dns", "plan", "--scope", "all", "-o", "table"])
            #expect(table.stdout.hasPrefix("INSTANCE  ACTION  KIND"), "\(table)")
            #expect(table.stdout.contains("mi-0000   create  zone"), "\(table)")
            #expect(table.stdout.contains("Scope: 6 instance(s): 5 planned"), "\(table)")
        }
    }

    @Test("without Resource Graph access the plan warns and discovers each instance from ARM: the same plans")
    func graphRefused() async throws {
        let world = try Self.composedWorld()
        try await ARMEmulatorInProcess.with(world: [try JSONSerialization.data(withJSONObject: world)]) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let graph = try Self.plans(await cli.run(["dns", "plan", "--scope", "all", "-o", "json"]))
            try await emulator.setFaults(
                #"{"script":[{"fault":"status","method":"POST","pathContains":"resourcegraph","times":100,"status":403,"code":"AuthorizationFailed"}]}"#
            )
            let refused = await cli.run(["dns", "plan", "--scope", "all", "-o", "json"])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("Resource Graph refused the query"), "\(refused)")
            let plans = try Self.plans(refused)
            #expect(plans.map(\.instance.id) == graph.map(\.instance.id))
            // The per-instance zone search is refused too: a warning in each plan, the rest equal.
            let search = PrivateDNSFindingCode.zoneSearchFailed
            for (a, b) in zip(plans, graph) {
                #expect(a.changes == b.changes && a.placements == b.placements)
                #expect(a.findings.filter { $0.code != search } == b.findings.filter { $0.code != search })
            }
            #expect(try await emulator.requestLog().contains { Self.isGraph($0) && $0.status == 403 })
        }
    }

    @Test(
        "bad flags exit 64 with one line and no request",
        arguments: [
            (["--scope", "all", "--instance", "sales-mi"], "drop --instance and --endpoint, or drop --scope"),
            (["--scope", "all", "--endpoint", "pe"], "drop --instance and --endpoint, or drop --scope"),
            (["--scope", "all", "00000000-1111-2222-3333-444444444444"], "--scope all stands alone"),
            (["--scope", "a/b"], "--scope a/b is not a subscription id"),
            (["--scope", "all", "--ttl", "0"], "--ttl must be between"),
            ([], "Missing expected argument '--instance <mi>'"),
            (["--instance", "sales-mi"], "no endpoint given"),
        ])
    func badFlags(_ arguments: [String], _ fragment: String) async throws {
        try await ARMEmulatorInProcess.with(world: []) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            for command in [["dns", "plan"]] {
                let result = await cli.run(command + arguments)
                #expect(result.status == 64, "\(result)")
                #expect(result.stderr.hasPrefix("pe-net: error: ") && result.stderr.contains(fragment), "\(result)")
                #expect(result.stdout.isEmpty)
            }
            let log = try await emulator.requestLog()
            #expect(log.isEmpty)
        }
    }
}
