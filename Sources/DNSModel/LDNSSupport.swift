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
        let ownerText = LDNS.text(of: ldns_rr_owner(rr))
        let name = DomainName(ldnsText: ownerText)
        let type = RecordType(rawValue: UInt16(truncatingIfNeeded: ldns_rr_get_type(rr).rawValue))
        var fields: [String] = []
        let count = ldns_rr_rd_count(rr)
        fields.reserveCapacity(count)
        for index in 0..<count {
            fields.append(LDNS.text(of: ldns_rr_rdf(rr, index)))
        }
        let data = try RecordData(type: type, fields: fields)
        self.init(name: name, ttl: ldns_rr_ttl(rr), data: data)
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
