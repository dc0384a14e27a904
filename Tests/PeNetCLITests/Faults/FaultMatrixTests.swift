import ARMEmulatorCore
import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// A seeded fault matrix against the in-process emulator: each seed draws throttling (429 with
/// Retry-After), 500/503, connection resets, 409 AnotherOperationInProgress, long-running
/// operations that end Failed and writers that change a resource between pe-net's read and its
/// `If-Match` write (412). The faulted run may fail; then, without faults:
///
/// - `--expect-no-changes` is honest: when it exits 0 the apply that follows writes nothing,
///   when it exits 3 that apply writes something (and a faulted run that exited 0 must already
///   have converged);
/// - the rerun converges (apply exits 0, then `--expect-no-changes` exits 0);
/// - the resources pe-net does not own are unchanged.
///
/// By default seeds 1–20 run against the drifted record (every fault kind, the 412 included) and
/// seeds 1–10 against the other subjects; `PENET_FAULT_SEEDS=N` runs seeds 1–N against each.
/// Every failure names its seed and subject, so it reproduces. All waits go through a ``TestClock``.
// Serialized: its CLI runs are CPU-bound (argument parsing in a debug build); one at a time
// leaves the rest of the suite, whose tests wait on real time, a thread of the pool.
@Suite("fault matrix", .tags(.emulator), .serialized)
struct FaultMatrixTests {
    /// A command under test: how to apply and how to check that nothing is left to do.
    struct Subject: Sendable, CustomStringConvertible {
        var name: String
        var apply: [String]
        var check: [String]
        /// Brings the emulator to the subject's starting state (without faults).
        var prepare: @Sendable (ARMEmulatorInProcess, InProcessCLI) async throws -> Void
        /// Seeds 1...n run by default.
        var defaultSeeds: Int
        /// The example world it runs on (`examples/worlds/<world>.json`).
        var world = "separate"
        var description: String { name }

        var worldFile: URL { TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(world).json") }

        /// The seeds to run: `PENET_FAULT_SEEDS` when set, else ``defaultSeeds``.
        var seeds: [UInt64] {
            let count = Int(ProcessInfo.processInfo.environment["PENET_FAULT_SEEDS"] ?? "") ?? defaultSeeds
            return (1...UInt64(max(1, count))).map { $0 }
        }
    }

    static let world = PrivateDNSCLITests.separate
    static let pec =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi/privateEndpointConnections/pe-sales-mi.8c1d2e3f"
    static let dnsApply = ["dns", "apply", "--instance", world.instance, "--endpoint", world.endpoint, "--yes"]
    static let dnsCheck = [
        "dns", "plan", "--instance", world.instance, "--endpoint", world.endpoint, "--expect-no-changes",
    ]

    static let subjects: [Subject] = [
        Subject(
            name: "dns apply (drifted record, If-Match update)", apply: dnsApply, check: dnsCheck,
            prepare: { emulator, cli in try await driftRecord(emulator, cli, to: "10.20.1.99") }, defaultSeeds: 20),
        Subject(
            name: "dns apply (new zone)", apply: dnsApply, check: dnsCheck, prepare: { _, _ in }, defaultSeeds: 10),
        Subject(
            name: "endpoints approve",
            apply: ["endpoints", "approve", "--instance", world.instance, "--all-pending", "--yes"],
            check: ["endpoints", "approve", "--instance", world.instance, "--all-pending", "--expect-no-changes"],
            prepare: { emulator, _ in try await emulator.load([try pendingConnection()]) }, defaultSeeds: 10),
        Subject(
            name: "apply -f (the example estate: approvals, DNS, a link, a Data Factory path)",
            apply: ["apply", "-f", estateFile, "--yes"], check: ["plan", "-f", estateFile, "--expect-no-changes"],
            prepare: { _, _ in }, defaultSeeds: 6, world: "estate"),
    ]

    static var estateFile: String { TestPaths.packageRoot.appendingPathComponent("examples/estate.yaml").path }

