import Foundation
import PeNetTestSupport
import Testing

/// The golden helper itself: a match passes; a mismatch, a missing file and every recording fail.
@Suite struct GoldenTests {
    /// A scratch directory removed when the test ends, pass or fail.
    static func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pe-net-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    static func comments(_ issue: Issue) -> String {
        issue.comments.map(\.rawValue).joined(separator: "\n")
    }

    @Test func matchingTextPasses() throws {
        try Self.withDirectory { directory in
            let file = directory.appendingPathComponent("same.txt")
            try Data("a\nb\n".utf8).write(to: file)
            try Golden.check("a\nb\n", against: file, mode: .compare)
        }
    }

    @Test func mismatchFailsWithAShortDiff() throws {
        try Self.withDirectory { directory in
            let file = directory.appendingPathComponent("differs.txt")
            try Data("one\ntwo\nthree\n".utf8).write(to: file)
            try withKnownIssue {
                try Golden.check("one\nTWO\nthree\n", against: file, mode: .compare)
            } matching: { issue in
                let text = Self.comments(issue)
                return text.contains("differs.txt differs") && text.contains("-two\n+TWO")
                    && text.contains("PENET_RECORD_GOLDEN=1")
            }
            #expect(try String(contentsOf: file, encoding: .utf8) == "one\ntwo\nthree\n", "compare never writes")
        }
    }

    @Test func missingFileFailsAndSaysHowToRecordIt() throws {
        try Self.withDirectory { directory in
            let file = directory.appendingPathComponent("absent.txt")
            try withKnownIssue {
                try Golden.check("text", against: file, mode: .compare)
            } matching: { issue in
                Self.comments(issue).contains("missing golden file")
                    && Self.comments(issue).contains("PENET_RECORD_GOLDEN=1")
            }
            #expect(!FileManager.default.fileExists(atPath: file.path))
        }
    }

    @Test(arguments: [nil, "old\n", "new\n"])
    func recordingWritesTheFileAndStillFails(existing: String?) throws {
        try Self.withDirectory { directory in
            let file = directory.appendingPathComponent("nested/recorded.txt")
            if let existing {
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(existing.utf8).write(to: file)
            }
            try withKnownIssue {
                try Golden.check("new\n", against: file, mode: .record)
            } matching: { issue in
                Self.comments(issue).contains("recorded") && Self.comments(issue).contains("recorded.txt")
                    && Self.comments(issue).contains("run again without PENET_RECORD_GOLDEN")
            }
            #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
            try Golden.check("new\n", against: file, mode: .compare)
        }
    }

    @Test func relativePathsAndTargetNamesResolveFromThePackageRoot() throws {
        let relative = "Tests/PeNetTestSupportTests/GoldenTests.swift"
        let source = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(relative), encoding: .utf8)
        try Golden.check(source, against: relative, mode: .compare)
        try Golden.check("A golden file of the helper's own tests.\n", named: "sample.txt", in: "PeNetTestSupportTests")
    }

    @Test(arguments: [
        ("a\nb\nc\n", "a\nB\nc\n", "@@ line 2 @@\n-b\n+B"),
        ("a\n", "a\nextra\n", "@@ line 2 @@\n+extra"),
        ("x \ty\n", "x\ty\n", "@@ line 1 @@\n-x →y\n+x→y"),
        ("end ", "end", "@@ line 1 @@\n-end ⏎\n+end"),
    ])
    func shortDiffShowsOnlyTheChangedLines(expected: String, actual: String, diff: String) {
        #expect(Golden.shortDiff(expected: expected, actual: actual) == diff)
    }

    @Test func shortDiffIsCappedAtTheLimit() {
        let expected = (1...30).map { "line \($0)" }.joined(separator: "\n")
        let diff = Golden.shortDiff(expected: expected, actual: "", limit: 3)
        #expect(diff.split(separator: "\n").count == 1 + 3 + 1 + 1)
        #expect(diff.contains("-… 27 more line(s)"))
    }
}
