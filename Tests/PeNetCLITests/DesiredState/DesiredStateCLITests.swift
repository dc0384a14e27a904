import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `pe-net plan -f` / `apply -f` against the emulator, in-process: the tutorial's two instances
/// from one file, a blocked plan, apply, a second plan that expects no changes, a saved plan,
/// and a bad file.
@Suite("pe-net plan/apply -f against the ARM emulator", .tags(.emulator))
struct DesiredStateCLITests {
    typealias World = DataFactoryPathWorld

    /// A pe-net.yaml for the world, in a temporary directory removed afterwards.
    static func withFile<T>(allowChange: Bool, _ body: (String) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = """
            apiVersion: pe-net/v1
            dataFactoryPaths:
              - name: adf-mi
                subscription: \(World.subscription)
                resourceGroup: \(World.group)
                location: eastus
                virtualNetwork: hub-vnet
                subnets: {frontend: fe-subnet, backend: be-subnet, privateLinkService: pls-subnet}
                loadBalancer: myLoadBalancer
                privateLinkService: myPrivateLinkService
                allowConnectionTypeChange: \(allowChange)
                instances:
                  - {instance: \(World.mi1), port: 1433}
                  - {instance: \(World.mi2), port: 1434}
                forwarders:
                  networkInterfaces: [\(World.nic1), \(World.nic2)]
                dataFactory: \(World.factory)

            """
        let file = directory.appendingPathComponent("pe-net.yaml")
        try Data(text.utf8).write(to: file)
        return try await body(file.path)
    }

