/// A T-SQL identifier rendered in brackets, with every `]` doubled: `db]x` → `[db]]x]`.
/// The only way a name reaches a generated script as an identifier.
public struct SQLIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The name as SQL Server knows it (unescaped).
    public var name: String

    public init(_ name: String) {
        self.name = name
    }

    /// `[name]` with `]` doubled.
    public var description: String { "[" + name.replacingOccurrences(of: "]", with: "]]") + "]" }
}

/// A T-SQL Unicode string literal, with every `'` doubled: `it's` → `N'it''s'`.
/// The only way a value reaches a generated script as a string.
public struct SQLString: Hashable, Sendable, CustomStringConvertible {
    /// The value as SQL Server sees it (unescaped).
    public var value: String

    public init(_ value: String) {
        self.value = value
    }

    /// `N'value'` with `'` doubled.
    public var description: String { "N'" + value.replacingOccurrences(of: "'", with: "''") + "'" }
}

/// Generated T-SQL. Interpolation accepts only ``SQLIdentifier``, ``SQLString``, integers and
/// other ``SQLText``, so no caller-supplied name or value can reach a script unescaped: this
/// type is the single escaping choke point of the link scripts.
public struct SQLText: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The rendered script text.
    public private(set) var text: String

    public init(stringLiteral value: String) {
        text = value
    }

    public init(stringInterpolation: Interpolation) {
        text = stringInterpolation.text
    }

    /// Text that is already T-SQL (built only from other `SQLText`, e.g. lines joined).
    init(trusted text: String) {
        self.text = text
    }

    public var description: String { text }

    /// Lines joined with newlines.
    static func lines(_ parts: [SQLText]) -> SQLText {
        SQLText(trusted: parts.map(\.text).joined(separator: "\n"))
    }

    /// The interpolation that escapes every value by its type.
    public struct Interpolation: StringInterpolationProtocol {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity)
        }

        public mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        public mutating func appendInterpolation(_ identifier: SQLIdentifier) {
            text += identifier.description
        }

        public mutating func appendInterpolation(_ string: SQLString) {
            text += string.description
        }

        public mutating func appendInterpolation(_ number: Int) {
            text += String(number)
        }

        public mutating func appendInterpolation(_ sql: SQLText) {
            text += sql.text
        }

        /// A binary literal (`0x…`), already checked by ``PublicBlob``.
        public mutating func appendInterpolation(_ blob: PublicBlob) {
            text += blob.hex
        }
    }
}
