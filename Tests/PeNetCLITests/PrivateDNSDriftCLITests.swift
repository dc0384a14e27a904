import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Drift that matters and deletes, on the separate world: a foreign A record pointing elsewhere
/// blocks and counts as a change; pe-net's own records and links no longer wanted are deleted
/// only with --allow-deletes, and past the brake only with --force.
@Suite("pe-net dns drift and deletes", .tags(.binary, .emulator))
struct PrivateDNSDriftCLITests {
    static let world = PrivateDNSCLITests.separate
    static let zoneID =
        "\(PrivateDNSCLITests.appPrefix)/Microsoft.Network/privateDnsZones/privatelink.a1b2c3d4e5f6.database.windows.net"

    static func record(_ name: String, ip: String, metadata: String) -> Data {
        Data(
            #"{"id":"\#(zoneID)/A/\#(name)","etag":"etag-\#(name)","properties":{"ttl":3600,"aRecords":[{"ipv4Address":"\#(ip)"}],"metadata":\#(metadata)}}"#
                .utf8)
    }

    static let mine = #"{"managedBy":"pe-net","peNetInstance":"\#(world.instance)"}"#

    @Test("a foreign A record pointing elsewhere blocks, exits 3 under --expect-no-changes, and --adopt corrects it")
    func foreignRecord() async throws {
        let run = try CLIRun(world: Self.world)
        defer { run.stop() }
        try await run.emulator.load([
            Data(#"{"id":"\#(Self.zoneID)","etag":"etag-zone","location":"global","properties":{}}"#.utf8),
            Self.record("sales-mi", ip: "10.9.9.9", metadata: "{}"),
        ])
        let check = try run.pe(["dns", "plan", "--expect-no-changes"])
        #expect(check.status == 3, "\(check.output)\(check.error)")
        #expect(check.error.contains("drifted"))
        let plan = try run.pe(["dns", "plan"])
        #expect(plan.status == 1)
        #expect(
            plan.output.contains("points to 10.9.9.9, not to the endpoint (10.20.1.4), and was not created by pe-net"))
        #expect(try run.pe(["dns", "apply", "--yes"]).status == 1)
        let adopted = try run.pe(["dns", "apply", "--yes", "--adopt"])
        #expect(adopted.status == 0, "\(adopted.output)\(adopted.error)")
        #expect(try run.pe(["dns", "plan", "--expect-no-changes"]).status == 0)
    }

    @Test("deletes need --allow-deletes; more than 30% of pe-net's records and links also needs --force")
    func deletesAndTheBrake() async throws {
        let run = try CLIRun(world: Self.world)
        defer { run.stop() }
        #expect(try run.pe(["dns", "apply", "--yes"]).status == 0)
        let oldVNet = "\(PrivateDNSCLITests.appPrefix)/Microsoft.Network/virtualNetworks/old-vnet"
        try await run.emulator.load([
            Self.record("sales-mi-old", ip: "10.20.1.9", metadata: Self.mine),
            Data(
                #"{"id":"\#(Self.zoneID)/virtualNetworkLinks/old-link","etag":"etag-old-link","location":"global","tags":{"managedBy":"pe-net"},"properties":{"virtualNetwork":{"id":"\#(oldVNet)"},"registrationEnabled":false,"virtualNetworkLinkState":"Completed"}}"#
                    .utf8),
        ])
        let plan = try run.pe(["dns", "plan"])
        #expect(plan.status == 0, "\(plan.error)")
        #expect(plan.output.contains("- delete    A record  delete A record sales-mi-old."))
        #expect(plan.output.contains("- delete    vnet link delete link old-link"))
        #expect(plan.output.contains("2 to delete"))
        #expect(try run.pe(["dns", "plan", "--expect-no-changes"]).status == 3)

        try await run.emulator.clearRequestLog()
        let notAllowed = try run.pe(["dns", "apply", "--yes"])
        #expect(notAllowed.status == 64)
        #expect(notAllowed.error.contains("add --allow-deletes"))
        let braked = try run.pe(["dns", "apply", "--yes", "--allow-deletes"])
        #expect(braked.status == 64)
        #expect(braked.error.contains("deletes 2 of the 4 records and links pe-net owns"))
        #expect(braked.error.contains("A record sales-mi-old.") && braked.error.contains("old-link"))
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite }, "nothing half-applied")

        let forced = try run.pe(["dns", "apply", "--yes", "--allow-deletes", "--force"])
        #expect(forced.status == 0, "\(forced.output)\(forced.error)")
        let deletes = try await run.emulator.requestLog().filter { $0.method == "DELETE" }
        #expect(deletes.count == 2 && deletes.allSatisfy { $0.ifMatch != nil })
        #expect(try run.pe(["dns", "plan", "--expect-no-changes"]).status == 0)
    }

    @Test("below the brake --allow-deletes is enough, and a zone other instances use keeps its links")
    func belowTheBrake() async throws {
        let run = try CLIRun(world: Self.world)
        defer { run.stop() }
        #expect(try run.pe(["dns", "apply", "--yes"]).status == 0)
        let other =
            #"{"managedBy":"pe-net","peNetInstance":"/subscriptions/x/resourceGroups/y/providers/Microsoft.Sql/managedInstances/other"}"#
        let oldVNet = "\(PrivateDNSCLITests.appPrefix)/Microsoft.Network/virtualNetworks/old-vnet"
        try await run.emulator.load(
            (1...7).map { Self.record("other-\($0)", ip: "10.20.1.\(10 + $0)", metadata: other) } + [
                Self.record("sales-mi-old", ip: "10.20.1.9", metadata: Self.mine),
                Data(
                    #"{"id":"\#(Self.zoneID)/virtualNetworkLinks/old-link","etag":"etag-old-link","location":"global","tags":{"managedBy":"pe-net"},"properties":{"virtualNetwork":{"id":"\#(oldVNet)"},"registrationEnabled":false,"virtualNetworkLinkState":"Completed"}}"#
                        .utf8),
            ])
        try await run.emulator.clearRequestLog()
        let applied = try run.pe(["dns", "apply", "--yes", "--allow-deletes"])
        #expect(applied.status == 0, "\(applied.output)\(applied.error)")
        let deletes = try await run.emulator.requestLog().filter { $0.method == "DELETE" }
        #expect(deletes.map(\.path) == ["\(Self.zoneID)/A/sales-mi-old"], "the shared zone keeps old-link")
    }
}
