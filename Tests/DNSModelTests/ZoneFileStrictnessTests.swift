import DNSModel
import Testing

/// What ldns reads leniently but the DNS servers refuse: each is bad input with its line.
@Suite struct ZoneFileStrictnessTests {
    static let head = "$ORIGIN z.test.\n@ 300 IN SOA a. b. 1 2 3 4 5\n@ 300 IN NS a.\n"

    /// (records after the SOA and NS on lines 2-3, line of the error, a fragment of the reason)
    @Test(arguments: [
        ("c CH TXT \"x\"\n", 4, "class CH: a zone holds class IN records only"),
        ("h 300 HS A 1.2.3.4\n", 4, "class HS"),
        ("h 300 CLASS3 A 1.2.3.4\n", 4, "class CLASS3"),
        ("sub 300 IN SOA a. b. 1 2 3 4 5\n", 4, "a second SOA record (the first is on line 2)"),
        ("$TTL abc\nx IN A 1.2.3.4\n", 4, "$TTL 'abc' is not a TTL"),
        ("x 99999999999 IN A 1.2.3.4\n", 4, "TTL 99999999999 is above 2147483647"),
        ("x 2147483648 IN A 1.2.3.4\n", 4, "is above 2147483647"),
        ("x 1h2q IN A 1.2.3.4\n", 4, "TTL '1h2q' is not a TTL"),
        ("x 300 IN A 1.2.3.4 )\n", 4, "a ')' without a '(' before it"),
        (")\n", 4, "a ')' without"),
        ("x 300 IN TXT \"abc\n", 4, "unterminated quote"),
        ("x 300 IN TXT ( \"a\"\n\"b\"\n", 4, "the '(' on this line is never closed"),
        ("x\u{0}y 300 IN A 1.2.3.4\n", 4, "a NUL byte"),
        ("q\u{7} 300 IN A 1.2.3.4\n", 4, "control character 0x07"),
        ("x\\000y 300 IN A 1.2.3.4\n", 4, "contains control character \\000"),
        ("x\\127 300 IN A 1.2.3.4\n", 4, "contains control character \\127"),
        ("x\\\ty 300 IN A 1.2.3.4\n", 4, "an owner name contains an escaped control character 0x09"),
        ("$ORIGIN sub.z.test.   IN\tCNAME\ta\n", 4, "$ORIGIN takes one value; remove what follows it"),
        ("$TTL 300 600\n", 4, "$TTL takes one value"),
        ("x 300 IN TYPE65\u{94}A0 \\# 2 abcd\n", 4, "is not a record type"),
        ("x 300 IN INNA\n", 4, "'INNA' is not a record type"),
        ("$ TTrL\n", 4, "unknown directive '$'"),
        ("miek 3600 0\n", 4, "the record has no type"),
        ("bücher 300 IN A 1.2.3.4\n", 4, "write an internationalized name as its A-label"),
        ("Iw  A\"0\"\n", 4, "'A\"0\"' is not a record type"),
        ("$ORIGIN a\\\u{10}b.\n", 4, "an escaped control byte 0x10"),
        ("$ORIGIN a\\016b.\n", 4, "contains control character \\016"),
        ("$ORIgIN a.b.\n", 4, "unknown directive '$ORIgIN'"),
        ("$ORIGIN a..b.\n", 4, "$ORIGIN invalid domain name 'a..b.'"),
        ("x 300 IN HTTPS \\# 2 abcd\n", 4, "RFC 3597 data is not valid HTTPS data"),
        ("x 300 IN TYPE65281 \\# 2 zzzz\n", 4, "RFC 3597 data has 'z', not a hex digit"),
        ("x 300 IN TYPE65281 \\# 3 abcd\n", 4, "RFC 3597 data says 3 octets but has 2"),
        ("x 300 IN TYPE65281 \\# 2 abc\n", 4, "odd number of hex digits"),
        ("x 300 IN TYPE65281 \\# x abcd\n", 4, "must be followed by its length"),
        ("x 300 IN TYPE65281 \\#\n", 4, "must be followed by its length"),
        ("\n\nx 300 IN A \\# 3 0a0000 ; A has 4\n", 6, "RFC 3597 data is not valid A data"),
        ("Gb\" \"a;b\" \"c\"\n", 4, "the owner name 'Gb\" \"' contains a quote"),
        ("x\"y\" 300 IN A 1.2.3.4\n", 4, "contains a quote; write it escaped"),
        ("$ORIGIN a\"b\"\n", 4, "the owner name 'a\"b\"' contains a quote"),
    ])
    func refused(_ records: String, _ line: Int, _ reason: String) {
        #expect(throws: DNSModelError.self) { try Zone(parsing: Self.head + records) }
        do {
            _ = try Zone(parsing: Self.head + records, source: "z.zone")
        } catch {
            #expect(error.description.hasPrefix("z.zone:\(line): "), "\(error)")
            #expect(error.description.contains(reason), "\(error)")
        }
    }

