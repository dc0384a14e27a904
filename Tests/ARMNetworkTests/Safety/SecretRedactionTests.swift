import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Tokens never reach output: redaction of server text, and token files that cannot hold a token.
@Suite struct SecretRedactionTests {
    @Test("bearer credentials, JWTs and registered secrets are redacted; ordinary text is not")
    func redaction() {
        SecretRedaction.register("registered-secret-7f3a91")
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJl"
        let cases = [
            "echo: Authorization: Bearer abc.def-ghi", "bearer%20abc123456", "token \(jwt) in body",
            "x registered-secret-7f3a91 y", "url?t=registered%2Dsecret%2D7f3a91",
            // Any case, and next to characters that join grapheme clusters: the expressions still run.
            "BEARER abc123456", "BeArEr+abc123456", "\u{600}\(jwt)", "x\u{301}\(jwt)",
        ]
        for text in cases {
            let redacted = SecretRedaction.redact(text)
            #expect(redacted.contains("<redacted>"), "\(text) -> \(redacted)")
            #expect(!redacted.contains("abc"))
            #expect(!redacted.contains("eyJhdWQ"))
            #expect(!redacted.contains("7f3a91"))
        }
        #expect(SecretRedaction.redact("zone privatelink.site exists") == "zone privatelink.site exists")
        #expect(SecretRedaction.safe("a\u{1B}[2Jb\nc") == "a\\u{1b}[2Jb\\u{a}c")
    }

    @Test("an ARM error that quotes the Authorization header never shows the token")
    func armErrorIsRedacted() async throws {
        let token = "hostile-echo-token-93d1"
        let body = #"{"error":{"code":"AuthorizationFailed","message":"got header Bearer \#(token)"}}"#
        var headers = ARMHeaders()
        headers["x-ms-error-code"] = "Echo\(token)"
        headers["x-ms-request-id"] = "Bearer \(token)"
        let transport = ScriptedTransport([.response(ARMResponse(status: 403, headers: headers, body: Data(body.utf8)))]
        )
        let client = ARMClient(
            endpoint: URL(string: "https://management.azure.com")!, transport: transport,
            credential: StaticTokenSource(token: token), clock: TestClock())
        let id = ResourceID.fixture(
            "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1"
        )
        do {
            _ = try await client.get(ManagedInstance.self, id)
            Issue.record("the 403 was not an error")
        } catch {
            #expect(!"\(error)".contains(token), "\(error)")
            #expect(!String(reflecting: error).contains(token))
            #expect("\(error)".contains("403"))
        }
    }

    static func tokenFile(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("penet-token-\(UUID().uuidString)")
            .path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(
        "a token file that cannot hold a bearer token fails at once, in one line, without the token",
        arguments: [
            ("secret-\u{1B}[31m-token", "control"), ("[]", "not a bearer token"), ("\"quoted\"", "not a bearer token"),
            ("tok\u{7F}en-abcdefgh", "control"), ("tøken-abcdefgh", "non-ASCII"),
            (#"{"accessToken":"a\u0007bcdefgh","expires_on":9999999999}"#, "control"),
        ])
    func badTokenFiles(_ content: String, _ expected: String) async throws {
        let path = try Self.tokenFile(Data(content.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let started = Date()
        do {
            _ = try await AccessTokenFileCredential(path: path).token(scope: "s")
            Issue.record("accepted \(content)")
        } catch {
            let text = "\(error)"
            #expect(text.contains(expected), "\(text)")
            #expect(!text.contains("\n"))
            #expect(!text.contains("secret-") && !text.contains("quoted") && !text.contains("bcdefgh"))
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test("a 10 MB token file is refused with its size, before it is read")
    func hugeTokenFile() async throws {
        let path = try Self.tokenFile(Data(repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024))
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect {
            _ = try await AccessTokenFileCredential(path: path).token(scope: "s")
        } throws: { error in
            "\(error)".contains("10485760 bytes") && !"\(error)".contains("aaaaaaaa")
        }
    }

    @Test("the token endpoint's error_description is escaped and redacted")
    func tokenEndpointError() async throws {
        let body =
            #"{"error":"invalid_client","error_description":"AADSTS7000215: bad secret sp-secret-value-1234\u001b[2J\nTrace ID: x"}"#
        let transport = ScriptedTransport([
            .response(ARMResponse(status: 401, headers: ARMHeaders(), body: Data(body.utf8)))
        ])
        let credential = ClientSecretCredential(
            tenantID: "t", clientID: "c", secret: "sp-secret-value-1234",
            authorityHost: URL(string: "https://login.microsoftonline.com")!, transport: transport)
        await #expect {
            _ = try await credential.token(scope: "s")
        } throws: { error in
            let text = "\(error)"
            return text.contains("AADSTS7000215") && !text.contains("sp-secret-value-1234") && !text.contains("\u{1B}")
        }
    }
}
