import ARMEmulatorCore
import Foundation
import PeNetTestSupport
import Testing

/// A canary secret goes through every credential path of the built `pe-net` binary (token
/// file, service principal against the emulator's token endpoint, workload identity, a fake
/// `az` on PATH) with `--verbose`, `-o json`, a failing request and a hostile server that
/// echoes the `Authorization` header into its error: it never appears on standard output,
/// standard error (where `--verbose` logs go) or in any file pe-net leaves under its state and
/// home directories.
@Suite("safety: a canary secret through every credential path", .tags(.binary, .emulator))
struct CanaryCLITests {
    static let canary = "canary-7d1e5c0a9b3f4e21"
    static let instance =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"

    enum Credential: String, CaseIterable, Sendable {
        case tokenFile = "token file"
        case servicePrincipal = "service principal"
        case workloadIdentity = "workload identity"
        case azureCLI = "az"
    }

    enum Mode: String, CaseIterable, Sendable {
        case verbose = "--verbose"
        case json = "-o json"
        case failing = "a failing request"
        case hostile = "a server echoing Authorization"
    }

    static var binaryExists: Bool { CLIRun.binary != nil }

    /// Runs the command on a thread of its own: waiting for it on the cooperative pool would
    /// starve the in-process emulator the command talks to.
    static func runOnThread(_ command: [String]) async throws -> Shell.Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try Shell.run(command) }) }.start()
        }
    }

    @Test(
        "the canary never appears in output, logs or files", .enabled(if: binaryExists),
        arguments: Credential.allCases, Mode.allCases)
    func canaryStaysSecret(_ credential: Credential, _ mode: Mode) async throws {
        let binary = try #require(CLIRun.binary)
        let root = try TemporaryRoot()
        defer { root.remove() }
        let inputs = root.path + "/inputs"
        let state = root.path + "/state"
        let home = root.path + "/home"
        for folder in [inputs, state, home] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let world = TestPaths.packageRoot.appendingPathComponent("examples/worlds/separate.json")
        let emulator = try await ARMEmulatorInProcess.start(
            worldFile: world, arguments: ["--require-token", "--accept-token", Self.canary])
        defer { Task { await emulator.stop() } }
        if mode == .hostile {
            var faults = FaultPlan()
            faults.script = [
                ScriptedFault(
                    fault: .status, method: "GET", pathContains: "sales-mi", times: 10, status: 400,
                    code: "InvalidAuthenticationToken", message: "the token {authorization} was refused")
            ]
            await emulator.setFaults(faults)
        }

        var variables = [
            "PATH": "/usr/bin:/bin", "HOME": home, "XDG_STATE_HOME": state, "XDG_CONFIG_HOME": home + "/.config",
        ]
        var arguments = ["arm", "get", mode == .failing ? Self.instance + "x" : Self.instance]
        arguments += ["--arm-endpoint", emulator.baseURL.absoluteString]
        switch credential {
        case .tokenFile:
            try Data("\(Self.canary)\n".utf8).write(to: URL(fileURLWithPath: inputs + "/token"))
            arguments += ["--access-token-file", inputs + "/token"]
        case .servicePrincipal:
            variables["AZURE_TENANT_ID"] = "tenant-1"
            variables["AZURE_CLIENT_ID"] = "client-1"
            variables["AZURE_CLIENT_SECRET"] = Self.canary
            variables["AZURE_AUTHORITY_HOST"] = emulator.baseURL.absoluteString
            arguments += ["--auth", "env"]
        case .workloadIdentity:
            try Data("\(Self.canary)\n".utf8).write(to: URL(fileURLWithPath: inputs + "/federated"))
            variables["AZURE_TENANT_ID"] = "tenant-1"
            variables["AZURE_CLIENT_ID"] = "client-1"
            variables["AZURE_FEDERATED_TOKEN_FILE"] = inputs + "/federated"
            variables["AZURE_AUTHORITY_HOST"] = emulator.baseURL.absoluteString
            arguments += ["--auth", "workload-identity"]
        case .azureCLI:
            let expires = Int(Date().timeIntervalSince1970) + 3600
            let script = """
                #!/bin/sh
                echo '{"accessToken": "\(Self.canary)", "expires_on": \(expires), "tokenType": "Bearer"}'
                """
            // Written by `install` in a child process: a file this process held open for writing
            // can be inherited by a concurrent test's fork, and exec then fails with ETXTBSY.
            try Data(script.utf8).write(to: URL(fileURLWithPath: inputs + "/az.txt"))
            let install = Process()
            install.executableURL = URL(fileURLWithPath: "/usr/bin/install")
            install.arguments = ["-m", "755", inputs + "/az.txt", inputs + "/az"]
            try install.run()
            install.waitUntilExit()
            #expect(install.terminationStatus == 0)
            variables["PATH"] = inputs + ":/usr/bin:/bin"
            arguments += ["--auth", "cli"]
        }
        switch mode {
        case .verbose: arguments.append("--verbose")
        case .json: arguments += ["-o", "json"]
        case .failing, .hostile: arguments.append("--verbose")
        }

        let command =
            ["-i"] + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [binary] + arguments
        let run = try await Self.runOnThread(command)
        let label = "\(credential.rawValue), \(mode.rawValue): exit \(run.status)\n\(run.output)\n\(run.error)"
        switch mode {
        case .verbose, .json:
            #expect(run.status == 0, "\(label)")
            #expect(run.output.contains("sales-mi"), "\(label)")
        case .failing:
            #expect(run.status != 0 && run.error.contains("not found"), "\(label)")
        case .hostile:
            #expect(run.status != 0 && run.error.contains("was refused"), "\(label)")
        }
        if mode != .json { #expect(run.error.contains("request id"), "--verbose logged nothing: \(label)") }
        for text in [run.output, run.error] {
            #expect(!text.contains(Self.canary), "\(label)")
            #expect(!text.contains("7d1e5c0a"), "\(label)")
        }
        for file in root.files() where !file.hasPrefix("inputs/") {
            let data = FileManager.default.contents(atPath: root.path + "/" + file) ?? Data()
            let content = String(decoding: data, as: UTF8.self)
            #expect(
                !content.contains(Self.canary), "\(credential.rawValue), \(mode.rawValue): the canary is in \(file)")
        }
        let log = try await emulator.raw("GET", "/_emulator/requests")
        #expect(!String(decoding: log.body, as: UTF8.self).contains(Self.canary))
        await emulator.stop()
    }
}
