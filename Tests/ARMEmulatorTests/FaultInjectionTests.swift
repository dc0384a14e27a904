import ARMEmulatorCore
import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The emulator's fault injector: per-subscription budgets with remaining-quota headers, seeded
/// random faults that repeat run for run, added latency, scripted faults set through the API.
@Suite(.tags(.emulator)) struct FaultInjectionTests {
    static let mi = "Microsoft.Sql/2025-01-01/ManagedInstanceGet.json"
    static let miID = ResourceID.fixture(
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testinstance"
    )

    @Test func subscriptionBudgetsThrottleReadsAndReportTheRemainder() async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)]) { emulator in
            try await emulator.setFaults(#"{"readBudget":3,"budgetWindowSeconds":300}"#)
            let path = Self.miID.path + "?api-version=2025-01-01"
            var remaining: [String?] = []
            for _ in 0..<3 {
                remaining.append(
                    try await emulator.raw("GET", path).headers["x-ms-ratelimit-remaining-subscription-reads"])
            }
            #expect(remaining == ["2", "1", "0"])
            let throttled = try await emulator.raw("GET", path)
            #expect(throttled.status == 429)
            #expect(throttled.headers["x-ms-error-code"] == "SubscriptionRequestsThrottled")
            #expect(Int(throttled.headers["Retry-After"] ?? "") ?? 0 > 0)
            await #expect {
                try await emulator.client().get(ManagedInstance.self, Self.miID)
            } throws: { "\($0)".contains("SubscriptionRequestsThrottled") }
            // Another subscription has its own budget.
            let other = try await emulator.raw(
                "GET",
                "/subscriptions/other/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/x?api-version=2025-01-01"
            )
            #expect(other.status == 404)
        }
    }

    @Test func seededRandomFaultsAreReproducibleAndConverge() async throws {
        let plan = #"{"seed":42,"throttleRate":0.15,"serverErrorRate":0.15,"resetRate":0.1,"retryAfterSeconds":1}"#
        var runs: [[String?]] = []
        for _ in 0..<2 {
            let faults: [String?] = try await ARMEmulatorInProcess.with(
                world: [ARMExamples.file(Self.mi)], options: ARMEmulatorOptions(faults: try FaultPlan.parse(plan))
            ) { emulator in
                let client = emulator.client(configuration: .init(retry: RetryPolicy(maxRetries: 8)))
                for _ in 0..<20 { _ = try await client.get(ManagedInstance.self, Self.miID) }
                return try await emulator.requestLog().map(\.fault)
            }
            runs.append(faults)
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0].compactMap { $0 }.count > 3)
        #expect(Set(runs[0].compactMap { $0 }).isSuperset(of: ["throttle", "reset"]))
    }

    @Test func aSeedOptionOverridesThePlansSeed() async throws {
        let plan = try FaultPlan.parse(#"{"seed":42,"throttleRate":0.5}"#)
        #expect(ARMEmulatorOptions(seed: 7, faults: plan).effectiveFaults.seed == 7)
        #expect(ARMEmulatorOptions(faults: plan).effectiveFaults.seed == 42)
        #expect(ARMEmulatorOptions(latencyMs: 30, faults: plan).effectiveFaults.latencyMs == 30)
        var logs: [[String?]] = []
        for seed: UInt64 in [1, 2] {
            try await ARMEmulatorInProcess.with(
                world: [ARMExamples.file(Self.mi)], options: ARMEmulatorOptions(seed: seed, faults: plan)
            ) { emulator in
                for _ in 0..<24 { _ = try await emulator.raw("GET", Self.miID.path + "?api-version=2025-01-01") }
                logs.append(try await emulator.requestLog().map(\.fault))
            }
        }
        #expect(logs[0] != logs[1], "two seeds drew the same 24 faults")
    }

    @Test func latencyIsAddedToEveryRequest() async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)], arguments: ["--latency-ms", "150"]) {
            emulator in
            let started = ContinuousClock.now
            _ = try await emulator.client().get(ManagedInstance.self, Self.miID)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
        }
    }

    @Test func scriptedFaultsSetThroughTheAPIAreServedAndShownByTheAdminEndpoint() async throws {
        try await ARMEmulatorServer.with(world: [ARMExamples.file(Self.mi)]) { server in
            var plan = FaultPlan()
            plan.script = [ScriptedFault(fault: .status, method: "GET", times: 1, status: 403, code: "Nope")]
            await server.setFaults(plan)
            #expect(await server.faults() == plan)
            let harness = Harness(baseURL: server.baseURL)
            let shown = try await harness.raw("GET", "/_emulator/faults")
            #expect(try JSONDecoder().decode(FaultPlan.self, from: shown.body) == plan)
            let path = Self.miID.path + "?api-version=2025-01-01"
            let first = try await harness.raw("GET", path)
            #expect(first.status == 403)
            #expect(first.headers["x-ms-error-code"] == "Nope")
            #expect(try await harness.raw("GET", path).status == 200)
            #expect(await server.requestLog().map(\.fault) == ["status", nil])
            await server.clearRequestLog()
            #expect(await server.requestLog().isEmpty)
        }
    }

    /// Raw requests against a bare ``ARMEmulatorServer``.
    struct Harness: ARMEmulatorHarness {
        let baseURL: URL
    }
}
