import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The live ``ARMTransport`` on async-http-client. It refuses plain HTTP except to loopback hosts
/// (the emulator), so a token is never sent in clear text to a real address.
public struct AsyncHTTPTransport: ARMTransport {
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// Uses the shared async-http-client instance; `timeout` bounds one request (connect + response).
    public init(client: HTTPClient = .shared, timeout: Duration = .seconds(60)) {
        self.client = client
        let parts = timeout.components
        self.timeout = .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }

    public func send(_ request: ARMRequest) async throws -> ARMResponse {
        try request.url.requireSecureOrLoopback()
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            var headers = ARMHeaders()
            for (name, value) in response.headers { headers.append(name: name, value: value) }
            let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return ARMResponse(
                status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
        } catch let error as ARMError {
            throw error
        } catch {
            throw ARMTransportError(Self.describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            return "\(error)"
        }
        return String(describing: type(of: error)) + ": \(error)"
    }
}
