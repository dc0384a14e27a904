import Foundation
import PeNetTestSupport
import Testing

/// `pe-net link plan`, run in-process: files written once, the JSON listing, and every bad
/// input refused with one line per failure and nothing written.
@Suite struct LinkCLITests {
    /// The source document's example.
    static let example = [
        "link", "plan", "--sql-server", "sqlserver1", "--sql-endpoint", "10.0.0.4", "--instance", "managedinstance1",
        "--mi-fqdn", "managedinstance1.6d710bcf372b.database.windows.net", "--database", "SalesDB",
        "--cert-expiry", "2099-01-31",
    ]

    /// A fresh directory that does not exist yet, removed after `body`.
    static func withDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-link-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }

    static func contents(_ directory: URL) -> [String] {
        (FileManager.default.subpaths(atPath: directory.path) ?? []).filter { $0.contains(".") }.sorted()
    }

    @Test func planWritesScriptsOnceAndListsThemAsJSON() async throws {
        try await Self.withDirectory { directory in
            let first = await InProcessCLI().run(Self.example + ["--output-dir", directory.path])
            #expect(first.status == 0, "\(first)")
            #expect(first.stdout.contains("wrote \(directory.path)/00-prereqs.sql"))
            #expect(first.stdout.contains("PUT distributedAvailabilityGroups/DAG_SalesDB"))
            #expect(Self.contents(directory).contains("arm/11-put-distributed-availability-group.json"))
            #expect(Self.contents(directory).contains("10-distributed-availability-group.sql"))

            let again = await InProcessCLI().run(Self.example + ["--output-dir", directory.path, "-o", "json"])
            #expect(again.status == 0, "\(again)")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            let files = try #require(document["files"] as? [[String: String]])
            #expect(files.count == Self.contents(directory).count)
            #expect(files.allSatisfy { $0["status"] == "unchanged" })
            let steps = try #require(document["steps"] as? [[String: Any]])
            #expect(steps.first?["state"] as? String == "S0")
            #expect(steps.contains { $0["method"] as? String == "PUT" && $0["target"] as? String == "arm" })
            #expect(document["apiVersion"] as? String == "2025-01-01")
            #expect(document["findings"] is [[String: String]])
        }
    }

    @Test func dryRunWritesNothing() async throws {
        try await Self.withDirectory { directory in
            let run = await InProcessCLI().run(Self.example + ["--output-dir", directory.path, "--dry-run"])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("would write \(directory.path)/01-database.sql"))
            #expect(!FileManager.default.fileExists(atPath: directory.path))
        }
    }

    @Test func warningsGoToStandardError() async throws {
        try await Self.withDirectory { directory in
            let run = await InProcessCLI().run(
                Self.example + ["--sql-version", "2016", "--output-dir", directory.path])
            #expect(run.status == 0, "\(run)")
            #expect(run.stderr.contains("pe-net: warning: --sql-version: SQL Server 2016 needs SP3"))
            let script = try String(
                contentsOf: directory.appendingPathComponent("09-availability-group.sql"), encoding: .utf8)
            #expect(!script.contains("WITH (CLUSTER_TYPE"))
        }
    }

    /// (flags replaced or added, the invariant's fragment on standard error)
    @Test(arguments: [
        (
            ["--instance", "managedinstance1.6d710bcf372b.database.windows.net"],
            "--instance: managedinstance1.6d710bcf372b.database.windows.net looks like an FQDN; use managedinstance1"
        ),
        (["--sql-endpoint", "TCP://10.0.0.4:1433"], "--sql-endpoint: port 1433 is the TDS port"),
        (["--sql-endpoint", "10.0.0.4:5023"], "--sql-endpoint: port 5023 cannot carry the link"),
        (["--sql-endpoint", "udp://10.0.0.4"], "--sql-endpoint: udp://10.0.0.4 is not TCP://"),
        (["--database", "master"], "--database: master is a system database"),
        (["--cert-expiry", "2020-01-01"], "--cert-expiry: 2020-01-01 is not in the future"),
        (["--sql-version", "2017"], "--sql-version: SQL Server 2017 cannot use the link"),
        (["--sql-server", "sqlserver1.corp.example"], "--sql-server: sqlserver1.corp.example looks like a host FQDN"),
        (["--certificate-name", "Cert_A\\B"], "--certificate-name: Cert_A\\B contains \\"),
        (
            ["--mi-fqdn", "other.6d710bcf372b.database.windows.net"],
            "--mi-fqdn: other.6d710bcf372b.database.windows.net belongs to instance other"
        ),
        (["--dag", "AG_SalesDB"], "--dag: AG_SalesDB is also the availability group's name"),
        (
            ["--initial-primary", "mi", "--sql-version", "2019"],
            "--initial-primary: the instance can be the initial primary only with SQL Server 2022"
        ),
    ])
    func badInputIsRefusedWithNothingWritten(_ change: [String], _ fragment: String) async throws {
        try await Self.withDirectory { directory in
            var arguments = Self.example
            for pair in stride(from: 0, to: change.count, by: 2) {
                if let index = arguments.firstIndex(of: change[pair]) {
                    arguments[index + 1] = change[pair + 1]
                } else {
                    arguments += [change[pair], change[pair + 1]]
                }
            }
            let run = await InProcessCLI().run(arguments + ["--output-dir", directory.path])
            #expect(run.status == 64, "\(run)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(run)")
            #expect(run.stderr.hasPrefix("pe-net: error: \(fragment)"), "\(run)")
            #expect(run.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: directory.path))
        }
    }

    @Test func severalFailuresAreOneLineEach() async throws {
        try await Self.withDirectory { directory in
            let run = await InProcessCLI().run(
                Self.example + [
                    "--database", "other", "--sql-version", "2017", "--output-dir", directory.path, "-o", "json",
                ])
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.split(separator: "\n").count == 2, "\(run)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let findings = try #require(document["findings"] as? [[String: String]])
            #expect(Set(findings.filter { $0["severity"] == "error" }.compactMap { $0["invariant"] }) == ["N6", "N9"])
            #expect((document["files"] as? [Any])?.isEmpty == true)
            #expect(!FileManager.default.fileExists(atPath: directory.path))
        }
    }

    @Test func anOutputDirThatIsAFileIsRefused() async throws {
        try await Self.withDirectory { directory in
            try Data("x".utf8).write(to: directory)
            let run = await InProcessCLI().run(Self.example + ["--output-dir", directory.path])
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.contains("is a file, not a directory"))
        }
    }
}
