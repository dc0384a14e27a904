import DNSModel
import Foundation
import PeNetTestSupport
import Resolver
import Testing

@testable import ARMNetwork

/// Facts built by hand, shaped like the worlds in examples/worlds/.
enum PlannerFixture {
    static let miSub = "00000000-1111-2222-3333-444444444444"
    static let appSub = "55555555-6666-7777-8888-999999999999"
    static let miVNet = ResourceID.fixture(
        "/subscriptions/\(miSub)/resourceGroups/mi-rg/providers/Microsoft.Network/virtualNetworks/mi-vnet")
    static let appVNet = ResourceID.fixture(
        "/subscriptions/\(appSub)/resourceGroups/app-rg/providers/Microsoft.Network/virtualNetworks/app-vnet")
    static let otherVNet = ResourceID.fixture(
        "/subscriptions/\(appSub)/resourceGroups/app-rg/providers/Microsoft.Network/virtualNetworks/other-vnet"
    )
    static let instance = instance(fqdn: "sales-mi.a1b2c3d4e5f6.database.windows.net", dnsZone: "a1b2c3d4e5f6")
    static let dns = DNSPlacement(subscription: appSub, resourceGroup: "dns-rg")
    static let privatelink = "privatelink.a1b2c3d4e5f6.database.windows.net"

    /// The instance with `fqdn` and `dnsZone` as ARM might return them.
    static func instance(fqdn: String, dnsZone: String) -> InstanceFacts {
        InstanceFacts(
            id: ResourceID.fixture(
                "/subscriptions/\(miSub)/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"),
            name: "sales-mi", fqdn: fqdn, dnsZone: dnsZone, subnetID: subnet(miVNet, "mi-subnet"), vnetID: miVNet)
    }

    static func subnet(_ vnet: ResourceID, _ name: String) -> ResourceID {
        do { return try vnet.child("subnets", name) } catch { preconditionFailure("\(error)") }
    }

    static func zoneID(_ zone: String, in placement: DNSPlacement = dns) -> ResourceID {
        do { return try placement.zoneID(zone) } catch { preconditionFailure("\(error)") }
    }

    static func endpoint(
        _ name: String = "pe-sales", vnet: ResourceID = appVNet, ip: String = "10.20.1.4",
        status: ConnectionStatus? = .approved
    ) -> EndpointFacts {
        EndpointFacts(
            id: ResourceID.fixture(
                "/subscriptions/\(appSub)/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/\(name)"
            ),
            name: name, subnetID: subnet(vnet, "endpoints"), vnetID: vnet,
            nicID: ResourceID.fixture(
                "/subscriptions/\(appSub)/resourceGroups/app-rg/providers/Microsoft.Network/networkInterfaces/\(name).nic"
            ),
            ip: IPv4Address(ip), connectionStatus: status)
    }

    static func peering(_ from: ResourceID, _ to: ResourceID, _ state: PeeringState) -> PeeringFacts {
        PeeringFacts(
            id: ResourceID.fixture(from.path + "/virtualNetworkPeerings/p-\(to.name)"), name: "p-\(to.name)",
            vnetID: from, remoteVNetID: to, state: state)
    }

    /// `vnet` with its name and group in upper case: ARM ids compare case-insensitively.
    static func shouting(_ vnet: ResourceID) -> ResourceID { ResourceID.fixture(vnet.path.uppercased()) }

    static func zone(_ name: String, owned: Bool = true, links: [ExistingLink] = [], records: [ExistingARecord] = [])
        -> ExistingZone
    {
        ExistingZone(
            id: zoneID(name), name: name, etag: "zone-etag", tags: owned ? ["managedBy": "pe-net"] : [:],
            links: links, records: records)
    }

    static func link(_ zone: String, vnet: ResourceID, registration: Bool = false, owned: Bool = true)
        -> ExistingLink
    {
        ExistingLink(
            id: ResourceID.fixture(zoneID(zone).path + "/virtualNetworkLinks/l-\(vnet.name)"), name: "l-\(vnet.name)",
            vnetID: vnet,
            registrationEnabled: registration, linkState: "Completed", etag: "link-etag",
            tags: owned ? ["managedBy": "pe-net"] : [:])
    }

