import Foundation
import PeNetTestSupport
import Testing

@testable import ARMNetwork

/// apply waits until a link it wrote reports `virtualNetworkLinkState: Completed`.
@Suite("Private DNS executor waits for links")
struct PrivateDNSLinkWaitTests {
    typealias F = PlannerFixture

    static func link(state: String) -> ScriptedTransport.Answer {
        let body = """
            {"id":"\(F.zoneID(F.privatelink))/virtualNetworkLinks/l","name":"l","location":"global","etag":"e",
             "properties":{"virtualNetwork":{"id":"\(F.appVNet)"},"registrationEnabled":false,
             "provisioningState":"Succeeded","virtualNetworkLinkState":"\(state)"}}
            """
        return .response(ARMResponse(status: 200, body: Data(body.utf8)))
    }

    /// A plan whose zone and record already exist, so the only write is the link.
    static func linkOnlyPlan() -> PrivateDNSPlan {
        let facts = PrivateDNSFacts(
            instance: F.instance, endpoints: [F.endpoint()],
            zones: [F.zone(F.privatelink, records: [F.record(F.privatelink, ips: ["10.20.1.4"])])])
        return PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
    }

    static func executor(_ transport: ScriptedTransport, clock: TestClock, limit: Int) -> PrivateDNSExecutor {
        let client = ARMClient(
            endpoint: URL(string: "http://127.0.0.1:1")!, transport: transport,
            credential: StaticTokenSource(token: "t"), clock: clock)
        return PrivateDNSExecutor(client: client, linkPollInterval: .seconds(2), linkPollLimit: limit, clock: clock)
    }

    @Test("an InProgress link is read again until Completed")
    func waitsForCompleted() async throws {
        let plan = Self.linkOnlyPlan()
        #expect(plan.changes.map(\.action) == [.unchanged, .create, .unchanged])
        let transport = ScriptedTransport([
            Self.link(state: "InProgress"), Self.link(state: "InProgress"), Self.link(state: "Completed"),
        ])
        let clock = TestClock()
        let outcomes = await Self.executor(transport, clock: clock, limit: 5).apply(plan)
        #expect(outcomes.map(\.result) == [PrivateDNSOutcome.Result.skipped, .done, .skipped])
        #expect(transport.requests.map(\.method) == ["PUT", "GET", "GET"])
        #expect(transport.requests[0].headers["If-None-Match"] == "*")
        #expect(clock.sleeps.filter { $0 == .seconds(2) }.count == 2)
    }

    @Test("a link that never completes fails with a timeout, not a hang")
    func givesUp() async throws {
        let transport = ScriptedTransport(Array(repeating: Self.link(state: "InProgress"), count: 4))
        let outcomes = await Self.executor(transport, clock: TestClock(), limit: 3).apply(Self.linkOnlyPlan())
        #expect(outcomes[1].result == .failed)
        #expect(outcomes[1].error?.contains("still running") == true, "\(outcomes[1].error ?? "")")
        #expect(transport.requests.count == 4)
    }
}
