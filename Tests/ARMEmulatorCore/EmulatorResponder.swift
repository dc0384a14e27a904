import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The Hummingbird request context; it keeps the channel so a fault can reset the connection.
struct EmulatorContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Adapts Hummingbird requests to ``Emulator``.
struct EmulatorResponder: HTTPResponder {
    let emulator: Emulator

    func respond(to request: Request, context: EmulatorContext) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let buffer = try await request.body.collect(upTo: 16 * 1024 * 1024)
        let host = request.head.authority ?? headers["host"] ?? "127.0.0.1"
        let incoming = IncomingRequest(
            method: request.method.rawValue, path: request.uri.path,
            query: parseForm(request.uri.query ?? ""), rawQuery: request.uri.query, headers: headers,
            body: Data(buffer.readableBytesView), base: "http://\(host)")
        let reply = await emulator.handle(incoming)
        if reply.reset {
            // An injected connection reset: SO_LINGER 0 makes close() send RST.
            if let provider = context.channel as? any SocketOptionProvider {
                try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
            }
            try? await context.channel.close().get()
            throw EmulatorError("connection reset (injected)")
        }
        var fields = HTTPFields()
        var pairs = [
            ("x-ms-request-id", UUID().uuidString.lowercased()),
            ("x-ms-correlation-request-id", UUID().uuidString.lowercased()),
        ]
        if let clientID = headers["x-ms-client-request-id"] { pairs.append(("x-ms-client-request-id", clientID)) }
        for (name, value) in pairs + reply.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        var body = ByteBuffer()
        if let json = reply.body {
            fields[.contentType] = "application/json; charset=utf-8"
            body = ByteBuffer(bytes: json.data())
        }
        fields[.contentLength] = String(body.readableBytes)
        return Response(status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: body))
    }
}
