import ARMNetwork
import Foundation

/// The official ARM example payloads copied under `Tests/Fixtures/arm-examples/` (see SOURCES.md there).
public enum ARMExamples {
    /// The folder holding the copies.
    public static let root = TestPaths.packageRoot.appendingPathComponent("Tests/Fixtures/arm-examples")

    /// Every example file, as paths relative to ``root`` (e.g. `Microsoft.Sql/2025-01-01/ManagedInstanceGet.json`), sorted.
    public static var allFiles: [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The whole example file.
    public static func file(_ relative: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relative))
    }

    /// The body of the response with `status` (e.g. "200"), re-serialised as JSON.
    public static func responseBody(_ relative: String, status: String = "200") throws -> Data {
        try part(relative) { ($0["responses"] as? [String: Any])?[status].flatMap { ($0 as? [String: Any])?["body"] } }
    }

    /// The request body (`parameters.parameters`), re-serialised as JSON; nil when the example has none.
    public static func requestBody(_ relative: String) throws -> Data? {
        // Most providers name the body parameter `parameters`; Data Factory names it after the
        // resource (`managedPrivateEndpoint`), the only object among the path parameters.
        try? part(relative) { example in
            guard let parameters = example["parameters"] as? [String: Any] else { return nil }
            return parameters["parameters"] ?? parameters.values.first { $0 is [String: Any] }
        }
    }

    /// The response statuses the example documents, e.g. `["200", "201", "202"]`.
    public static func statuses(_ relative: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: try file(relative)) as? [String: Any]
        return ((object?["responses"] as? [String: Any])?.keys.map { $0 } ?? []).sorted()
    }

    private static func part(_ relative: String, _ pick: ([String: Any]) -> Any?) throws -> Data {
        guard let object = try JSONSerialization.jsonObject(with: try file(relative)) as? [String: Any],
            let value = pick(object)
        else { throw HarnessError("\(relative) has no such part") }
        return try JSONSerialization.data(withJSONObject: value)
    }
}

extension ResourceID {
    /// A resource id written in a test; a typo in it stops the test run at once.
    public static func fixture(_ text: String) -> ResourceID {
        guard let id = try? ResourceID(parsing: text) else { preconditionFailure("malformed fixture id \(text)") }
        return id
    }
}
