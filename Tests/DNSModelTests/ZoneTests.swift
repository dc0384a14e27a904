import DNSModel
import Foundation
import PeNetTestSupport
import Testing

@Suite struct ZoneTests {
    static let publicZone = """
        ; the public-style zone: the instance's CNAME into the privatelink zone
        $ORIGIN abc123.database.windows.net.
        $TTL 300
        @       IN SOA  ns1.abc123.database.windows.net. hostmaster.abc123.database.windows.net. (
                        2024010101 3600 600 86400 300 )
                IN NS   ns1
        ns1     IN A    127.0.0.1
        mi1     IN CNAME mi1.privatelink.abc123.database.windows.net.
        web     IN A    10.0.0.4
        txt     60 IN TXT "pe-net" "owned"
        """

    @Test func parsesDirectivesAndRelativeNames() throws {
        let zone = try Zone(parsing: Self.publicZone)
        #expect(zone.origin == "abc123.database.windows.net.")
        #expect(zone.records.count == 6)
        #expect(zone.soa?.ttl == 300)
        let cname = try #require(zone.records.first { $0.type == .cname })
        #expect(cname.name == "mi1.abc123.database.windows.net.")
        #expect(cname.data == .cname("mi1.privatelink.abc123.database.windows.net."))
        #expect(zone.records.first { $0.type == .txt }?.ttl == 60)
        #expect(zone.recordSets.count == 6)
    }

    @Test func renderIsCanonicalAndRoundTrips() throws {
        let zone = try Zone(parsing: Self.publicZone)
        let rendered = zone.render()
        let reparsed = try Zone(parsing: rendered)
        #expect(reparsed == zone || reparsed.hasSameRecords(as: zone))
        #expect(reparsed.render() == rendered)
        let lines = rendered.split(separator: "\n")
        #expect(lines.first == "$ORIGIN abc123.database.windows.net.")
        #expect(lines.dropFirst().first?.contains("\tSOA\t") == true)
    }

    @Test(arguments: [
        ("privatelink.abc123.database.windows.net.zone", "privatelink.abc123.database.windows.net.", 3)
    ])
    func bundledExampleZones(file: String, origin: String, records: Int) throws {
        let path = TestPaths.packageRoot.appendingPathComponent("examples/zones/\(file)").path
        let zone = try Zone(contentsOfFile: path)
        #expect(zone.origin.text == origin)
        #expect(zone.records.count == records)
        #expect(try Zone(parsing: zone.render()).render() == zone.render())
    }

    @Test func originCanBeGivenWhenTheFileHasNone() throws {
        let zone = try Zone(
            parsing: "@ 10 IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 10\nmi1 10 IN A 10.1.2.3\n",
            origin: "privatelink.site")
        #expect(zone.origin == "privatelink.site.")
        #expect(
            zone.records.contains(
                ResourceRecord(name: "mi1.privatelink.site.", ttl: 10, data: .a(IPv4Address(octets: 10, 1, 2, 3)))))
    }

    @Test(arguments: [
        ("$ORIGIN z.test.\n@ 10 IN SOA a. b. 1 2 3 4 5\nmi1 10 IN A 300.1.2.3\n", 3, "rdata"),
        (
            "$ORIGIN z.test.\n@ 10 IN SOA a. b. 1 2 3 4 5\n\n; comment\nmi1 10 IN BOGUS x\n", 5,
            "'bogus' is not a record type"
        ),
        ("$ORIGIN z.test.\n@ 10 IN SOA a. b. 1 2 3 4 5\nbad..name 10 IN A 10.0.0.1\n", 3, "parse"),
    ])
    func syntaxErrorsCarryTheLineAndLdnsReason(text: String, line: Int, reasonFragment: String) {
        #expect {
            try Zone(parsing: text, source: "test.zone")
        } throws: { error in
            guard case .zoneSyntax(let source, let errorLine, let reason) = error as? DNSModelError else {
                return false
            }
            return source == "test.zone" && errorLine == line && reason.lowercased().contains(reasonFragment)
        }
    }

    @Test func originComesFromTheDirectiveWhenThereIsNoSOA() throws {
        let zone = try Zone(parsing: "$ORIGIN z.test.\n$TTL 60\nmi1 IN A 10.0.0.1\n")
        #expect(zone.origin == "z.test.")
        #expect(zone.soa == nil)
        #expect {
            try Zone(parsing: "mi1 60 IN A 10.0.0.1\n", source: "x.zone")
        } throws: { error in
            guard case .zoneSyntax(_, _, let reason) = error as? DNSModelError else { return false }
            return reason.contains("no SOA and no $ORIGIN")
        }
    }

    @Test func unreadableFileIsReported() {
        #expect {
            try Zone(contentsOfFile: "/nonexistent/zone.file")
        } throws: { error in
            guard case .unreadableFile(let path, _) = error as? DNSModelError else { return false }
            return path == "/nonexistent/zone.file"
        }
    }
}
