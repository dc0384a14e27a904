import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// An ARM emulator serving HTTP on 127.0.0.1 inside the current process.
///
/// ```swift
/// try await ARMEmulatorServer.with(world: [instanceDocument], options: .init(operationMs: 150)) { server in
///     // point a client at server.baseURL ...
///     let log = await server.requestLog()
/// }
/// ```
/// `with` always stops the server, even when the body throws. A server that is not stopped is
/// cancelled when it is released.
public final class ARMEmulatorServer: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    /// The port the server bound.
    public let port: Int
    let emulator: Emulator
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(baseURL: URL, port: Int, emulator: Emulator, group: ServiceGroup, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.port = port
        self.emulator = emulator
        self.group = group
        self.task = task
    }

    deinit { task.cancel() }

    /// Starts a server with `world` loaded: resource documents, arrays of them (a world file) or
    /// whole official example files. Returns once it listens.
    public static func start(world: [Data] = [], options: ARMEmulatorOptions = ARMEmulatorOptions()) async throws
        -> ARMEmulatorServer
    {
        let emulator = try await Emulator.make(world: world, options: options)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = application(emulator, port: options.port) { continuation.yield($0) }
        var configuration = ServiceGroupConfiguration(services: [app], logger: app.logger)
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw EmulatorError("the emulator stopped before it listened")
        }
        guard let url = URL(string: "http://127.0.0.1:\(port)") else {
            task.cancel()
            throw EmulatorError("bad port \(port)")
        }
        return ARMEmulatorServer(baseURL: url, port: port, emulator: emulator, group: group, task: task)
    }

    /// Runs `body` with a started server and always stops it afterwards.
    public static func with<T>(
        world: [Data] = [], options: ARMEmulatorOptions = ARMEmulatorOptions(),
        _ body: (ARMEmulatorServer) async throws -> T
    ) async throws -> T {
        let server = try await start(world: world, options: options)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Serves until SIGTERM or SIGINT (the `arm-emulator` executable); `onListening` gets the port.
    public static func run(
        world: [Data], options: ARMEmulatorOptions, onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        let emulator = try await Emulator.make(world: world, options: options)
        try await application(emulator, port: options.port, onListening: onListening).runService()
    }

    /// Stops serving: open connections are closed and the port is released. Safe to call twice.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// The requests served so far (admin requests excluded), oldest first.
    public func requestLog() async -> [LoggedRequest] { await emulator.log.all() }

    /// Empties the request log.
    public func clearRequestLog() async { await emulator.log.clear() }

    /// The fault plan in force.
    public func faults() async -> FaultPlan { await emulator.faults.plan }

    /// Replaces the fault plan (scripted counts and budgets start over).
    public func setFaults(_ plan: FaultPlan) async { await emulator.replaceFaults(plan) }

    /// Loads more documents (as ``start(world:options:)`` accepts them).
    public func load(_ documents: [Data]) async throws {
        try await emulator.world.load(try documents.map { try JSON.parse($0) })
    }

    /// How many tokens the identity endpoints issued.
    public func issuedTokenCount() async -> Int { await emulator.identity.issuedCount }

    /// Reads a world file: a JSON array of documents.
    public static func worldFile(at path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmulatorError("cannot read world file \(path)")
        }
        guard case .array = try? JSON.parse(data) else {
            throw EmulatorError("world file \(path) must hold a JSON array of resource documents")
        }
        return data
    }

    private static func application(
        _ emulator: Emulator, port: Int, onListening: @escaping @Sendable (Int) -> Void
    ) -> Application<EmulatorResponder> {
        var logger = Logger(label: "arm-emulator")
        logger.logLevel = .error
        return Application(
            responder: EmulatorResponder(emulator: emulator),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "arm-emulator"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
