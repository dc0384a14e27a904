import DNSModel
import Foundation
import PeNetTestSupport
import Resolver
import Testing

@testable import IPFwd

@Suite struct FwdPlannerTests {
    static let desired = FwdRuleSet(
        interfaces: ["eth0"],
        rules: [
            FwdRule(
                listenPort: 1433, targetAddress: IPv4Address("10.0.0.5")!, targetPort: 1433, host: "mi1.example.net"),
            FwdRule(listenPort: 1434, targetAddress: IPv4Address("10.0.0.6")!, targetPort: 1433),
        ])

    static let config = FwdConfig(
        mappings: [
            FwdMapping(listenPort: 1433, target: .host("mi1.example.net"), targetPort: 1433),
            FwdMapping(listenPort: 1434, target: .address(IPv4Address("10.0.0.6")!), targetPort: 1433),
        ], interfaces: ["eth0"])

    static let state = FwdState(backend: .nft, config: config, resolved: [1433: IPv4Address("10.0.0.5")!])

    /// pe-net's files as apply leaves them.
    static let files = [FwdPaths.stateFile: state.encoded(), FwdPaths.sysctlFile: FwdRenderer.sysctl().content]

    static func applied(_ port: Int, _ address: String, interfaces: [String] = ["eth0"]) -> AppliedRule {
        AppliedRule(
            listenPort: port, interfaces: interfaces, sources: [],
            target: FwdEndpoint(address: IPv4Address(address)!, port: 1433))
    }

    static let matching = FwdCurrentRules(
        present: true, dnat: [applied(1433, "10.0.0.5"), applied(1434, "10.0.0.6")],
        masquerade: [
            FwdEndpoint(address: IPv4Address("10.0.0.5")!, port: 1433),
            FwdEndpoint(address: IPv4Address("10.0.0.6")!, port: 1433),
        ])

    static func plan(_ observation: FwdObservation, cleanLeftovers: Bool = false) -> FwdPlan {
        FwdPlanner.plan(desired: desired, state: state, observation: observation, cleanLeftovers: cleanLeftovers)
    }

    @Test func matchingRulesAndFilesPlanNothing() {
        let plan = Self.plan(FwdObservation(backend: .nft, rules: Self.matching, ipForwarding: true, files: Self.files))
        #expect(plan.isEmpty)
        #expect(plan.steps.isEmpty)
    }

