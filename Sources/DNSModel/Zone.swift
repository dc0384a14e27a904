internal import CLDNS

#if canImport(Glibc)
    import Glibc
#endif

/// A DNS zone: its origin and records (the SOA among them). Parsed from RFC 1035 zone-file text
/// by ldns (`$ORIGIN`, `$TTL`, parentheses, relative names) and rendered in one canonical form,
/// so parse → render → parse gives back an equal zone.
public struct Zone: Hashable, Sendable, Codable {
    /// The zone apex, absolute.
    public var origin: DomainName
    /// Every record of the zone, SOA included.
    public var records: [ResourceRecord]

    public init(origin: DomainName, records: [ResourceRecord]) {
        self.origin = origin.absolute
        self.records = records
    }

    /// The SOA record, if the zone has one.
    public var soa: ResourceRecord? { records.first { $0.type == .soa } }

    /// The records grouped into record sets, in canonical order.
    public var recordSets: [RecordSet] { RecordSet.grouping(records) }

    /// Parses zone-file text. `origin` is used when the text has no `$ORIGIN` before its first
    /// relative name; `source` names the text in error messages (a file path, or `<input>`).
    public init(parsing text: String, origin: DomainName? = nil, source: String = "<input>") throws(DNSModelError) {
        var bytes = Array(text.utf8)
        try ZoneFileLint.check(bytes, source: source)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        let parsed: Result<Zone, DNSModelError> = bytes.withUnsafeMutableBytes { raw in
            guard let stream = fmemopen(raw.baseAddress, raw.count, "r") else {
                return .failure(.unreadableFile(path: source, reason: String(cString: strerror(errno))))
            }
            defer { fclose(stream) }
            do throws(DNSModelError) {
                return .success(
                    try Zone.parse(
                        stream: stream, origin: origin, directive: Zone.firstOriginDirective(in: text), source: source))
            } catch {
                return .failure(error)
            }
        }
        self = try parsed.get()
    }

    /// Reads and parses a zone file.
    public init(contentsOfFile path: String, origin: DomainName? = nil) throws(DNSModelError) {
        guard let stream = fopen(path, "r") else {
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&chunk, 1, chunk.count, stream)
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count { break }
        }
        let failed = ferror(stream) != 0
        fclose(stream)
        if failed { throw .unreadableFile(path: path, reason: "read error") }
        try self.init(parsing: String(decoding: bytes, as: UTF8.self), origin: origin, source: path)
    }

    /// The name of the first `$ORIGIN` directive, if any (ldns applies it but does not report it).
    static func firstOriginDirective(in text: String) -> DomainName? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.count >= 2, fields[0].uppercased() == "$ORIGIN" {
                return try? DomainName(String(fields[1]))
            }
        }
        return nil
    }

    private static func parse(
        stream: UnsafeMutablePointer<FILE>, origin: DomainName?, directive: DomainName?, source: String
    ) throws(DNSModelError) -> Zone {
        let originName = try origin.map { name throws(DNSModelError) in try LDNSName(name.absolute.text) }
        var zone: UnsafeMutablePointer<ldns_zone>? = nil
        var line: Int32 = 0
        let status = ldns_zone_new_frm_fp_l(&zone, stream, originName?.pointer, 0, LDNS_RR_CLASS_IN, &line)
        guard status == LDNS_STATUS_OK, let zone else {
            throw .zoneSyntax(source: source, line: Int(line), reason: LDNS.reason(status))
        }
        defer { ldns_zone_deep_free(zone) }
        var all: [ResourceRecord] = []
        if let soa = ldns_zone_soa(zone) {
            all.append(try ResourceRecord(ldns: soa))
        }
        all.append(contentsOf: try ldnsRecords(of: ldns_zone_rrs(zone)))
        // ldns reads some out-of-range fields of other types (an RRSIG time past 2106, say) into
        // values it then prints as text it refuses: such a record is bad input, not a zone.
        for record in all {
            guard case .other = record.data else { continue }
            guard (try? ResourceRecord(parsing: record.presentation)) == record else {
                throw .invalidRecord(
                    record.presentation, reason: "its data does not read back as written; check each field's range")
            }
        }
        guard let apex = all.first(where: { $0.type == .soa })?.name ?? origin ?? directive else {
            throw .zoneSyntax(
                source: source, line: 1, reason: "the zone has no SOA and no $ORIGIN: add $ORIGIN or pass the origin")
        }
        return Zone(origin: apex, records: all)
    }

    /// The canonical zone-file text: `$ORIGIN`, the SOA, then every other record in DNSSEC
    /// canonical name order, then by type and data; absolute names, explicit TTLs, tab-separated.
    public func render() -> String {
        var lines = ["$ORIGIN \(origin.text)"]
        lines.append(contentsOf: Zone.canonicalOrder(records).map(\.presentation))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Records sorted as `render()` prints them, duplicates removed.
    public static func canonicalOrder(_ records: [ResourceRecord]) -> [ResourceRecord] {
        var seen = Set<ResourceRecord>()
        let unique = records.filter { seen.insert($0).inserted }
        let soa = unique.filter { $0.type == .soa }
        let rest = unique.filter { $0.type != .soa }.sorted { lhs, rhs in
            if lhs.name != rhs.name { return lhs.name < rhs.name }
            if lhs.type != rhs.type { return lhs.type < rhs.type }
            return lhs.data.presentation < rhs.data.presentation
        }
        return soa + rest
    }

    /// True when both zones hold the same records, regardless of order.
    public func hasSameRecords(as other: Zone) -> Bool {
        origin == other.origin && Set(records) == Set(other.records)
    }
}