    static func record(_ zone: String, ips: [String], owned: Bool = true, ttl: Int = 3600) -> ExistingARecord {
        ExistingARecord(
            id: ResourceID.fixture(zoneID(zone).path + "/A/sales-mi"), name: "sales-mi", ips: ips, ttl: ttl,
            metadata: owned ? ["managedBy": "pe-net", "peNetInstance": instance.id.path] : ["owner": "alice"],
            etag: "record-etag")
    }
}

@Suite("Private DNS planner")
struct PrivateDNSPlannerTests {
    typealias F = PlannerFixture

    struct TopologyCase: CustomTestStringConvertible, Sendable {
        var label: String
        var endpointVNet: ResourceID
        var peerings: [PeeringFacts]
        var topology: Topology
        var zone: String
        var host: String
        var encrypt: Bool
        var testDescription: String { label }
    }

    static let topologyCases: [TopologyCase] = [
        TopologyCase(
            label: "separate", endpointVNet: F.appVNet, peerings: [], topology: .separate, zone: F.privatelink,
            host: "sales-mi.a1b2c3d4e5f6.database.windows.net", encrypt: true),
        TopologyCase(
            label: "initiated peering is not peered", endpointVNet: F.appVNet,
            peerings: [F.peering(F.appVNet, F.miVNet, .initiated)], topology: .separate, zone: F.privatelink,
            host: "sales-mi.a1b2c3d4e5f6.database.windows.net", encrypt: true),
        TopologyCase(
            label: "connected peering on the endpoint side", endpointVNet: F.appVNet,
            peerings: [F.peering(F.appVNet, F.shouting(F.miVNet), .connected)], topology: .peered,
            zone: "privatelink.site", host: "sales-mi.privatelink.site", encrypt: false),
        TopologyCase(
            label: "connected peering on the instance side", endpointVNet: F.appVNet,
            peerings: [F.peering(F.miVNet, F.appVNet, PeeringState("connected"))], topology: .peered,
            zone: "privatelink.site",
            host: "sales-mi.privatelink.site", encrypt: false),
        TopologyCase(
            label: "peering to another vnet does not count", endpointVNet: F.appVNet,
            peerings: [F.peering(F.appVNet, F.otherVNet, .connected)], topology: .separate, zone: F.privatelink,
            host: "sales-mi.a1b2c3d4e5f6.database.windows.net", encrypt: true),
        TopologyCase(
            label: "same vnet", endpointVNet: F.miVNet, peerings: [], topology: .same, zone: "privatelink.site",
            host: "sales-mi.privatelink.site", encrypt: false),
    ]

    @Test("fresh state: topology, zone name, create zone + link + record, guidance", arguments: topologyCases)
    func freshPlan(_ c: TopologyCase) throws {
        let facts = PrivateDNSFacts(
            instance: F.instance, endpoints: [F.endpoint(vnet: c.endpointVNet)], peerings: c.peerings)
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
        #expect(plan.placements.map(\.topology) == [c.topology])
        #expect(!plan.placements[0].evidence.isEmpty)
        #expect(plan.zones.map(\.name) == [c.zone])
        #expect(plan.changes.map(\.action) == [.create, .create, .create])
        #expect(plan.changes.map(\.resource.kind) == ["zone", "vnet link", "A record"])
        guard case .link(let link) = plan.changes[1].resource, case .record(let record) = plan.changes[2].resource
        else { Issue.record("unexpected resources \(plan.changes)"); return }
        #expect(link.vnetID == c.endpointVNet)
        #expect(link.registrationEnabled == false)
        #expect(record.name == "sales-mi")
        #expect(record.ips == [IPv4Address(octets: 10, 20, 1, 4)])
        #expect(record.metadata["managedBy"] == "pe-net")
        #expect(record.id.path == F.zoneID(c.zone).path + "/A/sales-mi")
        #expect(plan.findings.filter { $0.severity >= .warning } == [])
        #expect(plan.guidance.map(\.host) == [c.host])
        #expect(plan.guidance.map(\.encrypt) == [c.encrypt])
    }

