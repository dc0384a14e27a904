import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `pe-net link create/status/failover/delete` in-process against the ARM emulator: the bodies
/// sent match the official 2025-01-01 examples, reruns redo nothing, and status explains errors.
@Suite(.tags(.emulator)) struct LinkARMCLITests {
    static let instance =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testcl"
    static let fqdn = "testcl.1b4e2caff2530.database.windows.net"

    /// The official instance example moved to `testcl`, plus `extra` documents.
    static func world(_ extra: [String] = []) throws -> [Data] {
        var object =
            try JSONSerialization.jsonObject(
                with: ARMExamples.responseBody("Microsoft.Sql/2025-01-01/ManagedInstanceGet.json")) as? [String: Any]
            ?? [:]
        object["id"] = instance
        object["name"] = "testcl"
        var properties = object["properties"] as? [String: Any] ?? [:]
        properties["fullyQualifiedDomainName"] = fqdn
        object["properties"] = properties
        return [try JSONSerialization.data(withJSONObject: object)] + extra.map { Data($0.utf8) }
    }

    /// A 40-byte DER SEQUENCE as SQL Server's certificate, written as a `0x` blob file.
    static let blob = "0x3026" + String(repeating: "AB", count: 38)

    static func create(_ directory: URL, database: String = "testdb", extra: [String] = []) -> [String] {
        [
            "link", "create", "--sql-server", "BoxLocal", "--sql-endpoint", "10.0.0.4", "--instance", instance,
            "--database", database, "--ag", "AG_\(database)", "--dag", "DAG_\(database)", "--cert-expiry",
            "2099-01-31", "--sql-certificate", directory.appendingPathComponent("sql.cer").path, "--output-dir",
            directory.appendingPathComponent("out").path,
        ] + extra
    }

    static func withDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(blob.utf8).write(to: directory.appendingPathComponent("sql.cer"))
        try await body(directory)
    }

    static func object(_ text: String?) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data((text ?? "").utf8)) as? [String: Any])
    }

    static func exampleRequest(_ name: String) throws -> [String: Any] {
        let data = try #require(try ARMExamples.requestBody("Microsoft.Sql/2025-01-01/\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func createSendsTheOfficialBodiesAndARerunRedoesNothing() async throws {
        try await Self.withDirectory { directory in
            try await ARMEmulatorInProcess.with(world: Self.world(), arguments: ["--operation-ms", "100"]) {
                emulator in
                let cli = InProcessCLI(armEndpoint: emulator.baseURL)
                let run = await cli.run(Self.create(directory) + ["--yes"])
                #expect(run.status == 0, "\(run)")
                #expect(run.stdout.contains("link DAG_testdb: testdb LinkSynchronizing, CONNECTED, HEALTHY"), "\(run)")
                #expect(run.stderr.contains("waiting for distributedAvailabilityGroups/DAG_testdb"), "\(run)")
                #expect(!run.stdout.contains(InProcessCLI.token) && !run.stderr.contains(InProcessCLI.token))
                let script = try String(
                    contentsOf: directory.appendingPathComponent("out/05-instance-certificate.sql"), encoding: .utf8)
                #expect(script.contains("CREATE CERTIFICATE [\(Self.fqdn)] FROM BINARY = 0x3082"))

                let log = try await emulator.requestLog()
                let writes = log.filter { $0.method == "PUT" }
                #expect(
                    writes.map { $0.path.split(separator: "/").suffix(2).joined(separator: "/") } == [
                        "serverTrustCertificates/Cert_BoxLocal_endpoint", "distributedAvailabilityGroups/DAG_testdb",
                    ])
                #expect(writes.allSatisfy { $0.apiVersion == "2025-01-01" })
                // The bodies have exactly the official examples' shape; the link's equals CreateMax's
                // with our names.
                let trust = try Self.object(writes[0].body)
                let officialTrust = try Self.exampleRequest("ServerTrustCertificatesCreate")
                #expect(Set(trust.keys) == Set(officialTrust.keys))
                #expect(
                    Set((trust["properties"] as? [String: Any] ?? [:]).keys)
                        == Set((officialTrust["properties"] as? [String: Any] ?? [:]).keys))
                #expect((trust["properties"] as? [String: Any])?["publicBlob"] as? String == Self.blob)
                var expected = try #require(
                    try Self.exampleRequest("DistributedAvailabilityGroupsCreateMax")["properties"] as? [String: Any])
                expected["partnerAvailabilityGroupName"] = "AG_testdb"
                expected["partnerEndpoint"] = "TCP://10.0.0.4:5022"
                expected["instanceLinkRole"] = "Secondary"
                let sent = try #require(try Self.object(writes[1].body)["properties"] as? [String: Any])
                #expect(NSDictionary(dictionary: sent) == NSDictionary(dictionary: expected))

                // Again: the link exists, so it is refused and nothing is written.
                try await emulator.clearRequestLog()
                let again = await cli.run(Self.create(directory) + ["--yes"])
                #expect(again.status == 1, "\(again)")
                #expect(again.stderr.contains("link DAG_testdb already exists on instance testcl"), "\(again)")
                let log1 = try await emulator.requestLog()
                #expect(log1.allSatisfy { $0.method == "GET" })

                // A second database: the trust certificate is recognised by its key, only its link is created.
                try await emulator.clearRequestLog()
                let second = await cli.run(Self.create(directory, database: "otherdb") + ["--yes", "-o", "json"])
                #expect(second.status == 0, "\(second)")
                let document = try Self.object(second.stdout)
                let calls = try #require(document["calls"] as? [[String: Any]])
                #expect(calls.map { $0["status"] as? String } == ["unchanged", "read", "done"])
                #expect(calls.map { $0["phase"] as? String } == ["one-time", "one-time", "per-database"])
                let files = try #require(document["files"] as? [[String: String]])
                #expect(files.map { $0["status"] } == ["unchanged"])
                let puts = try await emulator.requestLog().filter { $0.method == "PUT" }
                #expect(puts.count == 1 && puts[0].path.hasSuffix("/distributedAvailabilityGroups/DAG_otherdb"))
            }
        }
    }

    @Test func aTrustCertificateUnderAnotherNameIsRecognisedByItsKey() async throws {
        let existing = """
            {"id":"\(Self.instance)/serverTrustCertificates/OldName","properties":{"publicBlob":"\(Self.blob.dropFirst(2).lowercased())","certificateName":"OldName"}}
            """
        try await Self.withDirectory { directory in
            try await ARMEmulatorInProcess.with(world: Self.world([existing])) { emulator in
                let run = await InProcessCLI(armEndpoint: emulator.baseURL).run(Self.create(directory) + ["--yes"])
                #expect(run.status == 0, "\(run)")
                #expect(run.stdout.contains("already trusted as OldName (same public key)"), "\(run)")
                let puts = try await emulator.requestLog().filter { $0.method == "PUT" }
                #expect(puts.count == 1 && puts[0].path.contains("/distributedAvailabilityGroups/"))
            }
        }
    }

    @Test func dryRunPrintsTheCallsAndChangesNothing() async throws {
        try await Self.withDirectory { directory in
            try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
                let run = await InProcessCLI(armEndpoint: emulator.baseURL).run(Self.create(directory) + ["--dry-run"])
                #expect(run.status == 0, "\(run)")
                #expect(run.stdout.contains("would run  PUT \(Self.instance)/distributedAvailabilityGroups/DAG_testdb"))
                #expect(run.stdout.contains(#"body: {"properties":{"databases":[{"databaseName":"testdb"}]"#), "\(run)")
                #expect(!run.stdout.contains(InProcessCLI.token) && !run.stderr.contains(InProcessCLI.token))
                let log2 = try await emulator.requestLog()
                #expect(log2.allSatisfy { $0.method == "GET" })
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
            }
        }
    }

    @Test func withoutATerminalAndWithoutYesNothingIsWritten() async throws {
        try await Self.withDirectory { directory in
            try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
                let run = await InProcessCLI(armEndpoint: emulator.baseURL).run(Self.create(directory))
                #expect(run.status == 64, "\(run)")
                #expect(run.stderr.contains("--yes"), "\(run)")
                let log3 = try await emulator.requestLog()
                #expect(log3.allSatisfy { $0.method == "GET" })
            }
        }
    }

    /// (flags replaced or added, the start of the one error line): refused before anything is contacted.
    @Test(arguments: [
        (["--sql-certificate", "/nonexistent/sql.cer"], "--sql-certificate /nonexistent/sql.cer cannot be read"),
        (["--sql-certificate", "BADFILE"], "--sql-certificate "),
        (
            ["--instance", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v"],
            "--instance "
        ),
        (["--instance", "testcl"], "--instance testcl is a name, and no subscription is set"),
        (["--database", "master"], "--database: master is a system database"),
        (["--sql-endpoint", "10.0.0.4:1433"], "--sql-endpoint: port 1433 is the TDS port"),
        (["--cert-expiry", "2020-01-01"], "--cert-expiry: 2020-01-01 is not in the future"),
    ])
    func badInputIsOneLineAndContactsNothing(_ change: [String], _ prefix: String) async throws {
        try await Self.withDirectory { directory in
            try Data("not a certificate".utf8).write(to: directory.appendingPathComponent("BADFILE"))
            try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
                var arguments = Self.create(directory) + ["--yes"]
                let value = change[1] == "BADFILE" ? directory.appendingPathComponent("BADFILE").path : change[1]
                if let index = arguments.firstIndex(of: change[0]) { arguments[index + 1] = value }
                let run = await InProcessCLI(armEndpoint: emulator.baseURL).run(arguments)
                #expect(run.status == 64, "\(run)")
                #expect(run.stderr.hasPrefix("pe-net: error: \(prefix)"), "\(run)")
                #expect(run.stderr.split(separator: "\n").filter { !$0.hasPrefix("  fix:") }.count == 1, "\(run)")
                let log4 = try await emulator.requestLog()
                #expect(log4.isEmpty)
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
            }
        }
    }

    @Test func statusExplainsALinkErrorAndExitsThree() async throws {
        let seed =
            #"{"emulatorLinkError":{"instance":"\#(Self.instance)","error":"Msg 41974: the certificate of the instance was not found on the partner"}}"#
        try await Self.withDirectory { directory in
            try await ARMEmulatorInProcess.with(world: Self.world([seed])) { emulator in
                let cli = InProcessCLI(armEndpoint: emulator.baseURL)
                let created = await cli.run(Self.create(directory) + ["--yes"])
                #expect(created.status == 0, "\(created)")
                let status = await cli.run(["link", "status", "--instance", Self.instance, "--dag", "DAG_testdb"])
                #expect(status.status == 3, "\(status)")
                #expect(status.stdout.contains("LinkInitError"), "\(status)")
                #expect(status.stdout.contains("testdb: hint: 41974: the instance's certificate is not on SQL Server"))
                let json = await cli.run([
                    "link", "status", "--instance", Self.instance, "--dag", "DAG_testdb", "-o", "json",
                ])
                #expect(json.status == 3)
                let database = try #require((try Self.object(json.stdout)["databases"] as? [[String: Any]])?.first)
                #expect(database["healthy"] as? Bool == false)
                #expect((database["hints"] as? [String])?.first?.hasPrefix("41974") == true)
            }
        }
    }

    @Test func statusWarnsBeforeTheCertificateExpiresAndPassesWhenHealthy() async throws {
        let soon = ISO8601DateFormatter().string(from: Date().addingTimeInterval(10 * 86_400))
        let dag = """
            {"id":"\(Self.instance)/distributedAvailabilityGroups/dag","properties":{"instanceLinkRole":"Secondary","databases":[{"databaseName":"db","replicaState":"LinkSynchronizing","connectedState":"CONNECTED","synchronizationHealth":"HEALTHY","instanceSendReplicationLagSeconds":2,"partnerAuthCertValidity":{"certificateName":"Cert_BoxLocal_endpoint","expiryDate":"\(soon)"}}]}}
            """
        try await ARMEmulatorInProcess.with(world: Self.world([dag])) { emulator in
            let run = await InProcessCLI(armEndpoint: emulator.baseURL).run([
                "link", "status", "--instance", Self.instance, "--dag", "dag",
            ])
            #expect(run.status == 0, "\(run)")
            #expect(
                run.stderr.contains("pe-net: warning: db: SQL Server's certificate Cert_BoxLocal_endpoint expires in"))
            #expect(run.stdout.contains("2 s"))
            let quiet = await InProcessCLI(armEndpoint: emulator.baseURL).run([
                "link", "status", "--instance", Self.instance, "--dag", "dag", "--warn-days", "5",
            ])
            #expect(quiet.status == 0 && !quiet.stderr.contains("expires in"), "\(quiet)")
            let missing = await InProcessCLI(armEndpoint: emulator.baseURL).run([
                "link", "status", "--instance", Self.instance, "--dag", "nope",
            ])
            #expect(missing.status == 1 && missing.stderr.contains("link nope does not exist"), "\(missing)")
        }
    }

    @Test func failoverAndDeleteAreLongRunningAndConfirmed() async throws {
        try await Self.withDirectory { directory in
            try await ARMEmulatorInProcess.with(world: Self.world(), arguments: ["--operation-ms", "100"]) {
                emulator in
                var cli = InProcessCLI(armEndpoint: emulator.baseURL)
                #expect(await cli.run(Self.create(directory) + ["--yes"]).status == 0)
                let target = ["--instance", Self.instance, "--dag", "DAG_testdb"]
                let declined = ScriptedTerminal(interactive: true, answers: ["n"])
                cli.terminal = declined
                let no = await cli.run(["link", "failover"] + target + ["--type", "forced"])
                #expect(no.status == 2, "\(no)")
                #expect(declined.asked.first?.contains("Data not yet replicated is lost") == true)
                cli.terminal = ScriptedTerminal(interactive: false)
                try await emulator.clearRequestLog()
                let failover = await cli.run(["link", "failover"] + target + ["--type", "forced", "--yes"])
                #expect(failover.status == 0, "\(failover)")
                #expect(failover.stdout.contains("instance role Primary"), "\(failover)")
                let post = try #require(try await emulator.requestLog().first { $0.method == "POST" })
                #expect(post.path.hasSuffix("/distributedAvailabilityGroups/DAG_testdb/failover"))
                let body = try Self.object(post.body)
                #expect(
                    NSDictionary(dictionary: body)
                        == NSDictionary(dictionary: try Self.exampleRequest("DistributedAvailabilityGroupsFailover")))

                let delete = await cli.run(["link", "delete"] + target + ["--yes"])
                #expect(delete.status == 0, "\(delete)")
                #expect(delete.stdout.hasPrefix("done  DELETE"), "\(delete)")
                let gone = await cli.run(["link", "delete"] + target + ["--yes"])
                #expect(gone.status == 0 && gone.stdout.contains("does not exist; nothing to delete"), "\(gone)")
                let bad = await cli.run(["link", "failover"] + target + ["--type", "soon", "--yes"])
                #expect(bad.status == 64 && bad.stderr.split(separator: "\n").count <= 2, "\(bad)")
                let badDag = await cli.run(["link", "delete", "--instance", Self.instance, "--dag", "a/b", "--yes"])
                #expect(badDag.status == 64 && badDag.stderr.contains("--dag a/b is not a link name"), "\(badDag)")
            }
        }
    }
}
