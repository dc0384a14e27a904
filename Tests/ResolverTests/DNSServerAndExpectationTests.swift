import DNSModel
import Resolver
import Synchronization
import Testing

@Suite struct DNSServerAndExpectationTests {
    @Test(arguments: [
        ("10.0.0.4", "10.0.0.4:53"),
        ("127.0.0.1:5353", "127.0.0.1:5353"),
        ("::1", "[::1]:53"),
        ("[::1]:5353", "[::1]:5353"),
        ("[FD00:0::4]", "[fd00::4]:53"),
    ])
    func serversParse(text: String, canonical: String) throws {
        #expect(try DNSServer(parsing: text).description == canonical)
    }

    @Test(arguments: [
        "nowhere", "127.0.0.1:0", "127.0.0.1:70000", "[::1", "[::1]:x", "10.0.0.4:53:1", "", "mi1.example:53",
    ])
    func badServersAreRefused(text: String) {
        #expect(throws: ResolverError.invalidServer(text)) { try DNSServer(parsing: text) }
    }

    @Test func expectationsParseAndMerge() throws {
        let first = try ResolutionExpectation(parsing: "MI1.abc123.database.windows.net=10.1.2.3")
        let second = try ResolutionExpectation(parsing: " mi1.abc123.database.windows.net. = fd00::4 ")
        let other = try ResolutionExpectation(parsing: "mi2.abc123.database.windows.net=10.1.2.4")
        let merged = ResolutionExpectation.merged([first, other, second])
        #expect(merged.count == 2)
        #expect(merged[0].name == "mi1.abc123.database.windows.net.")
        #expect(
            merged[0].addresses
                == [IPAddress("10.1.2.3"), IPAddress("fd00::4")].compactMap { $0 }.reduce(into: Set()) { $0.insert($1) }
        )
        #expect(merged[1].addresses.map(\.description) == ["10.1.2.4"])
    }

    @Test(arguments: [
        ("mi1.example", "no '='"),
        ("mi1.example=10.1.2", "is not an IP address"),
        ("=10.1.2.3", "empty"),
        ("-x.example=10.1.2.3", "hyphen"),
    ])
    func badExpectationsAreRefused(text: String, fragment: String) {
        #expect {
            try ResolutionExpectation(parsing: text)
        } throws: { error in
            (error as? ResolverError)?.description.contains(fragment) == true
        }
    }

    /// A resolver that answers from a table: the verifier's verdicts without a network.
    struct TableResolver: DNSResolving {
        var server = DNSServer(address: .v4(IPv4Address(octets: 127, 0, 0, 1)), port: 53)
        var table: [DomainName: DNSLookup]

        func lookup(_ names: [DomainName], type: RecordType) async -> [DNSLookup] {
            names.map {
                table[$0] ?? DNSLookup(question: DNSQuestion(name: $0, type: type), server: server, outcome: .nxdomain)
            }
        }
    }

    static let loopback = DNSServer(address: .v4(IPv4Address(octets: 127, 0, 0, 1)), port: 53)

    @Test func verifierVerdicts() async throws {
        func answer(_ name: DomainName, _ ips: [String]) -> DNSLookup {
            DNSLookup(
                question: DNSQuestion(name: name, type: .a), server: Self.loopback, outcome: .answer,
                records: ips.compactMap { IPv4Address($0) }.map { ResourceRecord(name: name, ttl: 10, data: .a($0)) })
        }
        let servfail = DNSLookup(
            question: DNSQuestion(name: "sf.z.", type: .a), server: Self.loopback, outcome: .servfail)
        let resolver = TableResolver(table: [
            "ok.z.": answer("ok.z.", ["10.0.0.1"]),
            "extra.z.": answer("extra.z.", ["10.0.0.1", "10.0.0.2"]),
            "sf.z.": servfail,
        ])
        let results = await ResolutionVerifier(resolver: resolver).verify(
            try ["ok.z=10.0.0.1", "extra.z=10.0.0.1", "sf.z=10.0.0.1", "missing.z=10.0.0.1"].map {
                try ResolutionExpectation(parsing: $0)
            })
        #expect(results.map(\.status) == [.match, .mismatch, .servfail, .nxdomain])
        #expect(results.map(\.passed) == [true, false, false, false])
    }

    @Test func streamingVerificationThroughAnyResolver() async throws {
        // A resolver without a streaming lookup of its own gets the protocol's: names of both
        // families, in slices, come back in input order with the array API's verdicts.
        let v4 = DNSLookup(
            question: DNSQuestion(name: "dual.z.", type: .a), server: Self.loopback, outcome: .answer,
            records: [ResourceRecord(name: "dual.z.", ttl: 10, data: .a(IPv4Address(octets: 10, 0, 0, 1)))])
        let resolver = TableResolver(table: ["dual.z.": v4, "ok.z.": v4])
        let expectations = try ["ok.z=10.0.0.1", "dual.z=10.0.0.1", "missing.z=10.0.0.1", "dual.z=fd00::1"].map {
            try ResolutionExpectation(parsing: $0)
        }
        let merged = ResolutionExpectation.merged(expectations)
        let streamed = Mutex<[ResolutionResult]>([])
        try await ResolutionVerifier(resolver: resolver).verify(
            count: merged.count, sliceSize: 2, slice: { Array(merged[$0]) },
            deliver: { results in streamed.withLock { $0 += results } })
        let expected = await ResolutionVerifier(resolver: resolver).verify(expectations)
        #expect(streamed.withLock { $0 } == expected)
        #expect(expected.map(\.status) == [.match, .mismatch, .nxdomain])

        struct Unreadable: Error {}
        await #expect(throws: Unreadable.self) {
            try await ResolutionVerifier(resolver: resolver).verify(
                count: 10, sliceSize: 2,
                slice: { range in
                    if range.lowerBound >= 2 { throw Unreadable() }
                    return Array(merged[0..<2])
                }, deliver: { _ in })
        }
    }
}
