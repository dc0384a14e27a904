import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The client against the emulator's fault injector: every fault class either converges within the
/// retry budget or fails with a message naming the resource and the last error.
@Suite struct FaultTests {
    static let mi = "Microsoft.Sql/2025-01-01/ManagedInstanceGet.json"
    // swift-format-ignore: NeverUseForceTry
    static let miID = try! ResourceID(
        parsing:
            "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testinstance"
    )
    // swift-format-ignore: NeverUseForceTry
    static let zoneID = try! ResourceID(
        subscription: "00000000-1111-2222-3333-444444444444", resourceGroup: "dns", namespace: "Microsoft.Network",
        type: "privateDnsZones", name: "privatelink.site")

    static func plan(_ fault: String, times: Int, method: String = "GET", extra: String = "") -> String {
        #"{"script":[{"fault":"\#(fault)","method":"\#(method)","times":\#(times)\#(extra)}]}"#
    }

    @Test(arguments: [
        ("throttle", #","retryAfterSeconds":2"#, "429"), ("serverError", "", "500"), ("unavailable", "", "503"),
        ("reset", "", "reset"),
        ("throttle", #","code":"RetryableErrorDueToAnotherOperation","retryAfterMs":300"#, "429"),
    ])
    func transientFaultsConverge(fault: String, extra: String, shown: String) async throws {
        try await ARMEmulatorProcess.with(world: [ARMExamples.file(Self.mi)]) { emulator in
            try await emulator.setFaults(Self.plan(fault, times: 2, extra: extra))
            let clock = TestClock()
            let mi = try await emulator.client(clock: clock).get(ManagedInstance.self, Self.miID)
            #expect(mi.name == "testinstance")
            let log = try await emulator.requestLog()
            #expect(log.count == 3)
            #expect(log.prefix(2).allSatisfy { $0.fault == fault })
            #expect(clock.sleeps.count == 2)
            if extra.contains("retryAfterSeconds") { #expect(clock.sleeps == [.seconds(2), .seconds(2)]) }
            if extra.contains("retryAfterMs") { #expect(clock.sleeps == [.milliseconds(300), .milliseconds(300)]) }
        }
    }

    @Test(arguments: [
        ("throttle", "429 TooManyRequests"), ("serverError", "500 InternalServerError"),
        ("unavailable", "503 ServiceUnavailable"), ("reset", "could not"),
    ])
    func persistentFaultsFailWithinTheBudget(fault: String, message: String) async throws {
        try await ARMEmulatorProcess.with(world: [ARMExamples.file(Self.mi)]) { emulator in
            try await emulator.setFaults(Self.plan(fault, times: 50))
            let clock = TestClock()
            await #expect {
                try await emulator.client(clock: clock).get(ManagedInstance.self, Self.miID)
            } throws: { error in
                let text = "\(error)"
                return text.contains("gave up after 4 attempts") && text.contains("testinstance")
                    && (text.contains(message) || fault == "reset")
            }
            #expect(try await emulator.requestLog().count == 4)
            #expect(clock.sleeps.count == 3)
        }
    }

    @Test func conflictsOnWritesAreRetried() async throws {
        try await ARMEmulatorProcess.with(world: []) { emulator in
            try await emulator.setFaults(Self.plan("conflict", times: 2, method: "PUT"))
            let zone = try await emulator.client().put(Self.zoneID, body: PrivateDNSZone.createBody())
            #expect(zone.properties?.provisioningState == .succeeded)
            let puts = try await emulator.requestLog().filter { $0.method == "PUT" }
            #expect(puts.map(\.status) == [409, 409, 202])
        }
    }

    @Test(arguments: [
        (400, "InvalidParameter"), (403, "AuthorizationFailed"), (409, "Conflict"), (404, "ResourceGroupNotFound"),
    ])
    func otherClientErrorsAreNotRetried(status: Int, code: String) async throws {
        try await ARMEmulatorProcess.with(world: []) { emulator in
            try await emulator.setFaults(
                Self.plan("status", times: 5, method: "PUT", extra: #","status":\#(status),"code":"\#(code)""#))
            await #expect {
                try await emulator.client().put(Self.zoneID, body: PrivateDNSZone.createBody())
            } throws: { ($0 as? ARMError)?.code == code && "\($0)".contains("privatelink.site") }
            #expect(try await emulator.requestLog().count == 1)
        }
    }

    @Test func failedOperationsSurfaceTheirError() async throws {
        try await ARMEmulatorProcess.with(world: []) { emulator in
            try await emulator.setFaults(
                #"{"failOperations":1,"operationErrorCode":"InternalServerError","operationErrorMessage":"Zone provisioning failed."}"#
            )
            await #expect {
                try await emulator.client().put(Self.zoneID, body: PrivateDNSZone.createBody())
            } throws: { error in
                guard
                    case .operationFailed(_, "Failed", "InternalServerError", "Zone provisioning failed.") = error
                        as? ARMError
                else { return false }
                return true
            }
            let zone = try await emulator.client().get(PrivateDNSZone.self, Self.zoneID)
            #expect(zone.properties?.provisioningState == .failed)
        }
    }

    @Test func subscriptionBudgetsThrottleReadsAndReportTheRemainder() async throws {
        try await ARMEmulatorProcess.with(world: [ARMExamples.file(Self.mi)]) { emulator in
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

    @Test func aBudgetWindowThatEndsLetsTheClientConverge() async throws {
        try await ARMEmulatorProcess.with(world: [ARMExamples.file(Self.mi)]) { emulator in
            try await emulator.setFaults(#"{"readBudget":1,"budgetWindowSeconds":2}"#)
            let client = emulator.client(clock: SystemClock())
            // Three reads at once against a budget of one: at least two are throttled whatever the
            // machine's load, and all three must still converge once the window ends.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { _ = try await client.get(ManagedInstance.self, Self.miID) } }
                try await group.waitForAll()
            }
            #expect(try await emulator.requestLog().filter { $0.fault == "budget" }.count >= 2)
        }
    }

    @Test func seededRandomFaultsAreReproducibleAndConverge() async throws {
        let plan = #"{"seed":42,"throttleRate":0.15,"serverErrorRate":0.15,"resetRate":0.1,"retryAfterSeconds":1}"#
        var runs: [[String?]] = []
        for _ in 0..<2 {
            let faults: [String?] = try await ARMEmulatorProcess.with(
                world: [ARMExamples.file(Self.mi)], arguments: ["--faults", plan]
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

    @Test func latencyIsAddedToEveryRequest() async throws {
        try await ARMEmulatorProcess.with(world: [ARMExamples.file(Self.mi)], arguments: ["--latency-ms", "150"]) {
            emulator in
            let started = ContinuousClock.now
            _ = try await emulator.client().get(ManagedInstance.self, Self.miID)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
        }
    }
}
