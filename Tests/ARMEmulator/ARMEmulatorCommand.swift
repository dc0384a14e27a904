import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `arm-emulator`: a local Azure Resource Manager for pe-net's tests and benchmarks.
@main
struct ARMEmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arm-emulator",
        abstract: "A local Azure Resource Manager emulator (resources, async operations, etags, faults, tokens).",
        discussion: """
            Prints 'listening on http://127.0.0.1:<port>' once ready. Admin endpoints: GET/DELETE \
            /_emulator/requests (request log), GET/PUT /_emulator/faults (fault plan), POST /_emulator/world \
            (load more documents).

            A fault plan is a JSON object with any of: seed, latencyMs, throttleRate, retryAfterSeconds, \
            serverErrorRate, resetRate, conflictRate (writes only), readBudget, writeBudget, \
            budgetWindowSeconds (per subscription), failOperations, operationErrorCode, \
            operationErrorMessage, and script: [{fault: throttle|serverError|unavailable|reset|conflict|status, \
            method, pathContains, times, status, code, message, retryAfterSeconds, retryAfterMs}]. Scripted \
            faults apply first, in order; rates draw from a generator seeded with seed.
            """
    )

    @Option(help: "A JSON array of resource documents as ARM returns them (official example files also load).")
    var world: String?

    @Option(help: "TCP port on 127.0.0.1; 0 picks a free one.")
    var port: Int = 0

    @Flag(help: "Reject ARM requests without a bearer token issued by this emulator (or given with --accept-token).")
    var requireToken = false

    @Option(help: "A bearer token to accept with --require-token (repeatable).")
    var acceptToken: [String] = []

    @Option(help: "How long async operations stay InProgress, in milliseconds.")
    var operationMs: Int = 0

    @Option(help: "The poll delay async operations advertise (retry-after-ms), in milliseconds.")
    var pollAfterMs: Int = 50

    @Option(help: "Items per page of a list response.")
    var pageSize: Int = 100

    @Option(help: "Seed of the random fault injector.")
    var seed: UInt64?

    @Option(help: "Latency added to every ARM request, in milliseconds.")
    var latencyMs: Int?

    @Option(help: "A fault plan: a JSON object, or the path of a file holding one.")
    var faults: String?

    @Option(help: "The only client id the token endpoints accept.")
    var clientId: String?

    @Option(help: "The only client secret the token endpoint accepts.")
    var clientSecret: String?

    @Option(help: "The X-IDENTITY-HEADER value /msi/token requires.")
    var identityHeader: String?

    @Option(help: "Lifetime of issued tokens, in seconds.")
    var tokenLifetime: Int = 3599

    func run() async throws {
        let store = World(operationDuration: Double(operationMs) / 1000, pollAfterMs: pollAfterMs)
        if let world {
            guard let data = FileManager.default.contents(atPath: world) else {
                throw EmulatorError("cannot read world file \(world)")
            }
            guard case .array(let documents) = try JSON.parse(data) else {
                throw EmulatorError("world file \(world) must hold a JSON array of resource documents")
            }
            try await store.load(documents)
        }
        var plan = FaultPlan()
        if let faults {
            let text =
                faults.trimmingCharacters(in: .whitespaces).hasPrefix("{")
                ? Data(faults.utf8) : FileManager.default.contents(atPath: faults)
            guard let text, let decoded = try? JSONDecoder().decode(FaultPlan.self, from: text) else {
                throw EmulatorError("--faults must be a fault plan JSON object or a file holding one")
            }
            plan = decoded
        }
        if let seed { plan.seed = seed }
        if let latencyMs { plan.latencyMs = latencyMs }
        let emulator = Emulator(
            world: store, faults: FaultInjector(plan: plan), log: RequestLog(),
            identity: Identity(
                settings: .init(
                    clientID: clientId, clientSecret: clientSecret, identityHeader: identityHeader,
                    tokenLifetime: tokenLifetime, acceptedTokens: acceptToken)),
            requireToken: requireToken, pageSize: max(1, pageSize))
        var logger = Logger(label: "arm-emulator")
        logger.logLevel = .error
        let app = Application(
            responder: EmulatorResponder(emulator: emulator),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "arm-emulator"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(bound)\n".utf8))
            },
            logger: logger
        )
        try await app.runService()
    }
}

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
