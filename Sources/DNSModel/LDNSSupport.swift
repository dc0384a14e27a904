internal import CLDNS

#if canImport(Glibc)
    import Glibc
#endif

// The one place where ldns statuses, strings and pointers are turned into Swift values.
// Nothing declared here is public: no ldns pointer leaves this module.

typealias LDNSRRPointer = UnsafeMutablePointer<ldns_rr>
typealias LDNSRdfPointer = UnsafeMutablePointer<ldns_rdf>
typealias LDNSPacketPointer = UnsafeMutablePointer<ldns_pkt>

enum LDNS {
    /// ldns's static text for a status code (never freed).
    static func reason(_ status: ldns_status) -> String {
        guard let text = ldns_get_errorstr_by_id(status) else { return "ldns status \(status.rawValue)" }
        return String(cString: text)
    }

    /// Takes ownership of a malloc'd C string from one of ldns's `*2str` functions.
    static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// A domain name read straight from an rdf's wire form (length-prefixed labels), escaping
    /// as ldns would print it. This is the per-answer hot path: `ldns_rdf2str` formats names one
    /// character at a time through printf.
    static func name(of rdf: UnsafePointer<ldns_rdf>?) -> DomainName {
        guard let rdf, let data = ldns_rdf_data(rdf) else { return .root }
        let size = ldns_rdf_size(rdf)
        var labels: [String] = []
        labels.reserveCapacity(6)
        var offset = 0
        while offset < size {
            let length = Int(data[offset])
            if length == 0 || offset + 1 + length > size { break }
            let raw = UnsafeBufferPointer(start: data + offset + 1, count: length)
            if raw.allSatisfy(isPlainLabelOctet) {
                // the usual label (letters, digits, hyphens...): its text is its octets
                labels.append(String(decoding: raw, as: UTF8.self))
                offset += 1 + length
                continue
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(length)
            for byte in UnsafeBufferPointer(start: data + offset + 1, count: length) {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "("), UInt8(ascii: ")"),
                    UInt8(ascii: ";"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                    bytes += [UInt8(ascii: "\\"), byte]
                case 0x21...0x7E:
                    bytes.append(byte)
                default:
                    let digits = String(byte)
                    bytes +=
                        [UInt8(ascii: "\\")] + Array(repeating: UInt8(ascii: "0"), count: 3 - digits.utf8.count)
                        + Array(digits.utf8)
                }
            }
            labels.append(String(decoding: bytes, as: UTF8.self))
            offset += 1 + length
        }
        return DomainName(validatedLabels: labels, absolute: true)
    }

    /// True for an octet ldns prints as itself in a name (printable ASCII other than the
    /// characters it escapes).
    @inline(__always)
    static func isPlainLabelOctet(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: ";"), UInt8(ascii: "@"), UInt8(ascii: "$"):
            return false
        case 0x21...0x7E: return true
        default: return false
        }
    }

    /// The octets of an rdf (an A or AAAA address).
    static func octets(of rdf: UnsafePointer<ldns_rdf>?) -> [UInt8] {
        guard let rdf, let data = ldns_rdf_data(rdf) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: ldns_rdf_size(rdf)))
    }

    /// The presentation text of one rdata field, e.g. `10.1.2.3` or `mi1.privatelink.example.`.
    static func text(of rdf: UnsafePointer<ldns_rdf>?) -> String {
        guard let rdf else { return "" }
        return takeString(ldns_rdf2str(rdf))
    }
}

/// Owns one `ldns_rdf` holding a domain name and frees it deeply.
final class LDNSName {
    let pointer: LDNSRdfPointer

    /// Parses presentation text; the error carries ldns's reason.
    init(_ text: String) throws(DNSModelError) {
        var rdf: LDNSRdfPointer? = nil
        let status = ldns_str2rdf_dname(&rdf, text)
        guard status == LDNS_STATUS_OK, let rdf else {
            throw .invalidName(text, reason: LDNS.reason(status))
        }
        pointer = rdf
    }