    @Test func aFreshMachinePlansEveryWriteAsAStep() {
        let plan = Self.plan(FwdObservation(backend: .iptablesNft, rules: .absent, ipForwarding: false))
        #expect(plan.steps.map(\.kind) == [.ruleset, .ipForward, .sysctlDropIn, .stateFile])
        #expect(
            plan.actions == [
                .loadRules(ruleSet: Self.desired, backend: .iptablesNft, jumps: ["PREROUTING", "POSTROUTING"]),
                .enableIPForwarding, .writeFile(FwdRenderer.sysctl()),
                .writeFile(FwdArtifact(path: FwdPaths.stateFile, content: Self.state.encoded(), permissions: "0600")),
            ])
        #expect(plan.steps[0].details.map(\.kind) == [.add, .add])
        #expect(plan.steps.map(\.message).allSatisfy { !$0.isEmpty })
    }

    /// Every kind of write in one plan, in the order apply runs them.
    @Test func everyKindOfWriteIsInTheStepList() {
        var current = Self.matching
        current.dnat[0] = Self.applied(1433, "10.0.0.9")
        let chain = ForwardDropChain(
            owner: .iptablesNft, family: "ip", table: "filter", chain: "FORWARD", acceptHandles: [])
        let leftover = FwdLeftover(binary: "iptables-nft", rule: "-A POSTROUTING -o eth0 -j MASQUERADE")
        let observation = FwdObservation(
            backend: .nft, rules: current,
            otherBackends: [.iptablesLegacy: FwdCurrentRules(present: true, jumps: ["PREROUTING"])],
            ipForwarding: false, forwardDropChains: [chain], leftovers: [leftover],
            files: [FwdPaths.stateFile: "{}\n"])
        let plan = Self.plan(observation, cleanLeftovers: true)
        #expect(
            plan.steps.map(\.kind) == [
                .ruleset, .ipForward, .sysctlDropIn, .forwardAccept, .conntrack, .ruleset, .leftover, .stateFile,
            ])
        #expect(plan.steps.last?.effect == .change, "an existing state file is rewritten")
        #expect(plan.steps.last?.message.hasPrefix("rewrite /etc/pe-net/fwd.json") == true)
        #expect(plan.actions.contains(.flushConntrack(FwdEndpoint(address: IPv4Address("10.0.0.9")!, port: 1433))))
        #expect(plan.actions.contains(.removeRules(backend: .iptablesLegacy, jumpCopies: ["PREROUTING"])))
        #expect(plan.actions.contains(.deleteLeftover(leftover)))
        #expect(plan.leftovers == [leftover])
        let withoutCleaning = Self.plan(observation)
        #expect(!withoutCleaning.steps.contains { $0.kind == .leftover }, "leftovers are deleted only when asked")
    }

    @Test func changedAddressRetargetsAndFlushesConntrack() {
        var current = Self.matching
        current.dnat[0] = Self.applied(1433, "10.0.0.9")
        let plan = Self.plan(FwdObservation(backend: .nft, rules: current, ipForwarding: true, files: Self.files))
        #expect(plan.steps.map(\.kind) == [.ruleset, .conntrack])
        #expect(plan.steps[0].details.map(\.message) == ["1433: 10.0.0.9:1433 -> 10.0.0.5:1433 (mi1.example.net)"])
        #expect(plan.actions.last == .flushConntrack(FwdEndpoint(address: IPv4Address("10.0.0.9")!, port: 1433)))
    }

    @Test func handEditsAndDropPoliciesAreRepaired() {
        var current = Self.matching
        current.foreignRules = ["prerouting rule handle 9"]
        let chain = ForwardDropChain(
            owner: .iptablesNft, family: "ip", table: "filter", chain: "FORWARD", acceptHandles: [])
        let plan = Self.plan(
            FwdObservation(
                backend: .nft, rules: current, ipForwarding: true, forwardDropChains: [chain], files: Self.files))
        #expect(plan.steps.map(\.kind) == [.ruleset, .forwardAccept])
        #expect(plan.steps[0].details.map(\.kind) == [.repair])
    }

    @Test func removalTouchesOnlyPeNetObjectsAndItsFiles() {
        let chain = ForwardDropChain(owner: .nft, family: "inet", table: "fw", chain: "fwd", acceptHandles: [7])
        let leftover = FwdLeftover(binary: "iptables-nft", rule: "-A POSTROUTING -o eth0 -j MASQUERADE")
        let observation = FwdObservation(
            backend: .iptablesNft, rules: Self.matching, otherBackends: [.nft: FwdCurrentRules(present: true)],
            ipForwarding: true, forwardDropChains: [chain], leftovers: [leftover], files: Self.files)
        let plan = FwdPlanner.removal(observation: observation)
        #expect(
            plan.actions == [
                .removeRules(backend: .iptablesNft, jumpCopies: []), .removeRules(backend: .nft, jumpCopies: []),
                .removeForwardAccept(chain: chain), .removeFile(path: FwdPaths.sysctlFile),
                .removeFile(path: FwdPaths.stateFile),
            ])
        #expect(plan.steps[0].details.count == 2)
        let keeping = FwdPlanner.removal(observation: observation, keepState: true, cleanLeftovers: true)
        #expect(keeping.actions.last == .deleteLeftover(leftover))
        #expect(!keeping.steps.contains { $0.kind == .stateFile || $0.kind == .sysctlDropIn })
        #expect(
            FwdRenderer.deleteArguments(leftover) == [
                "-t", "nat", "-D", "POSTROUTING", "-o", "eth0", "-j", "MASQUERADE",
            ])
    }

    @Test func installWritesChangedFilesAndEnablesUnitsOnlyWhenNeeded() {
        let artifacts = [FwdRenderer.sysctl()] + FwdRenderer.systemdUnits(binary: "/usr/local/bin/pe-net")
        let fresh = FwdPlanner.install(
            artifacts: artifacts, observation: FwdObservation(backend: .nft, rules: .absent, ipForwarding: true),
            manageUnits: true)
        #expect(fresh.steps.map(\.kind) == [.sysctlDropIn, .unit, .unit, .unit, .service, .service, .service])
        #expect(
            fresh.actions.suffix(3) == [
                .systemctl(arguments: ["daemon-reload"]), .systemctl(arguments: ["enable", "pe-net-fwd.service"]),
                .systemctl(arguments: ["enable", "--now", "pe-net-fwd-reconcile.timer"]),
            ])
        var files: [String: String] = [:]
        for artifact in artifacts { files[artifact.path] = artifact.content }
        let installed = FwdObservation(
            backend: .nft, rules: .absent, ipForwarding: true, files: files,
            units: [
                "pe-net-fwd.service is-enabled": "enabled", "pe-net-fwd-reconcile.timer is-enabled": "enabled",
                "pe-net-fwd-reconcile.timer is-active": "active",
            ])
        #expect(FwdPlanner.install(artifacts: artifacts, observation: installed, manageUnits: true).isEmpty)
        let image = FwdPlanner.install(
            artifacts: artifacts, observation: FwdObservation(backend: .nft, rules: .absent, ipForwarding: true),
            manageUnits: false)
        #expect(!image.steps.contains { $0.kind == .service }, "an image root only gets files")
    }

    @Test func errorsFromReadingBlockAndWarningsOnlyWhenStrict() {
        let unreadable = FwdInspector.readFailure("the nft ruleset", "exit code 1: Operation not permitted")
        let plan = Self.plan(FwdObservation(backend: .nft, rules: .absent, ipForwarding: true, findings: [unreadable]))
        #expect(plan.blockingFindings() == [unreadable])
        let warning = Finding(severity: .warning, code: "fwd.several-addresses", message: "two addresses")
        let warned = FwdPlanner.plan(
            desired: Self.desired, state: Self.state,
            observation: FwdObservation(backend: .nft, rules: .absent, ipForwarding: true), findings: [warning])
        #expect(warned.blockingFindings().isEmpty)
        #expect(warned.blockingFindings(strict: true) == [warning])
    }

    @Test func theFingerprintIgnoresCountersButNotRules() {
        let base = FwdObservation(backend: .nft, rules: Self.matching, ipForwarding: true, files: Self.files)
        var counted = base
        counted.rules.dnat[0].packets = 99
        #expect(counted.fingerprint == base.fingerprint)
        var moved = base
        moved.rules.dnat[0] = Self.applied(1433, "10.0.0.9")
        #expect(moved.fingerprint != base.fingerprint)
        var edited = base
        edited.files[FwdPaths.stateFile] = "{}\n"
        #expect(edited.fingerprint != base.fingerprint)
    }

    @Test func aPlanSurvivesJSON() throws {
        let plan = Self.plan(FwdObservation(backend: .iptablesLegacy, rules: .absent, ipForwarding: false))
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(FwdPlan.self, from: data) == plan)
    }

    @Test func resolutionKeepsLastKnownOnlyWhenAsked() async throws {
        let resolver = TableHostResolver(["mi1.example.net": ["10.0.0.7", "10.0.0.5"]])
        let targets = FwdTargetResolver(resolver: resolver)
        let config = FwdConfig(mappings: [try FwdMapping(parsing: "1433=mi1.example.net:1433")], interfaces: ["eth0"])
        let resolved = try await targets.resolve(config)
        #expect(resolved.ruleSet.rules.map(\.targetAddress.description) == ["10.0.0.5"])
        #expect(resolved.findings.map(\.code) == ["fwd.several-addresses"])
        resolver.set("mi1.example.net", [])
        await #expect(throws: IPFwdError.self) { try await targets.resolve(config) }
        let state = FwdState(backend: .nft, config: config, resolved: [1433: IPv4Address("10.0.0.5")!])
        let stale = try await targets.resolve(config, lastKnown: state, useLastKnown: true)
        #expect(stale.ruleSet.rules.map(\.targetAddress.description) == ["10.0.0.5"])
        #expect(stale.failures.count == 1)
        #expect(stale.findings.map(\.code) == ["fwd.kept-last-known"])
    }

    @Test func backendDetectionPrefersNftThenIptablesVariant() async throws {
        let nft = RecordingCommandRunner()
        #expect(try await FwdBackendDetector(runner: nft).detect(.auto) == .nft)
        let legacy = RecordingCommandRunner(
            answers: [("iptables -V", CommandOutput(exitCode: 0, standardOutput: "iptables v1.8.9 (legacy)\n"))],
            missing: ["nft"])
        #expect(try await FwdBackendDetector(runner: legacy).detect(.auto) == .iptablesLegacy)
        let variant = RecordingCommandRunner(
            answers: [("iptables -V", CommandOutput(exitCode: 0, standardOutput: "iptables v1.8.9 (nf_tables)\n"))])
        #expect(try await FwdBackendDetector(runner: variant).detect(.iptables) == .iptablesNft)
        let none = RecordingCommandRunner(missing: ["nft", "iptables"])
        await #expect(throws: IPFwdError.self) { try await FwdBackendDetector(runner: none).detect(.auto) }
    }
}
