import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Every credential against the emulator's identity endpoints (or a stand-in `az`), caching, and the
/// selection rules of `--auth`.
@Suite(.tags(.emulator)) struct CredentialTests {
    static let scope = AzureCloud.azureCloud.armScope
    static let mi = "Microsoft.Sql/2025-01-01/ManagedInstanceGet.json"
    static let miID = ResourceID.fixture(
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testinstance"
    )

    static func temporaryFile(_ text: String, executable: Bool = false) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("penet-cred-\(UUID().uuidString)")
        guard executable else {
            try Data(text.utf8).write(to: url)
            return url
        }
        // A script this process wrote itself can fail to start with "Text file busy" when another
        // test forks while the write descriptor is open; a child shell writes it instead.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", #"printf '%s' "$1" > "$2" && chmod 755 "$2""#, "sh", text, url.path]
        try writer.run()
        writer.waitUntilExit()
        guard writer.terminationStatus == 0 else { throw HarnessError("could not write \(url.path)") }
        return url
    }

    static func client(_ emulator: ARMEmulatorInProcess, _ credential: any ARMTokenSource) -> ARMClient {
        ARMClient(
            endpoint: emulator.baseURL, transport: AsyncHTTPTransport(), credential: credential, clock: TestClock())
    }

    static let identityArguments = [
        "--require-token", "--client-id", "app-1", "--client-secret", "s3cret-value", "--identity-header", "hdr-1",
    ]

    @Test func servicePrincipalSecretGetsATokenARMAccepts() async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)], arguments: Self.identityArguments) {
            emulator in
            let credential = CachingTokenSource(
                ClientSecretCredential(
                    tenantID: "tenant-1", clientID: "app-1", secret: "s3cret-value", authorityHost: emulator.baseURL,
                    transport: AsyncHTTPTransport()))
            let client = Self.client(emulator, credential)
            for _ in 0..<3 { _ = try await client.get(ManagedInstance.self, Self.miID) }
            #expect(await credential.fetchCount == 1)
            let log = try await emulator.requestLog()
            #expect(log.filter { $0.path.hasSuffix("/oauth2/v2.0/token") }.count == 1)
            #expect(log.filter { $0.method == "GET" }.allSatisfy { $0.status == 200 && $0.authorization })
        }
    }

    @Test func wrongSecretFailsWithoutEchoingIt() async throws {
        try await ARMEmulatorInProcess.with(world: [], arguments: Self.identityArguments) { emulator in
            let credential = ClientSecretCredential(
                tenantID: "tenant-1", clientID: "app-1", secret: "wrong-secret-canary", authorityHost: emulator.baseURL,
                transport: AsyncHTTPTransport())
            await #expect {
                _ = try await credential.token(scope: Self.scope)
            } throws: { error in
                let text = "\(error)"
                return text.contains("AADSTS7000215") && text.contains("401") && !text.contains("wrong-secret-canary")
            }
        }
    }

    @Test func aTokenARMDoesNotKnowIsRejectedWithoutRetry() async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)], arguments: Self.identityArguments) {
            emulator in
            let client = Self.client(emulator, StaticTokenSource(token: "made-up"))
            await #expect { try await client.get(ManagedInstance.self, Self.miID) } throws: {
                ($0 as? ARMError)?.code == "InvalidAuthenticationToken"
            }
            let log = try await emulator.requestLog()
            #expect(log.count == 1)
        }
    }

    @Test func workloadIdentityExchangesTheFederatedToken() async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)], arguments: Self.identityArguments) {
            emulator in
            let file = try Self.temporaryFile("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2ln\n")
            defer { try? FileManager.default.removeItem(at: file) }
            let credential = WorkloadIdentityCredential(
                tenantID: "tenant-1", clientID: "app-1", tokenFile: file.path, authorityHost: emulator.baseURL,
                transport: AsyncHTTPTransport())
            _ = try await Self.client(emulator, credential).get(ManagedInstance.self, Self.miID)
            let missing = WorkloadIdentityCredential(
                tenantID: "t", clientID: "app-1", tokenFile: "/nonexistent/token", authorityHost: emulator.baseURL,
                transport: AsyncHTTPTransport())
            await #expect { _ = try await missing.token(scope: Self.scope) } throws: {
                "\($0)".contains("AZURE_FEDERATED_TOKEN_FILE")
            }
        }
    }

    @Test func managedIdentityFromIMDSAndFromIdentityEndpoint() async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)], arguments: Self.identityArguments) {
            emulator in
            let imds = ManagedIdentityCredential(
                clientID: "app-1", imds: emulator.baseURL, transport: AsyncHTTPTransport())
            let token = try await imds.token(scope: Self.scope)
            #expect(token.expiresOn > Date().addingTimeInterval(3000))
            _ = try await Self.client(emulator, imds).get(ManagedInstance.self, Self.miID)
            let appService = ManagedIdentityCredential(
                identityEndpoint: emulator.baseURL.appendingPathComponent("msi/token"), identityHeader: "hdr-1",
                transport: AsyncHTTPTransport())
            _ = try await Self.client(emulator, appService).get(ManagedInstance.self, Self.miID)
            let wrongIdentity = ManagedIdentityCredential(
                clientID: "other-app", imds: emulator.baseURL, transport: AsyncHTTPTransport())
            await #expect(throws: ARMError.self) { _ = try await wrongIdentity.token(scope: Self.scope) }
            let log = try await emulator.requestLog()
            #expect(log.contains { $0.path == "/metadata/identity/oauth2/token" && $0.status == 200 })
            #expect(log.contains { $0.path == "/msi/token" && $0.status == 200 })
        }
    }

    @Test(arguments: [
        (
            #"{"accessToken":"cli-tok","expires_on":1893456000,"expiresOn":"2029-01-01 00:00:00.000000","tokenType":"Bearer"}"#,
            1_893_456_000.0
        ),
        (#"{"accessToken":"cli-tok","expiresOn":"2030-01-01T00:00:00+00:00","tokenType":"Bearer"}"#, 1_893_456_000.0),
        (#"{"accessToken":"cli-tok","expires_on":"1893456000"}"#, 1_893_456_000.0),
    ])
    func azureCLIOutputWithBothExpiryFields(json: String, expected: Double) async throws {
        let script = try Self.temporaryFile("#!/bin/sh\necho '\(json)'\n", executable: true)
        defer { try? FileManager.default.removeItem(at: script) }
        let token = try await AzureCLICredential(executable: script.path).token(scope: Self.scope)
        #expect(token.token == "cli-tok")
        #expect(token.expiresOn.timeIntervalSince1970 == expected)
    }

    @Test func azureCLILocalTimeExpiresOn() async throws {
        let script = try Self.temporaryFile(
            "#!/bin/sh\necho '{\"accessToken\":\"t\",\"expiresOn\":\"2031-06-01 12:30:00.000000\"}'\n", executable: true
        )
        defer { try? FileManager.default.removeItem(at: script) }
        let token = try await AzureCLICredential(executable: script.path).token(scope: Self.scope)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: token.expiresOn)
        #expect([parts.year, parts.month, parts.day, parts.hour, parts.minute] == [2031, 6, 1, 12, 30])
    }

    @Test func azureCLIArgumentsAndNotLoggedIn() async throws {
        let argsFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "penet-az-args-\(UUID().uuidString)")
        let script = try Self.temporaryFile(
            "#!/bin/sh\necho \"$@\" > \(argsFile.path)\necho \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n",
            executable: true)
        defer {
            try? FileManager.default.removeItem(at: script)
            try? FileManager.default.removeItem(at: argsFile)
        }
        await #expect {
            _ = try await AzureCLICredential(executable: script.path, tenantID: "t-9").token(scope: Self.scope)
        } throws: { "\($0)".contains("not logged in; run az login") }
        let arguments = try String(contentsOf: argsFile, encoding: .utf8)
        #expect(
            arguments.trimmingCharacters(in: .newlines)
                == "account get-access-token --output json --resource https://management.azure.com --tenant t-9")
    }

    @Test func tokensAreCachedUntilNearExpiry() async throws {
        let clock = TestClock(start: Date(timeIntervalSince1970: 1_000_000))
        let file = try Self.temporaryFile(#"{"accessToken":"file-tok","expires_on":1003600}"#)
        defer { try? FileManager.default.removeItem(at: file) }
        let cache = CachingTokenSource(
            AccessTokenFileCredential(path: file.path, clock: clock), clock: clock, refreshMargin: 300)
        _ = try await cache.token(scope: Self.scope)
        clock.advance(by: 3000)
        _ = try await cache.token(scope: Self.scope)
        #expect(await cache.fetchCount == 1)
        clock.advance(by: 400)
        _ = try await cache.token(scope: Self.scope)
        #expect(await cache.fetchCount == 2)
    }

    @Test(arguments: ["", "two words\n", "{\"nothing\":1}"])
    func unusableTokenFilesAreRefused(content: String) async throws {
        let file = try Self.temporaryFile(content)
        defer { try? FileManager.default.removeItem(at: file) }
        await #expect(throws: ARMError.self) {
            _ = try await AccessTokenFileCredential(path: file.path).token(scope: Self.scope)
        }
    }

    @Test func accessTokenDescriptionIsRedacted() {
        let token = AccessToken(token: "secret-canary-123", expiresOn: Date())
        #expect(!"\(token)".contains("secret-canary-123"))
        #expect(!String(reflecting: token).contains("secret-canary-123"))
    }

    @Test func autoPicksTheFirstConfiguredCredential() async throws {
        try await ARMEmulatorInProcess.with(world: [], arguments: Self.identityArguments) { emulator in
            let environment = [
                "AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "app-1", "AZURE_CLIENT_SECRET": "s3cret-value",
                "AZURE_AUTHORITY_HOST": emulator.baseURL.absoluteString,
            ]
            let factory = CredentialFactory(
                environment: environment, cloud: .azureCloud, transport: AsyncHTTPTransport(),
                azureCLI: "/nonexistent/az")
            _ = try await factory.make(.auto).token(scope: Self.scope)
            _ = try await factory.make(.env).token(scope: Self.scope)
            #expect(try await emulator.requestLog().filter { $0.path.hasSuffix("/token") }.count == 2)
            let empty = CredentialFactory(
                environment: [:], cloud: .azureCloud, transport: AsyncHTTPTransport(), azureCLI: "/nonexistent/az")
            await #expect { _ = try await empty.make(.auto).token(scope: Self.scope) } throws: {
                "\($0)".contains("AZURE_CLIENT_SECRET") && "\($0)".contains("--access-token-file")
            }
            #expect(throws: ARMError.self) { try empty.make(.env) }
            #expect(throws: ARMError.self) { try empty.make(.workloadIdentity) }
            #expect(throws: ARMError.self) { try empty.make(.tokenFile) }
        }
    }
}

extension CredentialTests {
    @Test func concurrentRequestsShareOneTokenFetch() async throws {
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(Self.mi)], arguments: Self.identityArguments) {
            emulator in
            let credential = CachingTokenSource(
                ClientSecretCredential(
                    tenantID: "tenant-1", clientID: "app-1", secret: "s3cret-value", authorityHost: emulator.baseURL,
                    transport: AsyncHTTPTransport()))
            let client = Self.client(emulator, credential)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try await client.get(ManagedInstance.self, Self.miID) } }
                try await group.waitForAll()
            }
            #expect(await credential.fetchCount == 1)
            let tokenCalls = try await emulator.requestLog().filter { $0.path.hasSuffix("/oauth2/v2.0/token") }
            #expect(tokenCalls.count == 1)
        }
    }
}
