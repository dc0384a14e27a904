import ARMEmulatorCore
import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The client's throttling budget: per-subscription token buckets for reads and writes that slow
/// a run down, remaining-quota headers that lower them, and 429s that are waited out, never
/// escaping while the waits fit the budget.
@Suite(.tags(.emulator)) struct ThrottleBudgetTests {
    static let mi = "Microsoft.Sql/2025-01-01/ManagedInstanceGet.json"
    static let miID = FaultTests.miID

    static func ok(_ headers: [String: String] = [:]) -> ScriptedTransport.Answer {
        var fields = ARMHeaders()
        for (name, value) in headers { fields[name] = value }
        return .response(ARMResponse(status: 200, headers: fields, body: Data(ARMClientTests.miBody.utf8)))
    }

    static func client(_ transport: ScriptedTransport, clock: TestClock, limits: ThrottleLimits) -> ARMClient {
        ARMClient(
            endpoint: ARMClientTests.endpoint, transport: transport, credential: StaticTokenSource(token: "tok"),
            clock: clock, configuration: .init(retry: RetryPolicy(jitter: false), throttle: limits))
    }

    static let small = ThrottleLimits(
        reads: .init(capacity: 10, refillPerSecond: 5), writes: .init(capacity: 4, refillPerSecond: 2),
        resourceGraph: .init(capacity: 2, refillPerSecond: 1))

    @Test("an empty read bucket waits for its refill; the writes bucket and other subscriptions are separate")
    func bucketsSlowDown() async throws {
        let transport = ScriptedTransport(Array(repeating: Self.ok(), count: 40))
        let clock = TestClock()
        let client = Self.client(transport, clock: clock, limits: Self.small)
        for _ in 0..<20 { _ = try await client.get(ManagedInstance.self, Self.miID) }
        let waited = clock.sleeps.reduce(Duration.zero, +)
        #expect(waited >= .seconds(2) && waited <= .milliseconds(2100), "10 reads past the bucket at 5 a second")
        #expect(await client.throttleWait() == waited)
        let other = ResourceID.fixture(
            "/subscriptions/99999999-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1"
        )
        let before = clock.sleeps.count
        for _ in 0..<10 { _ = try await client.get(ManagedInstance.self, other) }
        #expect(clock.sleeps.count == before, "another subscription has its own full bucket")
    }

    @Test("x-ms-ratelimit-remaining-subscription-reads lowers the bucket to what ARM reports")
    func remainingHeaderLowersTheBucket() async throws {
        let transport = ScriptedTransport(
            [Self.ok(["x-ms-ratelimit-remaining-subscription-reads": "0"])] + Array(repeating: Self.ok(), count: 3))
        let clock = TestClock()
        let client = Self.client(transport, clock: clock, limits: Self.small)
        _ = try await client.get(ManagedInstance.self, Self.miID)
        #expect(clock.sleeps.isEmpty)
        _ = try await client.get(ManagedInstance.self, Self.miID)
        #expect(clock.sleeps == [.milliseconds(200)], "one token at 5 a second")
    }

    @Test("a 429 is waited out as asked, spends no retry, and pauses the bucket for every request")
    func throttlingNeverEscapesWithinTheBudget() async throws {
        var throttled = ARMHeaders()
        throttled["Retry-After"] = "7"
        let answers: [ScriptedTransport.Answer] =
            Array(repeating: .response(ARMResponse(status: 429, headers: throttled, body: Data("{}".utf8))), count: 10)
            + [Self.ok()]
        let transport = ScriptedTransport(answers)
        let clock = TestClock()
        let mi = try await Self.client(transport, clock: clock, limits: Self.small).get(ManagedInstance.self, Self.miID)
        #expect(mi.name == "mi1")
        #expect(transport.requests.count == 11, "10 throttled answers, more than the 3 retries, and no failure")
        #expect(clock.sleeps == Array(repeating: .seconds(7), count: 10))
    }

    @Test("a 429 asking for more than the throttle budget fails, naming the wait")
    func throttleBudgetIsBounded() async throws {
        var throttled = ARMHeaders()
        throttled["Retry-After"] = "600"
        let answers: [ScriptedTransport.Answer] =
            Array(repeating: .response(ARMResponse(status: 429, headers: throttled, body: Data("{}".utf8))), count: 3)
        let transport = ScriptedTransport(answers)
        let clock = TestClock()
        await #expect {
            try await Self.client(transport, clock: clock, limits: Self.small).get(ManagedInstance.self, Self.miID)
        } throws: { "\($0)".contains("more than the 900 s a request may wait for throttling") }
        #expect(transport.requests.count == 2, "600 s once fits, twice does not")
    }

    @Test(
        "against the emulator's per-subscription read budget, 50 concurrent reads all succeed: the budget slows them")
    func emulatorBudgetSlowsRatherThanFails() async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)]) { emulator in
            // 5 reads a second against 8 connections at once: the first burst is throttled even
            // on a loaded machine.
            try await emulator.setFaults(#"{"readBudget":5,"budgetWindowSeconds":1}"#)
            let client = emulator.client(clock: SystemClock())
            let start = ContinuousClock.now
            let names = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<50 { group.addTask { try await client.get(ManagedInstance.self, Self.miID).name } }
                var all: [String?] = []
                for try await name in group { all.append(name) }
                return all
            }
            let elapsed = ContinuousClock.now - start
            #expect(names.count == 50 && names.allSatisfy { $0 == "testinstance" })
            let log = try await emulator.requestLog()
            #expect(log.filter { $0.status == 200 }.count == 50)
            #expect(log.contains { $0.fault == "budget" }, "the emulator did throttle")
            #expect(elapsed >= .seconds(9), "ten windows of 5 reads")
        }
    }
}
