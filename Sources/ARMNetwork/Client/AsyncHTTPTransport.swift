import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The live ``ARMTransport`` on async-http-client. It refuses plain HTTP except to loopback hosts
/// (the emulator), so a token is never sent in clear text to a real address, and verifies TLS
/// against the system's roots plus, when given, a CA bundle (`--ca-file`). A failed handshake
/// or certificate check is final: it is not retried.
///
/// A connection that cannot be made (refused, unreachable, a failed handshake) fails the request
/// at once: async-http-client's own retry of connection establishment, which would wait out the
/// whole request timeout in real time, is off, so ``ARMClient``'s retry policy and its clock
/// decide alone whether and when to try again.
public struct AsyncHTTPTransport: ARMTransport {
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// Uses the process-wide client (``defaultClient``); `timeout` bounds one request (connect + response).
    public init(client: HTTPClient = AsyncHTTPTransport.defaultClient, timeout: Duration = .seconds(60)) {
        self.client = client
        let parts = timeout.components
        self.timeout = .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }

    /// A transport that also trusts the PEM certificates in `caFile` (for endpoints behind a
    /// private CA, or a test server). Throws ``ARMError/unusableURL(_:reason:)`` when the file
    /// holds no certificate.
    public init(caFile: String, timeout: Duration = .seconds(60)) throws {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(caFile)
        } catch {
            throw ARMError.unusableURL("--ca-file \(caFile)", reason: "it does not hold PEM certificates")
        }
        guard !certificates.isEmpty else {
            throw ARMError.unusableURL("--ca-file \(caFile)", reason: "it does not hold PEM certificates")
        }
        self.init(client: Self.client(trusting: caFile, certificates), timeout: timeout)
    }

    /// One client per CA file for the life of the process (an HTTPClient must outlive its requests).
    private static let clients = Mutex<[String: HTTPClient]>([:])

    private static func client(trusting path: String, _ certificates: [NIOSSLCertificate]) -> HTTPClient {
        clients.withLock { cache in
            if let existing = cache[path] { return existing }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(certificates)]
            var configuration = configuration()
            configuration.tlsConfiguration = tls
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            cache[path] = client
            return client
        }
    }

    /// The client every transport without `--ca-file` shares for the life of the process.
    public static let defaultClient = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration())

    /// async-http-client settings: a 10 s connect timeout, and a failed connection attempt fails
    /// the waiting requests instead of being retried with back-off until their deadline.
    static func configuration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
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
            if Self.isTLSFailure(error) {
                throw ARMError.transport(
                    resource: request.url.host ?? request.url.absoluteString,
                    detail:
                        "the TLS handshake failed (\(Self.describe(error))); the server's certificate is not trusted: if it is signed by a private CA, pass --ca-file <pem>"
                )
            }
            throw ARMTransportError(Self.describe(error))
        }
    }

    /// Handshake and certificate failures: retrying cannot fix them.
    static func isTLSFailure(_ error: any Error) -> Bool {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError { return true }
        let name = String(describing: type(of: error))
        return name.contains("SSL") || name.contains("TLS")
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            return "\(error)"
        }
        if let error = error as? IOError {
            // The socket's own words ("Connection refused"), not NIO's wrapper text.
            return String(cString: strerror(error.errnoCode)) + " (errno \(error.errnoCode))"
        }
        return String(describing: type(of: error)) + ": \(error)"
    }
}
