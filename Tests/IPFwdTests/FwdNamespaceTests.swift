import DNSModel
import Foundation
import PeNetTestSupport
import Testing

@testable import IPFwd

/// Real TCP through pe-net's rules in namespaces the tests create and always delete.
@Suite(.serialized, .tags(.root), .enabled(if: TestConditions.isRoot, "needs root: builds network namespaces"))
struct FwdNamespaceTests {
    static let backends: [FwdBackend] = [.nft, .iptablesNft, .iptablesLegacy]

    final class Harness {
        let topology: FwdTopology
        let resolver = TableHostResolver()
        let root: URL
        /// Replaces the table resolver (e.g. with one asking a real NSD).
        var dnsResolver: (any HostResolving)?

        var environment: FwdEnvironment {
            FwdEnvironment(
                runner: topology.forwarderRunner, resolver: dnsResolver ?? resolver, files: FwdFiles(root: root.path),
                userID: 0)
        }

        var workflow: FwdWorkflow { FwdWorkflow(environment: environment) }

        init() throws {
            topology = try FwdTopology.create()
            root = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-fwd-\(UUID().uuidString)")
            do {
                try topology.startEcho(backend: 0, port: 1433, reply: "be1")
                try topology.startEcho(backend: 1, port: 1433, reply: "be2")
            } catch {
                topology.destroy()
                throw error
            }
        }

        func destroy() {
            topology.destroy()
            try? FileManager.default.removeItem(at: root)
        }

        /// Plans and applies like `pe-net fwd apply` (the library workflow the command calls).
        @discardableResult
        func apply(_ maps: [String], backend: FwdBackend, cleanLeftovers: Bool = false) async throws -> FwdPlan {
            let request = FwdRequest(
                maps: maps, interfaces: [FwdTopology.ingressInterface],
                backend: FwdBackendChoice(rawValue: backend.rawValue) ?? .auto,
                cleanLeftovers: cleanLeftovers)
            let plan = try await workflow.plan(request)
            _ = try await workflow.apply(plan)
            return plan
        }

        /// Plans and applies `pe-net fwd remove`.
        @discardableResult
        func remove() async throws -> FwdPlan {
            let plan = try await workflow.planRemoval()
            _ = try await workflow.apply(plan)
            return plan
        }

        /// Plans and applies `pe-net fwd reconcile`.
        func reconcile() async throws -> FwdPlan {
            let plan = try await workflow.planReconcile()
            _ = try await workflow.apply(plan)
            return plan
        }

        func ruleCount(_ backend: FwdBackend) throws -> Int {
            switch backend {
            case .nft:
                return try topology.exec(topology.forwarder, ["nft", "list", "ruleset"]).output
                    .split(separator: "\n").filter { $0.contains("pe-net:") }.count
            case .iptablesNft, .iptablesLegacy:
                return try topology.exec(topology.forwarder, ["\(backend.rawValue)-save", "-t", "nat"]).output
                    .split(separator: "\n").filter { $0.hasPrefix("-A") }.count
            }
        }
    }

    @Test(arguments: backends)
    func forwardsRealTCPAndReappliesAreNoOps(backend: FwdBackend) async throws {
        let harness = try Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        #expect(topology.connect(port: 1433) == nil, "nothing forwards before apply")
        let maps = ["1433=\(FwdTopology.backendAddresses[0]):1433", "1434=\(FwdTopology.backendAddresses[1]):1433"]
        let first = try await harness.apply(maps, backend: backend)
        #expect(Set(first.steps.map(\.kind)).isSuperset(of: [.ipForward, .sysctlDropIn, .ruleset, .stateFile]))
        #expect(try harness.environment.files.read(FwdPaths.stateFile) != nil, "the state file is a step of the plan")
        #expect(topology.connect(port: 1433) == "be1")
        #expect(topology.connect(port: 1434) == "be2")
        let count = try harness.ruleCount(backend)
        #expect(count >= 4)
        for _ in 0..<100 {
            let again = try await harness.apply(maps, backend: backend)
            #expect(again.isEmpty)
        }
        #expect(try harness.ruleCount(backend) == count)
        let rules = try await FwdInspector(runner: topology.forwarderRunner).rules(backend)
        #expect(rules.counters(for: 1433).packets > 0, "counters count the forwarded connection")
        #expect(topology.connect(port: 1434) == "be2")
    }

