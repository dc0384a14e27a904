#if canImport(Glibc)
    import Glibc
#endif

/// An IPv4 address, parsed and printed in dotted-quad form (`10.1.2.3`).
public struct IPv4Address: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The address in network byte order as four octets.
    public let octets: [UInt8]

    /// Parses strict dotted-quad text (no leading zeros); nil when it is not exactly an IPv4 address.
    public init?(_ text: some StringProtocol) {
        var storage = in_addr()
        guard inet_pton(AF_INET, String(text), &storage) == 1 else { return nil }
        octets = withUnsafeBytes(of: &storage) { Array($0) }
    }

    public init(octets a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        octets = [a, b, c, d]
    }

    /// The address from a host-order 32-bit number (`0x0a010203` is `10.1.2.3`).
    public init(value: UInt32) {
        octets = [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    /// The address as a host-order 32-bit number, for prefix and mask arithmetic.
    public var value: UInt32 { octets.reduce(0) { $0 << 8 | UInt32($1) } }

    public var description: String {
        var text = ""
        text.reserveCapacity(15)
        for (index, octet) in octets.enumerated() {
            if index > 0 { text += "." }
            text += String(octet)
        }
        return text
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.octets.lexicographicallyPrecedes(rhs.octets)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = IPv4Address(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an IPv4 address: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An IPv6 address, printed in the RFC 5952 canonical form (`fd00::4`).
public struct IPv6Address: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The sixteen octets in network byte order.
    public let octets: [UInt8]

    /// Parses IPv6 text (no zone id, no brackets); nil otherwise.
    public init?(_ text: String) {
        var storage = in6_addr()
        guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
        octets = withUnsafeBytes(of: &storage) { Array($0) }
    }

    /// From sixteen octets in network byte order; nil for any other count.
    public init?(octets: [UInt8]) {
        guard octets.count == 16 else { return nil }
        self.octets = octets
    }

    public var description: String {
        var storage = in6_addr()
        withUnsafeMutableBytes(of: &storage) { raw in
            for (index, octet) in octets.enumerated() { raw[index] = octet }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        lhs.octets.lexicographicallyPrecedes(rhs.octets)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = IPv6Address(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an IPv6 address: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Either address family: what an A or AAAA record holds and what a name is expected to resolve to.
public enum IPAddress: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses either family (IPv6 without brackets or zone id).
    public init?(_ text: String) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): return address.description
        case .v6(let address): return address.description
        }
    }

    /// The record type that carries this address: A or AAAA.
    public var recordType: RecordType {
        switch self {
        case .v4: return .a
        case .v6: return .aaaa
        }
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let l), .v4(let r)): return l < r
        case (.v6(let l), .v6(let r)): return l < r
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = IPAddress(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an IP address: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
