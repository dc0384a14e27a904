import Foundation
import Yams

/// Reads a composed YAML node tree strictly, turning every problem into a ``PeNetFileError`` at
/// the node's line and column: wrong types, unknown keys (with the closest known key suggested),
/// missing required keys. Values are typed by the YAML resolver, as a JSON Schema validator sees
/// them: `port: "1433"` is a string, `name: 123` an integer.
struct YAMLNodeReader {
    let file: String

    /// An error at `node`'s position (the document start when the node has no mark).
    func error(_ node: Node?, _ message: String) -> PeNetFileError {
        PeNetFileError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }

    /// The mapping at `node`, refusing keys outside `keys`.
    func mapping(_ node: Node, at path: String, keys: [String]) throws(PeNetFileError) -> YAMLFields {
        guard let mapping = node.mapping else {
            throw error(node, "\(label(path))expected a mapping, found \(Self.describe(node))")
        }
        var values: [String: Node] = [:]
        var keyNodes: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard keyNode.tagName == .str, let key = keyNode.string else {
                throw error(keyNode, "\(label(path))keys must be names, found \(Self.describe(keyNode))")
            }
            guard keys.contains(key) else {
                let suggestion = Self.closest(to: key, in: keys).map { "; did you mean '\($0)'?" } ?? ""
                throw error(
                    keyNode,
                    "\(label(path))unknown key '\(key)'\(suggestion) (known keys: \(keys.joined(separator: ", ")))")
            }
            values[key] = value
            keyNodes[key] = keyNode
        }
        return YAMLFields(reader: self, node: node, path: path, values: values, keyNodes: keyNodes)
    }

    /// A non-empty string.
    func string(_ node: Node, at path: String) throws(PeNetFileError) -> String {
        guard node.scalar != nil, node.tagName == .str, let text = node.string else {
            throw error(node, "\(label(path))expected a string, found \(Self.describe(node))")
        }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(node, "\(label(path))must not be empty")
        }
        return text
    }

    /// An integer.
    func int(_ node: Node, at path: String) throws(PeNetFileError) -> Int {
        guard node.scalar != nil, node.tagName == .int, let value = node.int else {
            throw error(node, "\(label(path))expected an integer, found \(Self.describe(node))")
        }
        return value
    }

    /// `true` or `false`.
    func bool(_ node: Node, at path: String) throws(PeNetFileError) -> Bool {
        guard node.scalar != nil, node.tagName == .bool, let value = node.bool else {
            throw error(node, "\(label(path))expected true or false, found \(Self.describe(node))")
        }
        return value
    }

    /// The items of a list.
    func sequence(_ node: Node, at path: String, nonEmpty: Bool = false) throws(PeNetFileError) -> [Node] {
        guard let sequence = node.sequence else {
            throw error(node, "\(label(path))expected a list, found \(Self.describe(node))")
        }
        let items = Array(sequence)
        if nonEmpty, items.isEmpty { throw error(node, "\(label(path))must list at least one item") }
        return items
    }

    /// One of `allowed`, with the closest one suggested otherwise.
    func oneOf(_ node: Node, at path: String, _ allowed: [String]) throws(PeNetFileError) -> String {
        let text = try string(node, at: path)
        guard allowed.contains(text) else {
            let suggestion = Self.closest(to: text, in: allowed).map { "did you mean '\($0)'? " } ?? ""
            throw error(
                node,
                "\(label(path))'\(text)' is not allowed; \(suggestion)use one of: \(allowed.joined(separator: ", "))")
        }
        return text
    }

    func label(_ path: String) -> String { path.isEmpty ? "" : "\(path): " }

    /// How a node reads in a message: its kind, and a short value for scalars.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            let shown = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            switch node.tagName {
            case .null: return "nothing (null)"
            case .bool: return "a boolean (\(shown))"
            case .int: return "an integer (\(shown))"
            case .float: return "a number (\(shown))"
            case .timestamp: return "a date (\(shown))"
            default: return "a string ('\(shown)')"
            }
        }
    }

    /// The known key closest to `key`: same letters in another case, or at most a third of its
    /// letters (at least two) away by edit distance.
    static func closest(to key: String, in known: [String]) -> String? {
        let lowered = key.lowercased()
        if let same = known.first(where: { $0.lowercased() == lowered }) { return same }
        let scored = known.map { ($0, editDistance(lowered, $0.lowercased())) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, key.count / 3) else { return nil }
        return best
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// The keys of one mapping, read through ``YAMLNodeReader``.
struct YAMLFields {
    let reader: YAMLNodeReader
    /// The mapping itself (its mark is where a missing key is reported).
    let node: Node
    let path: String
    let values: [String: Node]
    let keyNodes: [String: Node]

    /// The path of a key below this mapping.
    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of a required key.
    func required(_ key: String) throws(PeNetFileError) -> Node {
        guard let value = values[key] else {
            throw reader.error(node, "\(reader.label(path))missing required key '\(key)'")
        }
        return value
    }

    /// The value of an optional key.
    func optional(_ key: String) -> Node? { values[key] }

    func string(_ key: String) throws(PeNetFileError) -> String {
        try reader.string(try required(key), at: path(key))
    }

    func optionalString(_ key: String) throws(PeNetFileError) -> String? {
        guard let value = values[key] else { return nil }
        return try reader.string(value, at: path(key))
    }

    func optionalInt(_ key: String) throws(PeNetFileError) -> Int? {
        guard let value = values[key] else { return nil }
        return try reader.int(value, at: path(key))
    }

    func optionalBool(_ key: String) throws(PeNetFileError) -> Bool? {
        guard let value = values[key] else { return nil }
        return try reader.bool(value, at: path(key))
    }

    /// An optional list of non-empty strings, each with its node.
    func optionalStrings(_ key: String) throws(PeNetFileError) -> [(String, Node)]? {
        guard let value = values[key] else { return nil }
        var result: [(String, Node)] = []
        for (index, item) in try reader.sequence(value, at: path(key), nonEmpty: true).enumerated() {
            result.append((try reader.string(item, at: "\(path(key))[\(index)]"), item))
        }
        return result
    }
}

extension Node {
    /// The resolved tag's name (`.str`, `.int`, `.bool`, …): what a JSON Schema validator sees.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
