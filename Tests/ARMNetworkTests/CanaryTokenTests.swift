import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// A canary token travels through retries, faults and errors, and never shows up in a log line,
/// an error message or the emulator's request log.
@Suite(.tags(.emulator)) struct CanaryTokenTests {
    static let canary = "canary-3b9f1e27c4d54a8e"

    @Test func theTokenNeverAppearsInLogsOrErrors() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("penet-canary-\(UUID().uuidString)")
        try Data("\(Self.canary)\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let plan =
            #"{"script":[{"fault":"throttle","method":"GET","times":1,"retryAfterSeconds":1},{"fault":"reset","method":"GET","times":1},{"fault":"serverError","method":"GET","times":1}]}"#
        try await ARMEmulatorInProcess.with(
            world: [ARMExamples.file("Microsoft.Sql/2025-01-01/ManagedInstanceGet.json")],
            arguments: ["--require-token", "--accept-token", Self.canary, "--faults", plan]
        ) { emulator in
            let capture = LogCapture()
            let client = ARMClient(
                endpoint: emulator.baseURL, transport: AsyncHTTPTransport(),
                credential: CachingTokenSource(AccessTokenFileCredential(path: file.path)), clock: TestClock(),
                logger: capture.logger())
            let id = try ResourceID(
                parsing:
                    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testinstance"
            )
            _ = try await client.get(ManagedInstance.self, id)
            var errors: [String] = []
            do { _ = try await client.get(ManagedInstance.self, try id.child("databases", "missing")) } catch {
                errors.append("\(error)")
            }
            do {
                _ = try await client.put(
                    try id.child("privateEndpointConnections", "none"),
                    body: PrivateEndpointConnection.statusUpdate(.approved, description: "x"))
            } catch { errors.append("\(error)"); errors.append(String(reflecting: error)) }
            #expect(errors.count == 3)
            let log = try await emulator.requestLog()
            #expect(log.filter { $0.status == 200 }.count == 1)
            let rawLog = try await emulator.raw("GET", "/_emulator/requests")
            #expect(capture.text.contains("request id"))
            for text in [capture.text, String(decoding: rawLog.body, as: UTF8.self)] + errors {
                #expect(!text.contains(Self.canary))
                #expect(!text.contains("3b9f1e27"))
            }
        }
    }
}
