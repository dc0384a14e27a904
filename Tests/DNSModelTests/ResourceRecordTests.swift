import DNSModel
import Foundation
import Testing

@Suite struct ResourceRecordTests {
    static let origin: DomainName = "abc123.database.windows.net."

    @Test(arguments: [
        ("mi1 300 IN A 10.1.2.3", RecordType.a, "mi1.abc123.database.windows.net.\t300\tIN\tA\t10.1.2.3"),
        ("v6 60 IN AAAA FD00:0:0::4", .aaaa, "v6.abc123.database.windows.net.\t60\tIN\tAAAA\tfd00::4"),
        (
            "mi1 IN CNAME mi1.privatelink", .cname,
            "mi1.abc123.database.windows.net.\t3600\tIN\tCNAME\tmi1.privatelink.abc123.database.windows.net."
        ),
        ("@ 300 IN NS ns1", .ns, "abc123.database.windows.net.\t300\tIN\tNS\tns1.abc123.database.windows.net."),
        (
            "@ 300 IN SOA ns1 hostmaster 7 3600 600 86400 300", .soa,
            "abc123.database.windows.net.\t300\tIN\tSOA\tns1.abc123.database.windows.net. hostmaster.abc123.database.windows.net. 7 3600 600 86400 300"
        ),
        (
            "t 300 IN TXT \"owner=pe-net\" \"two words\"", .txt,
            "t.abc123.database.windows.net.\t300\tIN\tTXT\t\"owner=pe-net\" \"two words\""
        ),
        (
            "3.2.1.10.in-addr.arpa. 300 IN PTR mi1", .ptr,
            "3.2.1.10.in-addr.arpa.\t300\tIN\tPTR\tmi1.abc123.database.windows.net."
        ),
        ("@ 300 IN MX 10 mail", .mx, "abc123.database.windows.net.\t300\tIN\tMX\t10 mail.abc123.database.windows.net."),
    ])
    func parsesAndPrintsCanonically(text: String, type: RecordType, canonical: String) throws {
        let record = try ResourceRecord(parsing: text, origin: Self.origin)
        #expect(record.type == type)
        #expect(record.presentation == canonical)
        let again = try ResourceRecord(parsing: record.presentation)
        #expect(again == record)
    }

    @Test(arguments: ["mi1 300 IN A 300.1.2.3", "mi1 300 IN BOGUS 1", "mi1 300 IN AAAA 10.1.2.3"])
    func refusesBadRdata(text: String) {
        #expect(throws: DNSModelError.self) { try ResourceRecord(parsing: text, origin: Self.origin) }
    }

    /// Names are read from the wire form; the escaping must match what ldns prints.
    @Test(arguments: [
        ("we\\.ird\\032x.example. 10 IN CNAME t\\(1\\).example.", "we\\.ird\\032x.example.", "t\\(1\\).example."),
        ("MiXeD.Example. 10 IN NS ns\\@1.example.", "MiXeD.Example.", "ns\\@1.example."),
    ])
    func escapedNamesSurviveTheWire(text: String, owner: String, target: String) throws {
        let record = try ResourceRecord(parsing: text)
        #expect(record.name.text == owner)
        #expect(record.data.presentation == target)
        #expect(try ResourceRecord(parsing: record.presentation) == record)
    }

    @Test func typedDataIsExposed() throws {
        let record = try ResourceRecord(parsing: "mi1.privatelink.abc123.database.windows.net. 10 IN A 10.1.2.3")
        #expect(record.data == .a(IPv4Address(octets: 10, 1, 2, 3)))
        #expect(record.ttl == 10)
        #expect(RecordType("cname") == .cname)
        #expect(RecordType("TYPE65280")?.description == "TYPE65280")
        #expect(RecordType("nope") == nil)
    }

    @Test func codableRoundTrip() throws {
        let record = try ResourceRecord(parsing: "mi1 300 IN CNAME mi1.privatelink", origin: Self.origin)
        let data = try JSONEncoder().encode(record)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"type\":\"CNAME\""))
        #expect(try JSONDecoder().decode(ResourceRecord.self, from: data) == record)
    }
}
