import ARMNetwork
import DNSModel
import Foundation
import PeNetTestSupport
import Resolver
import Testing

/// `pe-net dns` on a hub-and-spoke network (examples/worlds/hub-and-spoke.json): the instance in
/// one spoke (mi-vnet), the endpoint in the other (app-vnet, custom DNS server 10.20.0.4), both
/// peered with the hub, and the forbidden zone in a central DNS resource group (dns-rg) linked to
/// the hub. Unbound stands in for the custom DNS server, configured from pe-net's rendered
/// forwarder; NSD stands in for Azure DNS, serving what Azure DNS answers in app-vnet.
@Suite("pe-net dns on a hub-and-spoke network", .tags(.binary, .emulator))
struct HubAndSpokeCLITests {
    static let s1 = "/subscriptions/00000000-1111-2222-3333-444444444444"
    static let s2 = "/subscriptions/55555555-6666-7777-8888-999999999999"
    static let zone = "privatelink.a1b2c3d4e5f6.database.windows.net"
    static let publicZone = "a1b2c3d4e5f6.database.windows.net"
    static let appVNet = "\(s2)/resourceGroups/app-rg/providers/Microsoft.Network/virtualNetworks/app-vnet"
    static let hubLink =
        "\(s2)/resourceGroups/dns-rg/providers/Microsoft.Network/privateDnsZones/\(zone)/virtualNetworkLinks/hub-link"

    static let world = PrivateDNSCLITests.World(
        file: "hub-and-spoke", instance: "\(s1)/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi",
        endpoint: "\(s2)/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/pe-sales-mi",
        topology: "separate", zone: zone, host: "sales-mi.\(publicZone)", ip: "10.20.1.4")

    /// What Azure DNS (168.63.129.16) answers inside `vnet`: every zone linked to it, with its A
    /// records as they are in the emulator now. Found the way an operator would, through Resource Graph.
    static func azureDNSZones(seenFrom vnet: String, client: ARMClient) async throws -> [String: String] {
        let rows = try await ResourceGraphClient(client: client).query(
            "Resources | where type =~ 'microsoft.network/privatednszones/virtualnetworklinks'"
                + " | where tostring(properties.virtualNetwork.id) =~ \(ResourceGraphQuery.literal(vnet))",
            subscriptions: ["00000000-1111-2222-3333-444444444444", "55555555-6666-7777-8888-999999999999"],
            as: ResourceGraphRow<VirtualNetworkLinkProperties>.self)
        var zones: [String: String] = [:]
        for row in rows where row.properties?.virtualNetworkLinkState == .completed {
            guard let zoneID = try ResourceID(parsing: row.id ?? "").parent else { continue }
            let name = zoneID.name.lowercased()
            var text = """
                $ORIGIN \(name).
                @ 3600 IN SOA azureprivatedns.net. azureprivatedns-host.microsoft.com. 1 3600 300 2419200 10
                @ 3600 IN NS azureprivatedns.net.

                """
            for set in try await client.list(ARecordSet.self, in: zoneID.collectionPath("A")) {
                for address in set.properties?.addresses ?? [] {
                    text += "\(set.name ?? "@") \(set.properties?.ttl ?? 3600) IN A \(address)\n"
                }
            }
            zones[name] = text
        }
        return zones
    }

    /// Starts NSD as Azure DNS seen from app-vnet (plus the public zone with the instance's CNAME),
    /// then unbound as app-vnet's custom DNS server configured with pe-net's rendered forwarder to
    /// that NSD; runs `body` with both.
    static func withCustomServer(
        _ run: CLIRun, _ body: (_ custom: DNSServer, _ azure: DNSServer) async throws -> Void
    ) async throws {
        var zones = try await azureDNSZones(seenFrom: appVNet, client: run.emulator.client())
        zones[publicZone] = PrivateDNSCLITests.publicZone(publicZone, instance: "sales-mi")
        try await DNSServers.withNSD(zones: zones) { nsd in
            let rendered = try run.pe(["dns", "forwarder", "--kind", "unbound", "--target", "\(nsd.server)"])
            #expect(rendered.status == 0, "\(rendered.error)")
            #expect(rendered.output.contains("forward-zone:\n    name: \"\(zone).\""))
            let custom = try await DNSServers.startCustomServer(
                clauses: rendered.output, servedZones: [zone], stubZones: [publicZone], upstream: nsd.server)
            do {
                try await body(custom.server, nsd.server)
                await custom.stop()
            } catch {
                await custom.stop()
                throw error
            }
        }
    }

    @Test(
        "plan finds the forbidden zone in the hub's DNS group and the custom DNS servers; after the fix and apply, names resolve through the custom server configured from the rendered forwarder",
        .enabled(if: TestConditions.dnsDaemonsInstalled))
    func hubAndSpoke() async throws {
        let run = try CLIRun(world: Self.world)
        defer { run.stop() }
        let verify = { (servers: [DNSServer]) throws -> Shell.Result in
            try run.pe(
                ["dns", "verify", "--expect", "\(Self.world.host)=\(Self.world.ip)"]
                    + servers.flatMap { ["--server", "\($0)"] }, world: false)
        }

        let plan = try run.pe(["dns", "plan"])
        #expect(plan.status == 1, "\(plan.output)\(plan.error)")
        #expect(
            plan.output.contains(
                "zone \(Self.zone) is linked to hub-vnet, a vnet peered with the instance's vnet, by link hub-link"))
        let fix =
            "az network private-dns link vnet delete --subscription 55555555-6666-7777-8888-999999999999 -g dns-rg -z \(Self.zone) -n hub-link --yes"
        #expect(plan.output.contains(fix))
        #expect(plan.output.contains("vnet app-vnet uses custom DNS servers (10.20.0.4)"))
        let refused = try run.pe(["dns", "apply", "--yes"])
        #expect(refused.status == 1)
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite }, "nothing half-applied")

        // Before apply: the custom server forwards the zone, but Azure DNS has nothing for app-vnet.
        try await Self.withCustomServer(run) { custom, _ in
            let before = try verify([custom])
            #expect(before.status == 3, "\(before.output)")
        }

        // The fix the finding prints, then apply.
        try await run.emulator.client().delete(VirtualNetworkLink.self, try ResourceID(parsing: Self.hubLink))
        let applied = try run.pe(["dns", "apply", "--yes"])
        #expect(applied.status == 0, "\(applied.output)\(applied.error)")
        #expect(try run.pe(["dns", "plan", "--expect-no-changes"]).status == 0)

        try await Self.withCustomServer(run) { custom, azure in
            let after = try verify([custom, azure])
            #expect(after.status == 0, "\(after.output)\(after.error)")
            #expect(after.output.contains("server \(custom)\n  ok \(Self.world.host) expected 10.20.1.4 got 10.20.1.4"))
            #expect(after.output.contains("every server answers as expected"))
        }
    }
}
