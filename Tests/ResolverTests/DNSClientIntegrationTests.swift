import DNSModel
import PeNetTestSupport
import Resolver
import Synchronization
import Testing

/// The DNS client and verifier against real NSD (authoritative) and unbound (resolver) on loopback.
@Suite(
    .tags(.daemons),
    .enabled(if: TestConditions.dnsDaemonsInstalled, "NSD or unbound is not installed: run scripts/setup.sh"))
struct DNSClientIntegrationTests {
    static let fqdn: DomainName = "mi1.abc123.database.windows.net"
    static let privatelinkName: DomainName = "mi1.privatelink.abc123.database.windows.net."

    @Test func resolvesTheInstanceThroughTheCNAMEDirectlyAndThroughUnbound() async throws {
        try await DNSServers.withNSD(zones: DNSFixtures.instanceZones()) { nsd in
            let direct = await DNSClient(server: nsd.server, recursionDesired: false).lookup(Self.fqdn, type: .a)
            #expect(direct.outcome == .answer, "\(direct)")
            #expect(direct.cnameChain == [Self.privatelinkName])
            #expect(direct.addresses == [IPAddress("10.1.2.3")].compactMap { $0 })
            try await DNSServers.withUnbound(
                stubZones: ["abc123.database.windows.net", "privatelink.abc123.database.windows.net"], to: nsd.server
            ) { unbound in
                let viaResolver = await DNSClient(server: unbound.server).lookup(Self.fqdn, type: .a)
                #expect(viaResolver.outcome == .answer, "\(viaResolver)")
                #expect(viaResolver.cnameChain == [Self.privatelinkName])
                #expect(viaResolver.addresses.map(\.description) == ["10.1.2.3"])
            }
        }
    }

    @Test(.enabled(if: DNSServers.ipv6LoopbackAvailable, "no IPv6 loopback here"))
    func resolvesOverIPv6Loopback() async throws {
        let nsd = try await DNSServers.startNSD(zones: DNSFixtures.instanceZones(), ipv6: true)
        let lookup = await DNSClient(server: nsd.server, recursionDesired: false).lookup(Self.fqdn, type: .a)
        let big = await DNSClient(server: nsd.server).lookup("nope.privatelink.abc123.database.windows.net", type: .a)
        await nsd.stop()
        #expect(nsd.server.description.hasPrefix("[::1]:"))
        #expect(lookup.outcome == .answer, "\(lookup)")
        #expect(lookup.addresses.map(\.description) == ["10.1.2.3"])
        #expect(big.outcome == .nxdomain)
    }

    @Test func nxdomainNodataAndServfailAreDistinct() async throws {
        try await DNSServers.withNSD(zones: DNSFixtures.instanceZones()) { nsd in
            let client = DNSClient(server: nsd.server, recursionDesired: false)
            let missing = await client.lookup("nope.privatelink.abc123.database.windows.net", type: .a)
            #expect(missing.outcome == .nxdomain)
            let noAAAA = await client.lookup(Self.fqdn, type: .aaaa)
            #expect(noAAAA.outcome == .nodata)
            #expect(noAAAA.cnameChain == [Self.privatelinkName])
            let refused = await client.lookup("mi1.elsewhere.example", type: .a)
            #expect(refused.outcome == .refused)
            // unbound stubbing a zone NSD does not serve: NSD refuses, unbound answers SERVFAIL
            try await DNSServers.withUnbound(
                stubZones: ["abc123.database.windows.net", "notserved.test"], to: nsd.server
            ) { unbound in
                let servfail = await DNSClient(server: unbound.server, timeout: .seconds(5), attempts: 1).lookup(
                    "x.notserved.test", type: .a)
                #expect(servfail.outcome == .servfail, "\(servfail)")
            }
        }
    }

    @Test func chasesACNAMEWhoseTargetTheServerDidNotInclude() async throws {
        try await DNSServers.withNSD(zones: DNSFixtures.instanceZones()) { nsd in
            try await DNSServers.withUnbound(
                stubZones: ["privatelink.abc123.database.windows.net"], to: nsd.server, localZones: ["alias.test"],
                localData: ["db.alias.test. 10 IN CNAME mi1.privatelink.abc123.database.windows.net."]
            ) { unbound in
                let lookup = await DNSClient(server: unbound.server).lookup("db.alias.test", type: .a)
                #expect(lookup.outcome == .answer, "\(lookup)")
                #expect(lookup.cnameChain == [Self.privatelinkName])
                #expect(lookup.addresses.map(\.description) == ["10.1.2.3"])
            }
        }
    }

    @Test func truncatedAnswersAreRetriedOverTCP() async throws {
        let txt =
            (1...60).map { "big IN TXT \"record number \($0) with some padding to make the answer large\"" }.joined(
                separator: "\n") + "\n"
        let zones = ["privatelink.abc123.database.windows.net": DNSFixtures.privatelinkZone(extra: txt)]
        try await DNSServers.withNSD(zones: zones) { nsd in
            let lookup = await DNSClient(server: nsd.server).lookup(
                "big.privatelink.abc123.database.windows.net", type: .txt)
            #expect(lookup.outcome == .answer, "\(lookup)")
            #expect(lookup.usedTCP)
            #expect(lookup.records.count == 60)
        }
    }

