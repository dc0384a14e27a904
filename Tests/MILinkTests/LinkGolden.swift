import Foundation
import PeNetTestSupport
import Testing

/// Golden files under `Tests/MILinkTests/Golden/`. With PENET_RECORD_GOLDEN=1 the files are
/// rewritten and the test fails, so a re-recording run is never mistaken for a passing one.
enum LinkGolden {
    static let root = TestPaths.packageRoot.appendingPathComponent("Tests/MILinkTests/Golden")

    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = root.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PENET_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("re-recorded \(name); run again without PENET_RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try #require(
            try? String(contentsOf: url, encoding: .utf8),
            "missing golden file \(name); record with PENET_RECORD_GOLDEN=1",
            sourceLocation: sourceLocation)
        #expect(actual == expected, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}
