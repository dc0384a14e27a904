import DNSModel
import Foundation

/// A record set of any type a private DNS zone holds (`Microsoft.Network/privateDnsZones/{A,
/// AAAA,CNAME,MX,PTR,SOA,SRV,TXT}`), as `GET .../privateDnsZones/{zone}/ALL` lists them.
public typealias PrivateDNSRecordSet = ARMResource<PrivateDNSRecordSetProperties>

/// The fields of a record set of any type; exactly one of the record arrays is set.
public struct PrivateDNSRecordSetProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.privateDNS
    public static let resourceType = "Microsoft.Network/privateDnsZones/ALL"

    /// The record types a private zone holds, as ARM spells them in paths and in `type`.
    public static let supportedTypes = ["A", "AAAA", "CNAME", "MX", "PTR", "SOA", "SRV", "TXT"]

    /// Free-form key/value metadata (pe-net marks what it writes here).
    public var metadata: [String: String]?
    public var ttl: Int?
    /// Read-only, with a trailing dot.
    public var fqdn: String?
    public var isAutoRegistered: Bool?
    public var aRecords: [ARecordSetProperties.ARecord]?
    public var aaaaRecords: [AAAARecord]?
    public var cnameRecord: CNAMERecord?
    public var mxRecords: [MXRecord]?
    public var ptrRecords: [PTRRecord]?
    public var srvRecords: [SRVRecord]?
    public var txtRecords: [TXTRecord]?

    /// One IPv6 address.
    public struct AAAARecord: Codable, Sendable, Equatable, Hashable {
        public var ipv6Address: String?
        public init(ipv6Address: String) { self.ipv6Address = ipv6Address }
    }

    /// The canonical name.
    public struct CNAMERecord: Codable, Sendable, Equatable, Hashable {
        public var cname: String?
        public init(cname: String) { self.cname = cname }
    }

    /// One mail exchanger.
    public struct MXRecord: Codable, Sendable, Equatable, Hashable {
        public var preference: Int?
        public var exchange: String?
        public init(preference: Int, exchange: String) {
            self.preference = preference
            self.exchange = exchange
        }
    }

    /// One pointer.
    public struct PTRRecord: Codable, Sendable, Equatable, Hashable {
        public var ptrdname: String?
        public init(ptrdname: String) { self.ptrdname = ptrdname }
    }

    /// One service location.
    public struct SRVRecord: Codable, Sendable, Equatable, Hashable {
        public var priority: Int?
        public var weight: Int?
        public var port: Int?
        public var target: String?
        public init(priority: Int, weight: Int, port: Int, target: String) {
            self.priority = priority
            self.weight = weight
            self.port = port
            self.target = target
        }
    }

    /// One TXT record: its character strings.
    public struct TXTRecord: Codable, Sendable, Equatable, Hashable {
        public var value: [String]?
        public init(value: [String]) { self.value = value }
    }

    /// Empty properties, filled in by the caller.
    public init(ttl: Int? = nil, metadata: [String: String]? = nil) {
        self.ttl = ttl
        self.metadata = metadata
    }

    /// The records as comparable text, one line per record, sorted: names lower-cased with a
    /// trailing dot, IPv6 addresses in their canonical form, TXT strings quoted.
    public var recordTexts: [String] {
        func name(_ text: String?) -> String {
            let lower = (text ?? "").lowercased()
            return lower.hasSuffix(".") ? lower : lower + "."
        }
        var lines: [String] = []
        lines += (aRecords ?? []).map { $0.ipv4Address ?? "" }
        lines += (aaaaRecords ?? []).map { record in
            let text = record.ipv6Address ?? ""
            return IPv6Address(text)?.description ?? text.lowercased()
        }
        if let cnameRecord { lines.append(name(cnameRecord.cname)) }
        lines += (mxRecords ?? []).map { "\($0.preference ?? 0) \(name($0.exchange))" }
        lines += (ptrRecords ?? []).map { name($0.ptrdname) }
        lines += (srvRecords ?? []).map {
            "\($0.priority ?? 0) \($0.weight ?? 0) \($0.port ?? 0) \(name($0.target))"
        }
        lines += (txtRecords ?? []).map { ($0.value ?? []).map { "\"\($0)\"" }.joined(separator: " ") }
        return lines.sorted()
    }
}