    @Test(
        "the forbidden name is refused for same and peered vnets",
        arguments: [
            (F.miVNet, [PeeringFacts]()),
            (F.appVNet, [F.peering(F.appVNet, F.miVNet, .connected)]),
        ],
        ["privatelink.a1b2c3d4e5f6.database.windows.net", "PrivateLink.A1B2C3D4E5F6.database.windows.net."])
    func forbiddenName(_ setup: (ResourceID, [PeeringFacts]), zoneName: String) {
        let facts = PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint(vnet: setup.0)], peerings: setup.1)
        let plan = PrivateDNSPlanner.plan(
            facts: facts, options: PrivateDNSOptions(zoneName: zoneName, placement: F.dns))
        #expect(plan.findings.map(\.code).contains(PrivateDNSFindingCode.forbiddenZoneName))
        #expect(plan.rejectsInput)
        #expect(!plan.blockingFindings(strict: false).isEmpty)
    }

    @Test("separate vnets accept only the privatelink name")
    func separateZoneName() {
        let facts = PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint()])
        let wrong = PrivateDNSPlanner.plan(
            facts: facts, options: PrivateDNSOptions(zoneName: "privatelink.site", placement: F.dns))
        #expect(wrong.findings.map(\.code) == [PrivateDNSFindingCode.zoneNameMismatch])
        #expect(wrong.rejectsInput)
        let right = PrivateDNSPlanner.plan(
            facts: facts, options: PrivateDNSOptions(zoneName: F.privatelink + ".", placement: F.dns))
        #expect(right.findings.isEmpty)
    }

    @Test("a zone name that shadows the instance's own domain is refused")
    func shadowingName() {
        let facts = PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint(vnet: F.miVNet)])
        let plan = PrivateDNSPlanner.plan(
            facts: facts, options: PrivateDNSOptions(zoneName: "a1b2c3d4e5f6.database.windows.net", placement: F.dns))
        #expect(plan.findings.map(\.code) == [PrivateDNSFindingCode.shadowsInstance])
        #expect(plan.rejectsInput)
    }

    @Test("existing owned state that matches: nothing to do")
    func noChanges() {
        let facts = PrivateDNSFacts(
            instance: F.instance, endpoints: [F.endpoint()],
            zones: [
                F.zone(
                    F.privatelink, links: [F.link(F.privatelink, vnet: F.shouting(F.appVNet))],
                    records: [F.record(F.privatelink, ips: ["10.20.1.4"])])
            ])
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
        #expect(plan.changes.map(\.action) == [.unchanged, .unchanged, .unchanged])
        #expect(!plan.hasChanges)
        #expect(plan.findings.isEmpty)
    }

    struct RecordCase: CustomTestStringConvertible, Sendable {
        var label: String
        var existing: ExistingARecord
        var adopt: Bool
        var ttl: Int
        var action: PrivateDNSChange.Action
        var codes: [String]
        var testDescription: String { label }
    }

    static let recordCases: [RecordCase] = [
        RecordCase(
            label: "owned, elsewhere", existing: F.record(F.privatelink, ips: ["10.9.9.9"]), adopt: false, ttl: 3600,
            action: .update, codes: [PrivateDNSFindingCode.recordElsewhere]),
        RecordCase(
            label: "owned, TTL differs", existing: F.record(F.privatelink, ips: ["10.20.1.4"], ttl: 60), adopt: false,
            ttl: 3600, action: .update, codes: []),
        RecordCase(
            label: "not owned, elsewhere", existing: F.record(F.privatelink, ips: ["10.9.9.9"], owned: false),
            adopt: false, ttl: 3600, action: .unchanged, codes: [PrivateDNSFindingCode.recordForeign]),
        RecordCase(
            label: "not owned, elsewhere, adopted", existing: F.record(F.privatelink, ips: ["10.9.9.9"], owned: false),
            adopt: true, ttl: 3600, action: .update, codes: [PrivateDNSFindingCode.recordElsewhere]),
        RecordCase(
            label: "not owned, right IP", existing: F.record(F.privatelink, ips: ["10.20.1.4"], owned: false),
            adopt: false, ttl: 3600, action: .unchanged, codes: [PrivateDNSFindingCode.recordNotOwned]),
    ]

    @Test("existing A record: owned, foreign, adopted", arguments: recordCases)
    func existingRecord(_ c: RecordCase) {
        let facts = PrivateDNSFacts(
            instance: F.instance, endpoints: [F.endpoint()],
            zones: [F.zone(F.privatelink, links: [F.link(F.privatelink, vnet: F.appVNet)], records: [c.existing])])
        let plan = PrivateDNSPlanner.plan(
            facts: facts, options: PrivateDNSOptions(placement: F.dns, ttl: c.ttl, adopt: c.adopt))
        let change = plan.changes[2]
        #expect(change.action == c.action)
        #expect(plan.findings.map(\.code) == c.codes)
        let foreign = c.codes.contains(PrivateDNSFindingCode.recordForeign)
        #expect(plan.hasDrift == foreign, "a foreign record pointing elsewhere is drift")
        #expect(plan.blockingFindings(strict: false).isEmpty == !foreign, "and it blocks apply")
        if c.action == .update {
            #expect(change.etag == "record-etag")
            guard case .record(let record) = change.resource else { Issue.record("not a record"); return }
            #expect(record.ips.map(\.description) == ["10.20.1.4"])
            #expect(record.ttl == c.ttl)
            #expect(PeNetOwnership.isOwned(record.metadata))
        }
    }

    @Test("auto-registration on: owned links are corrected, foreign ones reported", arguments: [true, false])
    func autoRegistration(owned: Bool) {
        let facts = PrivateDNSFacts(
            instance: F.instance, endpoints: [F.endpoint()],
            zones: [
                F.zone(
                    F.privatelink, links: [F.link(F.privatelink, vnet: F.appVNet, registration: true, owned: owned)],
                    records: [F.record(F.privatelink, ips: ["10.20.1.4"])])
            ])
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
        #expect(plan.changes[1].action == (owned ? .update : .unchanged))
        #expect(plan.findings.map(\.code) == [PrivateDNSFindingCode.autoRegistration])
        #expect(plan.findings.map(\.severity) == [.warning])
    }

    @Test(
        "the forbidden zone linked to the instance side is an error, whatever the topology",
        arguments: [
            (F.miVNet, F.miVNet, [PeeringFacts](), true),
            (F.appVNet, F.miVNet, [PeeringFacts](), true),
            (F.appVNet, F.otherVNet, [F.peering(F.otherVNet, F.miVNet, .connected)], true),
            (F.appVNet, F.appVNet, [PeeringFacts](), false),
        ])
    func forbiddenZoneLinked(
        endpointVNet: ResourceID, linkedVNet: ResourceID, peerings: [PeeringFacts], expectError: Bool
    ) {
        let facts = PrivateDNSFacts(
            instance: F.instance, endpoints: [F.endpoint(vnet: endpointVNet)], peerings: peerings,
            zones: [F.zone(F.privatelink, owned: false, links: [F.link(F.privatelink, vnet: linkedVNet, owned: false)])]
        )
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
        let linked = plan.findings.filter { $0.code == PrivateDNSFindingCode.forbiddenZoneLinked }
        #expect(linked.count == (expectError ? 1 : 0))
        #expect(
            linked.allSatisfy {
                $0.severity == .error && $0.message.contains("az network private-dns link vnet delete")
            })
        #expect(!plan.rejectsInput)
    }

    @Test("the forbidden zone in the instance's resource group is not mistaken for the desired zone")
    func forbiddenZoneElsewhere() {
        let instanceSide = DNSPlacement(subscription: F.miSub, resourceGroup: "mi-rg")
        var elsewhere = F.zone(
            F.privatelink, owned: false, links: [F.link(F.privatelink, vnet: F.miVNet, owned: false)])
        elsewhere.id = F.zoneID(F.privatelink, in: instanceSide)
        let facts = PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint()], zones: [elsewhere])
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
        #expect(plan.changes.map(\.action) == [.create, .create, .create])
        #expect(plan.findings.map(\.code) == [PrivateDNSFindingCode.forbiddenZoneLinked])
        #expect(plan.findings.first?.message.contains("-g mi-rg") == true)
    }

    @Test("two endpoints needing different IPs in one zone are explained")
    func conflictingIPs() {
        let facts = PrivateDNSFacts(
            instance: F.instance,
            endpoints: [
                F.endpoint("pe-a", vnet: F.appVNet, ip: "10.20.1.4"),
                F.endpoint("pe-b", vnet: F.otherVNet, ip: "10.30.1.4"),
            ])
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
        #expect(plan.findings.map(\.code) == [PrivateDNSFindingCode.conflictingIPs])
        #expect(
            plan.findings[0].message.contains("pe-a 10.20.1.4") && plan.findings[0].message.contains("pe-b 10.30.1.4"))
        #expect(plan.changes.filter { $0.resource.kind == "vnet link" }.count == 2)
    }

    @Test("endpoint and instance in mixed topologies get one zone each")
    func mixedTopologies() {
        let facts = PrivateDNSFacts(
            instance: F.instance,
            endpoints: [
                F.endpoint("pe-far", vnet: F.appVNet, ip: "10.20.1.4"),
                F.endpoint("pe-near", vnet: F.miVNet, ip: "10.0.2.4"),
            ])
        let plan = PrivateDNSPlanner.plan(
            facts: facts, options: PrivateDNSOptions(zoneName: "corp.sql", placement: F.dns))
        #expect(plan.zones.map(\.name) == [F.privatelink, "corp.sql"])
        #expect(plan.records.map(\.fqdn) == ["sales-mi.\(F.privatelink)", "sales-mi.corp.sql"])
        #expect(plan.findings.isEmpty)
    }

    @Test(
        "connection state of the endpoint",
        arguments: [
            (ConnectionStatus.approved, [String](), false), (.pending, [PrivateDNSFindingCode.endpointPending], false),
            (.rejected, [PrivateDNSFindingCode.endpointRejected], false),
            (.disconnected, [PrivateDNSFindingCode.endpointRejected], false),
            (.unknown("Weird"), [PrivateDNSFindingCode.endpointRejected], false),
            (nil, [PrivateDNSFindingCode.endpointNotConnected], true),
        ] as [(ConnectionStatus?, [String], Bool)])
    func connectionState(status: ConnectionStatus?, codes: [String], rejectsInput: Bool) {
        let facts = PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint(status: status)])
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
        #expect(plan.findings.map(\.code) == codes)
        #expect(plan.rejectsInput == rejectsInput)
        #expect(plan.blockingFindings(strict: true).count == codes.count, "--strict blocks on a Pending endpoint too")
    }

    @Test("link names are stable, distinct per vnet id and within ARM's 80 characters")
    func linkNames() {
        let a = DesiredNames.linkName(for: F.appVNet)
        #expect(a == DesiredNames.linkName(for: F.shouting(F.appVNet)))
        #expect(
            a
                != DesiredNames.linkName(
                    for: ResourceID.fixture(F.appVNet.path.replacingOccurrences(of: "app-rg", with: "other-rg"))))
        #expect(a.hasPrefix("app-vnet-"))
        #expect(a == "app-vnet-a0421523", "link names of existing links stay what they were when ids were text")
        #expect(
            DesiredNames.linkName(for: ResourceID.fixture(F.appVNet.path + String(repeating: "x", count: 90))).count
                == 80)
    }

    @Test("the plan round-trips through JSON")
    func codable() throws {
        let facts = PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint()])
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(PrivateDNSPlan.self, from: data) == plan)
    }
}
