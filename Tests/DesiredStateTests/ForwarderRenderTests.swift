import ARMNetwork
import Foundation
import IPFwd
import PeNetTestSupport
import Testing

@testable import DesiredState

/// The forwarders' cloud-init and rules rendered from the file: golden files, checked by the
/// tools that consume them (`cloud-init schema`, `nft -c`).
struct ForwarderRenderTests {
    static let example = TestPaths.packageRoot.appendingPathComponent("examples/adf-mi.yaml").path

    static func examplePath() throws -> DataFactoryPathSpec {
        try PeNetFile.load(path: example).dataFactoryPath(named: "adf-mi")
    }

    /// mi1 and mi2 of the example, as a resolver on a forwarder in the instances' vnet would answer.
    static let resolver = TableHostResolver([
        "mi1.abc123def456.database.windows.net": ["10.0.8.4"], "mi2.abc123def456.database.windows.net": ["10.0.9.4"],
    ])

    @Test func cloudInitCarriesThePortMapAndIsGolden() throws {
        let text = try ForwarderCloudInit.render(try Self.examplePath())
        try Golden.check(text, named: "adf-mi.cloud-init.yaml", in: "DesiredStateTests")
        #expect(text.hasPrefix("#cloud-config\n"))
        #expect(text.contains("\"listenPort\" : 1433"))
        #expect(text.contains("\"target\" : \"mi2.abc123def456.database.windows.net\""))
        #expect(!text.contains("packages:"), "no package is installed at boot: new vnets have no outbound access")
        #expect(!text.contains("apt"), "no package manager runs at boot")
    }

    @Test func configMapsEachPortToItsInstanceOn1433() throws {
        let config = try ForwarderCloudInit.config(try Self.examplePath())
        #expect(
            config.mappings.map(\.description) == [
                "1433=mi1.abc123def456.database.windows.net:1433", "1434=mi2.abc123def456.database.windows.net:1433",
            ])
        #expect(config.interfaces == ["eth0"])
        #expect(config.allowedSources.isEmpty, "no allow-list: every source, the probe's included")
    }

    @Test func anAllowListAlwaysKeepsTheProbeSource() throws {
        var spec = try Self.examplePath()
        spec.forwarderSettings.allowedSources = ["10.0.3.0/24"]
        let config = try ForwarderCloudInit.config(spec)
        #expect(config.allowedSources.map(\.description) == ["10.0.3.0/24", "168.63.129.16"])
    }

    @Test func aMissingFQDNIsAnErrorNamingTheInstance() throws {
        var spec = try Self.examplePath()
        spec.instances[1].fqdn = nil
        let error = #expect(throws: ForwarderRenderError.self) { try ForwarderCloudInit.config(spec) }
        #expect(error?.description.contains("instance mi2") == true)
        let config = try ForwarderCloudInit.config(
            spec, fqdns: [spec.instances[1].instance: "mi2.other.database.windows.net"])
        #expect(config.mappings.last?.target.hostName == "mi2.other.database.windows.net")
    }

    @Test func nftAndIptablesRulesAreGolden() async throws {
        let (ruleSet, findings) = try await ForwarderCloudInit.ruleSet(try Self.examplePath(), resolver: Self.resolver)
        #expect(findings.isEmpty)
        try Golden.check(FwdRenderer.nft(ruleSet), named: "adf-mi.nft", in: "DesiredStateTests")
        try Golden.check(FwdRenderer.iptablesRestore(ruleSet), named: "adf-mi.iptables", in: "DesiredStateTests")
    }

    @Test(
        .enabled(if: TestConditions.installed("cloud-init"), "needs Debian's cloud-init (scripts/setup.sh)"))
    func cloudInitPassesCloudInitSchema() throws {
        var spec = try Self.examplePath()
        let plain = try ForwarderCloudInit.render(spec)
        spec.forwarderSettings.allowedSources = ["10.0.3.0/24"]
        spec.forwarderSettings.binary = "/usr/bin/pe-net"
        let restricted = try ForwarderCloudInit.render(spec)
        for text in [plain, restricted] {
            let result = try Self.cloudInitSchema(text)
            #expect(result.status == 0, "\(result.output)\(result.error)")
        }
        // The check can fail: a cloud-config with a wrongly typed module is refused.
        let broken = try Self.cloudInitSchema("#cloud-config\nwrite_files: 3\nruncmd: {a: 1}\n")
        #expect(broken.status != 0)
    }

    @Test(
        .tags(.root),
        .enabled(
            if: TestConditions.isRoot && TestConditions.installed("nft"), "needs root and nft (nft -c opens netlink)"))
    func nftRulesPassNftCheck() async throws {
        let (ruleSet, _) = try await ForwarderCloudInit.ruleSet(try Self.examplePath(), resolver: Self.resolver)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-adf-\(UUID().uuidString).nft")
        defer { try? FileManager.default.removeItem(at: file) }
        try FwdRenderer.nft(ruleSet).write(to: file, atomically: true, encoding: .utf8)
        // In a new network namespace: checking never touches the machine's own ruleset.
        let result = try Shell.run(["unshare", "-n", "nft", "-c", "-f", file.path])
        #expect(result.status == 0, "\(result.error)")
        try "table ip pe_net { chain x { tcp dport 1433 dnat to nowhere } }\n".write(
            to: file, atomically: true, encoding: .utf8)
        #expect(try Shell.run(["unshare", "-n", "nft", "-c", "-f", file.path]).status != 0, "the check can fail")
    }

    @Test(
        .tags(.root),
        .enabled(
            if: TestConditions.isRoot && TestConditions.installed("iptables-restore"),
            "needs root and iptables-restore"))
    func iptablesRulesPassIptablesRestoreTest() async throws {
        let (ruleSet, _) = try await ForwarderCloudInit.ruleSet(try Self.examplePath(), resolver: Self.resolver)
        // In a new network namespace, test mode: parsed and checked by the kernel's tables, nothing committed.
        let result = try Shell.run(
            ["unshare", "-n", "iptables-restore", "--test", "--noflush"], input: FwdRenderer.iptablesRestore(ruleSet))
        #expect(result.status == 0, "\(result.error)")
        let broken = try Shell.run(
            ["unshare", "-n", "iptables-restore", "--test", "--noflush"], input: "*nat\n-A NOCHAIN -j DNAT\nCOMMIT\n")
        #expect(broken.status != 0, "the check can fail")
    }

    static func cloudInitSchema(_ text: String) throws -> Shell.Result {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-ci-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try Shell.run(["cloud-init", "schema", "--config-file", file.path])
    }
}