    @Test func manyNamesInFlightAllVerify() async throws {
        let records = (0..<600).map { ("mi\($0)", "10.2.\($0 / 250).\($0 % 250 + 1)") }
        let zones = [
            "abc123.database.windows.net": DNSFixtures.publicZone(instances: records.map(\.0)),
            "privatelink.abc123.database.windows.net": DNSFixtures.privatelinkZone(records: records),
        ]
        try await DNSServers.withNSD(zones: zones) { nsd in
            let expectations = try records.map {
                try ResolutionExpectation(parsing: "\($0.0).abc123.database.windows.net=\($0.1)")
            }
            let wrong = try ResolutionExpectation(parsing: "mi7.abc123.database.windows.net=10.9.9.9")
            let results = await ResolutionVerifier(resolver: DNSClient(server: nsd.server, maxInFlight: 64)).verify(
                expectations + [wrong])
            #expect(results.count == 600)
            let failed = results.filter { !$0.passed }
            #expect(failed.count == 1)
            #expect(failed.first?.status == .mismatch)
            #expect(failed.first?.expectation.name == "mi7.abc123.database.windows.net.")
            #expect(Set(failed.first?.expectation.addresses ?? []).count == 2)
        }
    }

    @Test func streamingKeepsInputOrderPastTheReorderRing() async throws {
        // More names than the client's reorder ring (4096 for a window of 64), read in slices of
        // 300: every result comes back once, in input order, with the verdicts of the array API.
        let records = (0..<5000).map { ("mi\($0)", "10.3.\($0 / 250).\($0 % 250 + 1)") }
        let zones = [
            "abc123.database.windows.net": DNSFixtures.publicZone(instances: records.map(\.0)),
            "privatelink.abc123.database.windows.net": DNSFixtures.privatelinkZone(records: records),
        ]
        try await DNSServers.withNSD(zones: zones) { nsd in
            var expectations = try records.map {
                try ResolutionExpectation(parsing: "\($0.0).abc123.database.windows.net=\($0.1)")
            }
            expectations[17].addresses = [IPAddress("10.9.9.9")!]
            expectations[4321].addresses.insert(IPAddress("fd00::1")!)  // asked as A and AAAA
            let client = DNSClient(server: nsd.server, maxInFlight: 64)
            #expect(client.reorderLimit < expectations.count)
            let batches = Mutex<[[ResolutionResult]]>([])
            let list = expectations
            try await ResolutionVerifier(resolver: client).verify(
                count: list.count, sliceSize: 300, slice: { Array(list[$0]) },
                deliver: { results in batches.withLock { $0.append(results) } })
            let streamed = batches.withLock { $0 }
            #expect(streamed.count > 1)
            let results = streamed.flatMap { $0 }
            #expect(results.map(\.expectation) == expectations)
            #expect(
                results.filter { !$0.passed }.map(\.expectation.name.relative.text) == [
                    "mi17.abc123.database.windows.net", "mi4321.abc123.database.windows.net",
                ])
            #expect(results[17].status == .mismatch)
            #expect(results[4321].status == .nodata)
            #expect(results[4321].lookups.map(\.question.type) == [.a, .aaaa])
        }
    }

    @Test func aStoppedServerTimesOutWithoutAffectingOthers() async throws {
        let live = try await DNSServers.startNSD(zones: DNSFixtures.instanceZones())
        defer { Task { await live.stop() } }
        let doomed = try await DNSServers.startNSD(zones: DNSFixtures.instanceZones(dnsZone: "zzz999", ip: "10.7.7.7"))
        let doomedServer = doomed.server
        await doomed.stop()
        let liveVerifier = ResolutionVerifier(resolver: DNSClient(server: live.server, timeout: .milliseconds(300)))
        let deadVerifier = ResolutionVerifier(
            resolver: DNSClient(server: doomedServer, timeout: .milliseconds(300), attempts: 2))
        let deadExpectation = try ResolutionExpectation(parsing: "mi1.zzz999.database.windows.net=10.7.7.7")
        let liveExpectation = try ResolutionExpectation(parsing: "mi1.abc123.database.windows.net=10.1.2.3")
        async let deadResults = deadVerifier.verify([deadExpectation])
        async let liveResults = liveVerifier.verify([liveExpectation])
        let (dead, alive) = await (deadResults, liveResults)
        #expect(dead.map(\.status) == [.timeout])
        #expect(alive.map(\.status) == [.match])
        let again = await liveVerifier.verify([
            try ResolutionExpectation(parsing: "mi1.abc123.database.windows.net=10.1.2.3")
        ])
        #expect(again.map(\.status) == [.match])
        await live.stop()
    }

    @Test func reloadAfterAZoneEditIsSeen() async throws {
        try await DNSServers.withNSD(zones: DNSFixtures.instanceZones()) { nsd in
            let client = DNSClient(server: nsd.server)
            #expect(await client.lookup(Self.fqdn, type: .a).addresses.map(\.description) == ["10.1.2.3"])
            try await nsd.updateZone(
                "privatelink.abc123.database.windows.net",
                text: DNSFixtures.privatelinkZone(records: [("mi1", "10.1.2.99")], serial: 2))
            #expect(await client.lookup(Self.fqdn, type: .a).addresses.map(\.description) == ["10.1.2.99"])
        }
    }
}