    deinit { ldns_rdf_deep_free(pointer) }
}

/// Owns one `ldns_rr` that belongs to no list, packet or zone.
final class LDNSRecord {
    let pointer: LDNSRRPointer

    init(text: String, origin: LDNSName?, defaultTTL: UInt32) throws(DNSModelError) {
        var rr: LDNSRRPointer? = nil
        let status = ldns_rr_new_frm_str(&rr, text, defaultTTL, origin?.pointer, nil)
        guard status == LDNS_STATUS_OK, let rr else {
            throw .invalidRecord(text, reason: LDNS.reason(status))
        }
        pointer = rr
    }

    deinit { ldns_rr_free(pointer) }
}

/// Owns one `ldns_pkt` and frees it with all its sections.
final class LDNSPacket {
    let pointer: LDNSPacketPointer

    init(owning pointer: LDNSPacketPointer) { self.pointer = pointer }

    deinit { ldns_pkt_free(pointer) }
}

extension ResourceRecord {
    /// Copies an ldns record (owned by someone else) into a value.
    init(ldns rr: UnsafePointer<ldns_rr>) throws(DNSModelError) {
        let name = LDNS.name(of: ldns_rr_owner(rr))
        let type = RecordType(rawValue: UInt16(truncatingIfNeeded: ldns_rr_get_type(rr).rawValue))
        let count = ldns_rr_rd_count(rr)
        if count == 1, let data = ResourceRecord.fastData(type: type, rdf: ldns_rr_rdf(rr, 0)) {
            self.init(name: name, ttl: ldns_rr_ttl(rr), data: data)
            return
        }
        if !type.hasPresentationForm {
            // RFC 3597 §5: a type without a presentation form is written as generic data, the
            // form every server reads (ldns prints nothing at all for empty rdata).
            var octets: [UInt8] = []
            for index in 0..<count { octets += LDNS.octets(of: ldns_rr_rdf(rr, index)) }
            let hex = octets.map {
                String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
            }
            let text = octets.isEmpty ? "\\# 0" : "\\# \(octets.count) \(hex.joined())"
            self.init(name: name, ttl: ldns_rr_ttl(rr), data: .other(type, text))
            return
        }
        var fields: [String] = []
        fields.reserveCapacity(count)
        for index in 0..<count {
            fields.append(LDNS.text(of: ldns_rr_rdf(rr, index)))
        }
        let data = try RecordData(type: type, fields: fields)
        self.init(name: name, ttl: ldns_rr_ttl(rr), data: data)
    }

    /// Typed data read from the rdf's octets for the types on the verification path.
    private static func fastData(type: RecordType, rdf: UnsafePointer<ldns_rdf>?) -> RecordData? {
        switch type {
        case .a:
            let octets = LDNS.octets(of: rdf)
            return octets.count == 4 ? .a(IPv4Address(octets: octets[0], octets[1], octets[2], octets[3])) : nil
        case .aaaa:
            let octets = LDNS.octets(of: rdf)
            return octets.count == 16 ? IPv6Address(octets: octets).map(RecordData.aaaa) : nil
        case .cname: return .cname(LDNS.name(of: rdf))
        case .ns: return .ns(LDNS.name(of: rdf))
        case .ptr: return .ptr(LDNS.name(of: rdf))
        default: return nil
        }
    }
}

/// Copies every record of an ldns list (owned by a packet or zone) into values.
func ldnsRecords(of list: UnsafeMutablePointer<ldns_rr_list>?) throws(DNSModelError) -> [ResourceRecord] {
    guard let list else { return [] }
    let count = ldns_rr_list_rr_count(list)
    var result: [ResourceRecord] = []
    result.reserveCapacity(count)
    for index in 0..<count {
        guard let rr = ldns_rr_list_rr(list, index) else { continue }
        result.append(try ResourceRecord(ldns: rr))
    }
    return result
}
