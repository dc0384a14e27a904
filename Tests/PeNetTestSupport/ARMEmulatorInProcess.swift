import ARMEmulatorCore
import ArgumentParser
import Foundation

/// The ARM emulator running inside the test process, on a free loopback port: the same shape as
/// ``ARMEmulatorProcess`` (same `with(world:arguments:)`, ``LoggedRequest``, `client()`,
/// `requestLog()`), without building, starting and killing a separate process.
///
/// ```swift
/// try await ARMEmulatorInProcess.with(world: [miDocument], arguments: ["--operation-ms", "150"]) { emulator in
///     let client = emulator.client()            // ARMClient against emulator.baseURL
///     ...
///     let log = try await emulator.requestLog()
/// }
/// ```
/// `arguments` are the `arm-emulator` flags; `options:` gives the same settings as values.
public final class ARMEmulatorInProcess: ARMEmulatorHarness, Sendable {
    /// One entry of the request log (never contains a token).
    public typealias LoggedRequest = ARMEmulatorCore.LoggedRequest

    /// The server, for what the harness does not wrap.
    public let server: ARMEmulatorServer

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { server.baseURL }
    /// The port the emulator bound.
    public var port: Int { server.port }

    private init(server: ARMEmulatorServer) { self.server = server }

    /// The options an `arm-emulator` command line describes, and its `--world` file's documents.
    public static func parse(arguments: [String]) throws -> (options: ARMEmulatorOptions, world: [Data]) {
        do {
            let flags = try ARMEmulatorFlags.parse(arguments)
            return (try flags.options(), try flags.worldDocuments())
        } catch let error as EmulatorError {
            throw HarnessError("arm-emulator arguments \(arguments): \(error)")
        } catch {
            throw HarnessError("arm-emulator arguments \(arguments): \(ARMEmulatorFlags.message(for: error))")
        }
    }

    /// Starts the emulator with `world` (JSON documents, or whole official example files) and
    /// `arm-emulator` flags (e.g. `["--operation-ms", "200", "--page-size", "1"]`).
    public static func start(world: [Data], arguments: [String] = []) async throws -> ARMEmulatorInProcess {
        let parsed = try parse(arguments: arguments)
        return try await start(world: parsed.world + world, options: parsed.options)
    }

    /// Starts the emulator with `world` and `options`.
    public static func start(world: [Data], options: ARMEmulatorOptions) async throws -> ARMEmulatorInProcess {
        ARMEmulatorInProcess(server: try await ARMEmulatorServer.start(world: world, options: options))
    }

    /// Starts the emulator on a world file (a JSON array, e.g. one of `examples/worlds/`).
    public static func start(worldFile: URL, arguments: [String] = []) async throws -> ARMEmulatorInProcess {
        try await start(world: [try ARMEmulatorServer.worldFile(at: worldFile.path)], arguments: arguments)
    }

    /// Runs `body` with a started emulator and always stops it afterwards.
    public static func with<T>(
        world: [Data], arguments: [String] = [], _ body: (ARMEmulatorInProcess) async throws -> T
    ) async throws -> T {
        try await run(try await start(world: world, arguments: arguments), body)
    }

    /// Runs `body` with an emulator started with `options` and always stops it afterwards.
    public static func with<T>(
        world: [Data], options: ARMEmulatorOptions, _ body: (ARMEmulatorInProcess) async throws -> T
    ) async throws -> T {
        try await run(try await start(world: world, options: options), body)
    }

    /// Runs `body` with an emulator on a world file and always stops it afterwards.
    public static func with<T>(
        worldFile: URL, arguments: [String] = [], _ body: (ARMEmulatorInProcess) async throws -> T
    ) async throws -> T {
        try await run(try await start(worldFile: worldFile, arguments: arguments), body)
    }

    private static func run<T>(
        _ emulator: ARMEmulatorInProcess, _ body: (ARMEmulatorInProcess) async throws -> T
    ) async throws -> T {
        do {
            let result = try await body(emulator)
            await emulator.stop()
            return result
        } catch {
            await emulator.stop()
            throw error
        }
    }

    /// Stops the server and releases its port. Safe to call twice.
    public func stop() async { await server.stop() }

    /// The request log (admin requests excluded).
    public func requestLog() async throws -> [LoggedRequest] { await server.requestLog() }

    /// Empties the request log.
    public func clearRequestLog() async throws { await server.clearRequestLog() }

    /// Replaces the fault plan with this JSON object (see Tests/ARMEmulatorCore/Faults.swift for the fields).
    public func setFaults(_ plan: String) async throws { await server.setFaults(try FaultPlan.parse(plan)) }

    /// Replaces the fault plan.
    public func setFaults(_ plan: FaultPlan) async { await server.setFaults(plan) }

    /// Loads more documents into the running emulator.
    public func load(_ documents: [Data]) async throws { try await server.load(documents) }
}
