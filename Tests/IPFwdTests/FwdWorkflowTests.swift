import DNSModel
import Foundation
import PeNetTestSupport
import Resolver
import Testing

@testable import IPFwd

/// The workflow over a recording command runner and a temporary root: what `apply` runs is
/// exactly what `plan` listed, unreadable state blocks, non-root is refused before any read.
@Suite struct FwdWorkflowTests {
    static func workflow(_ runner: RecordingCommandRunner, root: TemporaryRoot, userID: UInt32 = 0) -> FwdWorkflow {
        FwdWorkflow(
            environment: FwdEnvironment(
                runner: runner, resolver: TableHostResolver(["mi1.example.net": ["10.0.0.5"]]),
                files: FwdFiles(root: root.path), userID: userID))
    }

    static let request = FwdRequest(
        maps: ["1433=mi1.example.net:1433", "1434=10.0.0.6:1433"], interfaces: ["eth0"], backend: .nft)

    @Test func applyRunsExactlyThePlannedSteps() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder(ipForward: false)
        let workflow = Self.workflow(runner, root: root)
        let plan = try await workflow.plan(Self.request)
        #expect(plan.steps.map(\.kind) == [.ruleset, .ipForward, .sysctlDropIn, .stateFile])
        #expect(
            Set(runner.commands) == [
                "cat /proc/sys/net/ipv4/ip_forward /proc/net/dev /proc/net/ip_tables_names", "nft -j list ruleset",
                "cat " + FwdFastPathDetector.sysctls.joined(separator: " "), "nft -c -f -",
            ],
            "planning only reads (the sysctls cannot tell here, so nft -c checks a flowtable without committing)")
        #expect(root.read(FwdPaths.stateFile) == nil, "planning writes nothing")
        let before = runner.commands.count
        let progress = ProgressLog()
        let outcome = try await workflow.apply(plan) { progress.append($0) }
        #expect(outcome.executed == plan.steps)
        let commands = plan.steps.flatMap { FwdRenderer.operations(for: $0.action) }.compactMap {
            operation -> String? in
            if case .run(let command) = operation { return command.description }
            return nil
        }
        #expect(Array(runner.commands.dropFirst(before)) == commands)
        #expect(commands == ["nft -f -", "sysctl -q -w net.ipv4.ip_forward=1"])
        #expect(runner.inputs.last?.contains("dnat to 10.0.0.5:1433 comment \"pe-net:1433 mi1.example.net\"") == true)
        #expect(root.read(FwdPaths.sysctlFile) == FwdRenderer.sysctl().content)
        let state = try #require(root.read(FwdPaths.stateFile))
        #expect(try FwdState.decode(state, path: "state").lastKnown(1433)?.description == "10.0.0.5")
        #expect(progress.lines == plan.steps.flatMap { ["running \($0.message)", "done \($0.message)"] })
    }

    @Test(arguments: [
        ("nft -j list ruleset", FwdBackendChoice.iptablesNft, "the nft ruleset"),
        ("iptables-nft-save -c -t nat", .iptablesNft, "the iptables-nft nat table"),
        ("cat /proc/sys/net/ipv4/ip_forward", .nft, "/proc"),
    ])
    func stateThatCannotBeReadIsAFindingThatBlocks(command: String, backend: FwdBackendChoice, what: String)
        async throws
    {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let denied = CommandOutput(exitCode: 1, standardError: "Operation not permitted (you must be root)")
        // Without nft (or with an `ip nat` table in its ruleset) iptables-nft's nat table is read.
        let runner = RecordingCommandRunner.forwarder(
            extra: [(command, denied)], missing: command.hasPrefix("iptables") ? ["nft"] : [])
        let workflow = Self.workflow(runner, root: root)
        var request = Self.request
        request.backend = backend
        let plan = try await workflow.plan(request)
        let blocking = plan.blockingFindings()
        #expect(blocking.count == 1, "\(plan.findings)")
        #expect(blocking.first?.code == "fwd.read-failed")
        #expect(blocking.first?.message.contains(what) == true, "\(blocking)")
        let before = runner.commands.count
        await #expect(throws: IPFwdError.blocked(blocking)) { try await workflow.apply(plan) }
        #expect(runner.commands.count == before, "nothing ran")
        #expect(root.read(FwdPaths.stateFile) == nil && root.read(FwdPaths.sysctlFile) == nil)
    }

    @Test func withoutRootNothingIsReadOrWritten() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder()
        let user = Self.workflow(runner, root: root, userID: 1000)
        await #expect(throws: IPFwdError.needsRoot(command: "apply")) { try await user.plan(Self.request) }
        await #expect(throws: IPFwdError.needsRoot(command: "remove")) { try await user.planRemoval() }
        await #expect(throws: IPFwdError.needsRoot(command: "reconcile")) { try await user.planReconcile() }
        await #expect(throws: IPFwdError.needsRoot(command: "status")) { try await user.status() }
        let plan = try await Self.workflow(runner, root: root).plan(Self.request)
        let before = runner.commands.count
        await #expect(throws: IPFwdError.needsRoot(command: "apply")) { try await user.apply(plan) }
        #expect(runner.commands.count == before)
        #expect(root.read(FwdPaths.stateFile) == nil)
        let system = FwdWorkflow(
            environment: FwdEnvironment(
                runner: runner, resolver: TableHostResolver(), files: FwdFiles(root: "/"), userID: 1000))
        await #expect(throws: IPFwdError.needsRoot(command: "install")) { try await system.planInstall() }
    }

    @Test func aSavedPlanIsRefusedWhenTheForwarderChanged() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let plan = try await Self.workflow(.forwarder(), root: root).plan(Self.request)
        let saved = try JSONDecoder().decode(FwdPlan.self, from: JSONEncoder().encode(plan))
        let changed = RecordingCommandRunner.forwarder(ruleset: FwdFakeOutputs.peNetRuleset([(1433, "10.0.0.9", 1433)]))
        await #expect(throws: IPFwdError.self) {
            try await Self.workflow(changed, root: root).apply(saved, checkBasis: true)
        }
        #expect(!changed.commands.contains("nft -f -"))
        let other = try TemporaryRoot()
        defer { other.remove() }
        await #expect(throws: IPFwdError.self) { try await Self.workflow(.forwarder(), root: other).apply(saved) }
        let same = RecordingCommandRunner.forwarder()
        let outcome = try await Self.workflow(same, root: root).apply(saved, checkBasis: true)
        #expect(outcome.executed.count == 4)
        #expect(same.commands.contains("nft -f -"))
    }

    @Test func aFailedStepStopsTheRunAndSaysWhich() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder(
            extra: [("nft -f -", CommandOutput(exitCode: 1, standardError: "Error: Could not process rule"))])
        let workflow = Self.workflow(runner, root: root)
        let plan = try await workflow.plan(Self.request)
        do {
            _ = try await workflow.apply(plan)
            Issue.record("apply should have failed")
        } catch let error as IPFwdError {
            guard case .stepFailed(let index, let total, _, _) = error else {
                Issue.record("unexpected \(error)")
                throw error
            }
            #expect(index == 1 && total == 4)
            #expect(error.description.contains("no step was applied"))
        }
        #expect(!runner.commands.contains { $0.hasPrefix("sysctl") })
        #expect(root.read(FwdPaths.stateFile) == nil && root.read(FwdPaths.sysctlFile) == nil)
    }

    @Test func removeAndReconcileGoThroughTheSamePath() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let ruleset = FwdFakeOutputs.peNetRuleset([(1433, "10.0.0.5", 1433), (1434, "10.0.0.6", 1433)])
        let runner = RecordingCommandRunner.forwarder(ipForward: true, ruleset: ruleset)
        let workflow = Self.workflow(runner, root: root)
        _ = try await workflow.apply(try await workflow.plan(Self.request))
        #expect(try await workflow.plan(Self.request).isEmpty, "rules, ip_forward and files all match")
        #expect(try await workflow.planReconcile().isEmpty)
        let status = try await workflow.status()
        #expect(status.inSync)
        #expect(status.mappings.map(\.packets) == [3, 3])
        let removal = try await workflow.planRemoval()
        #expect(removal.steps.map(\.kind) == [.ruleset, .sysctlDropIn, .stateFile])
        _ = try await workflow.apply(removal)
        #expect(runner.inputs.last == FwdRenderer.render("fwd-remove.nft", [:]))
        #expect(root.read(FwdPaths.stateFile) == nil && root.read(FwdPaths.sysctlFile) == nil)
    }

    @Test func installWritesTheUnitsAndEnablesThem() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let disabled = CommandOutput(exitCode: 1, standardOutput: "disabled\n")
        let runner = RecordingCommandRunner.forwarder(extra: [
            ("systemctl is-enabled", disabled),
            ("systemctl is-active", CommandOutput(exitCode: 3, standardOutput: "inactive\n")),
        ])
        let workflow = Self.workflow(runner, root: root)
        await #expect(throws: IPFwdError.self) { try await workflow.planInstall() }
        _ = try await workflow.apply(try await workflow.plan(Self.request))
        let plan = try await workflow.planInstall(binary: "/opt/pe-net", manageUnits: true)
        #expect(plan.steps.map(\.kind) == [.unit, .unit, .unit, .service, .service, .service])
        _ = try await workflow.apply(plan)
        #expect(
            root.read("/etc/systemd/system/pe-net-fwd.service")?.contains("ExecStart=/opt/pe-net fwd reconcile") == true
        )
        #expect(
            runner.commands.suffix(3) == [
                "systemctl daemon-reload", "systemctl enable pe-net-fwd.service",
                "systemctl enable --now pe-net-fwd-reconcile.timer",
            ])
    }
}

/// Collects progress events as lines.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    func append(_ event: FwdProgress) {
        lock.withLock {
            switch event {
            case .running(let step, _, _): collected.append("running \(step.message)")
            case .done(let step, _, _): collected.append("done \(step.message)")
            }
        }
    }

    var lines: [String] { lock.withLock { collected } }
}
