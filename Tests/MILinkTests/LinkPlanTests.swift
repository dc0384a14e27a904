import Foundation
import MILink
import PeNetTestSupport
import Testing

/// Every script variant against its golden files; the ARM bodies against the official examples.
@Suite struct LinkPlanTests {
    @Test(arguments: LinkFixtures.variants.map(\.name))
    func variantMatchesGoldenFiles(_ name: String) throws {
        let request = try #require(LinkFixtures.variants.first { $0.name == name }?.request)
        let plan = try LinkPlan.render(try LinkFixtures.parameters(request))
        for file in plan.files {
            try Golden.check(file.content, named: "\(name)/\(file.path)", in: "MILinkTests")
        }
        let recorded = try FileManager.default.subpathsOfDirectory(
            atPath: TestPaths.packageRoot.appendingPathComponent("Tests/MILinkTests/Golden/\(name)").path
        )
        .filter { $0.hasSuffix(".sql") || $0.hasSuffix(".json") }
        #expect(Set(recorded) == Set(plan.files.map(\.path)), "stale golden files for \(name)")
    }

    @Test func stepsAreOrderedAndEveryFileHasAStep() throws {
        let plan = try LinkPlan.render(try LinkFixtures.parameters(LinkFixtures.request()))
        #expect(plan.steps.map(\.state).prefix(4) == ["S0", "S1", "S2", "S3"])
        #expect(plan.steps.first { $0.state == "S11" }?.method == "PUT")
        #expect(Set(plan.files.map(\.path)) == Set(plan.steps.compactMap(\.file)))
        #expect(
            plan.steps.filter { $0.target == .arm }.allSatisfy { $0.path?.contains("api-version=2025-01-01") == true })
        #expect(plan.steps.contains { $0.method == "DELETE" })
        #expect(!plan.steps.contains { $0.state == "failover" })
    }

    /// A JSON object from `data`.
    static func object(_ data: Data?) throws -> [String: Any] {
        let data = try #require(data)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The request body of an official example.
    static func example(_ name: String) throws -> [String: Any] {
        try object(try ARMExamples.requestBody("Microsoft.Sql/2025-01-01/\(name).json"))
    }

    /// The create body has exactly the properties of the official 2025-01-01 example, and with the
    /// example's own names it is the example's body.
    @Test func distributedAvailabilityGroupBodyMatchesTheOfficialExample() throws {
        var parameters = try LinkFixtures.parameters(
            LinkFixtures.request {
                $0.initialPrimary = .mi
                $0.failoverMode = LinkFailoverMode.none
            })
        parameters.instance = try .init(instance: "testcl", dnsZone: "zone")
        parameters.databases = ["testdb"]
        parameters.availabilityGroup = "BoxLocalAg1"
        parameters.sqlEndpointHost = "SERVER"
        let body = try LinkARM(parameters).putDistributedAvailabilityGroup().body
        let ours = try #require(try Self.object(body.map { Data($0.utf8) })["properties"] as? [String: Any])
        var expected = try #require(
            try Self.example("DistributedAvailabilityGroupsCreateMax")["properties"] as? [String: Any])
        #expect(Set(ours.keys) == Set(expected.keys))
        // The example uses port 7022, which N5 refuses for a real link; everything else is equal.
        expected["partnerEndpoint"] = "TCP://SERVER:5022"
        #expect(NSDictionary(dictionary: ours) == NSDictionary(dictionary: expected))
    }

    @Test(arguments: [
        ("DistributedAvailabilityGroupsUpdate", "arm/13-patch-replication-mode.json"),
        ("ServerTrustCertificatesCreate", "arm/04-put-server-trust-certificate.json"),
        ("DistributedAvailabilityGroupsFailover", "arm/14-post-failover.json"),
    ])
    func bodyHasTheOfficialShape(_ example: String, _ file: String) throws {
        let plan = try LinkPlan.render(try LinkFixtures.parameters(LinkFixtures.request { $0.failoverMode = .manual }))
        let ours = try Self.object(plan.files.first { $0.path == file }.map { Data($0.content.utf8) })
        let official = try Self.example(example)
        #expect(Set(ours.keys) == Set(official.keys))
        let ourProperties = (ours["properties"] as? [String: Any]).map { Set($0.keys) }
        let officialProperties = (official["properties"] as? [String: Any]).map { Set($0.keys) }
        #expect(ourProperties == officialProperties)
    }

    @Test func failoverIsPlannedForTwoWayLinks() throws {
        let plan = try LinkPlan.render(try LinkFixtures.parameters(LinkFixtures.request { $0.failoverMode = .manual }))
        let body = try Self.object(
            plan.files.first { $0.path == "arm/14-post-failover.json" }.map { Data($0.content.utf8) })
        #expect(body["failoverType"] as? String == "Planned")
        #expect(!plan.steps.contains { $0.method == "DELETE" })
    }

    @Test func knownInstanceCertificateIsImportedStatically() throws {
        let blob = try PublicBlob(hex: "0x3003020105")
        let plan = try LinkPlan.render(try LinkFixtures.parameters(LinkFixtures.request()), instanceCertificate: blob)
        let script = try #require(plan.files.first { $0.path == "05-instance-certificate.sql" }?.content)
        #expect(
            script.contains(
                "CREATE CERTIFICATE [managedinstance1.6d710bcf372b.database.windows.net] FROM BINARY = 0x3003020105"))
    }

    /// The embedded root CAs pass their DER-length self-check (N8) and are the documented sizes.
    @Test func rootCertificatesAreWhole() throws {
        let plan = try LinkPlan.render(try LinkFixtures.parameters(LinkFixtures.request()))
        let script = try #require(plan.files.first { $0.path == "06-root-certificates.sql" }?.content)
        let blobs = script.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("0x") }
        #expect(try blobs.map { try PublicBlob(hex: String($0)).bytes.count } == [1452, 914])
    }
}
