import DNSModel
import Foundation
import PeNetTestSupport
import Testing

@testable import IPFwd

/// `--fast-path`: detection through `nft -c` (faked here), the flowtable in the rendered table,
/// the fallback of `auto`, the refusal of `on`, the units, and the parser.
@Suite struct FwdFastPathTests {
    static func workflow(_ runner: RecordingCommandRunner, root: TemporaryRoot) -> FwdWorkflow {
        FwdWorkflow(
            environment: FwdEnvironment(
                runner: runner, resolver: TableHostResolver(), files: FwdFiles(root: root.path), userID: 0))
    }

    static func request(_ fastPath: FwdFastPath?, backend: FwdBackendChoice = .nft) -> FwdRequest {
        FwdRequest(maps: ["1433=10.0.0.5:1433"], interfaces: ["eth0"], backend: backend, fastPath: fastPath)
    }

    static func loadedRuleSet(_ plan: FwdPlan) -> FwdRuleSet? {
        for action in plan.actions {
            if case .loadRules(let ruleSet, _, _) = action { return ruleSet }
        }
        return nil
    }

    @Test func autoUsesTheFlowtableWhereTheKernelHasIt() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder(flowtable: true)
        let plan = try await Self.workflow(runner, root: root).plan(Self.request(nil))
        #expect(plan.fastPath?.active == true)
        let ruleSet = try #require(Self.loadedRuleSet(plan))
        #expect(ruleSet.fastPath)
        let nft = FwdRenderer.nft(ruleSet)
        #expect(nft.contains("flowtable fastpath {"))
        #expect(nft.contains("devices = { \"eth0\" }"))
        #expect(nft.contains("ct status dnat meta l4proto tcp counter flow add @fastpath comment \"pe-net:fast-path\""))
        #expect(nft.contains("counter dnat to 10.0.0.5:1433"), "the DNAT counters stay")
        let probe = try #require(runner.inputs.first { $0.contains("flowtable") })
        #expect(probe.contains("table ip pe_net_fastpath_probe"), "the probe never touches pe-net's table")
        #expect(runner.commands.contains("nft -c -f -"), "checked, not committed")
    }

    /// `cat` of the kernel release, a conntrack sysctl and the flowtable timeout sysctl.
    static func sysctls(release: String = "6.1.0-27-cloud-amd64", conntrack: Bool = true, flowtable: String? = nil)
        -> (String, CommandOutput)
    {
        let missing = "No such file or directory"
        var errors: [String] = []
        var output = release + "\n"
        if conntrack { output += "432000\n" } else { errors.append(FwdFastPathDetector.sysctls[1] + ": " + missing) }
        if flowtable == "30" { output += "30\n" }
        if flowtable != "30" { errors.append(FwdFastPathDetector.sysctls[2] + ": " + (flowtable ?? missing)) }
        return (
            "cat /proc/sys/kernel/osrelease",
            CommandOutput(
                exitCode: errors.isEmpty ? 0 : 1, standardOutput: output,
                standardError: errors.map { "cat: \($0)\n" }.joined())
        )
    }

    @Test func theSysctlsDecideWithoutATransactionWhereTheyCan() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        // Even were nft -c to accept the probe: a kernel without the sysctl has no nf_flow_table.
        let runner = RecordingCommandRunner.forwarder(extra: [Self.sysctls()], flowtable: true)
        let plan = try await Self.workflow(runner, root: root).plan(Self.request(.auto))
        let decision = try #require(plan.fastPath)
        #expect(!decision.active)
        #expect(decision.reason.contains("no nf_flow_table (CONFIG_NF_FLOW_TABLE)"), "\(decision.reason)")
        #expect(decision.reason.contains("Linux 6.1.0-27-cloud-amd64"))
        #expect(decision.reason.contains("nf_flowtable_tcp_timeout"))
        #expect(runner.commands.contains("cat " + FwdFastPathDetector.sysctls.joined(separator: " ")))
        #expect(!runner.commands.contains("nft -c -f -"), "no checked transaction")
        #expect(!(try #require(Self.loadedRuleSet(plan))).fastPath)
        await #expect {
            try await Self.workflow(runner, root: root).plan(Self.request(.on))
        } throws: { error in
            "\(error)".contains("--fast-path on") && "\(error)".contains("nf_flowtable_tcp_timeout")
        }
    }

    @Test(arguments: [
        ("the kernel has the sysctl (nf_flow_table built, perhaps as a module)", sysctls(flowtable: "30")),
        ("a kernel older than 5.14 never had it", sysctls(release: "5.10.0-33-amd64")),
        ("conntrack does not serve the namespace yet", sysctls(conntrack: false)),
        ("it cannot be read for another reason", sysctls(flowtable: "Permission denied")),
        ("a release that is no version", sysctls(release: "custom")),
    ])
    func theProbeDecidesWhenTheSysctlsCannot(_ why: String, sysctls: (String, CommandOutput)) async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder(extra: [sysctls], flowtable: true)
        let plan = try await Self.workflow(runner, root: root).plan(Self.request(.auto))
        #expect(plan.fastPath?.active == true, "\(why)")
        #expect(runner.commands.contains("nft -c -f -"), "\(why)")
    }

    @Test func kernelReleasesReadAsVersions() {
        #expect(FwdFastPathDetector.version("6.18.44-fc-v657")! == (6, 18))
        #expect(FwdFastPathDetector.version("5.14.0-427.el9.x86_64")! == (5, 14))
        #expect(FwdFastPathDetector.version("4.19")! == (4, 19))
        #expect(FwdFastPathDetector.version("6") == nil)
        #expect(FwdFastPathDetector.version("v6.1") == nil)
    }

    @Test func autoFallsBackWithoutNfFlowTableAndSaysWhy() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder()
        let plan = try await Self.workflow(runner, root: root).plan(Self.request(.auto))
        let decision = try #require(plan.fastPath)
        #expect(!decision.active)
        #expect(decision.reason.contains("no nf_flow_table"))
        #expect(decision.reason.contains("Could not process rule"), "nft's own words are kept")
        let ruleSet = try #require(Self.loadedRuleSet(plan))
        #expect(!ruleSet.fastPath)
        #expect(!FwdRenderer.nft(ruleSet).contains("flowtable"))
    }

    @Test func onRefusesWithoutNfFlowTableBeforeAnyWrite() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder()
        await #expect {
            try await Self.workflow(runner, root: root).plan(Self.request(.on))
        } throws: { error in
            "\(error)".contains("--fast-path on") && "\(error)".contains("nf_flow_table")
        }
        #expect(!runner.commands.contains("nft -f -"))
        #expect(root.read(FwdPaths.stateFile) == nil)
    }

    @Test func onNeedsTheNftBackendAndAutoSkipsIptables() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder(flowtable: true)
        await #expect {
            try await Self.workflow(runner, root: root).plan(Self.request(.on, backend: .iptablesNft))
        } throws: { error in
            "\(error)".contains("needs the nft backend")
        }
        let plan = try await Self.workflow(runner, root: root).plan(Self.request(.auto, backend: .iptablesNft))
        #expect(plan.fastPath?.active == false)
        #expect(plan.fastPath?.reason.contains("iptables-nft backend has no flowtables") == true)
        #expect(!runner.commands.contains("nft -c -f -"), "no probe when the backend cannot use it")
    }

    @Test func offNeverProbesAndIsRecordedForReconcile() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder(flowtable: true)
        let workflow = Self.workflow(runner, root: root)
        let plan = try await workflow.plan(Self.request(.off))
        #expect(plan.fastPath == FwdFastPathDecision(requested: .off, active: false, reason: "off (--fast-path off)"))
        #expect(!runner.commands.contains("nft -c -f -"))
        _ = try await workflow.apply(plan)
        let state = try #require(try workflow.environment.files.loadState())
        #expect(state.config.fastPath == .off)
        let reconcile = try await workflow.planReconcile()
        #expect(reconcile.fastPath?.requested == .off, "reconcile keeps apply's choice")
        #expect(try await workflow.planReconcile(fastPath: .auto).fastPath?.active == true, "the units can override it")
    }

    @Test func statusSaysWhetherTheFastPathIsUsed() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder()
        let workflow = Self.workflow(runner, root: root)
        _ = try await workflow.apply(try await workflow.plan(Self.request(nil)))
        let status = try await workflow.status()
        #expect(status.fastPath?.active == false)
        #expect(status.fastPath?.reason.contains("CONFIG_NF_FLOW_TABLE") == true)
    }

    @Test func unitsPassTheChoiceToReconcile() {
        let units = FwdRenderer.systemdUnits(binary: "/usr/local/bin/pe-net", fastPath: .off)
        let execs = units.flatMap { $0.content.split(separator: "\n") }.filter { $0.hasPrefix("ExecStart=") }
        #expect(execs.count == 2)
        #expect(execs.allSatisfy { $0.hasSuffix("--fast-path off") })
        let plain = FwdRenderer.systemdUnits(binary: "/usr/local/bin/pe-net")
        #expect(!plain.contains { $0.content.contains("--fast-path") })
    }

    @Test func parserSeesTheFlowtableAndMatchesOnlyTheSameChoice() throws {
        let base = FwdFakeOutputs.peNetRuleset([(1433, "10.0.0.5", 1433)])
        let items = [
            #"{"flowtable": {"family": "ip", "name": "fastpath", "table": "pe_net", "handle": 3, "hook": "ingress", "prio": 0, "dev": "eth0"}}"#,
            #"{"rule": {"family": "ip", "table": "pe_net", "chain": "forward", "handle": 90, "comment": "pe-net:fast-path", "expr": [{"match": {"op": "in", "left": {"ct": {"key": "status"}}, "right": "dnat"}}, {"counter": {"packets": 0, "bytes": 0}}, {"flow": {"op": "add", "flowtable": "@fastpath"}}]}}"#,
        ]
        let withFlowtable = String(base.dropLast(2)) + ", " + items.joined(separator: ", ") + "]}"
        let current = try NftStateParser.parse(json: withFlowtable)
        #expect(current.fastPath)
        #expect(current.foreignRules.isEmpty)
        var desired = FwdRuleSet(
            interfaces: ["eth0"],
            rules: [FwdRule(listenPort: 1433, targetAddress: try #require(IPv4Address("10.0.0.5")), targetPort: 1433)])
        #expect(!current.matches(desired, backend: .nft), "a flowtable that is not wanted is drift")
        desired.fastPath = true
        #expect(current.matches(desired, backend: .nft))
        let without = try NftStateParser.parse(json: base)
        #expect(!without.fastPath && !without.matches(desired, backend: .nft), "a missing flowtable is drift")
        let halfway = try NftStateParser.parse(json: String(base.dropLast(2)) + ", " + items[0] + "]}")
        #expect(!halfway.fastPath && !halfway.foreignRules.isEmpty)
    }

    @Test func savedPlansWithoutTheFieldStillDecode() throws {
        let ruleSet = FwdRuleSet(
            interfaces: ["eth0"],
            rules: [FwdRule(listenPort: 1433, targetAddress: try #require(IPv4Address("10.0.0.5")), targetPort: 1433)])
        let json = try JSONEncoder().encode(ruleSet)
        #expect(!String(decoding: json, as: UTF8.self).contains("fastPath"))
        #expect(try JSONDecoder().decode(FwdRuleSet.self, from: json) == ruleSet)
        var fast = ruleSet
        fast.fastPath = true
        #expect(try JSONDecoder().decode(FwdRuleSet.self, from: JSONEncoder().encode(fast)) == fast)
    }
}
