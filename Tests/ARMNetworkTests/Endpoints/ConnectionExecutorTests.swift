import ARMNetwork
import PeNetTestSupport
import Testing

/// Counts writes in flight and the highest number seen at once.
private actor InFlight {
    var current = 0
    var peak = 0
    var performed: [String] = []
    func enter(_ name: String) {
        current += 1
        peak = max(peak, current)
        performed.append(name)
    }
    func leave() { current -= 1 }
}

private struct Refused: Error, CustomStringConvertible {
    var description: String { "ARM said no (409 Conflict)" }
}

private func pending(_ name: String) -> ConnectionSnapshot {
    ConnectionSnapshot(
        name: name,
        id: ResourceID.fixture(
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/managedInstances/mi/privateEndpointConnections/\(name)"
        ),
        privateEndpointID: ResourceID.fixture(
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateEndpoints/pe-\(name)"),
        status: .pending)
}

@Suite("Connection executor")
struct ConnectionExecutorTests {
    @Test func boundedConcurrencyAndOneFailureDoesNotStopTheOthers() async throws {
        let connections = (0..<20).map { pending("c\($0)") }
        let plan = try ConnectionPlanner.plan(
            .approve, selection: .init(.allPending), connections: connections, instance: "mi")
        let flight = InFlight()
        let outcomes = await ConnectionExecutor.apply(plan, dryRun: false, maxConcurrent: 4) { change in
            await flight.enter(change.connection.name)
            try? await Task.sleep(for: .milliseconds(5))
            await flight.leave()
            if change.connection.name == "c7" { throw Refused() }
            var after = change.connection
            after.status = .approved
            return .done(after)
        }
        #expect(outcomes.map(\.connection) == connections.map(\.name))
        #expect(await flight.peak <= 4)
        #expect(await flight.peak >= 2)
        #expect(await flight.performed.count == 20)
        let failed = outcomes.filter(\.failed)
        #expect(failed.map(\.connection) == ["c7"])
        #expect(failed.first?.message == "approved c7 failed: ARM said no (409 Conflict)")
        #expect(outcomes.filter { $0.result == .succeeded && $0.status == .approved }.count == 19)
    }

    @Test func dryRunPerformsNothing() async throws {
        let plan = try ConnectionPlanner.plan(
            .approve, selection: .init(.all),
            connections: [
                pending("a"),
                ConnectionSnapshot(
                    name: "b",
                    id: ResourceID.fixture(
                        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/managedInstances/mi/privateEndpointConnections/b"
                    ), privateEndpointID: nil, status: .rejected),
            ],
            instance: "mi")
        let flight = InFlight()
        let outcomes = await ConnectionExecutor.apply(plan, dryRun: true, maxConcurrent: 8) { change in
            await flight.enter(change.connection.name)
            return .accepted
        }
        #expect(await flight.performed.isEmpty)
        #expect(outcomes.map(\.result) == [.planned, .failed])
        #expect(outcomes[0].message == "would approve a (private endpoint pe-a): Pending -> Approved")
    }

    @Test func noWaitReportsAccepted() async throws {
        let plan = try ConnectionPlanner.plan(
            .delete, selection: .init(.names(["a"])), connections: [pending("a")], instance: "mi")
        let outcomes = await ConnectionExecutor.apply(plan, dryRun: false, maxConcurrent: 1) { _ in .accepted }
        #expect(outcomes.map(\.result) == [.accepted])
        #expect(outcomes.first?.status == nil)
    }

    @Test(arguments: [1, 3, 50])
    func boundedMapKeepsOrder(limit: Int) async {
        let result = await ConnectionExecutor.boundedMap(Array(0..<30), limit: limit) { value in
            try? await Task.sleep(for: .milliseconds(UInt64((30 - value) % 4)))
            return value * 2
        }
        #expect(result == (0..<30).map { $0 * 2 })
    }
}
