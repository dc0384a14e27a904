import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `pe-net endpoints` run in-process against the ARM emulator: plan, confirmation, progress,
/// JSON errors and saved plans.
@Suite("pe-net endpoints in-process", .tags(.emulator))
struct EndpointsInProcessTests {
    @Test("approve --all-pending --yes: progress lines on stderr while the writes wait, results on stdout")
    func progress() async throws {
        let mi = MIWorld(name: "mi-progress")
        try await ARMEmulatorInProcess.with(
            world: mi.documents([("p1", "Pending"), ("p2", "Pending"), ("a1", "Approved")]),
            arguments: ["--operation-ms", "200", "--latency-ms", "20"]
        ) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let run = await cli.run(["endpoints", "approve", "--instance", mi.id, "--all-pending", "--yes"])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.hasPrefix("plan for mi-progress:\n"), "\(run)")
            #expect(run.stdout.contains("2 done, 0 unchanged, 0 failed"), "\(run)")
            let progress = run.stderr.split(separator: "\n").map(String.init)
            #expect(progress.contains("PUT privateEndpointConnections/p1"), "\(run)")
            #expect(progress.contains("PUT privateEndpointConnections/p2"), "\(run)")
            #expect(progress.contains { $0.hasPrefix("waiting for privateEndpointConnections/p1 (") }, "\(run)")
            #expect(progress.contains { $0.hasPrefix("succeeded p1: approved p1: now Approved") }, "\(run)")
            #expect(!run.stdout.contains(InProcessCLI.token) && !run.stderr.contains(InProcessCLI.token))
            let states = try await mi.listStates(emulator)
            #expect(states == ["p1": .approved, "p2": .approved, "a1": .approved])
        }
    }

    @Test("--all-pending without a terminal and without --yes writes nothing and exits 64 with the --yes fix")
    func needsYes() async throws {
        let mi = MIWorld(name: "mi-yes")
        try await ARMEmulatorInProcess.with(world: mi.documents([("p1", "Pending")])) { emulator in
            let run = await InProcessCLI(armEndpoint: emulator.baseURL).run([
                "endpoints", "approve", "--instance", mi.id, "--all-pending",
            ])
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.contains("pe-net: error: standard input is not a terminal"), "\(run)")
            #expect(
                run.stderr.contains(
                    "  fix: pe-net endpoints approve --instance \(mi.id) --all-pending --arm-endpoint \(emulator.baseURL.absoluteString) --yes"
                ), "\(run)")
            let puts = try await emulator.requestLog().filter { $0.method == "PUT" }
            #expect(puts.isEmpty)
        }
    }

    @Test("Declining at the terminal changes nothing and exits 2; yes goes ahead")
    func declined() async throws {
        let mi = MIWorld(name: "mi-decline")
        try await ARMEmulatorInProcess.with(world: mi.documents([("p1", "Pending"), ("a1", "Approved")])) { emulator in
            var cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let terminal = ScriptedTerminal(interactive: true, answers: ["n", "y"])
            cli.terminal = terminal
            let no = await cli.run(["endpoints", "delete", "--instance", mi.id, "--name", "a1"])
            #expect(no.status == 2, "\(no)")
            #expect(no.stderr.contains("pe-net: error: cancelled at the confirmation prompt; nothing was changed"))
            let before = try await mi.listStates(emulator)
            #expect(before["a1"] == .approved)
            let yes = await cli.run(["endpoints", "delete", "--instance", mi.id, "--name", "a1"])
            #expect(yes.status == 0, "\(yes)")
            #expect(terminal.asked.count == 2)
            let after = try await mi.listStates(emulator)
            #expect(after["a1"] == nil)
        }
    }

    @Test("A connection name that does not exist is bad input, with a fix that lists the real ones")
    func unknownName() async throws {
        let mi = MIWorld(name: "mi-unknown")
        try await ARMEmulatorInProcess.with(world: mi.documents([("p1", "Pending")])) { emulator in
            let run = await InProcessCLI(armEndpoint: emulator.baseURL).run([
                "endpoints", "approve", "--instance", mi.id, "--name", "nope", "-o", "json",
            ])
            #expect(run.status == 64, "\(run)")
            let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let error = try #require(document?["error"] as? [String: Any], "\(run)")
            #expect(error["code"] as? String == "input.no-such-connection")
            #expect(error["fix"] as? String == "pe-net endpoints list --instance \(mi.id)")
            #expect(error["resource"] as? String == mi.id)
        }
    }

    @Test("A saved plan runs as saved, and is refused once a connection it names changed")
    func planFile() async throws {
        let mi = MIWorld(name: "mi-planfile")
        try await ARMEmulatorInProcess.with(world: mi.documents([("p1", "Pending"), ("p2", "Pending")])) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-plan-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let planned = await cli.run([
                "endpoints", "approve", "--instance", mi.id, "--name", "p1", "--dry-run", "-o", "json",
            ])
            #expect(planned.status == 0, "\(planned)")
            let file = directory.appendingPathComponent("plan.json")
            try Data(planned.stdout.utf8).write(to: file)
            #expect(try await emulator.requestLog().filter { $0.method == "PUT" }.isEmpty)

            let applied = await cli.run([
                "endpoints", "approve", "--instance", mi.id, "--name", "p1", "--plan-file", file.path,
            ])
            #expect(applied.status == 0, "\(applied)")
            #expect(try await mi.listStates(emulator)["p1"] == .approved)

            let stale = await cli.run([
                "endpoints", "approve", "--instance", mi.id, "--name", "p1", "--plan-file", file.path,
            ])
            #expect(stale.status == 1, "\(stale)")
            #expect(stale.stderr.contains("is stale: connection p1 was Pending when planned and is Approved now"))
            #expect(try await emulator.requestLog().filter { $0.method == "PUT" }.count == 1)
        }
    }

    @Test("--strict blocks the whole run when a selected connection cannot be changed")
    func strict() async throws {
        let mi = MIWorld(name: "mi-strict")
        try await ARMEmulatorInProcess.with(world: mi.documents([("p1", "Pending"), ("r1", "Rejected")])) { emulator in
            let run = await InProcessCLI(armEndpoint: emulator.baseURL).run([
                "endpoints", "approve", "--instance", mi.id, "--name", "p1", "r1", "--strict",
            ])
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("--strict: 1 selected connection(s) cannot be changed"), "\(run)")
            let puts = try await emulator.requestLog().filter { $0.method == "PUT" }
            #expect(puts.isEmpty)
        }
    }

    @Test("--expect-no-changes exits 3 when connections would change, and writes nothing")
    func expectNoChanges() async throws {
        let mi = MIWorld(name: "mi-expect")
        try await ARMEmulatorInProcess.with(world: mi.documents([("p1", "Pending")])) { emulator in
            let run = await InProcessCLI(armEndpoint: emulator.baseURL).run([
                "endpoints", "approve", "--instance", mi.id, "--all-pending", "--expect-no-changes",
            ])
            #expect(run.status == 3, "\(run)")
            let puts = try await emulator.requestLog().filter { $0.method == "PUT" }
            #expect(puts.isEmpty)
        }
    }
}
