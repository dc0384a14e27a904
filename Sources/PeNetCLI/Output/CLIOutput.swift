import Foundation
import Resolver

/// Printing helpers shared by commands: JSON with stable key order, and findings as lines.
enum CLIOutput {
    /// Prints `value` as pretty JSON with sorted keys on standard output.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// One line per finding, most severe first: `error: message`.
    static func lines(for findings: [Finding]) -> [String] {
        findings.sorted { $0.severity > $1.severity }.map { "\($0.severity.rawValue): \($0.message)" }
    }

    /// Writes one line to standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