    static var worldFile: URL { TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(world.file).json") }

    /// The world's connection, set back to Pending.
    static func pendingConnection() throws -> Data {
        let documents = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: worldFile)) as? [[String: Any]])
        var connection = try #require(documents.first { ($0["id"] as? String) == pec })
        var properties = connection["properties"] as? [String: Any] ?? [:]
        properties["privateLinkServiceConnectionState"] = [
            "status": "Pending", "description": "please approve", "actionsRequired": "None",
        ]
        connection["properties"] = properties
        return try JSONSerialization.data(withJSONObject: connection)
    }

    /// Applies the DNS setup cleanly, then points the instance's A record at `address` as
    /// another writer would (a PUT without conditions), so the next plan has an `If-Match` update.
    /// Returns the record's path.
    @discardableResult
    static func driftRecord(_ emulator: ARMEmulatorInProcess, _ cli: InProcessCLI, to address: String) async throws
        -> String
    {
        try await emulator.clearRequestLog()
        let applied = await cli.run(dnsApply)
        try #require(applied.status == 0, "\(applied)")
        let record = try #require(
            try await emulator.requestLog().first { $0.method == "PUT" && $0.path.contains("/A/") }?.path)
        let current = try await emulator.raw("GET", record + "?api-version=2024-06-01")
        var document = try #require(try JSONSerialization.jsonObject(with: current.body) as? [String: Any])
        var properties = document["properties"] as? [String: Any] ?? [:]
        properties["aRecords"] = [["ipv4Address": address]]
        document["properties"] = properties
        let put = try await emulator.raw(
            "PUT", record + "?api-version=2024-06-01", body: try JSONSerialization.data(withJSONObject: document))
        try #require(put.status == 200, "\(put.status) \(String(decoding: put.body, as: UTF8.self))")
        return record
    }

    /// Every resource of the world pe-net must never write: the instance, vnets, peerings, the
    /// endpoint and its NIC. On the estate, the Data Factory path's vnet (it gains a subnet), its
    /// forwarders' NICs (they join the pool) and the factory (it gains an endpoint) are pe-net's to change.
    static func foreignIDs(_ file: URL = worldFile) throws -> [String] {
        let documents = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]])
        return documents.compactMap { $0["id"] as? String }.filter {
            !$0.contains("privateEndpointConnections") && !$0.contains("/resourceGroups/adf-rg/")
        }
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
        plan.concurrentWriteRate = rate(0.6)
        return plan
    }

    /// What one seed did, for the summary line.
    struct SeedResult: Sendable {
        var seed: UInt64
        var faultedExit: Int32
        var checkExit: Int32
        var converged: Bool
        var faults: [String: Int]
    }

    @Test(
        "a faulted run, then a clean run, converges; --expect-no-changes is honest; foreign resources untouched",
        arguments: subjects)
    func converges(_ subject: Subject) async throws {
        let started = ContinuousClock.now
        var results: [SeedResult] = []
        for seed in subject.seeds {
            results.append(try await Self.run(subject, seed: seed))
        }
        var faults: [String: Int] = [:]
        for result in results { faults.merge(result.faults, uniquingKeysWith: +) }
        let failed = results.filter { $0.faultedExit != 0 }.count
        let converged = results.filter(\.converged).count
        print(
            "fault matrix \(subject.name): \(results.count) seeds, \(failed) faulted runs failed, "
                + "\(converged) of \(results.count) converged on the rerun; faults injected \(faults.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")); "
                + "\(ContinuousClock.now - started)")
        if subject.name.contains("If-Match") {
            #expect((faults["concurrentWrite"] ?? 0) > 0, "no seed drew a concurrent writer")
        }
    }

    static func run(_ subject: Subject, seed: UInt64) async throws -> SeedResult {
        let emulator = try await ARMEmulatorInProcess.start(worldFile: subject.worldFile)
        defer { Task { await emulator.stop() } }
        var cli = InProcessCLI(armEndpoint: emulator.baseURL)
        cli.clock = TestClock()
        let label = "seed \(seed), \(subject.name) (PENET_FAULT_SEEDS=\(seed) reproduces it)"
        try await subject.prepare(emulator, cli)
        let foreign = try await Self.snapshot(emulator, subject.worldFile)

        try await emulator.clearRequestLog()
        await emulator.setFaults(Self.plan(seed: seed))
        let faulted = await cli.run(subject.apply)
        await emulator.setFaults(FaultPlan())
        var injected: [String: Int] = [:]
        for entry in try await emulator.requestLog() { if let fault = entry.fault { injected[fault, default: 0] += 1 } }
        #expect([0, 1].contains(faulted.status), "\(label): \(faulted)")
        #expect(!faulted.stderr.isEmpty || faulted.status == 0, "\(label): failed without saying why")
        #expect(!(faulted.stdout + faulted.stderr).contains(InProcessCLI.token), "\(label): the token was printed")

        let honest = await cli.run(subject.check)
        #expect([0, 3].contains(honest.status), "\(label): \(honest)")
        if faulted.status == 0 {
            #expect(
                honest.status == 0, "\(label): the faulted run reported success on a wrong state\n\(faulted)\n\(honest)"
            )
        }
        try await emulator.clearRequestLog()
        let clean = await cli.run(subject.apply)
        #expect(clean.status == 0, "\(label): the clean rerun failed\n\(faulted)\n\(clean)")
        let writes = try await emulator.requestLog().filter(\.isWrite)
        if honest.status == 0 {
            #expect(writes.isEmpty, "\(label): --expect-no-changes said 0 but the rerun wrote \(writes.map(\.path))")
        } else {
            #expect(!writes.isEmpty, "\(label): --expect-no-changes said 3 but the rerun wrote nothing\n\(honest)")
        }
        let check = await cli.run(subject.check)
        #expect(check.status == 0, "\(label): not converged after the clean rerun\n\(clean)\n\(check)")
        let after = try await Self.snapshot(emulator, subject.worldFile)
        for id in foreign.keys where after[id] != foreign[id] {
            Issue.record("\(label): a foreign resource changed: \(id)")
        }
        await emulator.stop()
        return SeedResult(
            seed: seed, faultedExit: faulted.status, checkExit: honest.status,
            converged: clean.status == 0 && check.status == 0, faults: injected)
    }

    @Test("a zone whose create ends Failed is planned again and --expect-no-changes exits 3")
    func failedZoneIsReplanned() async throws {
        try await ARMEmulatorInProcess.with(world: [try Data(contentsOf: Self.worldFile)]) { emulator in
            var cli = InProcessCLI(armEndpoint: emulator.baseURL)
            cli.clock = TestClock()
            var faults = FaultPlan()
            faults.failOperations = 1
            await emulator.setFaults(faults)
            let faulted = await cli.run(Self.dnsApply)
            #expect(faulted.status == 1, "\(faulted)")
            await emulator.setFaults(FaultPlan())
            let drift = await cli.run(Self.dnsCheck)
            #expect(drift.status == 3, "\(drift)")
            let clean = await cli.run(Self.dnsApply)
            #expect(clean.status == 0, "\(clean)")
            let check = await cli.run(Self.dnsCheck)
            #expect(check.status == 0, "\(check)")
        }
    }

    @Test(
        "a record changed by another writer after the plan's read gets 412: reported, not overwritten; the rerun converges"
    )
    func concurrentWriterIsNotOverwritten() async throws {
        try await ARMEmulatorInProcess.with(world: [try Data(contentsOf: Self.worldFile)]) { emulator in
            var cli = InProcessCLI(armEndpoint: emulator.baseURL)
            cli.clock = TestClock()
            let record = try await Self.driftRecord(emulator, cli, to: "10.20.1.99")
            let drift = await cli.run(Self.dnsCheck)
            #expect(drift.status == 3, "\(drift)")
            // Between pe-net's read (etag E1) and its If-Match: E1 write, another writer sets 10.20.1.77.
            var faults = FaultPlan()
            faults.script = [
                ScriptedFault(
                    fault: .concurrentWrite, method: "PUT", pathContains: record,
                    merge: #"{"properties":{"aRecords":[{"ipv4Address":"10.20.1.77"}]}}"#)
            ]
            await emulator.setFaults(faults)
            try await emulator.clearRequestLog()
            let raced = await cli.run(Self.dnsApply)
            #expect(raced.status == 1, "\(raced)")
            #expect(raced.stderr.contains("changed after the plan was made; run plan again"), "\(raced)")
            let puts = try await emulator.requestLog().filter { $0.method == "PUT" && $0.path == record }
            #expect(puts.map(\.status) == [412], "\(puts)")
            #expect(puts.first?.ifMatch != nil, "\(puts)")
            #expect(
                try await Self.addresses(emulator, record) == ["10.20.1.77"],
                "the other writer's change was overwritten")

            await emulator.setFaults(FaultPlan())
            let rerun = await cli.run(Self.dnsApply)
            #expect(rerun.status == 0, "\(rerun)")
            #expect(try await Self.addresses(emulator, record) == [Self.world.ip])
            let check = await cli.run(Self.dnsCheck)
            #expect(check.status == 0, "\(check)")
        }
    }

    /// The A record's addresses as the emulator holds them.
    static func addresses(_ emulator: ARMEmulatorInProcess, _ record: String) async throws -> [String] {
        let response = try await emulator.raw("GET", record + "?api-version=2024-06-01")
        let document = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        let items = (document?["properties"] as? [String: Any])?["aRecords"] as? [[String: Any]] ?? []
        return items.compactMap { $0["ipv4Address"] as? String }
    }

    /// The bytes ARM returns for every foreign resource, without the read-only mirrors ARM keeps
    /// of a connection's state on the instance and on the endpoint (approving changes those).
    static func snapshot(_ emulator: ARMEmulatorInProcess, _ file: URL = worldFile) async throws -> [String: String] {
        var result: [String: String] = [:]
        for id in try foreignIDs(file) {
            let version = id.contains("Microsoft.Sql") ? "2025-01-01" : "2024-05-01"
            let response = try await emulator.raw("GET", "\(id)?api-version=\(version)")
            guard var document = try JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
                result[id] = String(decoding: response.body, as: UTF8.self)
                continue
            }
            if var properties = document["properties"] as? [String: Any] {
                properties["privateEndpointConnections"] = nil
                for key in ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"] {
                    if let items = properties[key] as? [[String: Any]] {
                        properties[key] = items.map { item -> [String: Any] in
                            var item = item
                            var inner = item["properties"] as? [String: Any] ?? [:]
                            inner["privateLinkServiceConnectionState"] = nil
                            item["properties"] = inner
                            return item
                        }
                    }
                }
                document["properties"] = properties
            }
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            result[id] = String(decoding: data, as: UTF8.self)
        }
        return result
    }
}
