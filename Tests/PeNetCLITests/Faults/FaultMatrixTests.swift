import ARMEmulatorCore
import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// A seeded fault matrix against the emulator: each seed draws throttling (429 with
/// Retry-After), 500/503, connection resets, 409 AnotherOperationInProgress and long-running
/// operations that end Failed; the faulted run may fail, but a clean rerun must converge (a
/// plan with `--expect-no-changes` exits 0), resources pe-net does not own stay byte-identical,
/// and a faulted run that exits 0 must already have converged. `PENET_FAULT_SEEDS` runs more
/// seeds; every failure message names its seed and subject, so it reproduces.
@Suite(
    "fault matrix", .tags(.emulator), .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["PENET_FAULT_SEEDS"] != nil))
struct FaultMatrixTests {
    /// A command under test: how to apply and how to check that nothing is left to do.
    /// The desired-state apply (`pe-net apply` of a pe-net.yaml) joins here as a third subject.
    struct Subject: Sendable, CustomStringConvertible {
        var name: String
        var apply: [String]
        var check: [String]
        /// Documents loaded on top of the world before the run (e.g. a Pending connection).
        var setup: @Sendable () throws -> [Data]
        var description: String { name }
    }

    static let world = PrivateDNSCLITests.separate
    static let pec =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi/privateEndpointConnections/pe-sales-mi.8c1d2e3f"

    static let subjects: [Subject] = [
        Subject(
            name: "dns apply", apply: ["dns", "apply", "--instance", world.instance, "--yes"],
            check: ["dns", "plan", "--instance", world.instance, "--expect-no-changes"], setup: { [] }),
        Subject(
            name: "endpoints approve",
            apply: ["endpoints", "approve", "--instance", world.instance, "--all-pending", "--yes"],
            check: ["endpoints", "approve", "--instance", world.instance, "--all-pending", "--expect-no-changes"],
            setup: { [try pendingConnection()] }),
    ]

    /// The world's connection, set back to Pending.
    static func pendingConnection() throws -> Data {
        let url = TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(world.file).json")
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        var connection = try #require(documents.first { ($0["id"] as? String) == pec })
        var properties = connection["properties"] as? [String: Any] ?? [:]
        properties["privateLinkServiceConnectionState"] = [
            "status": "Pending", "description": "please approve", "actionsRequired": "None",
        ]
        connection["properties"] = properties
        return try JSONSerialization.data(withJSONObject: connection)
    }

    /// Every resource of the world that pe-net must never touch: the instance, vnets, peerings,
    /// the endpoint and its NIC.
    static func foreignIDs() throws -> [String] {
        let url = TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(world.file).json")
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        return documents.compactMap { $0["id"] as? String }.filter { !$0.contains("privateEndpointConnections") }
    }

    static var seeds: [UInt64] {
        let count = Int(ProcessInfo.processInfo.environment["PENET_FAULT_SEEDS"] ?? "") ?? 20
        return (1...UInt64(max(1, count))).map { $0 }
    }

    /// The fault plan a seed draws.
    static func plan(seed: UInt64) -> FaultPlan {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func rate(_ top: Double) -> Double { Double(next() % 1000) / 1000 * top }
        var plan = FaultPlan()
        plan.seed = seed
        plan.throttleRate = rate(0.3)
        plan.retryAfterSeconds = 1
        plan.serverErrorRate = rate(0.2)
        plan.resetRate = rate(0.1)
        plan.conflictRate = rate(0.3)
        plan.failOperations = Int(next() % 3)
        plan.operationErrorCode = "InternalServerError"
        return plan
    }

    @Test("a faulted run, then a clean run, converges with foreign resources untouched", arguments: subjects)
    func converges(_ subject: Subject) async throws {
        var summary: [String] = []
        for seed in Self.seeds {
            let emulator = try await ARMEmulatorInProcess.start(
                worldFile: TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(Self.world.file).json"))
            defer { Task { await emulator.stop() } }
            try await emulator.load(try subject.setup())
            let foreign = try await Self.snapshot(emulator)
            var cli = InProcessCLI(armEndpoint: emulator.baseURL)
            cli.clock = TestClock()
            let label = "seed \(seed), \(subject.name) (PENET_FAULT_SEEDS reproduces it)"

            await emulator.setFaults(Self.plan(seed: seed))
            let faulted = await cli.run(subject.apply)
            await emulator.setFaults(FaultPlan())
            let afterFault = await cli.run(subject.check)
            if faulted.status == 0 {
                #expect(
                    afterFault.status == 0,
                    "\(label): the faulted run reported success on a wrong state\n\(faulted)\n\(afterFault)")
            }
            let clean = await cli.run(subject.apply)
            #expect(clean.status == 0, "\(label): the clean rerun failed\n\(faulted)\n\(clean)")
            let check = await cli.run(subject.check)
            #expect(check.status == 0, "\(label): not converged after the clean rerun\n\(clean)\n\(check)")
            #expect(try await Self.snapshot(emulator) == foreign, "\(label): a foreign resource changed")
            summary.append("\(seed):\(faulted.status)")
            await emulator.stop()
        }
        print(
            "fault matrix \(subject.name): \(Self.seeds.count) seeds, faulted exits \(summary.joined(separator: " "))")
    }

    @Test("a zone whose create ends Failed is planned again and --expect-no-changes exits 3")
    func failedZoneIsReplanned() async throws {
        let emulator = try await ARMEmulatorInProcess.start(
            worldFile: TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(Self.world.file).json"))
        defer { Task { await emulator.stop() } }
        var cli = InProcessCLI(armEndpoint: emulator.baseURL)
        cli.clock = TestClock()
        var faults = FaultPlan()
        faults.failOperations = 1
        await emulator.setFaults(faults)
        let faulted = await cli.run(["dns", "apply", "--instance", Self.world.instance, "--yes"])
        #expect(faulted.status != 0, "\(faulted)")
        await emulator.setFaults(FaultPlan())
        let drift = await cli.run(["dns", "plan", "--instance", Self.world.instance, "--expect-no-changes"])
        #expect(drift.status == 3, "\(drift)")
        let clean = await cli.run(["dns", "apply", "--instance", Self.world.instance, "--yes"])
        #expect(clean.status == 0, "\(clean)")
        let check = await cli.run(["dns", "plan", "--instance", Self.world.instance, "--expect-no-changes"])
        #expect(check.status == 0, "\(check)")
    }

    /// The bytes ARM returns for every foreign resource.
    static func snapshot(_ emulator: ARMEmulatorInProcess) async throws -> [String: Data] {
        var result: [String: Data] = [:]
        for id in try foreignIDs() {
            let version = id.contains("Microsoft.Sql") ? "2025-01-01" : "2024-05-01"
            let response = try await emulator.raw("GET", "\(id)?api-version=\(version)")
            result[id] = response.body
        }
        return result
    }
}
