import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The client's retries against the emulator's fault injector: every fault class either converges
/// within the retry budget or fails with a message naming the resource and the last error. (How the
/// injector itself behaves is tested in ARMEmulatorTests.)
@Suite(.tags(.emulator)) struct FaultTests {
    static let mi = "Microsoft.Sql/2025-01-01/ManagedInstanceGet.json"
    static let miID = ResourceID.fixture(
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testinstance"
    )
    static let zoneID = ResourceID.fixture(
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.site"
    )

    static func plan(_ fault: String, times: Int, method: String = "GET", extra: String = "") -> String {
        #"{"script":[{"fault":"\#(fault)","method":"\#(method)","times":\#(times)\#(extra)}]}"#
    }

    @Test(arguments: [
        ("throttle", #","retryAfterSeconds":2"#, "429"), ("serverError", "", "500"), ("unavailable", "", "503"),
        ("reset", "", "reset"),
        ("throttle", #","code":"RetryableErrorDueToAnotherOperation","retryAfterMs":300"#, "429"),
    ])
    func transientFaultsConverge(fault: String, extra: String, shown: String) async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)]) { emulator in
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
        ("serverError", "500 InternalServerError"), ("unavailable", "503 ServiceUnavailable"), ("reset", "could not"),
    ])
    func persistentFaultsFailWithinTheBudget(fault: String, message: String) async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)]) { emulator in
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
        try await ARMEmulatorInProcess.with(world: []) { emulator in
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
        try await ARMEmulatorInProcess.with(world: []) { emulator in
            try await emulator.setFaults(
                Self.plan("status", times: 5, method: "PUT", extra: #","status":\#(status),"code":"\#(code)""#))
            await #expect {
                try await emulator.client().put(Self.zoneID, body: PrivateDNSZone.createBody())
            } throws: { ($0 as? ARMError)?.code == code && "\($0)".contains("privatelink.site") }
            #expect(try await emulator.requestLog().count == 1)
        }
    }

    @Test func failedOperationsSurfaceTheirError() async throws {
        try await ARMEmulatorInProcess.with(world: []) { emulator in
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

    @Test func aBudgetWindowThatEndsLetsTheClientConverge() async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)]) { emulator in
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
}