    /// A scale-set path: apply gives the scale set the forwarders' cloud-init (its digest in a tag,
    /// since Compute never returns customData), and planning again finds nothing to do.
    @Test func scaleSetCarriesTheForwardersCloudInit() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pe-net-file-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let key = TestPaths.packageRoot.appendingPathComponent("examples/keys/forwarder.pub").path
            let text = """
                apiVersion: pe-net/v1
                dataFactoryPaths:
                  - name: adf-mi
                    subscription: \(World.subscription)
                    resourceGroup: \(World.group)
                    location: eastus
                    virtualNetwork: hub-vnet
                    subnets: {frontend: fe-subnet, backend: be-subnet, privateLinkService: pls-subnet}
                    allowConnectionTypeChange: true
                    instances:
                      - {instance: \(World.mi1), port: 1433}
                      - {instance: \(World.mi2), port: 1434}
                    forwarders:
                      scaleSet: {name: fwd, capacity: 2, sku: Standard_B2s, adminUsername: azureuser, sshPublicKeyFile: \(key)}

                """
            let file = directory.appendingPathComponent("pe-net.yaml")
            try Data(text.utf8).write(to: file)
            let plan = try await PeNetRun.run(["plan", "-f", file.path], emulator)
            #expect(plan.status == 0, "\(plan)")
            #expect(!plan.stdout.contains("gets no cloud-init"), "\(plan)")
            let apply = try await PeNetRun.run(["apply", "-f", file.path, "--yes"], emulator)
            #expect(apply.status == 0, "\(apply)")
            let scaleSet = try await emulator.raw(
                "GET",
                "/subscriptions/\(World.subscription)/resourceGroups/\(World.group)/providers/Microsoft.Compute/virtualMachineScaleSets/fwd?api-version=2025-04-01"
            )
            let tags = try #require(
                (try JSONSerialization.jsonObject(with: scaleSet.body) as? [String: Any])?["tags"] as? [String: String],
                "\(String(decoding: scaleSet.body, as: UTF8.self))")
            #expect(tags[DataFactoryPathBodies.cloudInitTag]?.isEmpty == false, "\(tags)")
            let again = try await PeNetRun.run(["plan", "-f", file.path, "--expect-no-changes"], emulator)
            #expect(again.status == 0, "\(again)")
        }
    }

    static func writes(_ emulator: ARMEmulatorInProcess) async throws -> [ARMEmulatorInProcess.LoggedRequest] {
        try await emulator.requestLog().filter { $0.method != "GET" }
    }

    @Test func blockedPlanThenApplyThenNoChanges() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            try await Self.withFile(allowChange: false) { file in
                let blocked = try await PeNetRun.run(["plan", "-f", file], emulator)
                #expect(blocked.status == 1, "\(blocked)")
                #expect(blocked.stdout.contains("error: managed instance mi2 uses the Redirect connection type"))
                #expect(blocked.stderr.contains("block the plan"), "\(blocked)")
                let refused = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
                #expect(refused.status == 1, "\(refused)")
                #expect(try await Self.writes(emulator).isEmpty)
            }
            try await Self.withFile(allowChange: true) { file in
                let plan = try await PeNetRun.run(["plan", "-f", file], emulator)
                #expect(plan.status == 0, "\(plan)")
                #expect(
                    plan.stdout.contains("~ set the connection type of managed instance mi2 from Redirect to Proxy"))
                #expect(plan.stdout.contains("properties.proxyOverride: Redirect → Proxy"))
                #expect(plan.stdout.contains("mi2: mi2.0a1b2c3d4e5f.database.windows.net,1434"))
                #expect(plan.stdout.contains("Plan: 8 change(s): 3 to create, 4 to update, 1 to approve."), "\(plan)")
                let drift = try await PeNetRun.run(["plan", "-f", file, "--expect-no-changes"], emulator)
                #expect(drift.status == 3, "\(drift)")

                let applied = try await PeNetRun.run(["apply", "-f", file, "--yes", "-o", "json"], emulator)
                #expect(applied.status == 0, "\(applied)")
                let report = try JSONDecoder().decode(DesiredStateReport.self, from: Data(applied.stdout.utf8))
                #expect(report.outcomes.count == 8 && report.outcomes.allSatisfy { $0.result == .done })
                #expect(
                    applied.stderr.contains("done approve the connection of managed private endpoint"), "\(applied)")

                try await emulator.clearRequestLog()
                let again = try await PeNetRun.run(["plan", "-f", file, "--expect-no-changes"], emulator)
                #expect(again.status == 0, "\(again)")
                #expect(again.stdout.contains("No changes: Azure matches the file."))
                #expect(try await Self.writes(emulator).isEmpty)
                #expect(!applied.stdout.contains(PeNetRun.token) && !applied.stderr.contains(PeNetRun.token))
            }
        }
    }

    @Test func savedPlanIsExecutedAndRefusedOnceStale() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents(mi2ConnectionType: "Proxy")) { emulator in
            try await Self.withFile(allowChange: false) { file in
                let saved = try await PeNetRun.run(["apply", "-f", file, "--dry-run", "-o", "json"], emulator)
                #expect(saved.status == 0, "\(saved)")
                #expect(try await Self.writes(emulator).isEmpty, "--dry-run writes nothing")
                let planFile = file + ".plan.json"
                try Data(saved.stdout.utf8).write(to: URL(fileURLWithPath: planFile))
                let applied = try await PeNetRun.run(["apply", "-f", file, "--plan-file", planFile, "--yes"], emulator)
                #expect(applied.status == 0, "\(applied)")
                #expect(applied.stdout.contains("Applied 7 of 7 change(s)."), "\(applied)")
                let stale = try await PeNetRun.run(["apply", "-f", file, "--plan-file", planFile, "--yes"], emulator)
                #expect(stale.status == 1, "\(stale)")
                #expect(stale.stderr.contains("is stale"), "\(stale)")
            }
        }
    }

    @Test func badFileIsOneLineAndExits64WithNothingSent() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pe-net-bad-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("pe-net.yaml").path
            try Data("apiVersion: pe-net/v1\ndataFactoryPaths:\n  - name: [unclosed\n".utf8).write(
                to: URL(fileURLWithPath: file))
            let result = try await PeNetRun.run(["apply", "-f", file, "--yes"], emulator)
            #expect(result.status == 64, "\(result)")
            let first = try #require(result.stderr.split(separator: "\n").first)
            #expect(first.hasPrefix("pe-net: error: \(file):"), "\(result)")
            #expect(try await emulator.requestLog().isEmpty)

            try await Self.withFile(allowChange: false) { good in
                let text = try String(contentsOfFile: good, encoding: .utf8).replacingOccurrences(
                    of: "port: 1434", with: "port: 1433")
                try Data(text.utf8).write(to: URL(fileURLWithPath: good))
                let duplicate = try await PeNetRun.run(["plan", "-f", good], emulator)
                #expect(duplicate.status == 64, "\(duplicate)")
                #expect(
                    duplicate.stderr.contains("port 1433 is already used by instances[0] of this path"), "\(duplicate)")
                #expect(try await emulator.requestLog().isEmpty)
            }
        }
    }

    @Test func endpointsServiceListsApprovesAndDeletesAPrivateLinkServicesConnections() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents(mi2ConnectionType: "Proxy")) { emulator in
            // Build the path without the approval, so the connection stays Pending.
            var spec = try World.spec()
            let workflow = DataFactoryPathWorkflow(client: emulator.client(), clock: TestClock())
            let plan = try await workflow.plan([spec])
            let withoutApproval = DataFactoryPathPlan(
                paths: plan.paths.map { path in
                    var path = path
                    path.changes.removeAll { $0.kind == .connection }
                    return path
                })
            #expect(await workflow.apply(withoutApproval).allSatisfy { $0.result == .done })
            spec.dataFactory = nil
            let service = DataFactoryPathBodies(spec).privateLinkServiceID

            let list = try await PeNetRun.run(["endpoints", "list", "--service", service.path], emulator)
            #expect(list.status == 0, "\(list)")
            #expect(list.stdout.contains("REQUEST MESSAGE"))
            #expect(list.stdout.contains("Requested by Data Factory adf1"), "\(list)")
            #expect(list.stdout.contains("adf1.adf-mi-mpe") && list.stdout.contains("Pending"))
            let json = try await PeNetRun.run(
                [
                    "endpoints", "list", "--service", "myPrivateLinkService", "--resource-group", World.group,
                    "--subscription", World.subscription, "-o", "json",
                ], emulator)
            #expect(json.status == 0, "\(json)")
            let rows = try JSONDecoder().decode([ConnectionListRow].self, from: Data(json.stdout.utf8))
            let row = try #require(rows.first)
            #expect(row.privateEndpoint.subscription != nil && row.privateEndpoint.resourceGroup != nil)
            #expect(row.requestMessage?.contains("adf1") == true)

            let approve = try await PeNetRun.run(
                ["endpoints", "approve", "--service", service.path, "--all-pending", "--yes"], emulator)
            #expect(approve.status == 0, "\(approve)")
            let endpoint = try await emulator.client().get(
                ManagedPrivateEndpoint.self,
                try #require(DataFactoryPathBodies(try World.spec()).managedPrivateEndpointID))
            #expect(endpoint.properties?.connectionState?.status == .approved)
            let reject = try await PeNetRun.run(
                ["endpoints", "reject", "--service", service.path, "--name", row.name, "--yes"], emulator)
            #expect(reject.status == 1, "\(reject)")
            let delete = try await PeNetRun.run(
                ["endpoints", "delete", "--service", service.path, "--name", row.name, "--yes"], emulator)
            #expect(delete.status == 0, "\(delete)")
            let after = try await emulator.client().get(
                ManagedPrivateEndpoint.self,
                try #require(DataFactoryPathBodies(try World.spec()).managedPrivateEndpointID))
            #expect(after.properties?.connectionState?.status == .disconnected)

            let both = try await PeNetRun.run(
                ["endpoints", "list", "--service", service.path, "--instance", World.mi1], emulator)
            #expect(both.status == 64, "\(both)")
            let wrong = try await PeNetRun.run(["endpoints", "list", "--service", World.mi1], emulator)
            #expect(wrong.status == 64, "\(wrong)")
            #expect(wrong.stderr.contains("not a Private Link Service"), "\(wrong)")
        }
    }
}
