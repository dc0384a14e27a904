import Foundation
import PeNetTestSupport
import Testing

/// The test files of `Tests/DesiredStateTests/Files`: files the loader must accept (`valid/`) and
/// malformed ones (`malformed/`), each starting with two comment lines:
///
/// ```yaml
/// # schema: rejects        (the JSON Schema rejects it too) | n/a (a schema cannot express it)
/// # expect: 14:29: dataFactoryPaths[0].instances[1].port: port 70000 is outside 1-65535
/// ```
enum DesiredStateFiles {
    static let directory = TestPaths.packageRoot.appendingPathComponent("Tests/DesiredStateTests/Files")

    /// One malformed file and what the loader must say about it.
    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var url: URL
        var text: String
        /// The expected `line:column: message`.
        var expected: String
        /// True when the schema must reject the file as well.
        var schemaRejects: Bool
        var testDescription: String { name }
    }

    static func files(_ folder: String) -> [URL] {
        let url = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { url.appendingPathComponent($0) }
    }

    static var valid: [URL] { files("valid") }

    static var malformed: [Malformed] {
        files("malformed").map { url in
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            func header(_ key: String) -> String {
                let prefix = "# \(key): "
                return lines.prefix(2).first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } ?? ""
            }
            return Malformed(
                name: url.deletingPathExtension().lastPathComponent, url: url, text: text, expected: header("expect"),
                schemaRejects: header("schema") == "rejects")
        }
    }

    /// Rewrites the `# expect:` line of a malformed file (recording mode).
    static func record(_ file: Malformed, actual: String) throws {
        var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let index = lines.prefix(2).firstIndex(where: { $0.hasPrefix("# expect:") }) else { return }
        lines[index] = "# expect: \(actual)"
        try lines.joined(separator: "\n").write(to: file.url, atomically: true, encoding: .utf8)
    }
}
