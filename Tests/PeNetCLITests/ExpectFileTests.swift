import DNSModel
import Foundation
import Resolver
import Testing

@testable import PeNetCLI

/// The expect file read in slices gives what merging every line at once gives.
@Suite("dns verify --expect-file, read in slices")
struct ExpectFileTests {
    /// Writes `text` to a fresh file, runs `body` with its path, removes it.
    func withFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("expect-\(UUID().uuidString).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @Test("repeated names merge (case-insensitive) in the first line's place, across slices")
    func mergesAcrossSlices() throws {
        let text = """
            # comment
            a.example.com=10.0.0.1
            b.example.com 10.0.0.2
            A.Example.com.=10.0.0.3   # same name as line 2
            c.example.com=fd00::1

            b.example.com=10.0.0.2
            """
        try withFile(text) { path in
            let file = try ExpectFile(path: path)
            #expect(file.count == 3)
            let whole = try file.all()
            let sliced = try file.expectations(0..<1) + file.expectations(1..<3)
            #expect(whole == sliced)
            let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
            let reference = ResolutionExpectation.merged(
                try lines.map { line in
                    let fields = line.split(separator: "#")[0].split(whereSeparator: { " =\t".contains($0) })
                    return try ResolutionExpectation(
                        name: String(fields[0]), address: String(fields[1]), text: line)
                })
            #expect(whole == reference)
            #expect(whole[0].addresses == [IPAddress("10.0.0.1")!, IPAddress("10.0.0.3")!])
            #expect(whole.map(\.name.relative.text) == ["a.example.com", "b.example.com", "c.example.com"])
        }
    }

    @Test("a bad line is refused with the file and line number before anything is asked")
    func badLineNamesFileAndLine() throws {
        try withFile("a.example.com=10.0.0.1\n\nb.example.com=10.0.0.999\n") { path in
            do {
                _ = try ExpectFile(path: path)
                Issue.record("a bad address was accepted")
            } catch {
                #expect("\(error)".contains("\(path):3:"))
                #expect("\(error)".contains("10.0.0.999"))
            }
        }
        try withFile("a.example.com 10.0.0.1 extra\n") { path in
            #expect(throws: PeNetError.self) { _ = try ExpectFile(path: path) }
        }
        try withFile("# only a comment\n") { path in
            #expect(throws: PeNetError.self) { _ = try ExpectFile(path: path) }
        }
    }
}
