import Foundation

/// Any JSON value, for documents pe-net must send back with fields it does not model (a subnet's
/// NSG and route table, a NIC's DNS settings): read as a whole, change one field, PUT the whole.
/// Keys keep their order of insertion only as far as a dictionary does; encoding sorts them.
public enum ARMDocument: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ARMDocument])
    case object([String: ARMDocument])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ARMDocument].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ARMDocument].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The document of any encodable value (a typed body).
    public init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(ARMDocument.self, from: JSONEncoder().encode(value))
    }

    /// Decodes the document as a typed value.
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }

    /// A member of an object (case-insensitive, as ARM treats property names); nil otherwise.
    public subscript(key: String) -> ARMDocument? {
        get {
            guard case .object(let object) = self else { return nil }
            return object[key] ?? object.first { $0.key.lowercased() == key.lowercased() }?.value
        }
        set {
            guard case .object(var object) = self else { return }
            let existing = object.keys.first { $0.lowercased() == key.lowercased() } ?? key
            object[existing] = newValue
            self = .object(object)
        }
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var array: [ARMDocument]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var object: [String: ARMDocument]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Compact JSON text with sorted keys.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// A short rendering for plan messages (strings bare, the rest as JSON).
    public var summary: String {
        if case .string(let value) = self { return value }
        return text
    }
}

extension ARMDocument: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}
