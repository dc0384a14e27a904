import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// TLS is verified: a self-signed endpoint fails at once (no retried handshakes) unless its CA
/// is passed with `--ca-file`; plain http is refused off loopback before anything is sent.
@Suite(.serialized) struct TLSVerificationTests {
    /// The self-signed server test needs /usr/bin/openssl (scripts/setup.sh installs it).
    static let hasOpenSSL = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    /// `openssl s_server -www` on a free loopback port with a self-signed certificate for 127.0.0.1.
    final class SelfSignedServer {
        let directory: URL
        let process = Process()
        let port: Int

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("penet-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Self.run([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory.appendingPathComponent("key.pem").path,
                "-out", directory.appendingPathComponent("cert.pem").path,
            ])
            port = Int.random(in: 20000..<60000)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = [
                "s_server", "-quiet", "-www", "-accept", "127.0.0.1:\(port)", "-cert",
                directory.appendingPathComponent("cert.pem").path, "-key",
                directory.appendingPathComponent("key.pem").path,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            for _ in 0..<100 {
                if Self.listening(port) { break }
                usleep(50_000)
            }
        }

        var caFile: String { directory.appendingPathComponent("cert.pem").path }
        var url: URL { URL(string: "https://127.0.0.1:\(port)")! }

        /// SIGKILL: a child of the test runner inherits SIGTERM ignored, so `terminate()` would
        /// leave `s_server` running and `waitUntilExit()` waiting for ever.
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }

        static func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }

        static func listening(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        }
    }

    static let id = ResourceID.fixture(
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1"
    )

    @Test("a self-signed https endpoint fails fast with one TLS line, and works with its CA", .enabled(if: hasOpenSSL))
    func selfSignedEndpoint() async throws {
        let server = try SelfSignedServer()
        defer { server.stop() }
        let client = ARMClient(
            endpoint: server.url, transport: AsyncHTTPTransport(),
            credential: StaticTokenSource(token: "tls-token-1234"))
        let started = Date()
        do {
            _ = try await client.get(ManagedInstance.self, Self.id)
            Issue.record("the self-signed endpoint was trusted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("TLS") && text.contains("--ca-file"), "\(text)")
            #expect(!text.contains("gave up after"), "a TLS failure was retried: \(text)")
            #expect(!text.contains("\n"))
        }
        // A retried handshake would wait out the 60 s request deadline; the bound leaves room for
        // a loaded machine running the whole suite beside this test.
        #expect(Date().timeIntervalSince(started) < 55)

        let trusting = ARMClient(
            endpoint: server.url, transport: try AsyncHTTPTransport(caFile: server.caFile),
            credential: StaticTokenSource(token: "tls-token-1234"))
        // s_server -www answers every request with its status page: the handshake succeeded when
        // the error is about the body, not TLS.
        await #expect {
            _ = try await trusting.get(ManagedInstance.self, Self.id)
        } throws: { error in
            "\(error)".contains("unexpected response") && !"\(error)".contains("TLS")
        }
    }

    @Test("a --ca-file without certificates is one line of bad input")
    func badCAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("penet-ca-\(UUID().uuidString)").path
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ARMError.self) { _ = try AsyncHTTPTransport(caFile: path) }
    }

    @Test(
        "plain http off loopback is refused before anything is sent",
        arguments: [
            "http://10.0.0.1", "http://management.azure.com", "http://[fe80::1]", "http://127.0.0.1.nip.io",
        ])
    func plainHTTPRefused(_ endpoint: String) async throws {
        let recorder = ScriptedTransport([])
        let guarded = GuardedTransport(inner: recorder)
        let client = ARMClient(
            endpoint: URL(string: endpoint)!, transport: guarded, credential: StaticTokenSource(token: "plain-token-1"))
        await #expect(throws: ARMError.self) { _ = try await client.get(ManagedInstance.self, Self.id) }
        #expect(recorder.requests.isEmpty)
    }

    /// The secure-or-loopback rule the live transport applies, in front of a recording transport.
    struct GuardedTransport: ARMTransport {
        let inner: ScriptedTransport
        func send(_ request: ARMRequest) async throws -> ARMResponse {
            try request.url.requireSecureOrLoopback()
            return try await inner.send(request)
        }
    }
}
