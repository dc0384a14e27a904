import ARMNetwork
import Foundation
import Logging

/// What tests need from a running ARM emulator, whether it runs as the `arm-emulator` process
/// (``ARMEmulatorProcess``) or inside the test process (``ARMEmulatorInProcess``): its address, an
/// ``ARMClient`` against it and raw requests.
public protocol ARMEmulatorHarness: Sendable {
    /// `http://127.0.0.1:<port>`.
    var baseURL: URL { get }
}

extension ARMEmulatorHarness {
    /// A raw request to the emulator (status, headers, body), for checks of ARM behaviour itself.
    public func raw(_ method: String, _ pathAndQuery: String, body: Data? = nil, headers: ARMHeaders = ARMHeaders())
        async throws -> ARMResponse
    {
        guard let url = URL(string: baseURL.absoluteString + pathAndQuery) else {
            throw HarnessError("bad path \(pathAndQuery)")
        }
        var request = ARMRequest(method: method, url: url, headers: headers, body: body)
        if body != nil, request.headers["Content-Type"] == nil { request.headers["Content-Type"] = "application/json" }
        return try await AsyncHTTPTransport().send(request)
    }

    /// An ``ARMClient`` against this emulator with a fixed token and, by default, a ``TestClock``
    /// so retries and polls never sleep for real.
    public func client(
        token: String = "test-token", clock: any ARMClock = TestClock(),
        configuration: ARMClient.Configuration = ARMClient.Configuration(), logger: Logger? = nil
    ) -> ARMClient {
        ARMClient(
            endpoint: baseURL, transport: AsyncHTTPTransport(), credential: StaticTokenSource(token: token),
            clock: clock, configuration: configuration, logger: logger ?? Logger(label: "test.arm"))
    }
}
