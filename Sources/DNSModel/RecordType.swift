internal import CLDNS

/// A DNS record type by its numeric code, with names for the types pe-net works with.
/// Unknown codes are kept (as `TYPE65280`-style names) rather than refused.
public struct RecordType: RawRepresentable, Hashable, Sendable, Comparable, Codable,
    CustomStringConvertible
{
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = RecordType(rawValue: 1)
    public static let ns = RecordType(rawValue: 2)
    public static let cname = RecordType(rawValue: 5)
    public static let soa = RecordType(rawValue: 6)
    public static let ptr = RecordType(rawValue: 12)
    public static let mx = RecordType(rawValue: 15)
    public static let txt = RecordType(rawValue: 16)
    public static let aaaa = RecordType(rawValue: 28)
    public static let srv = RecordType(rawValue: 33)
    public static let caa = RecordType(rawValue: 257)

    /// The types with a mnemonic, in code order.
    public static let known: [RecordType] = [.a, .ns, .cname, .soa, .ptr, .mx, .txt, .aaaa, .srv, .caa]

    static let mnemonics: [UInt16: String] = [
        1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV", 257: "CAA",
    ]

    /// Parses a mnemonic (`a`, `AAAA`) or the generic `TYPE123` form; nil otherwise.
    public init?(_ text: String) {
        let upper = text.uppercased()
        if let match = RecordType.mnemonics.first(where: { $0.value == upper }) {
            self.init(rawValue: match.key)
        } else if upper.hasPrefix("TYPE"), let code = UInt16(upper.dropFirst(4)) {
            self.init(rawValue: code)
        } else if upper.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }),
            case let code = UInt16(truncatingIfNeeded: ldns_get_rr_type_by_name(upper).rawValue), code != 0,
            RecordType.ldnsMnemonic(code) == upper
        {
            self.init(rawValue: code)
        } else {
            return nil
        }
    }

    /// The mnemonic (`A`, `RRSIG`, `TLSA`: ldns's table of types with a presentation form), else
    /// the generic `TYPE65280` form of RFC 3597.
    public var description: String {
        if let name = RecordType.mnemonics[rawValue] ?? RecordType.ldnsMnemonic(rawValue) { return name }
        return "TYPE\(rawValue)"
    }

    /// True when the type has a presentation form of its own (ldns knows its rdata fields);
    /// other types are written as RFC 3597 generic data, `\# <length> <hex>`.
    public var hasPresentationForm: Bool {
        RecordType.mnemonics[rawValue] != nil || RecordType.ldnsMnemonic(rawValue) != nil
    }

    private static func ldnsMnemonic(_ code: UInt16) -> String? {
        guard let descriptor = ldns_rr_descript(code), descriptor.pointee._type.rawValue == code,
            let name = descriptor.pointee._name
        else { return nil }
        return String(cString: name)
    }

    public static func < (lhs: RecordType, rhs: RecordType) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = RecordType(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown record type \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
