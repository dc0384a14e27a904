import ARMEmulatorCore
import ARMNetwork
import Foundation
import Logging

/// A running `arm-emulator` process for a test, on a free loopback port.
///
/// ```swift
/// try await ARMEmulatorProcess.with(world: [miDocument, pecDocument]) { emulator in
///     let client = emulator.client()            // ARMClient against emulator.baseURL
///     ...
///     let log = try await emulator.requestLog()
/// }
/// ```
/// `with` always stops the process, even when the body throws; a process that is not stopped
/// explicitly is killed when the object is released. Tests that need no separate process use
/// ``ARMEmulatorInProcess``, which has the same shape.
public final class ARMEmulatorProcess: ARMEmulatorHarness, @unchecked Sendable {
    /// One entry of the emulator's request log (never contains a token); the same type the in-process
    /// emulator returns.
    public typealias LoggedRequest = ARMEmulatorCore.LoggedRequest

    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    /// The port the emulator bound.
    public let port: Int
    /// The world file the emulator loaded.
    public let worldFile: URL
    private let process: Process
    private let output: Pipe
    private let ownsWorldFile: Bool
    private let lock = NSLock()
    private var stopped = false

    /// The built `arm-emulator` binary: next to the test bundle, else in `.build/debug`.
    public static var binaryURL: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("arm-emulator"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("arm-emulator"),
            TestPaths.packageRoot.appendingPathComponent(".build/debug/arm-emulator"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? candidates[candidates.count - 1]
    }

    /// Starts the emulator with `world` (JSON documents, or whole official example files) and extra
    /// command-line `arguments` (e.g. `["--operation-ms", "200", "--page-size", "1"]`).
    public convenience init(world: [Data], arguments: [String] = []) throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("arm-world-\(UUID().uuidString).json")
        var text = Data("[".utf8)
        for (index, document) in world.enumerated() {
            if index > 0 { text.append(Data(",".utf8)) }
            text.append(document)
        }
        text.append(Data("]".utf8))
        try text.write(to: file)
        try self.init(worldFile: file, arguments: arguments, ownsWorldFile: true)
    }

    /// Starts the emulator on a world file (a JSON array); the file is deleted on stop only when
    /// `ownsWorldFile` is true.
    public init(worldFile: URL, arguments: [String] = [], ownsWorldFile: Bool = false) throws {
        self.worldFile = worldFile
        self.ownsWorldFile = ownsWorldFile
        process = Process()
        process.executableURL = Self.binaryURL
        process.arguments = ["--world", worldFile.path, "--port", "0"] + arguments
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard FileManager.default.isExecutableFile(atPath: Self.binaryURL.path) else {
            throw HarnessError("arm-emulator is not built at \(Self.binaryURL.path); run swift build first")
        }
        try process.run()
        let handle = output.fileHandleForReading
        var buffer = Data()
        let deadline = Date().addingTimeInterval(30)
        var found: Int?
        while found == nil, Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if text[range.upperBound...].contains("\n") { found = Int(digits) }
            }
        }
        guard let port = found else {
            process.terminate()
            process.waitUntilExit()
            throw HarnessError(
                "arm-emulator did not report its port; output: \(String(decoding: buffer, as: UTF8.self))")
        }
        self.port = port
        guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw HarnessError("bad port \(port)") }
        baseURL = url
    }

    deinit { stop() }

    /// Stops the process (SIGKILL) and removes the world file. Safe to call twice.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        if ownsWorldFile { try? FileManager.default.removeItem(at: worldFile) }
    }

    /// Runs `body` with a started emulator and always stops it afterwards.
    public static func with<T>(
        world: [Data], arguments: [String] = [], _ body: (ARMEmulatorProcess) async throws -> T
    ) async throws -> T {
        let emulator = try ARMEmulatorProcess(world: world, arguments: arguments)
        defer { emulator.stop() }
        return try await body(emulator)
    }

    /// The request log (admin requests excluded).
    public func requestLog() async throws -> [LoggedRequest] {
        let data = try await admin("GET", "/_emulator/requests")
        return try JSONDecoder().decode([LoggedRequest].self, from: data)
    }

    /// Empties the request log.
    public func clearRequestLog() async throws { _ = try await admin("DELETE", "/_emulator/requests") }

    /// Replaces the fault plan with this JSON object (see Tests/ARMEmulatorCore/Faults.swift for the fields).
    public func setFaults(_ plan: String) async throws {
        _ = try await admin("PUT", "/_emulator/faults", body: Data(plan.utf8))
    }

    /// Loads more documents into the running emulator.
    public func load(_ documents: [Data]) async throws {
        var body = Data("[".utf8)
        body.append(Data(documents.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",").utf8))
        body.append(Data("]".utf8))
        _ = try await admin("POST", "/_emulator/world", body: body)
    }

    private func admin(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
        let answer = try await raw(method, path, body: body)
        guard (200..<300).contains(answer.status) else {
            throw HarnessError(
                "\(method) \(path) answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
        }
        return answer.body
    }
}

/// A failure of a test harness (not of the code under test).
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
