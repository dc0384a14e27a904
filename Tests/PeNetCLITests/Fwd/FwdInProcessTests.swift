import Foundation
import IPFwd
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// Every `pe-net fwd` command run in-process: a recording command runner stands in for nft,
/// iptables and sysctl, a temporary folder for `/`.
@Suite("pe-net fwd in-process")
struct FwdInProcessTests {
    static let maps = ["--map", "1433=mi1.example.net:1433", "--map", "1434=10.0.0.6:1433", "--interface", "eth0"]
    static let matching = FwdFakeOutputs.peNetRuleset([(1433, "10.0.0.5", 1433), (1434, "10.0.0.6", 1433)])

    static func cli(
        _ runner: RecordingCommandRunner, root: TemporaryRoot, userID: UInt32 = 0,
        terminal: any Terminal = ScriptedTerminal(interactive: false)
    ) -> InProcessCLI {
        var cli = InProcessCLI()
        cli.runner = runner
        cli.hostResolver = TableHostResolver(["mi1.example.net": ["10.0.0.5"]])
        cli.fileRoot = root.path
        cli.userID = userID
        cli.terminal = terminal
        return cli
    }

    /// Writes the state file and drop-in an apply of `maps` leaves.
    static func applied(_ root: TemporaryRoot) async throws {
        let run = await cli(.forwarder(ipForward: true, ruleset: matching), root: root)
            .run(["fwd", "apply", "--yes", "--backend", "nft"] + maps)
        #expect(run.status == 0, "\(run)")
    }

    /// The commands that change something (everything but the reads).
    static func writes(_ runner: RecordingCommandRunner) -> [String] {
        let reads = ["cat ", "nft -j ", "nft -c ", "ip -j ", "systemctl is-"]
        return runner.commands.filter { command in
            !reads.contains { command.hasPrefix($0) } && !command.contains("-save ") && !command.hasSuffix(" -V")
                && !command.contains(" -S FORWARD")
        }
    }

