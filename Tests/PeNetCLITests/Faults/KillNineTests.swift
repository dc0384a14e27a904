import ARMEmulatorCore
import Foundation
import PeNetTestSupport
import Testing

/// The built `pe-net` binary runs `dns apply` (and `endpoints approve`, `apply -f` of the example
/// estate) against the in-process emulator (every request
/// slowed down by 40 ms) and is killed with SIGKILL at seeded points of its progress (after its
/// n-th write reached the emulator, plus a few milliseconds); after each kill a rerun converges: it exits 0, `--expect-no-changes` exits 0, and there is exactly one zone,
/// one vnet link and one A record (no duplicates, nothing left half-made).
@Suite("kill -9 during apply", .tags(.binary, .emulator), .serialized)
struct KillNineTests {
    static let world = PrivateDNSCLITests.separate
    static let kills = 10

    /// Kill points from a seeded generator (reproducible): after the apply's `writes`-th write
    /// reached the emulator (0: before any), plus `delay` milliseconds.
    static func killPoints(seed: UInt64, count: Int) -> [(writes: Int, delay: UInt64)] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        return (0..<count).map { _ in (Int(next() % 4), next() % 60) }
    }

    /// Starts `command` with its output discarded.
    static func start(_ command: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits for `process` on a thread of its own (off the pool the in-process emulator needs);
    /// the exit status, negative when a signal ended it.
    static func wait(_ process: Process) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit()
                let killed = process.terminationReason == .uncaughtSignal
                continuation.resume(returning: killed ? -process.terminationStatus : process.terminationStatus)
            }.start()
        }
    }

    /// Runs `command` to its end.
    static func run(_ command: [String]) async throws -> Int32 { await wait(try start(command)) }

    @Test(
        "SIGKILL at 10 seeded points of dns apply, then a rerun converges with no duplicates",
        .enabled(if: CLIRun.binary != nil))
    func killedApplyConverges() async throws {
        let binary = try #require(CLIRun.binary)
        let root = try TemporaryRoot()
        defer { root.remove() }
        let token = root.path + "/token"
        try Data("kill-nine-token-0001\n".utf8).write(to: URL(fileURLWithPath: token))
        let file = TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(Self.world.file).json")
        var killed = 0
        var killedAfterWrites = 0
        var statuses: [Int32] = []
        let started = ContinuousClock.now
        for (index, point) in Self.killPoints(seed: 1, count: Self.kills).enumerated() {
            // Each point starts from the untouched world, so every kill lands in a real apply.
            try await ARMEmulatorInProcess.with(worldFile: file, arguments: ["--latency-ms", "40"]) { emulator in
                let label = "kill point \(index + 1) (after write \(point.writes) + \(point.delay) ms, seed 1)"
                let base = [
                    "--instance", Self.world.instance, "--endpoint", Self.world.endpoint, "--arm-endpoint",
                    emulator.baseURL.absoluteString, "--access-token-file", token,
                ]
                let apply = [binary, "dns", "apply", "--yes"] + base
                let process = try Self.start(apply)
                // Wait (bounded) until the apply has sent `point.writes` writes, then the delay.
                for _ in 0..<2000 where process.isRunning {
                    if try await emulator.requestLog().filter(\.isWrite).count >= point.writes { break }
                    try await Task.sleep(for: .milliseconds(5))
                }
                try await Task.sleep(for: .milliseconds(point.delay))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                let status = await Self.wait(process)
                statuses.append(status)
                if status == -SIGKILL { killed += 1 }
                let writes = try await emulator.requestLog().filter(\.isWrite).count
                if status == -SIGKILL, writes > 0 { killedAfterWrites += 1 }
                await emulator.setFaults(FaultPlan())

                let rerun = try await Self.run(apply)
                #expect(rerun == 0, "\(label): the rerun failed (killed run exit \(status), \(writes) writes)")
                let check = try await Self.run([binary, "dns", "plan", "--expect-no-changes"] + base)
                #expect(check == 0, "\(label): not converged after the rerun")

                let log = try await emulator.requestLog()
                let zonePath = try #require(
                    log.first { $0.method == "PUT" && $0.path.contains("/privateDnsZones/") }?.path.components(
                        separatedBy: "/virtualNetworkLinks/"
                    ).first?.components(separatedBy: "/A/").first)
                let group = try #require(zonePath.components(separatedBy: "/providers/").first)
                let zones = try await Self.names(emulator, "\(group)/providers/Microsoft.Network/privateDnsZones")
                #expect(zones == [Self.world.zone], "\(label): \(zones)")
                let links = try await Self.names(emulator, "\(zonePath)/virtualNetworkLinks")
                #expect(links.count == 1, "\(label): \(links)")
                let records = try await Self.names(emulator, "\(zonePath)/A")
                #expect(records.count == 1, "\(label): \(records)")
            }
        }
        #expect(killed >= Self.kills / 2, "most runs should be cut short: \(statuses)")
        #expect(killedAfterWrites > 0, "no kill landed after a write: \(statuses)")
        print(
            "kill -9: \(Self.kills) seeded points (seed 1), \(killed) runs killed (\(killedAfterWrites) after their "
                + "first write), exits \(statuses); "
                + "every rerun converged; \(ContinuousClock.now - started)")
    }

    /// One killed run of `command` against a fresh emulator of `world`: started, SIGKILLed after
    /// `point.writes` writes plus `point.delay` ms, then `rerun` and `check` run to their end; `body`
    /// checks what exists. Returns the killed run's status and how many writes it made.
    static func killOnce(
        world: String, point: (writes: Int, delay: UInt64), command: @escaping ([String]) -> [String],
        rerun: @escaping ([String]) -> [String], check: @escaping ([String]) -> [String], label: String,
        token: String, body: (ARMEmulatorInProcess) async throws -> Void = { _ in }
    ) async throws -> (status: Int32, writes: Int) {
        let file = TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(world).json")
        var result: (Int32, Int) = (0, 0)
        try await ARMEmulatorInProcess.with(worldFile: file, arguments: ["--latency-ms", "40"]) { emulator in
            let base = ["--arm-endpoint", emulator.baseURL.absoluteString, "--access-token-file", token]
            let process = try Self.start(command(base))
            for _ in 0..<2000 where process.isRunning {
                if try await emulator.requestLog().filter(\.isWrite).count >= point.writes { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            try await Task.sleep(for: .milliseconds(point.delay))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            let status = await Self.wait(process)
            let writes = try await emulator.requestLog().filter(\.isWrite).count
            result = (status, writes)
            let again = try await Self.run(rerun(base))
            #expect(again == 0, "\(label): the rerun failed (killed run exit \(status), \(writes) writes)")
            let converged = try await Self.run(check(base))
            #expect(converged == 0, "\(label): not converged after the rerun")
            try await body(emulator)
        }
        return result
    }

    @Test(
        "SIGKILL at 4 seeded points of endpoints approve and 6 of apply -f on the example estate, then a rerun converges",
        .enabled(if: CLIRun.binary != nil))
    func killedApproveAndEstateApplyConverge() async throws {
        let binary = try #require(CLIRun.binary)
        let root = try TemporaryRoot()
        defer { root.remove() }
        let token = root.path + "/token"
        try Data("kill-nine-token-0002\n".utf8).write(to: URL(fileURLWithPath: token))
        let estate = TestPaths.packageRoot.appendingPathComponent("examples/estate.yaml").path
        let sales =
            "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"
        var statuses: [String: [Int32]] = [:]
        var afterWrites = 0
        // endpoints approve --all-pending: two pending connections; after a kill every one ends
        // Approved and a second approve has nothing to do.
        for (index, point) in Self.killPoints(seed: 2, count: 4).enumerated() {
            let approve = { (base: [String]) in
                [binary, "endpoints", "approve", "--instance", sales, "--all-pending", "--yes"] + base
            }
            let label = "approve kill point \(index + 1) (after write \(point.writes % 2) + \(point.delay) ms, seed 2)"
            let (status, writes) = try await Self.killOnce(
                world: "estate", point: (point.writes % 2, point.delay), command: approve, rerun: approve,
                check: { approve($0) + ["--expect-no-changes"] }, label: label, token: token
            ) { emulator in
                let response = try await emulator.raw(
                    "GET", sales + "/privateEndpointConnections?api-version=2025-01-01")
                let body = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
                let states = ((body?["value"] as? [[String: Any]]) ?? []).compactMap {
                    (($0["properties"] as? [String: Any])?["privateLinkServiceConnectionState"] as? [String: Any])?[
                        "status"] as? String
                }
                #expect(!states.isEmpty && states.allSatisfy { $0 == "Approved" }, "\(label): \(states)")
            }
            statuses["approve", default: []].append(status)
            if status == -SIGKILL, writes > 0 { afterWrites += 1 }
        }
        // apply -f of the example estate (16 writes: approvals, DNS, a link, a Data Factory path).
        for (index, point) in Self.killPoints(seed: 3, count: 6).enumerated() {
            let writesBefore = [0, 2, 5, 9, 12, 15][index % 6]
            let apply = { (base: [String]) in [binary, "apply", "-f", estate, "--yes"] + base }
            let label = "apply -f kill point \(index + 1) (after write \(writesBefore) + \(point.delay) ms, seed 3)"
            let (status, writes) = try await Self.killOnce(
                world: "estate", point: (writesBefore, point.delay), command: apply, rerun: apply,
                check: { [binary, "plan", "-f", estate, "--expect-no-changes"] + $0 }, label: label, token: token
            ) { emulator in
                let zones = try await Self.names(
                    emulator,
                    "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers/Microsoft.Network/privateDnsZones"
                )
                #expect(zones.count == 1, "\(label): \(zones)")
            }
            statuses["apply -f", default: []].append(status)
            if status == -SIGKILL, writes > 0 { afterWrites += 1 }
        }
        let killed = statuses.values.joined().filter { $0 == -SIGKILL }.count
        #expect(killed >= 5, "most runs should be cut short: \(statuses)")
        #expect(afterWrites > 0, "no kill landed after a write: \(statuses)")
        print(
            "kill -9: 10 seeded points (seeds 2, 3), \(killed) killed (\(afterWrites) after a write), exits \(statuses)"
        )
    }

    /// The names in an ARM collection of the emulator.
    static func names(_ emulator: ARMEmulatorInProcess, _ path: String) async throws -> [String] {
        let response = try await emulator.raw("GET", path + "?api-version=2024-06-01")
        let body = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        return ((body?["value"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
    }
}
