internal import CLDNS

#if canImport(Glibc)
    import Glibc
#endif

/// The response code of a DNS message (RFC 1035 §4.1.1, RFC 6895).
public struct DNSResponseCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let noError = DNSResponseCode(rawValue: 0)
    public static let formatError = DNSResponseCode(rawValue: 1)
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    public static let nameError = DNSResponseCode(rawValue: 3)
    public static let notImplemented = DNSResponseCode(rawValue: 4)
    public static let refused = DNSResponseCode(rawValue: 5)

    public var description: String {
        ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"].indices.contains(Int(rawValue))
            ? ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"][Int(rawValue)] : "RCODE\(rawValue)"
    }
}

/// The question of a DNS message.
public struct DNSQuestion: Hashable, Sendable, Codable, CustomStringConvertible {
    public var name: DomainName
    public var type: RecordType

    public init(name: DomainName, type: RecordType) {
        self.name = name
        self.type = type
    }

    public var description: String { "\(name.text) \(type)" }
}

/// A DNS message, encoded to and decoded from the wire by ldns (`ldns_pkt2wire`, `ldns_wire2pkt`).
public struct DNSMessage: Hashable, Sendable {
    public var id: UInt16
    public var isResponse: Bool
    public var isAuthoritative: Bool
    public var isTruncated: Bool
    public var recursionDesired: Bool
    public var recursionAvailable: Bool
    public var responseCode: DNSResponseCode
    public var questions: [DNSQuestion]
    public var answer: [ResourceRecord]
    public var authority: [ResourceRecord]
    public var additional: [ResourceRecord]

    /// Builds the wire form of a query for `question` (class IN). With `ednsUDPSize`, an OPT
    /// record advertises that UDP payload size.
    public static func queryWire(
        id: UInt16, question: DNSQuestion, recursionDesired: Bool = true, ednsUDPSize: UInt16? = 1232
    ) throws(DNSModelError) -> [UInt8] {
        var packet: LDNSPacketPointer? = nil
        let type = ldns_rr_type(rawValue: UInt32(question.type.rawValue))
        let status = ldns_pkt_query_new_frm_str(
            &packet, question.name.absolute.text, type, LDNS_RR_CLASS_IN, recursionDesired ? CLDNS_FLAG_RD : 0)
        guard status == LDNS_STATUS_OK, let packet else {
            throw .malformedMessage(reason: "cannot build a query for \(question): \(LDNS.reason(status))")
        }
        let owner = LDNSPacket(owning: packet)
        ldns_pkt_set_id(owner.pointer, id)
        if let ednsUDPSize { ldns_pkt_set_edns_udp_size(owner.pointer, ednsUDPSize) }
        var wire: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        let encoded = ldns_pkt2wire(&wire, owner.pointer, &size)
        guard encoded == LDNS_STATUS_OK, let wire else {
            throw .malformedMessage(reason: "cannot encode a query for \(question): \(LDNS.reason(encoded))")
        }
        defer { free(wire) }
        return Array(UnsafeBufferPointer(start: wire, count: size))
    }

    /// Decodes a message received from the wire.
    public init(wire: UnsafeRawBufferPointer) throws(DNSModelError) {
        guard let base = wire.baseAddress, wire.count >= 12 else {
            throw .malformedMessage(reason: "\(wire.count) octets is shorter than a DNS header")
        }
        var packet: LDNSPacketPointer? = nil
        let status = ldns_wire2pkt(&packet, base.assumingMemoryBound(to: UInt8.self), wire.count)
        guard status == LDNS_STATUS_OK, let packet else {
            throw .malformedMessage(reason: LDNS.reason(status))
        }
        let owner = LDNSPacket(owning: packet)
        let p = owner.pointer
        id = ldns_pkt_id(p)
        isResponse = ldns_pkt_qr(p)
        isAuthoritative = ldns_pkt_aa(p)
        isTruncated = ldns_pkt_tc(p)
        recursionDesired = ldns_pkt_rd(p)
        recursionAvailable = ldns_pkt_ra(p)
        responseCode = DNSResponseCode(rawValue: UInt8(truncatingIfNeeded: ldns_pkt_get_rcode(p).rawValue))
        var questions: [DNSQuestion] = []
        if let list = ldns_pkt_question(p) {
            for index in 0..<ldns_rr_list_rr_count(list) {
                guard let rr = ldns_rr_list_rr(list, index) else { continue }
                let name = LDNS.name(of: ldns_rr_owner(rr))
                questions.append(
                    DNSQuestion(
                        name: name,
                        type: RecordType(rawValue: UInt16(truncatingIfNeeded: ldns_rr_get_type(rr).rawValue))))
            }
        }
        self.questions = questions
        answer = try ldnsRecords(of: ldns_pkt_answer(p))
        authority = try ldnsRecords(of: ldns_pkt_authority(p))
        additional = try ldnsRecords(of: ldns_pkt_additional(p))
    }

    /// Decodes a message held in an array.
    public init(wire: [UInt8]) throws(DNSModelError) {
        let decoded: Result<DNSMessage, DNSModelError> = wire.withUnsafeBytes { raw in
            do throws(DNSModelError) {
                return .success(try DNSMessage(wire: raw))
            } catch {
                return .failure(error)
            }
        }
        self = try decoded.get()
    }
}
