import Foundation

extension ARMClient {
    /// The same client (endpoint, credential, retries, in-flight bound) that only reads: GETs, and
    /// POSTs to Resource Graph (a query). Any other request is answered `405 ReadOnly` without
    /// reaching the transport. `observe` sees every request sent and its response, as received.
    public func readOnly(observe: @escaping @Sendable (ARMRequest, ARMResponse) -> Void = { _, _ in }) -> ARMClient {
        ARMClient(
            endpoint: endpoint, transport: ReadOnlyTransport(inner: transport, observe: observe),
            credential: credential,
            clock: clock, configuration: configuration, logger: logger)
    }
}

/// Passes reads through and refuses writes (see ``ARMClient/readOnly(observe:)``).
struct ReadOnlyTransport: ARMTransport {
    let inner: any ARMTransport
    let observe: @Sendable (ARMRequest, ARMResponse) -> Void

    static func isRead(_ request: ARMRequest) -> Bool {
        switch request.method.uppercased() {
        case "GET": true
        case "POST": request.url.path.lowercased().hasSuffix("/providers/microsoft.resourcegraph/resources")
        default: false
        }
    }

    func send(_ request: ARMRequest) async throws -> ARMResponse {
        guard Self.isRead(request) else {
            let body = #"{"error":{"code":"ReadOnly","message":"this command only reads; the write was not sent"}}"#
            return ARMResponse(status: 405, body: Data(body.utf8))
        }
        let response = try await inner.send(request)
        observe(request, response)
        return response
    }
}
