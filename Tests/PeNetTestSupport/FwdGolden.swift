import Foundation
import Testing

/// Golden-file comparison: `Tests/<target>/Golden/<name>`; set PENET_RECORD_GOLDEN=1 to
/// (re)write the files instead of comparing.
public enum FwdGolden {
    public static func check(_ actual: String, named name: String, in target: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = TestPaths.packageRoot.appendingPathComponent("Tests/\(target)/Golden/\(name)")
        if ProcessInfo.processInfo.environment["PENET_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(url.path); record it with PENET_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}
