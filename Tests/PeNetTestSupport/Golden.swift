import Foundation
import Testing

/// Golden-file comparison for generated artifacts and help text.
///
/// `check` compares a string with a file in the source tree and records an issue with a short
/// diff when they differ. Run with `PENET_RECORD_GOLDEN=1` to (re)write the files: a recording
/// run records an issue for every file it writes, so it never passes; run again without the
/// variable to see the tests pass against what was recorded. A missing file fails too, saying
/// how to record it.
///
/// ```swift
/// try Golden.check(FwdRenderer.nft(ruleSet), named: "fwd.nft", in: "IPFwdTests")
/// try Golden.check(help, against: "Tests/PeNetCLITests/Golden/help/pe-net-dns-plan.txt")
/// ```
public enum Golden {
    /// The environment variable that switches every check to recording.
    public static let recordVariable = "PENET_RECORD_GOLDEN"

    /// What a check does with its golden file.
    public enum Mode: Sendable {
        /// Compare with the file; a difference or a missing file is an issue.
        case compare
        /// Write the file, then record an issue saying it was re-recorded.
        case record
    }

    /// `.record` when `PENET_RECORD_GOLDEN=1`, otherwise `.compare`.
    public static var mode: Mode {
        ProcessInfo.processInfo.environment[recordVariable] == "1" ? .record : .compare
    }

    /// Checks `actual` against `Tests/<target>/Golden/<name>`.
    public static func check(
        _ actual: String, named name: String, in target: String, mode: Mode = Golden.mode,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try check(actual, against: "Tests/\(target)/Golden/\(name)", mode: mode, sourceLocation: sourceLocation)
    }

    /// Checks `actual` against the file at `relativePath` from the package root.
    public static func check(
        _ actual: String, against relativePath: String, mode: Mode = Golden.mode,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = TestPaths.packageRoot.appendingPathComponent(relativePath)
        try check(actual, against: url, mode: mode, sourceLocation: sourceLocation)
    }

    /// Checks `actual` against the file at `url`.
    public static func check(
        _ actual: String, against url: URL, mode: Mode = Golden.mode,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let shown = displayPath(url)
        let existing = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
        switch mode {
        case .record:
            if existing != actual {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url, options: .atomic)
            }
            let what = existing == nil ? "recorded new" : existing == actual ? "re-recorded (unchanged)" : "re-recorded"
            Issue.record(
                "\(what) \(shown); run again without \(recordVariable) to check it", sourceLocation: sourceLocation)
        case .compare:
            guard let expected = existing else {
                Issue.record(
                    "missing golden file \(shown); record it with \(recordVariable)=1 swift test --filter <test>",
                    sourceLocation: sourceLocation)
                return
            }
            if expected != actual {
                Issue.record(
                    """
                    \(shown) differs from the actual text (re-record with \(recordVariable)=1 if the change is intended):
                    \(shortDiff(expected: expected, actual: actual))
                    """,
                    sourceLocation: sourceLocation)
            }
        }
    }

    /// A short line diff: the lines between the common prefix and suffix, `-` for the golden
    /// file and `+` for the actual text, at most `limit` lines of each.
    public static func shortDiff(expected: String, actual: String, limit: Int = 12) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let removed = old[prefix..<(old.count - suffix)]
        let added = new[prefix..<(new.count - suffix)]
        if removed.isEmpty, added.isEmpty { return "(no line differs)" }
        var lines = ["@@ line \(prefix + 1) @@"]
        func append(_ marker: String, _ slice: ArraySlice<Substring>) {
            for line in slice.prefix(limit) { lines.append(marker + visible(line)) }
            if slice.count > limit { lines.append("\(marker)… \(slice.count - limit) more line(s)") }
        }
        append("-", removed)
        append("+", added)
        return lines.joined(separator: "\n")
    }

    /// Makes trailing blanks and tabs visible, the differences that are otherwise unreadable.
    private static func visible(_ line: Substring) -> String {
        var text = String(line).replacingOccurrences(of: "\t", with: "→")
        if text.hasSuffix(" ") { text += "⏎" }
        return text
    }

    /// The path relative to the package root when it lies inside it.
    private static func displayPath(_ url: URL) -> String {
        let root = TestPaths.packageRoot.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }
}