    /// Found by fuzzing: ldns wraps an RRSIG inception past 2106 into a time it cannot read back.
    @Test func recordsThatDoNotReadBackAreRefused() {
        let text =
            Self.head
            + "x 300 IN RRSIG A 8 3 300 20300101000000 20041209142256209142256 12345 z.test. AAAA\n"
        #expect(throws: DNSModelError.self) { try Zone(parsing: text) }
    }

    /// Legal forms that must stay accepted.
    @Test(arguments: [
        "$TTL 1h30m\nx IN A 1.2.3.4\n",
        "x 2147483647 IN A 1.2.3.4\n",
        "x 300 in A 1.2.3.4\n",
        "x 300 CLASS1 A 1.2.3.4\n",
        "x 300 IN TXT \"a ) ( ; \\\" b\"\n",
        "x 300 IN TXT ( \"a\" ; comment )\n  \"b\" )\n".replacingOccurrences(of: "comment )", with: "comment"),
        "x\\.y 300 IN A 1.2.3.4\n",
        "x\\\"y 300 IN A 1.2.3.4\n",
        "x 300 IN TYPE65280 \\# 0\n",
        "x 300 IN TXT son of Glóin\n",
        "x 300 IN TYPE65280 \\# 4 0a00 0001\n",
    ])
    func accepted(_ records: String) throws {
        let zone = try Zone(parsing: Self.head + records)
        #expect(zone.records.count == 3)
        #expect(try Zone(parsing: zone.render()).render() == zone.render())
    }

    @Test func genericDataRendersAsRFC3597AndKnownTypesByMnemonic() throws {
        let zone = try Zone(
            parsing: Self.head
                + "e 300 IN TYPE65280 \\# 0\nu 300 IN TYPE65281 \\# 2 ABCD\nv 300 IN TYPE1 \\# 4 0a000001\n"
                + "t 300 IN TYPE52 \\# 5 0301010a0b\nw 300 IN CNAME x.\n"
                + "w 300 IN RRSIG CNAME 8 3 300 20300101000000 20200101000000 12345 z.test. AAAA\n"
                + "w 300 IN NSEC z.test. CNAME RRSIG NSEC\n")
        let lines = zone.render().split(separator: "\n").map(String.init)
        #expect(lines.contains("e.z.test.\t300\tIN\tTYPE65280\t\\# 0"))
        #expect(lines.contains("u.z.test.\t300\tIN\tTYPE65281\t\\# 2 abcd"))
        #expect(lines.contains("v.z.test.\t300\tIN\tA\t10.0.0.1"))
        #expect(lines.contains("t.z.test.\t300\tIN\tTLSA\t3 1 1 0a0b"))
        #expect(lines.contains { $0.hasPrefix("w.z.test.\t300\tIN\tRRSIG\tCNAME 8 3 300 ") })
        #expect(lines.contains { $0.hasPrefix("w.z.test.\t300\tIN\tNSEC\tz.test. CNAME RRSIG NSEC") })
        #expect(try Zone(parsing: zone.render()).render() == zone.render())
        #expect(RecordType("RRSIG")?.rawValue == 46)
        #expect(RecordType("tlsa")?.rawValue == 52)
        #expect(RecordType("TYPE65280")?.description == "TYPE65280")
        #expect(RecordType("BOGUS") == nil)
    }
}
