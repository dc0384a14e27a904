import DNSModel
import Testing

@testable import IPFwd

@Suite struct FwdMappingTests {
    @Test(arguments: [
        ("1433=10.0.0.5:1433", 1433, "10.0.0.5", 1433),
        ("1434=MI2.abc.database.windows.net.:1433", 1434, "mi2.abc.database.windows.net", 1433),
        ("1500=mi1.abc.database.windows.net", 1500, "mi1.abc.database.windows.net", 1433),
        (" 1433 = 10.0.0.5:11000", 1433, "10.0.0.5", 11000),
    ])
    func parsesMappings(text: String, listen: Int, target: String, port: Int) throws {
        let mapping = try FwdMapping(parsing: text)
        #expect(mapping.listenPort == listen)
        #expect(mapping.target.description == target)
        #expect(mapping.targetPort == port)
    }

    @Test(arguments: ["1433", "x=10.0.0.5:1433", "1433=10.0.0.5:abc", "1433=:1433"])
    func rejectsMalformedMappings(text: String) {
        #expect(throws: IPFwdError.self) { try FwdMapping(parsing: text) }
    }

    @Test(arguments: [
        (["1433=10.0.0.5:1433", "1433=10.0.0.6:1433"], ["eth0"], [String](), "already used"),
        (["70000=10.0.0.5:1433"], ["eth0"], [], "out of range"),
        (["1433=10.0.0.5:0"], ["eth0"], [], "out of range"),
        (["22=10.0.0.5:1433"], ["eth0"], [], "listen port 22"),
        (["1433=10.0.0.5:1433"], ["eth9"], [], "interface 'eth9' does not exist"),
        (["1433=10.0.0.5:1433"], [], [], "no interface"),
        (["1433=mi1:1433"], ["eth0"], [], "not fully qualified"),
        (["1433=a..b.example:1433"], ["eth0"], [], "label 2 is empty"),
        (["1433=bad-.example:1433"], ["eth0"], [], "starts or ends with a hyphen"),
        (["1433=10.0.0.500:1433"], ["eth0"], [], "partial IP address"),
        (["1433=10.0.0.5:1433"], ["eth0"], ["10.0.0.1/24"], "not an IPv4 address or network"),
        ([], ["eth0"], [], "no mapping given"),
    ])
    func rejectsBadInput(maps: [String], interfaces: [String], sources: [String], reason: String) {
        let validator = FwdValidator(knownInterfaces: ["eth0", "lo"])
        do {
            _ = try validator.validate(maps: maps, interfaces: interfaces, sources: sources)
            Issue.record("expected \(reason)")
        } catch let IPFwdError.invalidInput(reasons) {
            #expect(reasons.contains { $0.contains(reason) }, "\(reasons)")
            #expect(reasons.allSatisfy { !$0.contains("\n") })
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func acceptsGoodInputAndWarnsAboutProbeSource() throws {
        let validator = FwdValidator(knownInterfaces: ["eth0"])
        let (config, findings) = try validator.validate(
            maps: ["1434=mi2.abc.database.windows.net:1433", "1433=10.0.0.5:1433"], interfaces: ["eth0"],
            sources: ["10.1.0.0/24"])
        #expect(config.mappings.map(\.listenPort) == [1433, 1434])
        #expect(config.allowedSources.map(\.description) == ["10.1.0.0/24"])
        #expect(findings.map(\.code) == ["fwd.probe-source"])
        let (_, none) = try validator.validate(
            maps: ["1433=10.0.0.5:1433"], interfaces: ["eth0"],
            sources: ["10.1.0.0/24", "168.63.129.16"])
        #expect(none.isEmpty)
    }

    @Test(arguments: [
        ("10.0.0.1", true), ("255.255.255.255", true), ("10.0.0", false), ("10.0.0.01", false),
        ("1.2.3.4.5", false), ("256.0.0.1", false), ("a.b.c.d", false),
    ])
    func parsesIPv4(text: String, valid: Bool) {
        #expect((IPv4Address(text) != nil) == valid)
        if valid { #expect(IPv4Address(text)?.description == text) }
    }
}
