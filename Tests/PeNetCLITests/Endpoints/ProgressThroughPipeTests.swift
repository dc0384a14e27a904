import Foundation
import PeNetTestSupport
import Testing

/// The built binary through a pipe: progress lines reach standard error while the writes are still
/// waiting, not only when the process exits (no stdio buffering on the way).
@Suite("Live progress through a pipe", .tags(.binary, .emulator))
struct ProgressThroughPipeTests {
    /// Lines read from a pipe, each with whether the process was still running when it arrived.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var buffer = ""
        private var lines: [(String, Bool)] = []

        func append(_ data: Data, running: Bool) {
            lock.withLock {
                buffer += String(decoding: data, as: UTF8.self)
                while let newline = buffer.firstIndex(of: "\n") {
                    lines.append((String(buffer[..<newline]), running))
                    buffer = String(buffer[buffer.index(after: newline)...])
                }
            }
        }

        var all: [(String, Bool)] { lock.withLock { lines } }
    }

    @Test("approve --all-pending --yes with 200 ms per call: PUT and wait lines arrive before the exit")
    func progressArrivesWhileRunning() async throws {
        let mi = MIWorld(name: "mi-pipe")
        try await ARMEmulatorInProcess.with(
            world: mi.documents([("p1", "Pending"), ("p2", "Pending"), ("p3", "Pending")]),
            arguments: ["--latency-ms", "200", "--operation-ms", "600"]
        ) { emulator in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-pipe-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let token = directory.appendingPathComponent("token")
            try Data(PeNetRun.token.utf8).write(to: token)

            let process = Process()
            process.executableURL = PeNetRun.binary
            process.arguments = [
                "endpoints", "approve", "--instance", mi.id, "--all-pending", "--yes", "--max-parallel", "1",
                "--arm-endpoint", emulator.baseURL.absoluteString, "--access-token-file", token.path,
            ]
            process.standardInput = FileHandle.nullDevice
            let err = Pipe()
            let out = Pipe()
            process.standardError = err
            process.standardOutput = out
            let progress = Collected()
            let results = Collected()
            err.fileHandleForReading.readabilityHandler = { handle in
                progress.append(handle.availableData, running: process.isRunning)
            }
            out.fileHandleForReading.readabilityHandler = { handle in
                results.append(handle.availableData, running: process.isRunning)
            }
            let status: Int32 = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do { try process.run() } catch { continuation.resume(throwing: error) }
            }
            try await Task.sleep(for: .milliseconds(100))
            err.fileHandleForReading.readabilityHandler = nil
            out.fileHandleForReading.readabilityHandler = nil
            #expect(status == 0, "\(progress.all) \(results.all)")
            let early = progress.all.filter { $0.1 }.map(\.0)
            #expect(early.contains("PUT privateEndpointConnections/p1"), "\(progress.all)")
            #expect(early.contains { $0.hasPrefix("waiting for privateEndpointConnections/p") }, "\(progress.all)")
            #expect(early.contains { $0.hasPrefix("succeeded p1") }, "\(progress.all)")
            // The plan is on standard output before the first write finished.
            #expect(results.all.first?.0 == "plan for mi-pipe:", "\(results.all)")
            #expect(results.all.first?.1 == true, "\(results.all)")
        }
    }
}
