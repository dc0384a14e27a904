import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// `--sandbox <world.json>`: the emulator answers ARM in-process, writes persist in a state file
/// between commands, `--sandbox-reset` starts over; no credential is needed or read.
@Suite("--sandbox")
struct SandboxTests {
    static let instance =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"
    static let endpoint =
        "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/pe-sales-mi"
    static let world = TestPaths.packageRoot.appendingPathComponent("examples/worlds/separate.json").path

    /// A state folder of its own; removed afterwards.
    struct Scratch {
        let directory: URL
        let cli: InProcessCLI

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pe-net-sandbox-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // No credential variables at all: the sandbox must not need one.
            cli = InProcessCLI(variables: ["XDG_STATE_HOME": directory.path, "HOME": directory.path])
        }

        func dns(_ verb: String, _ extra: [String] = []) async -> InProcessCLI.Result {
            await cli.run(
                [
                    "dns", verb, "--instance", SandboxTests.instance, "--endpoint", SandboxTests.endpoint, "--sandbox",
                    SandboxTests.world,
                ] + extra)
        }

        var stateFiles: [String] {
            let folder = directory.appendingPathComponent("pe-net/sandbox").path
            return (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test("apply persists for the next command; --sandbox-reset starts over")
    func persistsAndResets() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }

        let before = await scratch.dns("plan", ["--expect-no-changes"])
        #expect(before.status == 3, "\(before)")
        let apply = await scratch.dns("apply", ["--yes"])
        #expect(apply.status == 0, "\(apply)")
        #expect(apply.stdout.contains("Applied 3 of 3"), "\(apply)")
        #expect(scratch.stateFiles.count == 1, "\(scratch.stateFiles)")

        let after = await scratch.dns("plan", ["--expect-no-changes", "-o", "json"])
        #expect(after.status == 0, "\(after)")
        let plan = try JSONDecoder().decode(PrivateDNSPlan.self, from: Data(after.stdout.utf8))
        #expect(plan.changes.map(\.action) == [.unchanged, .unchanged, .unchanged])

        let reset = await scratch.dns("plan", ["--expect-no-changes", "--sandbox-reset"])
        #expect(reset.status == 3, "\(reset)")
        // The reset is itself saved: the next command sees the world as the file has it.
        let again = await scratch.dns("plan", ["--expect-no-changes"])
        #expect(again.status == 3, "\(again)")
        #expect(!(apply.stdout + apply.stderr + after.stdout).contains(InProcessCLI.token))
    }

    @Test("an explicit --sandbox-state file is used, and a state of another world is ignored")
    func explicitStateFile() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let state = scratch.directory.appendingPathComponent("mine.json").path

        let apply = await scratch.dns("apply", ["--yes", "--sandbox-state", state])
        #expect(apply.status == 0, "\(apply)")
        #expect(FileManager.default.fileExists(atPath: state))
        #expect(scratch.stateFiles.isEmpty)
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state)))
        let resources = (saved as? [String: Any])?["resources"] as? [Any]
        #expect((resources?.count ?? 0) > 3)

        // The same state file under another world file: started afresh from that file.
        let copy = scratch.directory.appendingPathComponent("world.json").path
        try FileManager.default.copyItem(atPath: SandboxTests.world, toPath: copy)
        let fresh = await scratch.cli.run(
            [
                "dns", "plan", "--instance", SandboxTests.instance, "--endpoint", SandboxTests.endpoint, "--sandbox",
                copy, "--sandbox-state", state, "--expect-no-changes",
            ])
        #expect(fresh.status == 3, "\(fresh)")
    }

    @Test(
        "bad sandbox input is one line and exit 64",
        arguments: [
            (["--sandbox", "/nonexistent/world.json"], "cannot be read"),
            (["--sandbox-reset"], "need --sandbox"),
            (["--sandbox-state", "/tmp/x.json"], "need --sandbox"),
        ])
    func badInput(_ extra: [String], _ expected: String) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = await scratch.cli.run(
            ["dns", "plan", "--instance", SandboxTests.instance, "--endpoint", SandboxTests.endpoint] + extra)
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains(expected), "\(run)")
        #expect(run.stderr.split(separator: "\n").count <= 2, "\(run)")
        #expect(scratch.stateFiles.isEmpty)
    }

    @Test("a world file that is not JSON is refused before anything runs")
    func notJSON() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let world = scratch.directory.appendingPathComponent("w.json").path
        try Data("not json".utf8).write(to: URL(fileURLWithPath: world))
        let run = await scratch.cli.run(
            ["endpoints", "list", "--instance", SandboxTests.instance, "--sandbox", world])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("is not JSON"), "\(run)")
        #expect(scratch.stateFiles.isEmpty)
    }
}

/// The README's main job: the example estate applied in the sandbox of its world, then planned
/// again with no changes.
@Suite("pe-net.yaml estate in the sandbox")
struct EstateSandboxTests {
    static let file = TestPaths.packageRoot.appendingPathComponent("examples/estate.yaml").path
    static let world = TestPaths.packageRoot.appendingPathComponent("examples/worlds/estate.json").path

    @Test("plan → apply → plan --expect-no-changes on examples/estate.yaml")
    func estateConverges() async throws {
        let scratch = try SandboxTests.Scratch()
        defer { scratch.remove() }
        let sandbox = ["--sandbox", Self.world]

        let plan = await scratch.cli.run(["plan", "-f", Self.file] + sandbox)
        #expect(plan.status == 0, "\(plan)")
        #expect(
            plan.stdout.contains("✓ approve pe-partner.1f2e3d4c (private endpoint pe-partner): Pending -> Approved"))
        #expect(plan.stdout.contains("? pe-unknown.9a8b7c6d from 99999999-aaaa-bbbb-cccc-dddddddddddd/unknown-rg"))
        #expect(
            plan.stdout.contains(
                "Plan: 16 change(s): 1 connection decision(s), 6 private DNS change(s), 2 link call(s), 4 to create, 2 to update, 1 to approve."
            ), "\(plan)")

        let json = await scratch.cli.run(["plan", "-f", Self.file, "-o", "json"] + sandbox)
        let document = try #require(
            JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        let instances = try #require((document["instances"] as? [String: Any])?["instances"] as? [[String: Any]])
        #expect(instances.count == 2)

        let apply = await scratch.cli.run(["apply", "-f", Self.file, "--yes"] + sandbox)
        #expect(apply.status == 0, "\(apply)")
        #expect(apply.stdout.contains("Applied 16 of 16 change(s)."), "\(apply)")

        let again = await scratch.cli.run(["plan", "-f", Self.file, "--expect-no-changes"] + sandbox)
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("No changes: Azure matches the file."))
        // The connection no rule matches is still reported, and still pending.
        #expect(again.stdout.contains("? pe-unknown.9a8b7c6d"))
    }

    @Test("a bad estate file is one line with file:line:column, exit 64, and nothing is opened")
    func badFile() async throws {
        let scratch = try SandboxTests.Scratch()
        defer { scratch.remove() }
        let file = scratch.directory.appendingPathComponent("pe-net.yaml")
        try Data("apiVersion: pe-net/v1\ninstances:\n  - instance: sales-mi\n".utf8).write(to: file)
        let run = await scratch.cli.run(["plan", "-f", file.path, "--sandbox", Self.world])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("pe-net.yaml:3:15: instances[0].instance: 'sales-mi' is a name"), "\(run)")
        #expect(run.stderr.split(separator: "\n").count <= 2)
        #expect(scratch.stateFiles.isEmpty)
    }
}
