import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The Managed Instance link's resources in the emulator, pinned by the official 2025-01-01
/// examples: distributed availability groups (long-running create, failover and delete, states
/// from CreatingLink to LinkSynchronizing, a seeded link error), server trust certificates (one
/// copy of a public key per instance) and the read-only endpoint certificate.
@Suite(.tags(.emulator)) struct EmulatorLinkTests {
    static let folder = "Microsoft.Sql/2025-01-01/"
    static let instance = ResourceID.fixture(
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testcl"
    )
    static var dag: ResourceID { (try? instance.child("distributedAvailabilityGroups", "dag")) ?? instance }

    /// The official instance example moved to `testcl`, the instance the link examples use.
    static func world(_ extra: [Data] = []) throws -> [Data] {
        var object =
            try JSONSerialization.jsonObject(with: ARMExamples.responseBody(folder + "ManagedInstanceGet.json"))
            as? [String: Any] ?? [:]
        object["id"] = instance.path
        object["name"] = instance.name
        return [try JSONSerialization.data(withJSONObject: object)] + extra
    }

    static func body(_ example: String) throws -> Data {
        try #require(try ARMExamples.requestBody(folder + example + ".json"))
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func client(_ emulator: ARMEmulatorInProcess) -> ARMClient {
        emulator.client(clock: SystemClock(), configuration: .init(defaultPollInterval: .milliseconds(20)))
    }

    static let version = "?api-version=2025-01-01"

    /// How long the long-running operations stay in progress: long enough that the read right
    /// after the request still sees them under a loaded machine; the tests then poll for the end.
    static let operationMs = 6000

    /// Polls every 100 ms until `finished` holds, for at most three operation lengths.
    static func waitUntil(_ finished: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(3 * operationMs)
        while ContinuousClock.now < deadline {
            if try await finished() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await finished()
    }

    @Test func createIsLongRunningAndMovesFromCreatingToSynchronizing() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world(), arguments: ["--operation-ms", "\(Self.operationMs)"]) {
            emulator in
            let accepted = try await emulator.raw(
                "PUT", Self.dag.path + Self.version, body: Self.body("DistributedAvailabilityGroupsCreateMax"))
            #expect(accepted.status == 202)
            #expect(accepted.headers["Azure-AsyncOperation"] != nil && accepted.headers["Location"] != nil)
            let during = try await Self.client(emulator).get(DistributedAvailabilityGroup.self, Self.dag)
            #expect(during.properties?.databases?.first?.replicaState == "CreatingLink")
            #expect(during.properties?.databases?.first?.connectedState == "DISCONNECTED")
            let client = Self.client(emulator)
            #expect(
                try await Self.waitUntil {
                    try await client.get(DistributedAvailabilityGroup.self, Self.dag).properties?.databases?.first?
                        .replicaState != "CreatingLink"
                })
            let done = try await emulator.raw("GET", Self.dag.path + Self.version)
            let properties = try #require(try Self.object(done.body)["properties"] as? [String: Any])
            // Every field of the official 200 body is there, with the example's values.
            let official = try #require(
                try Self.object(
                    ARMExamples.responseBody(Self.folder + "DistributedAvailabilityGroupsCreateMax.json"))[
                        "properties"] as? [String: Any])
            for (key, value) in official where key != "databases" {
                #expect("\(properties[key] ?? "missing")" == "\(value)", "\(key)")
            }
            let database = try #require((properties["databases"] as? [[String: Any]])?.first)
            #expect(database["databaseName"] as? String == "testdb")
            #expect(database["replicaState"] as? String == "LinkSynchronizing")
            #expect(database["synchronizationHealth"] as? String == "HEALTHY")
            #expect(properties["partnerLinkRole"] as? String == "Secondary")
        }
    }

    @Test func theMinimalBodyGetsTheDefaultsOfTheOfficialResponse() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let created = try await Self.client(emulator).put(
                Self.dag,
                body: try JSONDecoder().decode(
                    DistributedAvailabilityGroup.self, from: Self.body("DistributedAvailabilityGroupsCreateMin")))
            let official = try #require(
                try ExamplesBody.bodies(Self.folder + "DistributedAvailabilityGroupsCreateMin.json").first)
            #expect(created.properties?.instanceLinkRole == official.properties?.instanceLinkRole)
            #expect(created.properties?.failoverMode == official.properties?.failoverMode)
            #expect(created.properties?.seedingMode == official.properties?.seedingMode)
            #expect(created.properties?.distributedAvailabilityGroupName == "dag")
        }
    }

    @Test func badBodiesAreRefused() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let old =
                #"{"properties":{"targetDatabase":"db","sourceEndpoint":"TCP://x:5022","primaryAvailabilityGroupName":"a","secondaryAvailabilityGroupName":"b"}}"#
            let refused = try await emulator.raw("PUT", Self.dag.path + Self.version, body: Data(old.utf8))
            #expect(refused.status == 400)
            let noInstance = try await emulator.raw(
                "PUT",
                Self.dag.path.replacingOccurrences(of: "/testcl/", with: "/absent/") + Self.version,
                body: Self.body("DistributedAvailabilityGroupsCreateMax"))
            #expect(noInstance.status == 404)
        }
    }

    @Test func failoverIsLongRunningAndSwapsTheRoles() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world(), arguments: ["--operation-ms", "\(Self.operationMs)"]) {
            emulator in
            let client = Self.client(emulator)
            _ = try await client.put(
                Self.dag,
                body: try JSONDecoder().decode(
                    DistributedAvailabilityGroup.self, from: Self.body("DistributedAvailabilityGroupsCreateMax")))
            let bad = try await emulator.raw(
                "POST", Self.dag.path + "/failover" + Self.version, body: Data(#"{"failoverType":"Soon"}"#.utf8))
            #expect(bad.status == 400)
            let accepted = try await emulator.raw(
                "POST", Self.dag.path + "/failover" + Self.version,
                body: Self.body("DistributedAvailabilityGroupsFailover"))
            #expect(accepted.status == 202)
            #expect(accepted.headers["Location"] != nil)
            let during = try await client.get(DistributedAvailabilityGroup.self, Self.dag)
            #expect(during.properties?.databases?.first?.replicaState == "LinkFailoverInProgress")
            #expect(
                try await Self.waitUntil {
                    try await client.get(DistributedAvailabilityGroup.self, Self.dag).properties?.databases?.first?
                        .replicaState != "LinkFailoverInProgress"
                })
            let after = try await client.get(DistributedAvailabilityGroup.self, Self.dag)
            #expect(after.properties?.instanceLinkRole == .secondary)
            #expect(after.properties?.partnerLinkRole == .primary)
            _ = try await client.post(
                Self.dag, action: "setRole", body: ["instanceRole": "Primary", "roleChangeType": "Forced"],
                apiVersion: "2025-01-01")
            #expect(
                try await client.get(DistributedAvailabilityGroup.self, Self.dag).properties?.instanceLinkRole
                    == .primary)
            let patched = try await client.patch(
                Self.dag,
                body: try JSONDecoder().decode(
                    DistributedAvailabilityGroup.self, from: Self.body("DistributedAvailabilityGroupsUpdate")))
            #expect(patched.properties?.replicationMode == .sync)
            let deleting = try await emulator.raw("DELETE", Self.dag.path + Self.version)
            #expect(deleting.status == 202)
            #expect(try await client.getIfExists(DistributedAvailabilityGroup.self, Self.dag) != nil)
            #expect(
                try await Self.waitUntil {
                    try await client.getIfExists(DistributedAvailabilityGroup.self, Self.dag) == nil
                })
        }
    }

    @Test func aSeededLinkErrorEndsTheCreationInThatState() async throws {
        let seed =
            #"{"emulatorLinkError":{"instance":"\#(Self.instance.path)","error":"Error 41974: certificate not found"}}"#
        try await ARMEmulatorInProcess.with(world: Self.world([Data(seed.utf8)])) { emulator in
            let created = try await Self.client(emulator).put(
                Self.dag,
                body: try JSONDecoder().decode(
                    DistributedAvailabilityGroup.self, from: Self.body("DistributedAvailabilityGroupsCreateMin")))
            let database = try #require(created.properties?.databases?.first)
            #expect(database.replicaState == "LinkInitError")
            #expect(database.mostRecentLinkError == "Error 41974: certificate not found")
            #expect(database.synchronizationHealth == "NOT_HEALTHY")
        }
    }

    @Test func aSecondCopyOfAPublicKeyIsRefusedUnderAnotherName() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let client = Self.client(emulator)
            let body = try JSONDecoder().decode(
                ServerTrustCertificate.self, from: Self.body("ServerTrustCertificatesCreate"))
            let first = try Self.instance.child("serverTrustCertificates", "customerCertificateName")
            let created = try await client.put(first, body: body)
            #expect(created.properties?.certificateName == "customerCertificateName")
            #expect(created.properties?.publicBlob == "308203AE30820296A0030201020210")
            #expect(created.properties?.thumbprint?.count == 40)
            // The same name again is fine; the same key under another name is not (with or without 0x).
            _ = try await client.put(first, body: body)
            let copy = #"{"properties":{"publicBlob":"0x308203ae30820296a0030201020210"}}"#
            let refused = try await emulator.raw(
                "PUT", Self.instance.path + "/serverTrustCertificates/other" + Self.version, body: Data(copy.utf8))
            #expect(refused.status == 409)
            #expect(String(decoding: refused.body, as: UTF8.self).contains("customerCertificateName"))
            let notHex = try await emulator.raw(
                "PUT", Self.instance.path + "/serverTrustCertificates/x" + Self.version,
                body: Data(#"{"properties":{"publicBlob":"0xZZ"}}"#.utf8))
            #expect(notHex.status == 400)
            let listed = try await client.list(
                ServerTrustCertificate.self, in: Self.instance.collectionPath("serverTrustCertificates"))
            #expect(listed.map(\.name) == ["customerCertificateName"])
        }
    }

    @Test func theEndpointCertificateIsReadOnlyAndPerInstance() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let id = try Self.instance.child("endpointCertificates", "DATABASE_MIRRORING")
            let first = try await Self.client(emulator).get(EndpointCertificate.self, id)
            let again = try await Self.client(emulator).get(EndpointCertificate.self, id)
            let blob = try #require(first.properties?.publicBlob)
            #expect(blob.hasPrefix("0x3082") && blob.count == 2 + 600)
            #expect(again.properties?.publicBlob == blob)
            let put = try await emulator.raw("PUT", id.path + Self.version, body: Data(#"{"properties":{}}"#.utf8))
            #expect(put.status == 405)
            let unknown = try await emulator.raw(
                "GET", Self.instance.path + "/endpointCertificates/NOPE" + Self.version)
            #expect(unknown.status == 400)
        }
        // A loaded example is served unchanged.
        let example = try ARMExamples.file(Self.folder + "EndpointCertificatesGet.json")
        let other = ResourceID.fixture(
            "/subscriptions/38e0dc56-907f-45ba-a97c-74233baad471/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testcl/endpointCertificates/DATABASE_MIRRORING"
        )
        try await ARMEmulatorInProcess.with(world: [example]) { emulator in
            let served = try await Self.client(emulator).get(EndpointCertificate.self, other)
            #expect(served.properties?.publicBlob == "0x308203B23082021AA003020102021034C597BA")
        }
    }

    @Test func theRequestLogKeepsWriteBodiesOnly() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let body = try Self.body("DistributedAvailabilityGroupsCreateMax")
            _ = try await emulator.raw("PUT", Self.dag.path + Self.version, body: body)
            _ = try await emulator.raw("GET", Self.dag.path + Self.version)
            let log = try await emulator.requestLog()
            let put = try #require(log.first { $0.method == "PUT" })
            #expect(try Self.object(Data((put.body ?? "").utf8)).keys.sorted() == ["properties"])
            #expect(log.filter { $0.method == "GET" }.allSatisfy { $0.body == nil })
        }
    }
}

/// Typed bodies of an official example's responses.
enum ExamplesBody {
    static func bodies(_ file: String) throws -> [DistributedAvailabilityGroup] {
        try ARMExamples.statuses(file).compactMap { status in
            guard let data = try? ARMExamples.responseBody(file, status: status) else { return nil }
            return try JSONDecoder().decode(DistributedAvailabilityGroup.self, from: data)
        }
    }
}