    /// This kernel is built without CONFIG_NF_FLOW_TABLE: `on` must fail clearly before any
    /// write, `auto` must fall back to the regular path and still forward.
    @Test func fastPathOnFailsClearlyAndAutoFallsBackOnThisKernel() async throws {
        let harness = try Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        let (kernelHasIt, detail) = await FwdFastPathDetector(runner: topology.forwarderRunner).kernelHasFlowtable()
        let maps = ["1433=\(FwdTopology.backendAddresses[0]):1433"]
        func request(_ fastPath: FwdFastPath) -> FwdRequest {
            FwdRequest(maps: maps, interfaces: [FwdTopology.ingressInterface], backend: .nft, fastPath: fastPath)
        }
        if kernelHasIt {
            let plan = try await harness.workflow.plan(request(.on))
            #expect(plan.fastPath?.active == true)
        } else {
            #expect(detail.contains("nf_flowtable_tcp_timeout"), "decided from the sysctls: \(detail)")
            let probed = await FwdFastPathDetector(runner: topology.forwarderRunner).probe()
            #expect(!probed.available && probed.detail.contains("nft -c"), "nft -c agrees: \(probed.detail)")
            await #expect {
                try await harness.workflow.plan(request(.on))
            } throws: { error in
                "\(error)".contains("--fast-path on") && "\(error)".contains("nf_flow_table")
            }
            #expect(try harness.ruleCount(.nft) == 0, "nothing was applied")
        }
        let plan = try await harness.workflow.plan(request(.auto))
        #expect(plan.fastPath?.active == kernelHasIt)
        _ = try await harness.workflow.apply(plan)
        #expect(topology.connect(port: 1433) == "be1")
        let listing = try topology.exec(topology.forwarder, ["nft", "list", "table", "ip", "pe_net"]).output
        #expect(listing.contains("flowtable") == kernelHasIt)
        #expect(try await harness.workflow.plan(request(.auto)).isEmpty, "re-apply is a no-op")
        let status = try await harness.workflow.status()
        #expect(status.inSync)
        #expect(status.fastPath?.active == kernelHasIt)
        // The probe left nothing behind.
        let tables = try topology.exec(topology.forwarder, ["nft", "list", "tables"]).output
        #expect(!tables.contains("pe_net_fastpath_probe"))
    }

    @Test(arguments: backends)
    func removeLeavesUnrelatedRulesAlone(backend: FwdBackend) async throws {
        let harness = try Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        let unrelated: [String]
        let listUnrelated: [String]
        switch backend {
        case .nft:
            unrelated = [
                "nft",
                "add table ip mine; add chain ip mine pre { type nat hook prerouting priority -50; }; add rule ip mine pre tcp dport 2000 counter accept comment \"keep\"",
            ]
            listUnrelated = ["nft", "list", "table", "ip", "mine"]
        case .iptablesNft, .iptablesLegacy:
            unrelated = [
                backend.rawValue, "-t", "nat", "-A", "POSTROUTING", "-o", "fwb1", "-p", "tcp", "--dport", "2000", "-j",
                "MASQUERADE",
            ]
            listUnrelated = [backend.rawValue, "-t", "nat", "-S", "POSTROUTING"]
        }
        if backend == .nft {
            try topology.exec(topology.forwarder, ["nft", unrelated[1]])
        } else {
            try Shell.check(["ip", "netns", "exec", topology.forwarder] + unrelated)
        }
        try await harness.apply(["1433=\(FwdTopology.backendAddresses[0]):1433"], backend: backend)
        #expect(topology.connect(port: 1433) == "be1")
        let removal = try await harness.remove()
        #expect(removal.steps.map(\.kind) == [.ruleset, .sysctlDropIn, .stateFile])
        #expect(topology.connect(port: 1433) == nil)
        #expect(try harness.environment.files.read(FwdPaths.stateFile) == nil)
        #expect(try harness.ruleCount(backend) == (backend == .nft ? 0 : 1))
        let kept = try topology.exec(topology.forwarder, listUnrelated).output
        #expect(kept.contains("2000"), "\(kept)")
        let after = try await FwdInspector(runner: topology.forwarderRunner).rules(backend)
        #expect(!after.present)
    }

    @Test(arguments: backends)
    func forwardsThroughAForwardPolicyOfDrop(backend: FwdBackend) async throws {
        let harness = try Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        let dropTool = backend == .iptablesLegacy ? "iptables-legacy" : "iptables-nft"
        try Shell.check(["ip", "netns", "exec", topology.forwarder, dropTool, "-P", "FORWARD", "DROP"])
        try await harness.apply(["1433=\(FwdTopology.backendAddresses[0]):1433"], backend: backend)
        #expect(topology.connect(port: 1433) == "be1")
        #expect(try await harness.apply(["1433=\(FwdTopology.backendAddresses[0]):1433"], backend: backend).isEmpty)
        let accepts = try topology.exec(topology.forwarder, [dropTool, "-S", "FORWARD"]).output
        #expect(accepts.split(separator: "\n").filter { $0.contains("pe-net:forward") }.count == 1)
        try await harness.remove()
        let after = try topology.exec(topology.forwarder, [dropTool, "-S", "FORWARD"]).output
        #expect(!after.contains("pe-net"))
        #expect(after.contains("-P FORWARD DROP"))
    }

    @Test(arguments: [FwdBackend.nft, .iptablesNft])
    func reconcileMovesNewConnectionsAndKeepsRulesWhenDNSFails(backend: FwdBackend) async throws {
        let harness = try Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        harness.resolver.set("mi1.test.example", [FwdTopology.backendAddresses[0]])
        try await harness.apply(["1433=mi1.test.example:1433"], backend: backend)
        #expect(topology.connect(port: 1433) == "be1")
        let unchanged = try await harness.reconcile()
        #expect(unchanged.isEmpty)
        func tracked(_ address: String) throws -> Int {
            try topology.exec(topology.forwarder, ["conntrack", "-L", "-p", "tcp", "--reply-src", address]).output
                .split(separator: "\n").count
        }
        #expect(try tracked(FwdTopology.backendAddresses[0]) > 0, "the connection left a conntrack entry")
        harness.resolver.set("mi1.test.example", [FwdTopology.backendAddresses[1]])
        let moved = try await harness.reconcile()
        #expect(moved.steps.map(\.kind) == [.ruleset, .conntrack, .stateFile])
        #expect(moved.steps.first?.details.map(\.kind) == [.retarget])
        #expect(try tracked(FwdTopology.backendAddresses[0]) == 0, "entries pinned to the old address are deleted")
        #expect(topology.connect(port: 1433) == "be2")
        harness.resolver.set("mi1.test.example", [])
        let failed = try await harness.reconcile()
        #expect(failed.resolutionFailures.count == 1)
        #expect(failed.isEmpty)
        #expect(topology.connect(port: 1433) == "be2", "the last known good address stays")
        #expect(
            try harness.environment.files.loadState()?.lastKnown(1433)?.description == FwdTopology.backendAddresses[1])
    }

    @Test(arguments: [FwdBackend.nft, .iptablesNft])
    func ipFwdShLeftoversAreFoundAndOnlyDeletedWhenAsked(backend: FwdBackend) async throws {
        let harness = try Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        let dnat = [
            "-t", "nat", "-A", "PREROUTING", "-p", "tcp", "-i", "fwc", "--dport", "1433", "-j", "DNAT", "--to",
            "10.201.9.9:1433",
        ]
        let masquerade = ["-t", "nat", "-A", "POSTROUTING", "-o", "fwb1", "-j", "MASQUERADE"]
        for arguments in [dnat, masquerade, dnat, masquerade] {
            try Shell.check(["ip", "netns", "exec", topology.forwarder, "iptables-nft"] + arguments)
        }
        let maps = ["1433=\(FwdTopology.backendAddresses[0]):1433"]
        let request = FwdRequest(
            maps: maps, interfaces: [FwdTopology.ingressInterface],
            backend: FwdBackendChoice(rawValue: backend.rawValue) ?? .auto)
        let plan = try await harness.workflow.plan(request)
        #expect(plan.leftovers.count == 4, "\(plan.leftovers)")
        #expect(!plan.steps.contains { $0.kind == .leftover })
        let cleaning = try await harness.apply(maps, backend: backend, cleanLeftovers: true)
        #expect(cleaning.steps.filter { $0.kind == .leftover }.count == 4)
        let nat = try topology.exec(topology.forwarder, ["iptables-nft", "-t", "nat", "-S"]).output
        #expect(!nat.contains("10.201.9.9") && !nat.contains("-A POSTROUTING -o fwb1 -j MASQUERADE"), "\(nat)")
        #expect(topology.connect(port: 1433) == "be1")
    }

    @Test(arguments: backends)
    func aFailedTransactionLeavesThePreviousRulesInPlace(backend: FwdBackend) async throws {
        let harness = try Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        try await harness.apply(["1433=\(FwdTopology.backendAddresses[0]):1433"], backend: backend)
        let before = try harness.ruleCount(backend)
        // The kernel tools reject an interface name longer than IFNAMSIZ: the whole load fails.
        let broken = FwdRuleSet(
            interfaces: [FwdTopology.ingressInterface, "abcdefghijklmnopqrstuvwxyz"],
            rules: [
                FwdRule(
                    listenPort: 1433, targetAddress: IPv4Address(FwdTopology.backendAddresses[1])!, targetPort: 1433),
                FwdRule(
                    listenPort: 1434, targetAddress: IPv4Address(FwdTopology.backendAddresses[1])!, targetPort: 1433),
            ])
        var observation = await FwdInspector(runner: topology.forwarderRunner).observe(backend: backend, ports: [1433])
        harness.workflow.readFiles([FwdPaths.stateFile, FwdPaths.sysctlFile], into: &observation)
        let state = FwdState(backend: backend, config: FwdConfig(mappings: [], interfaces: []), resolved: [:])
        let plan = FwdPlanner.plan(desired: broken, state: state, observation: observation, root: harness.root.path)
        #expect(plan.steps.first?.kind == .ruleset, "the transaction comes first, so its failure changes nothing")
        await #expect(throws: IPFwdError.self) { _ = try await harness.workflow.apply(plan) }
        #expect(
            try harness.environment.files.read(FwdPaths.stateFile)?.contains("1434") == false,
            "the state file step after the failed transaction did not run")
        #expect(try harness.ruleCount(backend) == before)
        #expect(topology.connect(port: 1433) == "be1", "the previous rules still forward")
        #expect(topology.connect(port: 1434) == nil)
    }
}
