import Foundation
import PeNetTestSupport
import Testing
import Yams

@testable import DesiredState

/// `schema/pe-net.schema.json` and the loader agree: the same keys per object, every file the
/// loader accepts validates, every malformed file the schema can express is rejected by both.
struct SchemaTests {
    static let schemaURL = TestPaths.packageRoot.appendingPathComponent("schema/pe-net.schema.json")

    static var pythonJSONSchema: Bool {
        (try? Shell.run(["python3", "-c", "import jsonschema"]).status) == 0
    }

    static func schema() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
    }

    @Test func everyObjectHasTheLoadersKeys() throws {
        let schema = try Self.schema()
        var found: [String: Set<String>] = [:]
        Self.collectKeys(schema, path: "", root: schema, into: &found)
        let expected = PeNetFileKeys.all.mapValues(Set.init)
        #expect(found == expected)
        for (path, keys) in PeNetFileKeys.all { #expect(Set(keys).count == keys.count, "\(path) lists a key twice") }
    }

    @Test(.enabled(if: pythonJSONSchema, "needs python3-jsonschema (scripts/setup.sh)"))
    func acceptedFilesValidateAndMalformedOnesAreRejected() throws {
        let accepted =
            DesiredStateFiles.valid
            + ["examples/adf-mi.yaml", "examples/estate.yaml"].map {
                TestPaths.packageRoot.appendingPathComponent($0)
            }
        for url in accepted { _ = try PeNetFile.load(path: url.path) }
        let rejected = DesiredStateFiles.malformed.filter(\.schemaRejects)
        #expect(rejected.count >= 20)
        let documents =
            try accepted.map { try Self.json(String(contentsOf: $0, encoding: .utf8)) }
            + rejected.map { try Self.json($0.text) }
        let verdicts = try Self.validate(documents)
        for (url, verdict) in zip(accepted, verdicts.prefix(accepted.count)) {
            #expect(verdict == "valid", "\(url.lastPathComponent): \(verdict)")
        }
        for (file, verdict) in zip(rejected, verdicts.dropFirst(accepted.count)) {
            #expect(verdict != "valid", "\(file.name) passes the schema but the loader rejects it")
            #expect(throws: PeNetFileError.self) { try PeNetFile.load(path: file.url.path) }
        }
    }

    /// The YAML document as the JSON a schema validator sees (Yams' types, as the loader reads them).
    static func json(_ yaml: String) throws -> Any {
        func convert(_ value: Any?) -> Any {
            switch value {
            case nil: return NSNull()
            case let map as [AnyHashable: Any]:
                return Dictionary(uniqueKeysWithValues: map.map { ("\($0.key)", convert($0.value)) })
            case let list as [Any]: return list.map(convert)
            case let date as Date: return ISO8601DateFormatter().string(from: date)
            case let data as Data: return data.base64EncodedString()
            case let value?: return value is NSNull ? NSNull() : value
            }
        }
        return convert(try Yams.load(yaml: yaml))
    }

    /// Validates every document with Python's jsonschema (draft 2020-12); "valid" or the first error.
    static func validate(_ documents: [Any]) throws -> [String] {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            validator = jsonschema.Draft202012Validator(schema)
            for document in json.load(sys.stdin):
                errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
                print("valid" if not errors else errors[0].message.replace("\\n", " "))
            """
        let input = try JSONSerialization.data(withJSONObject: documents, options: [.fragmentsAllowed])
        let result = try Shell.run(
            ["python3", "-c", script, schemaURL.path], input: String(decoding: input, as: UTF8.self))
        #expect(result.status == 0, "\(result.error)")
        return result.output.split(separator: "\n").map(String.init)
    }

    /// Every object schema's property names by path (`[]` for list items), following `$ref` and
    /// the alternatives of `oneOf`.
    static func collectKeys(
        _ schema: [String: Any], path: String, root: [String: Any], into found: inout [String: Set<String>]
    ) {
        var schema = schema
        if let ref = schema["$ref"] as? String, ref.hasPrefix("#/$defs/"),
            let defs = root["$defs"] as? [String: Any],
            let target = defs[String(ref.dropFirst("#/$defs/".count))] as? [String: Any]
        {
            schema = target.merging(schema.filter { $0.key != "$ref" }) { $1 }
        }
        if let properties = schema["properties"] as? [String: Any] {
            found[path, default: []].formUnion(properties.keys)
            for (key, value) in properties {
                if let child = value as? [String: Any] {
                    collectKeys(child, path: path.isEmpty ? key : "\(path).\(key)", root: root, into: &found)
                }
            }
        }
        if let items = schema["items"] as? [String: Any] {
            collectKeys(items, path: path + "[]", root: root, into: &found)
        }
        for keyword in ["oneOf", "anyOf", "allOf"] {
            for alternative in schema[keyword] as? [[String: Any]] ?? [] {
                collectKeys(alternative, path: path, root: root, into: &found)
            }
        }
    }
}
