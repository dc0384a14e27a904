import Foundation
import PeNetTestSupport
import Testing

/// `pe-net arm get` and the shared Azure flags, run as the built binary against the emulator.
@Suite struct ARMCLITests {
    static let canary = "canary-cli-5e0c2d71aa"
    static let miID =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testinstance"

    static var binary: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pe-net")
                .path,
            TestPaths.packageRoot.appendingPathComponent(".build/debug/pe-net").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    @Test func getPrintsTheDocumentAndVerboseNeverShowsTheToken() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "penet-cli-canary-\(UUID().uuidString)")
        try Data(Self.canary.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let plan = #"{"script":[{"fault":"unavailable","method":"GET","times":1,"retryAfterMs":10}]}"#
        try await ARMEmulatorProcess.with(
            world: [ARMExamples.file("Microsoft.Sql/2025-01-01/ManagedInstanceGet.json")],
            arguments: ["--require-token", "--accept-token", Self.canary, "--faults", plan]
        ) { emulator in
            let common = [
                "--arm-endpoint", emulator.baseURL.absoluteString, "--access-token-file", file.path, "--verbose",
                "-o", "json",
            ]
            let found = try Shell.run([Self.binary, "arm", "get", Self.miID] + common)
            #expect(found.status == 0)
            let document = try JSONSerialization.jsonObject(with: Data(found.output.utf8)) as? [String: Any]
            #expect((document?["properties"] as? [String: Any])?["dnsZone"] as? String == "1b4e2caff2530")
            #expect(found.error.contains("-> 503"))
            #expect(found.error.contains("request id"))
            let byName = try Shell.run(
                [
                    Self.binary, "arm", "get", "testinstance", "--type", "Microsoft.Sql/managedInstances", "-g",
                    "testrg",
                    "--subscription", "00000000-1111-2222-3333-444444444444",
                ] + common)
            #expect(byName.status == 0)
            #expect(byName.output == found.output)
            let missing = try Shell.run([Self.binary, "arm", "get", Self.miID + "x"] + common)
            #expect(missing.status == 1)
            let error = try JSONSerialization.jsonObject(with: Data(missing.output.utf8)) as? [String: [String: String]]
            #expect(error?["error"]?["code"] == "arm.not-found", "\(missing.output)")
            #expect(error?["error"]?["message"]?.contains("was not found") == true, "\(missing.output)")
            #expect(error?["error"]?["resource"] == Self.miID + "x", "\(missing.output)")
            for text in [found.output, found.error, missing.output, missing.error] {
                #expect(!text.contains(Self.canary))
            }
        }
    }

    @Test(arguments: [
        (["--arm-endpoint", "http://10.1.2.3"], "plain-HTTP"),
        (["--cloud", "Mars"], "unknown --cloud Mars"),
        (["--auth", "token-file"], "--auth token-file needs --access-token-file"),
        (["--access-token-file", "/nonexistent/token"], "cannot be read"),
        (["--auth", "cli", "--access-token-file", "/etc/hostname"], "conflicts with --auth cli"),
    ])
    func badAzureFlagsAreRefusedBeforeAnyRequest(arguments: [String], message: String) throws {
        let result = try Shell.run([Self.binary, "arm", "get", Self.miID] + arguments)
        #expect(result.status == 64)
        #expect(result.error.contains(message))
    }

    @Test(arguments: [
        (["mi1", "--type", "Microsoft.Sql/managedInstances", "-g", "rg"], "add --subscription"),
        (["mi1", "--type", "Microsoft.Sql/managedInstances", "--subscription", "s"], "add --resource-group"),
        (["mi1"], "add --type"),
    ])
    func namesNeedGroupSubscriptionAndType(arguments: [String], message: String) throws {
        let result = try Shell.run(
            ["/usr/bin/env", "-u", "AZURE_SUBSCRIPTION_ID", Self.binary, "arm", "get"] + arguments)
        #expect(result.status == 64)
        #expect(result.error.contains(message))
    }

    @Test func malformedIDsShowTheExpectedShape() throws {
        let result = try Shell.run([
            Self.binary, "arm", "get",
            "/subscriptions/s/resourceGroups/rg/provders/Microsoft.Network/networkInterfaces/n",
        ])
        #expect(result.status == 64)
        #expect(result.error.contains("/subscriptions/<subscription>/resourceGroups/<group>/providers/"))
    }
}
