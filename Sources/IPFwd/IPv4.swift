import DNSModel

/// An IPv4 network in CIDR form (`10.0.0.0/24`); a bare address means `/32`.
public struct IPv4Network: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let address: IPv4Address
    public let prefixLength: Int

    /// Parses `a.b.c.d/n` or `a.b.c.d`; host bits must be zero so the text is unambiguous.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = IPv4Address(parts[0]) else { return nil }
        var length = 32
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...32).contains(parsed), String(parsed) == parts[1] else { return nil }
            length = parsed
        }
        let mask: UInt32 = length == 0 ? 0 : UInt32.max << (32 - length)
        guard address.value & ~mask == 0 else { return nil }
        self.address = address
        self.prefixLength = length
    }

    public var description: String { prefixLength == 32 ? address.description : "\(address)/\(prefixLength)" }

    public static func < (lhs: IPv4Network, rhs: IPv4Network) -> Bool {
        (lhs.address, lhs.prefixLength) < (rhs.address, rhs.prefixLength)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = IPv4Network(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an IPv4 network"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
