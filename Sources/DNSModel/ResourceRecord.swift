/// The start-of-authority data of a zone.
public struct SOAData: Hashable, Sendable {
    public var primaryServer: DomainName
    public var responsibleMailbox: DomainName
    public var serial: UInt32
    public var refresh: UInt32
    public var retry: UInt32
    public var expire: UInt32
    public var minimumTTL: UInt32

    public init(
        primaryServer: DomainName, responsibleMailbox: DomainName, serial: UInt32,
        refresh: UInt32 = 3600, retry: UInt32 = 600, expire: UInt32 = 86400, minimumTTL: UInt32 = 300
    ) {
        self.primaryServer = primaryServer
        self.responsibleMailbox = responsibleMailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimumTTL = minimumTTL
    }
}

/// The data part of a record, typed for the record types pe-net reads and writes; any other
/// type keeps its presentation text.
public enum RecordData: Hashable, Sendable {
    case a(IPv4Address)
    case aaaa(IPv6Address)
    case cname(DomainName)
    case ns(DomainName)
    case ptr(DomainName)
    /// The character strings of a TXT record, in presentation form without the quotes.
    case txt([String])
    case soa(SOAData)
    case mx(preference: UInt16, exchange: DomainName)
    /// Any other type, as its rdata presentation text.
    case other(RecordType, String)

    /// The record type this data belongs to.
    public var type: RecordType {
        switch self {
        case .a: return .a
        case .aaaa: return .aaaa
        case .cname: return .cname
        case .ns: return .ns
        case .ptr: return .ptr
        case .txt: return .txt
        case .soa: return .soa
        case .mx: return .mx
        case .other(let type, _): return type
        }
    }

    /// The rdata in zone-file presentation format.
    public var presentation: String {
        switch self {
        case .a(let address): return address.description
        case .aaaa(let address): return address.description
        case .cname(let name), .ns(let name), .ptr(let name): return name.text
        case .txt(let strings): return strings.map { "\"\($0)\"" }.joined(separator: " ")
        case .soa(let soa):
            return
                "\(soa.primaryServer.text) \(soa.responsibleMailbox.text) \(soa.serial) \(soa.refresh) \(soa.retry) \(soa.expire) \(soa.minimumTTL)"
        case .mx(let preference, let exchange): return "\(preference) \(exchange.text)"
        case .other(_, let text): return text
        }
    }

    /// Builds typed data from ldns's presentation text of each rdata field.
    init(type: RecordType, fields: [String]) throws(DNSModelError) {
        func field(_ index: Int) throws(DNSModelError) -> String {
            guard index < fields.count else {
                throw .invalidRecord(fields.joined(separator: " "), reason: "\(type) record has too few fields")
            }
            return fields[index]
        }
        func number(_ index: Int) throws(DNSModelError) -> UInt32 {
            let text = try field(index)
            guard let value = UInt32(text) else {
                throw .invalidRecord(fields.joined(separator: " "), reason: "'\(text)' is not a number")
            }
            return value
        }
        switch type {
        case .a:
            let text = try field(0)
            guard let address = IPv4Address(text) else { throw .invalidAddress(text, family: "IPv4") }
            self = .a(address)
        case .aaaa:
            let text = try field(0)
            guard let address = IPv6Address(text) else { throw .invalidAddress(text, family: "IPv6") }
            self = .aaaa(address)
        case .cname: self = .cname(DomainName(ldnsText: try field(0)))
        case .ns: self = .ns(DomainName(ldnsText: try field(0)))
        case .ptr: self = .ptr(DomainName(ldnsText: try field(0)))
        case .txt:
            self = .txt(
                fields.map { text in
                    text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"")
                        ? String(text.dropFirst().dropLast()) : text
                })
        case .soa:
            self = .soa(
                SOAData(
                    primaryServer: DomainName(ldnsText: try field(0)),
                    responsibleMailbox: DomainName(ldnsText: try field(1)),
                    serial: try number(2), refresh: try number(3), retry: try number(4), expire: try number(5),
                    minimumTTL: try number(6)))
        case .mx:
            let preference = try number(0)
            guard preference <= UInt16.max else {
                throw .invalidRecord(fields.joined(separator: " "), reason: "MX preference above 65535")
            }
            self = .mx(preference: UInt16(preference), exchange: DomainName(ldnsText: try field(1)))
        default:
            self = .other(type, fields.joined(separator: " "))
        }
    }
}

/// One resource record (class IN): owner name, TTL and typed data.
public struct ResourceRecord: Hashable, Sendable, Codable, CustomStringConvertible {
    public var name: DomainName
    public var ttl: UInt32
    public var data: RecordData

    public init(name: DomainName, ttl: UInt32, data: RecordData) {
        self.name = name
        self.ttl = ttl
        self.data = data
    }

    /// Parses one record in zone-file syntax through ldns (`mi1 300 IN A 10.1.2.3`); relative
    /// names are completed with `origin`, a missing TTL becomes `defaultTTL`.
    public init(parsing text: String, origin: DomainName? = nil, defaultTTL: UInt32 = 3600) throws(DNSModelError) {
        let originName = try origin.map { name throws(DNSModelError) in try LDNSName(name.absolute.text) }
        let record = try LDNSRecord(text: text, origin: originName, defaultTTL: defaultTTL)
        try self.init(ldns: record.pointer)
    }

    public var type: RecordType { data.type }

    /// One zone-file line: `owner<TAB>ttl<TAB>IN<TAB>type<TAB>rdata`, the layout ldns prints.
    public var presentation: String { "\(name.text)\t\(ttl)\tIN\t\(type)\t\(data.presentation)" }

    public var description: String { presentation }

    private enum CodingKeys: String, CodingKey { case name, ttl, type, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(DomainName.self, forKey: .name)
        let ttl = try container.decode(UInt32.self, forKey: .ttl)
        let type = try container.decode(RecordType.self, forKey: .type)
        let data = try container.decode(String.self, forKey: .data)
        do {
            self = try ResourceRecord(parsing: "\(name.absolute.text) \(ttl) IN \(type) \(data)")
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(ttl, forKey: .ttl)
        try container.encode(type, forKey: .type)
        try container.encode(data.presentation, forKey: .data)
    }
}
