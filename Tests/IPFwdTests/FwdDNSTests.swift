import Foundation
import PeNetTestSupport
import Resolver
import Testing

@testable import IPFwd

/// Reconcile against a real NSD: the instance's A record moves, then the server goes away.
@Suite(
    .serialized, .tags(.root, .daemons),
    .enabled(if: TestConditions.isRoot, "needs root: builds network namespaces"),
    .enabled(if: TestConditions.installed("nsd"), "NSD is not installed: run scripts/setup.sh"))
struct FwdDNSTests {
    static let host = "mi1.fwdtest.database.windows.net"

    @Test(arguments: [FwdBackend.nft, .iptablesLegacy])
    func reconcileFollowsTheZoneAndSurvivesAStoppedServer(backend: FwdBackend) async throws {
        let harness = try FwdNamespaceTests.Harness()
        defer { harness.destroy() }
        let topology = harness.topology
        let nsd = try await DNSServers.startNSD(
            zones: DNSFixtures.instanceZones(
                dnsZone: "fwdtest", instance: "mi1", ip: FwdTopology.backendAddresses[0]))
        do {
            harness.dnsResolver = DNSServerHostResolver(
                client: DNSClient(server: nsd.server, timeout: .milliseconds(300), attempts: 1))
            try await harness.apply(["1433=\(Self.host):1433"], backend: backend)
            #expect(topology.connect(port: 1433) == "be1")
            #expect(try await harness.reconcile().isEmpty)

            try await nsd.updateZone(
                "privatelink.fwdtest.database.windows.net",
                text: DNSFixtures.privatelinkZone(
                    dnsZone: "fwdtest", records: [("mi1", FwdTopology.backendAddresses[1])], serial: 2))
            let moved = try await harness.reconcile()
            #expect(moved.steps.first?.details.first?.kind == .retarget, "\(moved.steps)")
            #expect(topology.connect(port: 1433) == "be2", "new connections go to the new address")

            await nsd.stop()
            let stale = try await harness.reconcile()
            #expect(stale.resolutionFailures.map(\.host) == [Self.host])
            #expect(stale.findings.contains { $0.code == "fwd.kept-last-known" })
            #expect(stale.isEmpty, "the rules stay as they are")
            #expect(topology.connect(port: 1433) == "be2")
        } catch {
            await nsd.stop()
            throw error
        }
    }
}