    @Test("plan lists every write apply makes, as text and as JSON, and writes nothing")
    func planListsEveryWrite() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder()
        let run = await Self.cli(runner, root: root).run(["fwd", "plan", "--backend", "nft"] + Self.maps)
        #expect(run.status == 0, "\(run)")
        try Golden.check(
            run.stdout.replacingOccurrences(of: root.path, with: "<root>"), named: "fwd-plan-fresh.txt",
            in: "PeNetCLITests")
        #expect(Self.writes(runner).isEmpty, "\(runner.commands)")
        #expect(root.read(FwdPaths.stateFile) == nil)
        let json = await Self.cli(runner, root: root).run(
            ["fwd", "plan", "--backend", "nft", "-o", "json"] + Self.maps)
        #expect(json.status == 0, "\(json)")
        let document = try JSONDecoder().decode(FwdPlanDocument.self, from: Data(json.stdout.utf8))
        #expect(document.plan.steps.map(\.kind) == [.ruleset, .ipForward, .sysctlDropIn, .stateFile])
        #expect(!document.applied)
        #expect(document.operations.count == document.plan.steps.count)
        let operations = document.operations.flatMap { $0 }
        let transaction = operations.compactMap { operation -> String? in
            if case .run(let command) = operation, command.executable == "nft" { return command.input }
            return nil
        }
        #expect(
            transaction.first?.contains("dnat to 10.0.0.5:1433") == true, "the JSON shows the nft text: \(operations)")
        let written = operations.compactMap { operation -> String? in
            if case .write(let artifact) = operation { return artifact.path }
            return nil
        }
        #expect(written == [FwdPaths.sysctlFile, FwdPaths.stateFile])
    }

    @Test(
        "Without root every command that reads netfilter state says so and exits 64",
        arguments: [
            ["plan"], ["apply", "--yes"], ["remove", "--yes"], ["status"], ["reconcile"], ["install", "--root", "/"],
        ])
    func needsRoot(command: [String]) async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder()
        let run = await Self.cli(runner, root: root, userID: 1000).run(["fwd"] + command)
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.hasPrefix("pe-net: error: pe-net fwd \(command[0]) reads netfilter rules"), "\(run)")
        #expect(run.stderr.contains("  fix: sudo pe-net fwd \(command[0])"), "\(run)")
        #expect(runner.commands.isEmpty, "nothing was read: \(runner.commands)")
    }

    @Test("State that cannot be read is an error finding: plan and apply exit 1 and change nothing")
    func unreadableStateBlocks() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let denied = CommandOutput(
            exitCode: 1, standardError: "Error: Could not receive ruleset: Operation not permitted")
        let runner = RecordingCommandRunner.forwarder(extra: [("nft -j list ruleset", denied)])
        let plan = await Self.cli(runner, root: root).run(["fwd", "plan", "--backend", "iptables-nft"] + Self.maps)
        #expect(plan.status == 1, "\(plan)")
        #expect(plan.stdout.contains("error: cannot read the nft ruleset"), "\(plan)")
        #expect(plan.stderr.contains("nothing was changed"), "\(plan)")
        let apply = await Self.cli(runner, root: root).run(
            ["fwd", "apply", "--yes", "--backend", "iptables-nft"] + Self.maps)
        #expect(apply.status == 1, "\(apply)")
        #expect(Self.writes(runner).isEmpty, "\(runner.commands)")
        #expect(root.read(FwdPaths.stateFile) == nil && root.read(FwdPaths.sysctlFile) == nil)
    }

    @Test("apply confirms on a terminal, refuses without one unless --yes, and declining exits 2")
    func applyConfirms() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder()
        let refused = await Self.cli(runner, root: root).run(["fwd", "apply", "--backend", "nft"] + Self.maps)
        #expect(refused.status == 64, "\(refused)")
        #expect(
            refused.stderr.contains("fix: pe-net fwd apply --backend nft") && refused.stderr.contains("--yes"),
            "\(refused)")
        let declined = await Self.cli(runner, root: root, terminal: ScriptedTerminal(interactive: true, answers: ["n"]))
            .run(["fwd", "apply", "--backend", "nft"] + Self.maps)
        #expect(declined.status == 2, "\(declined)")
        #expect(Self.writes(runner).isEmpty && root.read(FwdPaths.stateFile) == nil, "\(runner.commands)")
        let terminal = ScriptedTerminal(interactive: true, answers: ["y"])
        let accepted = await Self.cli(runner, root: root, terminal: terminal)
            .run(["fwd", "apply", "--backend", "nft"] + Self.maps)
        #expect(accepted.status == 0, "\(accepted)")
        #expect(terminal.asked == ["Apply these 4 step(s) to this forwarder?"])
        #expect(accepted.stdout.contains("Applied 4 of 4 step(s)."), "\(accepted)")
        #expect(accepted.stderr.contains("done [1/4] load pe-net's nft table ip pe_net"), "\(accepted)")
        #expect(accepted.stderr.contains("done [4/4] write /etc/pe-net/fwd.json"), "\(accepted)")
        #expect(Self.writes(runner) == ["nft -f -", "sysctl -q -w net.ipv4.ip_forward=1"])
        #expect(root.read(FwdPaths.stateFile) != nil && root.read(FwdPaths.sysctlFile) != nil)
        let verbose = await Self.cli(.forwarder(), root: root).run(["fwd", "apply", "--yes", "--verbose"])
        #expect(verbose.status == 0, "\(verbose)")
        #expect(verbose.stderr.contains("pe-net: note: run nft -f - < "), "--verbose names each command: \(verbose)")
    }

    @Test("apply --dry-run and --expect-no-changes change nothing; --strict lets warnings block")
    func applyPreviews() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder()
        let dry = await Self.cli(runner, root: root).run(["fwd", "apply", "--dry-run", "--backend", "nft"] + Self.maps)
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.stdout.hasPrefix("Plan (nft"), "\(dry)")
        let expect = await Self.cli(runner, root: root)
            .run(["fwd", "apply", "--expect-no-changes", "--backend", "nft"] + Self.maps)
        #expect(expect.status == 3, "\(expect)")
        var cli = Self.cli(runner, root: root)
        cli.hostResolver = TableHostResolver(["mi1.example.net": ["10.0.0.7", "10.0.0.5"]])
        let strict = await cli.run(["fwd", "apply", "--yes", "--strict", "--backend", "nft"] + Self.maps)
        #expect(strict.status == 1, "\(strict)")
        #expect(strict.stdout.contains("warning: mi1.example.net has 2 addresses"), "\(strict)")
        #expect(Self.writes(runner).isEmpty && root.read(FwdPaths.stateFile) == nil)
    }

    @Test("apply --plan-file executes a saved plan, and refuses it when the forwarder changed")
    func savedPlan() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let saved = await Self.cli(.forwarder(), root: root).run(
            ["fwd", "plan", "--backend", "nft", "-o", "json"] + Self.maps)
        let file = root.path + "/plan.json"
        try saved.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let changed = RecordingCommandRunner.forwarder(ruleset: Self.matching)
        let terminal = ScriptedTerminal(interactive: true, answers: ["y"])
        let stale = await Self.cli(changed, root: root, terminal: terminal).run(["fwd", "apply", "--plan-file", file])
        #expect(stale.status == 1, "\(stale)")
        #expect(stale.stderr.contains("the saved plan is stale"), "\(stale)")
        #expect(terminal.asked.isEmpty, "a stale plan is refused before the question")
        #expect(Self.writes(changed).isEmpty)
        let runner = RecordingCommandRunner.forwarder()
        let run = await Self.cli(runner, root: root).run(["fwd", "apply", "--yes", "--plan-file", file])
        #expect(run.status == 0, "\(run)")
        #expect(Self.writes(runner) == ["nft -f -", "sysctl -q -w net.ipv4.ip_forward=1"])
        let wrong = await Self.cli(runner, root: root).run(["fwd", "remove", "--yes", "--plan-file", file])
        #expect(wrong.status == 64, "\(wrong)")
    }

    @Test("remove deletes pe-net's rules and files after confirmation")
    func remove() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        try await Self.applied(root)
        let runner = RecordingCommandRunner.forwarder(ipForward: true, ruleset: Self.matching)
        let run = await Self.cli(runner, root: root).run(["fwd", "remove", "--yes"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("- remove pe-net's nft table ip pe_net in one transaction (nft -f)"), "\(run)")
        #expect(run.stdout.contains("- delete /etc/pe-net/fwd.json"), "\(run)")
        #expect(Self.writes(runner) == ["nft -f -"])
        #expect(root.read(FwdPaths.stateFile) == nil && root.read(FwdPaths.sysctlFile) == nil)
        let nothing = await Self.cli(.forwarder(ipForward: true), root: root).run(["fwd", "remove"])
        #expect(nothing.status == 0, "an empty plan needs no confirmation: \(nothing)")
        #expect(nothing.stdout.hasPrefix("No changes"), "\(nothing)")
    }

    @Test("status: in sync exits 0, drift exits 3, -o table and -o json")
    func status() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        try await Self.applied(root)
        let synced = await Self.cli(.forwarder(ipForward: true, ruleset: Self.matching), root: root).run([
            "fwd", "status",
        ])
        #expect(synced.status == 0, "\(synced)")
        #expect(synced.stdout.contains("in sync"), "\(synced)")
        let table = await Self.cli(.forwarder(ipForward: true, ruleset: Self.matching), root: root)
            .run(["fwd", "status", "-o", "table"])
        #expect(table.status == 0, "\(table)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("PORT  TARGET") == true && lines.count == 3, "\(table)")
        #expect(lines[1].hasSuffix("ok"), "\(table)")
        let drifted = await Self.cli(.forwarder(ipForward: true), root: root).run(["fwd", "status", "-o", "json"])
        #expect(drifted.status == 3, "\(drifted)")
        let report = try JSONDecoder().decode(FwdStatus.self, from: Data(drifted.stdout.utf8))
        #expect(!report.drift.isEmpty && report.mappings.allSatisfy { !$0.ok })
        let denied = CommandOutput(exitCode: 1, standardError: "Operation not permitted")
        let unknown = await Self.cli(.forwarder(ipForward: true, extra: [("nft -j list ruleset", denied)]), root: root)
            .run(["fwd", "status"])
        #expect(unknown.status == 1, "unreadable state is not drift: \(unknown)")
        #expect(!unknown.stdout.contains("drift:"), "\(unknown)")
    }

    @Test("reconcile keeps the last good address when DNS fails: exit 1, or 0 with --allow-stale")
    func reconcile() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        try await Self.applied(root)
        var cli = Self.cli(.forwarder(ipForward: true, ruleset: Self.matching), root: root)
        cli.hostResolver = TableHostResolver()
        let failed = await cli.run(["fwd", "reconcile"])
        #expect(failed.status == 1, "\(failed)")
        #expect(failed.stderr.contains("did not resolve"), "\(failed)")
        #expect(failed.stdout.contains("No changes"), "\(failed)")
        let allowed = await cli.run(["fwd", "reconcile", "--allow-stale"])
        #expect(allowed.status == 0, "\(allowed)")
    }

    @Test("install into an image root needs no root and only writes files")
    func installIntoAnImage() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        try await Self.applied(root)
        let runner = RecordingCommandRunner.forwarder()
        let run = await Self.cli(runner, root: root, userID: 1000).run([
            "fwd", "install", "--root", root.path, "--binary", "/opt/pe-net",
        ])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("+ write /etc/systemd/system/pe-net-fwd-reconcile.timer"), "\(run)")
        #expect(
            root.read("/etc/systemd/system/pe-net-fwd.service")?.contains("/opt/pe-net fwd remove --keep-state --yes")
                == true)
        #expect(runner.commands.isEmpty, "\(runner.commands)")
        let again = await Self.cli(runner, root: root, userID: 1000).run([
            "fwd", "install", "--root", root.path, "--binary", "/opt/pe-net",
        ])
        #expect(again.stdout.hasPrefix("No changes"), "\(again)")
    }

    @Test("render prints the nft transaction without root and without reading the machine")
    func render() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner()
        let run = await Self.cli(runner, root: root, userID: 1000).run(
            ["fwd", "render", "--format", "nft"] + Self.maps)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("dnat to 10.0.0.5:1433 comment \"pe-net:1433 mi1.example.net\""), "\(run)")
        #expect(runner.commands.isEmpty)
    }
}
