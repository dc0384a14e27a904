import Foundation
import PeNetTestSupport
import Testing

@testable import ARMNetwork

/// The in-flight bound, the loopback-only plain-HTTP rule, and the clouds.
@Suite struct ClientPlumbingTests {
    /// Counts how many requests are inside `send` at once.
    final class ConcurrencyProbe: ARMTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var current = 0
        private(set) var peak = 0

        func send(_ request: ARMRequest) async throws -> ARMResponse {
            lock.withLock {
                current += 1
                peak = max(peak, current)
            }
            try await Task.sleep(for: .milliseconds(20))
            lock.withLock { current -= 1 }
            return ARMResponse(status: 200, body: Data(#"{"name":"x"}"#.utf8))
        }
    }

    @Test(arguments: [1, 3])
    func boundsRequestsInFlight(limit: Int) async throws {
        let probe = ConcurrencyProbe()
        let client = ARMClient(
            endpoint: URL(string: "https://arm.test")!, transport: probe, credential: StaticTokenSource(token: "t"),
            clock: TestClock(), configuration: .init(maxRequestsInFlight: limit))
        let id = try ResourceID(
            parsing: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 { group.addTask { _ = try await client.get(ManagedInstance.self, id) } }
            try await group.waitForAll()
        }
        #expect(probe.peak == limit)
    }

    @Test(arguments: [
        ("https://management.azure.com", true), ("http://127.0.0.1:8080", true), ("http://localhost:1", true),
        ("http://[::1]:9", true), ("http://10.1.2.3", false), ("http://management.azure.com", false),
        ("ftp://127.0.0.1", false),
    ])
    func plainHTTPOnlyToLoopback(url: String, allowed: Bool) throws {
        let parsed = try #require(URL(string: url))
        if allowed {
            try parsed.requireSecureOrLoopback()
        } else {
            #expect(throws: ARMError.insecureEndpoint(url)) { try parsed.requireSecureOrLoopback() }
        }
    }

    @Test func theTransportRefusesPlainHTTPElsewhereWithoutSending() async throws {
        await #expect(throws: ARMError.self) {
            _ = try await AsyncHTTPTransport().send(
                ARMRequest(method: "GET", url: URL(string: "http://10.255.255.1/x")!))
        }
    }

    /// A refused connection fails the request at once: async-http-client would otherwise retry
    /// the connection in real time until the request's deadline (45 s here, so four attempts
    /// would take at least 180 s). The client's own retries wait on its clock, so with a test
    /// clock the run takes a moment, plus whatever the other tests running beside it cost.
    @Test func aRefusedConnectionFailsFastAndRetriesOnTheClientsClock() async throws {
        #expect(!AsyncHTTPTransport.configuration().connectionPool.retryConnectionEstablishment)
        let clock = TestClock()
        let client = ARMClient(
            endpoint: URL(string: "http://127.0.0.1:9")!, transport: AsyncHTTPTransport(timeout: .seconds(45)),
            credential: StaticTokenSource(token: "refused-canary-0001"), clock: clock)
        let id = try ResourceID(
            parsing: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi")
        let started = ContinuousClock.now
        let error = await #expect(throws: ARMError.self) { _ = try await client.get(ManagedInstance.self, id) }
        #expect(ContinuousClock.now - started < .seconds(150))
        #expect(clock.sleeps.count == RetryPolicy.default.maxRetries)
        #expect("\(error.map { "\($0)" } ?? "")".contains("refused"), "\(String(describing: error))")
    }

    @Test(arguments: [
        ("AzureCloud", "https://management.azure.com", "https://management.azure.com/.default", "database.windows.net"),
        (
            "azureusgovernment", "https://management.usgovcloudapi.net",
            "https://management.usgovcloudapi.net/.default", "database.usgovcloudapi.net"
        ),
        (
            "AzureChinaCloud", "https://management.chinacloudapi.cn", "https://management.chinacloudapi.cn/.default",
            "database.chinacloudapi.cn"
        ),
    ])
    func clouds(name: String, arm: String, scope: String, suffix: String) throws {
        let cloud = try #require(AzureCloud.named(name))
        #expect(cloud.armEndpoint.absoluteString == arm)
        #expect(cloud.armScope == scope)
        #expect(cloud.sqlDNSSuffix.rawValue == suffix)
        #expect(cloud.sqlDNSSuffix.cloudName.lowercased() == name.lowercased())
        #expect(AzureCloud.resource(forScope: scope) + "/" == cloud.armAudience)
        #expect(AzureCloud.named("AzureGermanCloud") == nil)
    }
}

/// URLs no request can be built from fail as errors, not traps (the HTTP and URL libraries trap).
@Suite struct UnusableURLTests {
    @Test(arguments: ["http://127.0.0.1:99999", "http://127.0.0.1:0", "http:///path"])
    func refused(text: String) throws {
        let url = try #require(URL(string: text))
        #expect(throws: ARMError.self) { try url.requireSecureOrLoopback() }
    }

    @Test func anEndpointWithAnEncodedPathKeepsItEncoded() async throws {
        let endpoint = try #require(URL(string: "http://127.0.0.1:8080/base%0Apath/"))
        let transport = ScriptedTransport([.response(ARMResponse(status: 200, body: Data(#"{"name":"x"}"#.utf8)))])
        let client = ARMClient(endpoint: endpoint, transport: transport, credential: StaticTokenSource(token: "t"))
        let id = try ResourceID(
            parsing: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/managedInstances/mi")
        let _: [String: String] = try await client.get(id, apiVersion: "2025-01-01")
        #expect(
            transport.requests.first?.url.absoluteString
                == "http://127.0.0.1:8080/base%0Apath/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/managedInstances/mi?api-version=2025-01-01"
        )
    }

    @Test func controlCharactersAreEscapedForMessages() {
        #expect("a\nb\u{1B}[31m\u{7F}".escapingControlCharacters == "a\\u{a}b\\u{1b}[31m\\u{7f}")
    }
}
