import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// `pe-net dns plan` on an instance whose `dnsZone` from Azure makes no zone name: it prints the
/// finding and exits 1 (state in Azure, not bad flags), and never crashes.
@Suite("pe-net dns plan with bad data from Azure", .tags(.emulator, .binary))
struct PrivateDNSBadDataCLITests {
    static let world = PrivateDNSCLITests.separate

    /// The instance document of the world with `dnsZone` replaced.
    static func instance(dnsZone: String) throws -> Data {
        let url = TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(world.file).json")
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        var instance = try #require(documents.first { ($0["id"] as? String) == world.instance })
        var properties = instance["properties"] as? [String: Any] ?? [:]
        properties["dnsZone"] = dnsZone
        instance["properties"] = properties
        return try JSONSerialization.data(withJSONObject: instance)
    }

    @Test(
        "plan prints the finding naming the instance and exits 1", .enabled(if: CLIRun.binary != nil),
        arguments: ["bad zone!", ""])
    func badDNSZone(dnsZone: String) async throws {
        let run = try CLIRun(world: Self.world)
        defer { run.stop() }
        try await run.emulator.load([try Self.instance(dnsZone: dnsZone)])

        let text = try run.pe(["dns", "plan"])
        #expect(text.status == 1, "\(text.output)\(text.error)")
        #expect(text.output.contains("dnsZone '\(dnsZone)'"), "\(text.output)")
        #expect(text.error.contains("instance sales-mi has dnsZone '\(dnsZone)'"), "\(text.error)")

        let json = try run.pe(["dns", "plan", "-o", "json"])
        #expect(json.status == 1, "\(json.error)")
        let plan = try JSONDecoder().decode(PrivateDNSPlan.self, from: Data(json.output.utf8))
        #expect(plan.changes.isEmpty)
        #expect(plan.findings.map(\.code) == [PrivateDNSFindingCode.instanceDNSZone])
        #expect(plan.findings.first?.resource == Self.world.instance)

        let apply = try run.pe(["dns", "apply", "--yes"])
        #expect(apply.status == 1, "\(apply.output)\(apply.error)")
        #expect(try await run.emulator.requestLog().allSatisfy { !$0.isWrite }, "nothing is written")
    }
}
