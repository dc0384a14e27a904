import ARMNetwork
import Foundation
import PeNetTestSupport
import Resolver
import Testing

/// The Data Factory path against the emulator: the tutorial's two instances on 1433 and 1434, a
/// Redirect instance blocked and then fixed, the managed private endpoint created and approved,
/// and plan → apply → plan with no changes and no writes.
@Suite(.tags(.emulator)) struct DataFactoryPathWorkflowTests {
    typealias World = DataFactoryPathWorld

    static func workflow(_ emulator: some ARMEmulatorHarness) -> DataFactoryPathWorkflow {
        DataFactoryPathWorkflow(client: emulator.client(), connectionWait: (3, .milliseconds(1)), clock: TestClock())
    }

    static func writes(_ log: [ARMEmulatorInProcess.LoggedRequest]) -> [ARMEmulatorInProcess.LoggedRequest] {
        log.filter { $0.method != "GET" }
    }

    @Test func redirectInstanceBlocksThenAllowConnectionTypeChangeBuildsThePathAndASecondPlanIsEmpty()
        async throws
    {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            let workflow = Self.workflow(emulator)
            // Blocked: mi2 uses Redirect and the file does not allow the change.
            let blocked = try await workflow.plan([try World.spec()])
            let finding = try #require(blocked.findings.first { $0.code == DataFactoryPathFindingCode.connectionType })
            #expect(finding.severity == .error)
            #expect(finding.message.contains("mi2") && finding.message.contains("Redirect"))
            #expect(finding.message.contains("allowConnectionTypeChange: true"))
            #expect(finding.message.contains("--proxy-override Proxy"))
            #expect(!blocked.changes.contains { $0.kind == .connectionType })
            try await emulator.clearRequestLog()
            let refused = await workflow.apply(blocked)
            #expect(refused.allSatisfy { $0.result == .skipped })
            #expect(Self.writes(try await emulator.requestLog()).isEmpty, "a blocked plan writes nothing")

            // Fixed: the change is allowed.
            let spec = try World.spec(allowConnectionTypeChange: true)
            let plan = try await workflow.plan([spec])
            #expect(plan.blockingFindings(strict: false).isEmpty, "\(plan.findings)")
            #expect(
                plan.changes.map { "\($0.kind.rawValue) \($0.action.rawValue) \($0.resource.name)" } == [
                    "connectionType update mi2", "subnet update pls-subnet", "loadBalancer create myLoadBalancer",
                    "networkInterface update fwd1-nic", "networkInterface update fwd2-nic",
                    "privateLinkService create myPrivateLinkService", "managedPrivateEndpoint create adf-mi-mpe",
                    "connection approve myPrivateLinkService",
                ])
            #expect(
                plan.linkedServices.map(\.server) == [
                    "mi1.0a1b2c3d4e5f.database.windows.net,1433", "mi2.0a1b2c3d4e5f.database.windows.net,1434",
                ])
            let outcomes = await workflow.apply(plan)
            #expect(outcomes.allSatisfy { $0.result == .done }, "\(outcomes.compactMap(\.error))")

            // What Azure shows now.
            let client = emulator.client()
            let mi2 = try await client.get(ManagedInstance.self, try ResourceID(parsing: World.mi2))
            #expect(mi2.properties?.proxyOverride == .proxy)
            let bodies = DataFactoryPathBodies(spec)
            let lb = try await client.get(LoadBalancer.self, bodies.loadBalancerID)
            #expect(lb.sku?.name == "Standard")
            let frontend = try #require(lb.properties?.frontendIPConfigurations?.first)
            #expect(frontend.zones == ["1", "2", "3"])
            #expect(frontend.properties?.privateIPAllocationMethod == "Dynamic")
            #expect(try frontend.properties?.subnet?.parsedID().name == "fe-subnet")
            let rules = lb.properties?.loadBalancingRules ?? []
            #expect(rules.map { $0.properties?.frontendPort } == [1433, 1434])
            #expect(rules.allSatisfy { $0.properties?.frontendPort == $0.properties?.backendPort })
            #expect(
                rules.allSatisfy {
                    $0.properties?.idleTimeoutInMinutes == 15 && $0.properties?.enableTcpReset == false
                        && $0.properties?.enableFloatingIP == false && $0.properties?.disableOutboundSnat == true
                        && $0.properties?.transportProtocol == "Tcp"
                })
            let probes = lb.properties?.probes ?? []
            #expect(probes.map { $0.properties?.port } == [1433, 1434], "each rule probes its own port")
            #expect(probes.allSatisfy { $0.properties?.intervalInSeconds == 15 && $0.properties?.probeThreshold == 2 })
            #expect(
                rules.map { try? $0.properties?.probe?.parsedID().name } == ["probe-1433", "probe-1434"])
            let pool = try #require(lb.properties?.backendAddressPools?.first)
            #expect(pool.properties?.backendIPConfigurations?.count == 2)
            let subnet = try await client.get(Subnet.self, bodies.subnetID(spec.subnets.privateLinkService))
            #expect(subnet.properties?.privateLinkServiceNetworkPolicies == "Disabled")
            let service = try await client.get(PrivateLinkService.self, bodies.privateLinkServiceID)
            #expect(service.properties?.enableProxyProtocol == false)
            #expect(
                try service.properties?.ipConfigurations?.first?.properties?.subnet?.parsedID().name == "pls-subnet")
            let endpointID = try #require(bodies.managedPrivateEndpointID)
            let endpoint = try await client.get(ManagedPrivateEndpoint.self, endpointID)
            #expect(endpoint.properties?.privateLinkResourceId?.lowercased() == bodies.privateLinkServiceID.normalized)
            #expect(endpoint.properties?.fqdns == plan.linkedServices.map(\.host))
            #expect(endpoint.properties?.connectionState?.status == .approved)

            // Plan again: nothing to do, and planning writes nothing.
            try await emulator.clearRequestLog()
            let again = try await workflow.plan([spec])
            #expect(again.changes.isEmpty, "\(again.changes.map(\.message))")
            #expect(again.findings.isEmpty)
            let log = try await emulator.requestLog()
            #expect(!log.isEmpty)
            #expect(Self.writes(log).isEmpty)
            #expect(await workflow.apply(again).isEmpty)
            #expect(Self.writes(try await emulator.requestLog()).isEmpty)
        }
    }

    @Test func updatesCarryIfMatchAndCreatesIfNoneMatch() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents(mi2ConnectionType: "Proxy")) { emulator in
            let workflow = Self.workflow(emulator)
            let plan = try await workflow.plan([try World.spec()])
            try await emulator.clearRequestLog()
            _ = await workflow.apply(plan)
            let writes = Self.writes(try await emulator.requestLog())
            let lb = try #require(writes.first { $0.path.hasSuffix("/loadBalancers/myLoadBalancer") })
            #expect(lb.ifNoneMatch == "*")
            let nic = try #require(writes.first { $0.path.hasSuffix("/fwd1-nic") })
            #expect(nic.ifMatch?.hasPrefix("W/") == true)
        }
    }

    @Test func aFactoryWithoutItsManagedVirtualNetworkIsAFindingNotAnEndpointCreate() async throws {
        try await ARMEmulatorInProcess.with(
            world: World.documents(mi2ConnectionType: "Proxy", managedVirtualNetwork: false)
        ) { emulator in
            let plan = try await Self.workflow(emulator).plan([try World.spec()])
            let finding = try #require(plan.findings.first { $0.code == DataFactoryPathFindingCode.managedVnetMissing })
            #expect(finding.severity == .error)
            #expect(finding.message.contains("managed virtual network 'default'"))
            let gets = try await emulator.requestLog().filter { $0.method == "GET" }.map(\.path)
            #expect(gets.contains { $0.hasSuffix("/factories/adf1/managedVirtualNetworks/default") })
        }
    }

    @Test func aChangedRuleIsAnUpdateNamingTheField() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents(mi2ConnectionType: "Proxy")) { emulator in
            let workflow = Self.workflow(emulator)
            var spec = try World.spec()
            _ = await workflow.apply(try await workflow.plan([spec]))
            spec.instances[1].port = 1435
            let plan = try await workflow.plan([spec])
            let update = try #require(plan.changes.first)
            #expect(plan.changes.count == 1)
            #expect(update.kind == .loadBalancer && update.action == .update)
            #expect(update.etag != nil)
            let fields = update.differences.map(\.field)
            #expect(fields.contains("properties.loadBalancingRules[mi2-1435]"))
            #expect(fields.contains("properties.loadBalancingRules[mi2-1434]"))
            #expect(update.differences.contains { $0.field == "properties.probes[probe-1434]" && $0.desired == nil })
        }
    }

    @Test(arguments: [
        ([1433, 1433], "port 1433 is claimed by both mi1 and mi2"),
        ([1433, 70000], "port 70000 of mi2 is outside 1-65535"),
    ])
    func contradictorySpecsAreRefusedBeforeAnyRequest(ports: [Int], message: String) async throws {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            var spec = try World.spec()
            for index in ports.indices { spec.instances[index].port = ports[index] }
            await #expect(
                throws: DataFactoryPathError.invalidSpec(
                    "path adf-mi: \(message)"
                        + (ports[0] == ports[1] ? "; give each instance its own port (1433, 1434, ...)" : ""))
            ) {
                _ = try await Self.workflow(emulator).plan([spec])
            }
            #expect(try await emulator.requestLog().isEmpty)
        }
    }

    @Test func twoPathsOnOneLoadBalancerAreRefused() throws {
        var other = try World.spec()
        other.name = "second"
        #expect(throws: DataFactoryPathError.self) { try DataFactoryPathPlanner.validate([try World.spec(), other]) }
    }

    @Test func missingSubnetsAreNamedOrCreatedWithAPrefix() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents(mi2ConnectionType: "Proxy", subnets: ["fe-subnet"]))
        { emulator in
            let workflow = Self.workflow(emulator)
            var spec = try World.spec()
            let plan = try await workflow.plan([spec])
            let missing = try #require(plan.findings.first { $0.code == DataFactoryPathFindingCode.subnetMissing })
            #expect(missing.message.hasPrefix("subnet(s) be-subnet, pls-subnet missing in virtual network hub-vnet"))
            spec.subnets.backend.addressPrefix = "10.0.2.0/24"
            spec.subnets.privateLinkService.addressPrefix = "10.0.3.0/24"
            let fixed = try await workflow.plan([spec])
            let creates = fixed.changes.filter { $0.kind == .subnet }
            #expect(creates.map(\.action) == [.create, .create])
            #expect(creates.last?.body?["properties"]?["privateLinkServiceNetworkPolicies"] == "Disabled")
            let outcomes = await workflow.apply(fixed)
            #expect(outcomes.allSatisfy { $0.result == .done }, "\(outcomes.compactMap(\.error))")
            #expect(try await workflow.plan([spec]).changes.isEmpty)
        }
    }

    @Test func sshProbeIsOneProbeOnPort22() throws {
        let lb = DataFactoryPathBodies(try World.spec(probe: .ssh)).loadBalancer
        #expect(lb.properties?.probes?.map { $0.properties?.port } == [22])
        #expect(Set(lb.properties?.loadBalancingRules?.compactMap { $0.properties?.probe?.id } ?? []).count == 1)
    }

    @Test func scaleSetForwardersAreCreatedAndTheirCloudInitTracked() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents(mi2ConnectionType: "Proxy")) { emulator in
            var spec = try World.spec()
            spec.forwarders = .scaleSet(
                .init(
                    name: "fwd", capacity: 2, sku: "Standard_B2s", adminUsername: "azureuser",
                    sshPublicKey: "ssh-ed25519 AAAA test"))
            var cloudInit = "#cloud-config\n"
            let make = { (text: String) in
                DataFactoryPathWorkflow(
                    client: emulator.client(), customData: { _ in text }, connectionWait: (3, .milliseconds(1)),
                    clock: TestClock())
            }
            let plan = try await make(cloudInit).plan([spec])
            #expect(plan.changes.contains { $0.kind == .scaleSet && $0.action == .create })
            #expect(await make(cloudInit).apply(plan).allSatisfy { $0.result == .done })
            #expect(try await make(cloudInit).plan([spec]).changes.isEmpty)
            cloudInit += "runcmd: []\n"
            let changed = try await make(cloudInit).plan([spec])
            #expect(changed.changes.map(\.kind) == [.scaleSet])
            #expect(changed.changes.first?.differences.first?.field == "tags.\(DataFactoryPathBodies.cloudInitTag)")
        }
    }
}
