import Foundation
import PeNetTestSupport
import Testing

/// Zone files from NSD's and ldns's test suites (Tests/Fixtures/zones), read by `pe-net dns
/// zonefile` with `nsd-checkzone` as the referee: what NSD loads, pe-net accepts and renders into
/// text NSD loads again; what NSD refuses, pe-net refuses too.
@Suite(.enabled(if: TestConditions.installed("nsd-checkzone"), "nsd-checkzone is not installed"))
struct ZonefileCorpusTests {
    static let directory = TestPaths.packageRoot.appendingPathComponent("Tests/Fixtures/zones")

    /// (file under Tests/Fixtures/zones, zone name)
    static let accepted: [(String, String)] = [
        ("nsd/bug013_truncate.zone", "miek.nl."),
        ("nsd/bug086_chars.zone", "spf-test.nl."),
        ("nsd/bug087_parse_at.zone", "example.com."),
        ("nsd/bug090_000_txt.zone", "text-test.nl."),
        ("nsd/bug098_mnemonic_rrsig.zone", "dnssec."),
        ("nsd/bug101_spf.zone", "spf-test.nl."),
        ("nsd/bug128_backslash_eos.zone", "example.com."),
        ("nsd/bug144_loc_defaults.zone", "."),
        ("nsd/cname_zone.zone", "."),
        ("nsd/crypto.cloudflare.com.zone", "crypto.cloudflare.com."),
        ("nsd/dname.zone", "."),
        ("nsd/non_b32_nsec3.zone", "example.com."),
        ("nsd/nsec3_parentds.zone", "example."),
        ("nsd/nsec_rrsig_rdata.master.zone.signed", "example.net."),
        ("nsd/rr-wks.zone", "types.wb.sidnlabs.nl."),
        ("nsd/soa_test.zone5", "."),
        ("nsd/svcb.success-cases.zone", "success-cases."),
        ("nsd/unknown_rr.zone", "miek.nl."),
        ("nsd/xfr_rrsig.zone", "opendnssec.se."),
        ("ldns/10-ldns-compare-zones.zone1", "justazone.example."),
        ("ldns/jelte.nlnetlabs.nl", "jelte.nlnetlabs.nl."),
    ]

    /// (file, zone name, what pe-net says)
    static let refused: [(String, String, String)] = [
        ("nsd/bug107_bad_hex_3597.zone", "interop3597.rfc.se.", ":10: RFC 3597 data has 'Z', not a hex digit"),
        ("nsd/bug236_rrs_before_soa.zone2", "bug236_rrs_before_soa.net.", ":26: a second SOA record"),
        ("nsd/cname_soa.zone", "example.com.", "a CNAME must stand alone"),
        ("ldns/08-zonereader.inputzone", "jelte.nlnetlabs.nl.", "contains control character \\012"),
        ("ldns/14-read-zone.db", ".", "www. has a CNAME and also A records"),
    ]

    /// Runs `nsd-checkzone <zone> <file>`; its exit status and output.
    static func nsdCheckzone(_ zone: String, _ path: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: ["/usr/sbin/nsd-checkzone", "/usr/bin/nsd-checkzone", "/usr/local/sbin/nsd-checkzone"]
                .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/nsd-checkzone")
        process.arguments = [zone, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test(arguments: accepted)
    func nsdLoadsItPeNetAcceptsItAndNSDLoadsTheRendering(_ file: String, _ zone: String) async throws {
        let path = Self.directory.appendingPathComponent(file).path
        let referee = try Self.nsdCheckzone(zone, path)
        #expect(referee.0 == 0, "nsd-checkzone: \(referee.1)")
        let check = await DNSCLITests.peNet(["dns", "zonefile", "check", "--origin", zone, path])
        #expect(check.status == 0, "\(check.output)\(check.error)")
        let render = await DNSCLITests.peNet(["dns", "zonefile", "render", "--origin", zone, path])
        #expect(render.status == 0, "\(render.error)")
        let rendered = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-corpus-\(UUID().uuidString).zone")
        defer { try? FileManager.default.removeItem(at: rendered) }
        try render.output.write(to: rendered, atomically: true, encoding: .utf8)
        let again = try Self.nsdCheckzone(zone, rendered.path)
        #expect(again.0 == 0, "nsd-checkzone on the rendering: \(again.1)")
        #expect(await DNSCLITests.peNet(["dns", "zonefile", "render", rendered.path]).output == render.output)
    }

    @Test(arguments: refused)
    func nsdRefusesItAndSoDoesPeNet(_ file: String, _ zone: String, _ reason: String) async throws {
        let path = Self.directory.appendingPathComponent(file).path
        let referee = try Self.nsdCheckzone(zone, path)
        #expect(referee.0 != 0, "nsd-checkzone accepted \(file)")
        let check = await DNSCLITests.peNet(["dns", "zonefile", "check", "--origin", zone, path])
        #expect(check.status == 3)
        #expect(check.output.contains(reason), "\(check.output)")
    }
}
