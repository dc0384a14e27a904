import Foundation
import Testing

@testable import IPFwd

/// The live runner's `cat`: read in this process without a prefix, and exactly what the real
/// `cat` (run through a prefix) prints, errors and exit code included.
@Suite struct CommandRunnerTests {
    @Test func catInProcessPrintsWhatCatPrints() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-cat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("big").path
        // Larger than one read chunk, with a multi-byte character across the chunk boundary.
        let text = String(repeating: "x", count: 16 * 1024 - 1) + "é and more\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let cases: [[String]] = [
            ["/proc/sys/net/ipv4/ip_forward", "/proc/sys/kernel/osrelease"],
            ["/proc/sys/net/ipv4/ip_forward", directory.appendingPathComponent("missing").path, file],
            [directory.path, "/proc/sys/kernel/osrelease"],
        ]
        for paths in cases {
            let inProcess = try await SubprocessCommandRunner().cat(paths)
            let real = try await SubprocessCommandRunner(prefix: ["env"]).cat(paths)
            #expect(inProcess == real, "\(paths)")
        }
        let both = try await SubprocessCommandRunner().cat([file, directory.appendingPathComponent("missing").path])
        #expect(both.standardOutput == text)
        #expect(both.exitCode == 1)
        #expect(
            both.standardError
                == "cat: \(directory.appendingPathComponent("missing").path): No such file or directory\n")
    }
}
