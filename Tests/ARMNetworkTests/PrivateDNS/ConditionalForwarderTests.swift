import DNSModel
import Foundation
import PeNetTestSupport
import Resolver
import Testing

/// The conditional forwarders custom DNS servers need, rendered for each kind, pinned by golden
/// files and checked by the tool that reads them.
@Suite("Conditional forwarders for custom DNS servers")
struct ConditionalForwarderTests {
    static var forwarder: ConditionalForwarder {
        get throws {
            ConditionalForwarder(
                zones: [
                    DomainName("privatelink.a1b2c3d4e5f6.database.windows.net"),
                    DomainName("privatelink.site."),
                ],
                targets: [ConditionalForwarder.azureDNS, try DNSServer(parsing: "10.20.0.68")],
                comment: "pe-net: private DNS zones of instance sales-mi")
        }
    }

    static let files: [(ForwarderKind, String)] = [
        (.unbound, "forwarder.unbound.conf"), (.bind, "forwarder.named.conf"), (.windows, "forwarder.ps1"),
    ]

    @Test("each kind renders as its golden file", arguments: files)
    func golden(_ kind: ForwarderKind, _ file: String) throws {
        try Golden.check(try Self.forwarder.render(kind), against: "Tests/ARMNetworkTests/PrivateDNS/Golden/\(file)")
    }

    /// Writes `text` to a temporary file and runs `tool` on it.
    static func check(_ tool: String, _ text: String) throws -> Shell.Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-fwd-\(UUID().uuidString).conf")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try Shell.run([tool, url.path])
    }

    @Test(
        "unbound-checkconf accepts the unbound rendering, with a port too",
        .enabled(if: TestConditions.installed("unbound-checkconf")))
    func unboundAccepts() throws {
        var withPort = try Self.forwarder
        withPort.targets = [try DNSServer(parsing: "127.0.0.1:5353")]
        for text in [try Self.forwarder.render(.unbound), try withPort.render(.unbound)] {
            let result = try Self.check("unbound-checkconf", text)
            #expect(result.status == 0, "\(result.output)\(result.error)")
        }
        #expect(try withPort.render(.unbound).contains("forward-addr: 127.0.0.1@5353"))
        let broken = try Self.check("unbound-checkconf", "forward-zone:\n    nam: \"x.\"\n")
        #expect(broken.status != 0, "the check can fail")
    }

    @Test(
        "named-checkconf accepts the BIND rendering, with a port too",
        .enabled(if: TestConditions.installed("named-checkconf")))
    func bindAccepts() throws {
        var withPort = try Self.forwarder
        withPort.targets = [try DNSServer(parsing: "127.0.0.1:5353")]
        for text in [try Self.forwarder.render(.bind), try withPort.render(.bind)] {
            let result = try Self.check("named-checkconf", text)
            #expect(result.status == 0, "\(result.output)\(result.error)")
        }
        #expect(try withPort.render(.bind).contains("forwarders { 127.0.0.1 port 5353; };"))
        let broken = try Self.check("named-checkconf", "zone \"x\" { type forward; forwarders { 1.2.3; }; };\n")
        #expect(broken.status != 0, "the check can fail")
    }

    @Test("Windows conditional forwarders take no port: a target with one is refused")
    func windowsRefusesAPort() throws {
        var withPort = try Self.forwarder
        withPort.targets = [try DNSServer(parsing: "127.0.0.1:5353")]
        #expect(throws: ConditionalForwarder.Unsupported.self) { try withPort.render(.windows) }
    }
}
