import ARMNetwork
import Foundation
import IPFwd
import PeNetTestSupport
import Testing
import Yams

@testable import DesiredState

/// The Data Factory path's data plane for real: the forwarders are configured from the cloud-init
/// rendered from a pe-net.yaml (its files written, then what its boot unit runs, `fwd reconcile`),
/// a round-robin "load balancer" sends clients to them, and probes from 168.63.129.16 pass only
/// while a forwarder forwards and its instance answers.
@Suite(.serialized, .tags(.root), .enabled(if: TestConditions.isRoot, "needs root: builds network namespaces"))
struct DataFactoryPathNamespaceTests {
    static let fqdns = ["mi1.nstest000001.database.windows.net", "mi2.nstest000001.database.windows.net"]

    /// The file: two instances on 1433 and 1434, forwarders restricted to the client's network
    /// (as with a Private Link Service's NAT subnet), so the probe passes only because the
    /// rendered configuration keeps 168.63.129.16.
    static let file = """
        apiVersion: pe-net/v1
        dataFactoryPaths:
          - name: adf-ns
            subscription: 00000000-1111-2222-3333-444444444444
            resourceGroup: net-rg
            location: eastus
            virtualNetwork: hub-vnet
            subnets: {frontend: fe, backend: be, privateLinkService: pls}
            instances:
              - {instance: /subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/mi1, port: 1433, fqdn: \(fqdns[0])}
              - {instance: /subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/mi2, port: 1434, fqdn: \(fqdns[1])}
            forwarders:
              networkInterfaces: [/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/net-rg/providers/Microsoft.Network/networkInterfaces/fwd1-nic]
              interfaces: [eth0]
              allowSources: [10.203.1.0/24]
        """

    final class Harness {
        let topology: DataFactoryPathTopology
        let roots: [URL]
        let resolver = TableHostResolver([
            DataFactoryPathNamespaceTests.fqdns[0]: [DataFactoryPathTopology.backendAddresses[0]],
            DataFactoryPathNamespaceTests.fqdns[1]: [DataFactoryPathTopology.backendAddresses[1]],
        ])

        init() throws {
            topology = try DataFactoryPathTopology.create(ports: [1433, 1434])
            roots = (0..<2).map { _ in
                FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-adf-ns-\(UUID().uuidString)")
            }
            do {
                try topology.startBackend(0, reply: "mi1")
                try topology.startBackend(1, reply: "mi2")
            } catch {
                destroy()
                throw error
            }
        }

        func destroy() {
            topology.destroy()
            for root in roots { try? FileManager.default.removeItem(at: root) }
        }

        func workflow(_ index: Int) -> FwdWorkflow {
            FwdWorkflow(
                environment: FwdEnvironment(
                    runner: topology.forwarderRunner(index), resolver: resolver,
                    files: FwdFiles(root: roots[index].path), userID: 0))
        }

        /// Boots forwarder `index` from `cloudConfig`: writes its files below the forwarder's root,
        /// runs its sysctl command, then what `pe-net-fwd.service` starts (`fwd reconcile`).
        func boot(_ index: Int, cloudConfig: String) async throws {
            let document = try #require(try Yams.load(yaml: cloudConfig) as? [String: Any])
            let files = try #require(document["write_files"] as? [[String: Any]])
            let fwdFiles = FwdFiles(root: roots[index].path)
            for file in files {
                let path = try #require(file["path"] as? String)
                let content = try #require(file["content"] as? String)
                try fwdFiles.write(
                    FwdArtifact(path: path, content: content, permissions: file["permissions"] as? String ?? "0644"))
            }
            let commands = try #require(document["runcmd"] as? [[String]])
            for command in commands where command.first == "sysctl" {
                let arguments = command.map { $0.hasPrefix("/etc/") ? fwdFiles.path($0) : $0 }
                try topology.exec(topology.forwarders[index], arguments)
            }
            let plan = try await workflow(index).planReconcile()
            #expect(plan.blockingFindings(strict: false).isEmpty, "\(plan.findings)")
            _ = try await workflow(index).apply(plan)
        }

        /// `fwd remove --keep-state` on forwarder `index` (what stopping the unit does).
        func removeRules(_ index: Int) async throws {
            let plan = try await workflow(index).planRemoval(keepState: true)
            _ = try await workflow(index).apply(plan)
        }

        func packets(_ index: Int, port: Int) async throws -> Int {
            try await FwdInspector(runner: topology.forwarderRunner(index)).rules(.nft).counters(for: port).packets
        }
    }

    static func renderedCloudInit() throws -> String {
        let spec = try PeNetFile.parse(file, source: "adf-ns.yaml").dataFactoryPath(named: "adf-ns")
        let text = try ForwarderCloudInit.render(spec)
        #expect(
            text.contains("ExecStart=/usr/local/bin/pe-net fwd reconcile --allow-stale"), "the boot unit reconciles")
        return text
    }

    @Test func bothPortsReachTheirInstanceThroughTheLoadBalancerAndProbesPass() async throws {
        let harness = try Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        #expect(topology.connectThroughLoadBalancer(port: 1433) == nil, "nothing forwards before the forwarders boot")
        let cloudConfig = try Self.renderedCloudInit()
        for index in 0..<2 { try await harness.boot(index, cloudConfig: cloudConfig) }
        // Round robin per new connection: two in a row on each port reach both forwarders.
        for port in [1433, 1433, 1434, 1434, 1433, 1434] {
            #expect(topology.connectThroughLoadBalancer(port: port) == (port == 1433 ? "mi1" : "mi2"))
        }
        for index in 0..<2 {
            #expect(try await harness.packets(index, port: 1433) > 0, "the load balancer used forwarder \(index + 1)")
            #expect(try await harness.packets(index, port: 1434) > 0, "the load balancer used forwarder \(index + 1)")
            for port in [1433, 1434] {
                #expect(
                    topology.probe(forwarder: index, port: port), "probe fwd\(index + 1):\(port) from 168.63.129.16")
            }
        }
        // The allow-list is real: a source outside it (the load balancer's own address) is not forwarded.
        #expect(
            topology.connect(
                from: topology.loadBalancer, source: DataFactoryPathTopology.loadBalancerAddress,
                to: DataFactoryPathTopology.forwarderAddresses[0], port: 1433) == nil)
    }

    @Test func probeFailsWhenTheForwardersRulesAreRemovedOrItsInstanceIsDown() async throws {
        let harness = try Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        let cloudConfig = try Self.renderedCloudInit()
        for index in 0..<2 { try await harness.boot(index, cloudConfig: cloudConfig) }
        #expect(topology.probe(forwarder: 0, port: 1433))
        try await harness.removeRules(0)
        #expect(!topology.probe(forwarder: 0, port: 1433), "a forwarder that stopped forwarding fails its probe")
        #expect(!topology.probe(forwarder: 0, port: 1434))
        #expect(topology.probe(forwarder: 1, port: 1433), "the other forwarder still passes")
        let restored = try await harness.workflow(0).planReconcile()
        _ = try await harness.workflow(0).apply(restored)
        #expect(topology.probe(forwarder: 0, port: 1433), "reconcile from the kept state restores it")
        topology.stopBackend(0)
        for index in 0..<2 {
            #expect(!topology.probe(forwarder: index, port: 1433), "mi1 is down: its port's probe fails everywhere")
            #expect(topology.probe(forwarder: index, port: 1434), "mi2 still answers on 1434")
        }
        #expect(topology.connectThroughLoadBalancer(port: 1434) == "mi2")
    }
}
