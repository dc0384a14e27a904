import ARMEmulatorCore
import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The emulator as a library: it starts in-process on a free loopback port, stops and releases the
/// port (also when the body of `with` throws), takes the `arm-emulator` flags as options, and
/// answers like the `arm-emulator` process.
@Suite(.tags(.emulator)) struct InProcessServerTests {
    static let mi = "Microsoft.Sql/2025-01-01/ManagedInstanceGet.json"
    static let miPath =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testinstance?api-version=2025-01-01"

    struct Boom: Error {}

    /// Whether a new server can bind `port` (the old one released it).
    /// True when a new server can bind `port` within two seconds: the listener of a stopped server
    /// may take a moment to close on a loaded machine, but one that is never released stays busy.
    static func canRebind(_ port: Int) async throws -> Bool {
        for _ in 0..<20 {
            do {
                let again = try await ARMEmulatorServer.start(options: ARMEmulatorOptions(port: port))
                await again.stop()
                return again.port == port
            } catch {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        return false
    }

    @Test func startsOnAFreeLoopbackPortAndStopReleasesIt() async throws {
        let server = try await ARMEmulatorServer.start(world: [ARMExamples.file(Self.mi)])
        let port = server.port
        #expect(port > 0)
        #expect(server.baseURL.absoluteString == "http://127.0.0.1:\(port)")
        let harness = FaultInjectionTests.Harness(baseURL: server.baseURL)
        let answer = try await harness.raw("GET", Self.miPath)
        #expect(answer.status == 200)
        #expect(await server.requestLog().map(\.status) == [200])
        await server.stop()
        await server.stop()
        // A listener still on the port would make the bind fail (aBusyPortFailsTheStartInsteadOfHanging).
        #expect(try await Self.canRebind(port))
    }

    @Test func withStopsTheServerWhenTheBodyThrows() async throws {
        var port = 0
        await #expect(throws: Boom.self) {
            try await ARMEmulatorServer.with(world: []) { server in
                port = server.port
                throw Boom()
            }
        }
        #expect(port > 0)
        #expect(try await Self.canRebind(port))
        var harnessPort = 0
        await #expect(throws: Boom.self) {
            try await ARMEmulatorInProcess.with(world: []) { emulator in
                harnessPort = emulator.port
                throw Boom()
            }
        }
        #expect(try await Self.canRebind(harnessPort))
    }

    @Test func aBusyPortFailsTheStartInsteadOfHanging() async throws {
        try await ARMEmulatorServer.with { first in
            await #expect(throws: (any Error).self) {
                try await ARMEmulatorServer.start(options: ARMEmulatorOptions(port: first.port))
            }
        }
    }

    @Test func aBadWorldDocumentFailsTheStart() async throws {
        await #expect {
            try await ARMEmulatorServer.start(world: [Data(#"{"name":"no id"}"#.utf8)])
        } throws: { "\($0)".contains("needs an \"id\"") }
        await #expect(throws: (any Error).self) { try await ARMEmulatorServer.start(world: [Data("not json".utf8)]) }
    }

    @Test(arguments: [
        ([], ARMEmulatorOptions()),
        (
            ["--operation-ms", "150", "--poll-after-ms", "5", "--page-size", "2", "--seed", "9", "--latency-ms", "20"],
            ARMEmulatorOptions(operationMs: 150, pollAfterMs: 5, pageSize: 2, seed: 9, latencyMs: 20)
        ),
        (
            [
                "--require-token", "--accept-token", "a", "--accept-token", "b", "--client-id", "app",
                "--client-secret", "s", "--identity-header", "h", "--token-lifetime", "60",
            ],
            ARMEmulatorOptions(
                requireToken: true, acceptedTokens: ["a", "b"], clientID: "app", clientSecret: "s",
                identityHeader: "h", tokenLifetime: 60)
        ),
    ])
    func argumentsBecomeOptions(arguments: [String], expected: ARMEmulatorOptions) throws {
        #expect(try ARMEmulatorInProcess.parse(arguments: arguments).options == expected)
    }

    @Test func theFaultsFlagTakesAJSONObjectOrAFile() throws {
        let plan = #"{"seed":3,"script":[{"fault":"throttle","times":2}]}"#
        let inline = try ARMEmulatorInProcess.parse(arguments: ["--faults", plan]).options.faults
        #expect(inline.seed == 3)
        #expect(inline.script == [ScriptedFault(fault: .throttle, times: 2)])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("faults-\(UUID().uuidString).json")
        try Data(plan.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try ARMEmulatorInProcess.parse(arguments: ["--faults", file.path]).options.faults == inline)
        #expect(throws: HarnessError.self) { try ARMEmulatorInProcess.parse(arguments: ["--faults", "{oops"]) }
        #expect(throws: HarnessError.self) { try ARMEmulatorInProcess.parse(arguments: ["--no-such-flag"]) }
    }

    @Test func theWorldFlagLoadsAWorldFile() async throws {
        let file = TestPaths.packageRoot.appendingPathComponent("examples/worlds/separate.json")
        try await ARMEmulatorInProcess.with(world: [], arguments: ["--world", file.path]) { emulator in
            let id =
                "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"
            let answer = try await emulator.raw("GET", id + "?api-version=2025-01-01")
            #expect(answer.status == 200)
        }
        let notAnArray = ARMExamples.root.appendingPathComponent(Self.mi)
        #expect(throws: HarnessError.self) {
            try ARMEmulatorInProcess.parse(arguments: ["--world", notAnArray.path])
        }
    }

    /// The executable is a thin main over the same core: the process answers as the library does.
    @Test(.tags(.binary)) func theProcessAnswersLikeTheLibrary() async throws {
        let world = [try ARMExamples.file(Self.mi)]
        let arguments = ["--page-size", "1"]
        func observe(_ emulator: some ARMEmulatorHarness) async throws -> [String] {
            let get = try await emulator.raw("GET", Self.miPath)
            let missing = try await emulator.raw(
                "GET", Self.miPath.replacingOccurrences(of: "?api-version=2025-01-01", with: ""))
            return [
                "\(get.status)", String(decoding: get.body, as: UTF8.self), "\(missing.status)",
                get.headers["x-ms-ratelimit-remaining-subscription-reads"] ?? "-",
            ]
        }
        let inProcess = try await ARMEmulatorInProcess.with(world: world, arguments: arguments) {
            try await observe($0)
        }
        let process = try await ARMEmulatorProcess.with(world: world, arguments: arguments) { emulator in
            let seen = try await observe(emulator)
            #expect(try await emulator.requestLog().map(\.status) == [200, 400])
            return seen
        }
        #expect(inProcess == process)
        #expect(inProcess.first == "200")
    }
}
