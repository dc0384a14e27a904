import DNSModel

/// A DNS server to send queries to: an IP address and a UDP/TCP port.
public struct DNSServer: Hashable, Sendable, Codable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16 = 53) {
        self.address = address
        self.port = port
    }

    /// Parses `10.0.0.4`, `127.0.0.1:5353`, `::1`, `[::1]:5353`.
    public init(parsing text: String) throws(ResolverError) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                let address = IPv6Address(String(text[text.index(after: text.startIndex)..<close]))
            else {
                throw .invalidServer(text)
            }
            let rest = text[text.index(after: close)...]
            if rest.isEmpty {
                self.init(address: .v6(address))
                return
            }
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()), port > 0 else { throw .invalidServer(text) }
            self.init(address: .v6(address), port: port)
            return
        }
        if let address = IPAddress(text) {
            self.init(address: address)
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let v4 = IPv4Address(String(parts[0])), let port = UInt16(parts[1]), port > 0 else {
            throw .invalidServer(text)
        }
        self.init(address: .v4(v4), port: port)
    }

    /// `127.0.0.1:5353` or `[::1]:5353`.
    public var description: String {
        switch address {
        case .v4(let v4): return "\(v4):\(port)"
        case .v6(let v6): return "[\(v6)]:\(port)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
