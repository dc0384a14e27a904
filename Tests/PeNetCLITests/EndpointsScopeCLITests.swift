import ARMEmulatorCore
import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// `pe-net endpoints list --scope`: the estate found with paged Resource Graph queries equals the
/// per-instance ARM way, on generated estates over several subscriptions (with instances whose
/// graph row lacks the connection summary, read from ARM instead) and on the example worlds.
@Suite("pe-net endpoints list --scope", .tags(.binary, .emulator))
struct EndpointsScopeCLITests {
    /// One instance of the JSON output, without how it was read.
    struct Row: Decodable, Equatable {
        var instance: ResourceID
        var source: String
        var connections: [ConnectionListRow]
    }

    /// An emulator on `world` and a token file; `pe` runs the built binary against it.
    struct Estate {
        let emulator: ARMEmulatorProcess
        let tokenFile: URL

        init(worldFile: URL, owns: Bool, arguments: [String]) throws {
            emulator = try ARMEmulatorProcess(worldFile: worldFile, arguments: arguments, ownsWorldFile: owns)
            tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pe-net-token-\(UUID().uuidString)")
            try Data("test-token".utf8).write(to: tokenFile)
        }

        static func generated(instances: Int, subscriptions: Int, withoutSummaryEvery: Int, pageSize: Int) throws
            -> Estate
        {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("estate-\(UUID().uuidString).json")
            try EstateWorld.json(
                instances: instances, subscriptions: subscriptions, withoutSummaryEvery: withoutSummaryEvery
            ).write(to: file)
            return try Estate(worldFile: file, owns: true, arguments: ["--page-size", String(pageSize)])
        }

        func pe(_ arguments: [String]) throws -> Shell.Result {
            let binary = try #require(CLIRun.binary, "build pe-net first (swift build)")
            return try Shell.run(
                [binary] + arguments + [
                    "--arm-endpoint", emulator.baseURL.absoluteString, "--access-token-file", tokenFile.path,
                ])
        }

        func rows(_ arguments: [String]) throws -> [Row] {
            let result = try pe(["endpoints", "list", "-o", "json"] + arguments)
            #expect(result.status == 0, "\(result.error)")
            return try JSONDecoder().decode([Row].self, from: Data(result.output.utf8))
        }

        func stop() {
            emulator.stop()
            try? FileManager.default.removeItem(at: tokenFile)
        }
    }

    static func isGraph(_ request: LoggedRequest) -> Bool {
        request.path.lowercased() == "/providers/microsoft.resourcegraph/resources"
    }

    @Test(
        "graph and per-instance discovery agree over 3 subscriptions and 7 pages; the graph reads ARM only where the row lacks connections"
    )
    func generatedEstate() async throws {
        let estate = try Estate.generated(instances: 25, subscriptions: 3, withoutSummaryEvery: 5, pageSize: 4)
        defer { estate.stop() }
        let graph = try estate.rows(["--scope", "all"])
        let graphLog = try await estate.emulator.requestLog()
        try await estate.emulator.clearRequestLog()
        let arm = try estate.rows(["--scope", "all", "--discovery", "arm"])
        let armLog = try await estate.emulator.requestLog()

        #expect(graph.count == 25)
        #expect(graph.map(\.instance) == arm.map(\.instance))
        #expect(graph.map(\.connections) == arm.map(\.connections))
        #expect(graph.flatMap(\.connections).count == 50)
        #expect(
            Set(graph.filter { $0.source == "arm" }.map(\.instance.name))
                == ["mi-0000", "mi-0005", "mi-0010", "mi-0015", "mi-0020"])

        let pages = graphLog.filter(Self.isGraph)
        #expect(pages.count == 7, "25 rows at 4 a page")
        #expect(
            graphLog.filter { !Self.isGraph($0) }.count == 1 + 5,
            "GET /subscriptions, then the 5 instances without a summary")
        #expect(armLog.count == 1 + 7 + 25, "GET /subscriptions, 3 instance lists of 3+2+2 pages, 25 connection lists")
    }

    @Test("--scope <subscriptions> covers only those; --status filters; the text names each instance")
    func someSubscriptions() async throws {
        let estate = try Estate.generated(instances: 12, subscriptions: 3, withoutSummaryEvery: 0, pageSize: 5)
        defer { estate.stop() }
        let two = [EstateWorld.subscription(0), EstateWorld.subscription(2)]
        let rows = try estate.rows(["--scope"] + two + ["--status", "Pending"])
        #expect(rows.count == 8)
        #expect(Set(rows.map { $0.instance.subscription.lowercased() }) == Set(two))
        #expect(rows.flatMap(\.connections).allSatisfy { $0.status == .pending })
        #expect(rows.flatMap(\.connections).count == 4, "one Pending on every other instance of these 8")
        let text = try estate.pe(["endpoints", "list", "--scope"] + two)
        #expect(text.status == 0)
        #expect(text.output.contains("instance mi-0000 (mi-rg-0, \(two[0])):"))
        #expect(text.output.contains("8 instance(s), 16 connection(s)"))
    }

    @Test("the example worlds give the same answer both ways, one row a page", arguments: ["hub-and-spoke", "estate"])
    func exampleWorlds(_ name: String) async throws {
        let estate = try Estate(
            worldFile: TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(name).json"), owns: false,
            arguments: ["--page-size", "1"])
        defer { estate.stop() }
        let graph = try estate.rows(["--scope", "all"])
        let arm = try estate.rows(["--scope", "all", "--discovery", "arm"])
        #expect(!graph.isEmpty)
        #expect(graph.map(\.instance) == arm.map(\.instance) && graph.map(\.connections) == arm.map(\.connections))
        #expect(try await estate.emulator.requestLog().filter(Self.isGraph).count >= graph.count)
    }

    @Test("without Resource Graph access the listing warns and reads the per-instance way")
    func graphRefused() async throws {
        let estate = try Estate.generated(instances: 6, subscriptions: 2, withoutSummaryEvery: 0, pageSize: 10)
        defer { estate.stop() }
        let arm = try estate.rows(["--scope", "all", "--discovery", "arm"])
        try await estate.emulator.setFaults(
            #"{"script":[{"fault":"status","method":"POST","pathContains":"resourcegraph","times":100,"status":403,"code":"AuthorizationFailed"}]}"#
        )
        let result = try estate.pe(["endpoints", "list", "-o", "json", "--scope", "all"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("Resource Graph refused the query"))
        let rows = try JSONDecoder().decode([Row].self, from: Data(result.output.utf8))
        #expect(rows.map(\.connections) == arm.map(\.connections) && rows.allSatisfy { $0.source == "arm" })
        #expect(try await estate.emulator.requestLog().contains { Self.isGraph($0) && $0.status == 403 })
    }

    @Test(
        "--scope with --instance, or all with ids, is bad input",
        arguments: [
            ["--scope", "all", "--instance", "x"], ["--scope", "all", "00000000-1111-2222-3333-444444444444"],
            ["--scope", "a/b"],
        ])
    func badScope(_ arguments: [String]) throws {
        let estate = try Estate.generated(instances: 1, subscriptions: 1, withoutSummaryEvery: 0, pageSize: 1)
        defer { estate.stop() }
        let result = try estate.pe(["endpoints", "list"] + arguments)
        #expect(result.status == 64, "\(result.error)")
    }
}
