import DNSModel
import PeNetTestSupport
import Testing
@testable import IPFwd

@Suite struct FwdPlannerTests {
    static let desired = FwdRuleSet(interfaces: ["eth0"], rules: [
        FwdRule(listenPort: 1433, targetAddress: IPv4Address("10.0.0.5")!, targetPort: 1433, host: "mi1.example.net"),
        FwdRule(listenPort: 1434, targetAddress: IPv4Address("10.0.0.6")!, targetPort: 1433),
    ])

    static func applied(_ port: Int, _ address: String, interfaces: [String] = ["eth0"]) -> AppliedRule {
        AppliedRule(listenPort: port, interfaces: interfaces, sources: [],
                    target: FwdEndpoint(address: IPv4Address(address)!, port: 1433))
    }

    static let matching = FwdCurrentRules(
        present: true, dnat: [applied(1433, "10.0.0.5"), applied(1434, "10.0.0.6")],
        masquerade: [FwdEndpoint(address: IPv4Address("10.0.0.5")!, port: 1433),
                     FwdEndpoint(address: IPv4Address("10.0.0.6")!, port: 1433)])

    @Test func matchingRulesPlanNothing() {
        let plan = FwdPlanner.plan(desired: Self.desired, observation: FwdObservation(backend: .nft, rules: Self.matching, ipForwarding: true))
        #expect(plan.isEmpty)
        #expect(plan.changes.isEmpty)
    }

    @Test func freshMachineGetsForwardingAndRules() {
        let plan = FwdPlanner.plan(desired: Self.desired, observation: FwdObservation(backend: .iptablesNft, rules: .absent, ipForwarding: false))
        #expect(plan.changes.map(\.kind) == [.enableForwarding, .add, .add])
        #expect(plan.actions == [.enableIPForwarding, .loadRules(Self.desired, backend: .iptablesNft, jumps: ["PREROUTING", "POSTROUTING"])])
    }

    @Test func changedAddressRetargetsAndFlushesConntrack() {
        var current = Self.matching
        current.dnat[0] = Self.applied(1433, "10.0.0.9")
        let plan = FwdPlanner.plan(desired: Self.desired, observation: FwdObservation(backend: .nft, rules: current, ipForwarding: true))
        #expect(plan.changes.map(\.kind) == [.retarget, .flushConntrack])
        #expect(plan.changes[0].message == "1433: 10.0.0.9:1433 -> 10.0.0.5:1433 (mi1.example.net)")
        #expect(plan.actions.last == .flushConntrack(FwdEndpoint(address: IPv4Address("10.0.0.9")!, port: 1433)))
    }

    @Test func handEditsAndDropPoliciesAreRepaired() {
        var current = Self.matching
        current.foreignRules = ["prerouting rule handle 9"]
        let chain = ForwardDropChain(owner: .iptablesNft, family: "ip", table: "filter", chain: "FORWARD", acceptHandles: [])
        let plan = FwdPlanner.plan(desired: Self.desired, observation: FwdObservation(
            backend: .nft, rules: current, ipForwarding: true, forwardDropChains: [chain]))
        #expect(plan.changes.map(\.kind) == [.allowForward, .repair])
        #expect(plan.actions.count == 2)
    }

    @Test func removalTouchesOnlyPeNetObjects() {
        let chain = ForwardDropChain(owner: .nft, family: "inet", table: "fw", chain: "fwd", acceptHandles: [7])
        let leftover = FwdLeftover(binary: "iptables-nft", rule: "-A POSTROUTING -o eth0 -j MASQUERADE")
        let observation = FwdObservation(backend: .iptablesNft, rules: Self.matching,
                                         otherBackends: [.nft: FwdCurrentRules(present: true)], ipForwarding: true,
                                         forwardDropChains: [chain], leftovers: [leftover])
        let plan = FwdPlanner.removal(observation: observation)
        #expect(plan.actions == [.removeRules(.iptablesNft, jumpCopies: []), .removeRules(.nft, jumpCopies: []), .removeForwardAccept(chain)])
        let withLeftovers = FwdPlanner.removal(observation: observation, cleanLeftovers: true)
        #expect(withLeftovers.actions.last == .deleteLeftover(leftover))
        #expect(leftover.deleteArguments == ["-t", "nat", "-D", "POSTROUTING", "-o", "eth0", "-j", "MASQUERADE"])
    }

    @Test func resolutionKeepsLastKnownOnlyWhenAsked() async throws {
        let resolver = TableHostResolver(["mi1.example.net": ["10.0.0.7", "10.0.0.5"]])
        let engine = FwdEngine(environment: FwdEnvironment(runner: RecordingCommandRunner(), resolver: resolver, files: FwdFiles(root: "/nonexistent")))
        let config = FwdConfig(mappings: [try FwdMapping(parsing: "1433=mi1.example.net:1433")], interfaces: ["eth0"])
        let resolved = try await engine.resolve(config)
        #expect(resolved.ruleSet.rules.map(\.targetAddress.description) == ["10.0.0.5"])
        #expect(resolved.findings.map(\.code) == ["fwd.several-addresses"])
        resolver.set("mi1.example.net", [])
        await #expect(throws: IPFwdError.self) { try await engine.resolve(config) }
        let state = FwdState(backend: .nft, config: config, resolved: [1433: IPv4Address("10.0.0.5")!])
        let stale = try await engine.resolve(config, lastKnown: state, useLastKnown: true)
        #expect(stale.ruleSet.rules.map(\.targetAddress.description) == ["10.0.0.5"])
        #expect(stale.failures.count == 1)
        #expect(stale.findings.map(\.code) == ["fwd.kept-last-known"])
    }

    @Test func backendDetectionPrefersNftThenIptablesVariant() async throws {
        let nft = RecordingCommandRunner()
        #expect(try await FwdBackendDetector(runner: nft).detect(.auto) == .nft)
        let legacy = RecordingCommandRunner(answers: [("iptables -V", CommandOutput(exitCode: 0, standardOutput: "iptables v1.8.9 (legacy)\n"))], missing: ["nft"])
        #expect(try await FwdBackendDetector(runner: legacy).detect(.auto) == .iptablesLegacy)
        let variant = RecordingCommandRunner(answers: [("iptables -V", CommandOutput(exitCode: 0, standardOutput: "iptables v1.8.9 (nf_tables)\n"))])
        #expect(try await FwdBackendDetector(runner: variant).detect(.iptables) == .iptablesNft)
        let none = RecordingCommandRunner(missing: ["nft", "iptables"])
        await #expect(throws: IPFwdError.self) { try await FwdBackendDetector(runner: none).detect(.auto) }
    }
}
