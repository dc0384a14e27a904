import ARMNetwork
import DesiredState
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `pe-net render -f` in-process: offline from the file's FQDNs, FQDNs read from the ARM
/// emulator, bad files as one line with file:line:column.
@Suite("pe-net render -f")
struct RenderCLITests {
    static let example = TestPaths.packageRoot.appendingPathComponent("examples/adf-mi.yaml").path
    static let subscription = "00000000-1111-2222-3333-444444444444"
    static let miPrefix = "/subscriptions/\(subscription)/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances"

    static var cli: InProcessCLI {
        var cli = InProcessCLI()
        cli.hostResolver = TableHostResolver([
            "mi1.abc123def456.database.windows.net": ["10.0.8.4"],
            "mi2.abc123def456.database.windows.net": ["10.0.9.4"],
        ])
        return cli
    }

    /// A copy of the example without `fqdn`, in a temporary directory with its key file.
    static func fileWithoutFQDNs() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("keys"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestPaths.packageRoot.appendingPathComponent("examples/keys/forwarder.pub"),
            to: directory.appendingPathComponent("keys/forwarder.pub"))
        let text = try String(contentsOfFile: example, encoding: .utf8).split(separator: "\n")
            .filter { !$0.contains("fqdn:") }.joined(separator: "\n")
        let url = directory.appendingPathComponent("pe-net.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func instance(_ name: String, fqdn: String?) -> String {
        let properties = fqdn.map { #"{"fullyQualifiedDomainName": "\#($0)", "proxyOverride": "Proxy"}"# } ?? "{}"
        return
            #"{"id": "\#(miPrefix)/\#(name)", "name": "\#(name)", "type": "Microsoft.Sql/managedInstances", "location": "eastus", "properties": \#(properties)}"#
    }

    @Test("cloud-init from the file's FQDNs, offline, is the golden cloud-config")
    func cloudInitOffline() async throws {
        let run = await Self.cli.run(["render", "-f", Self.example, "--format", "cloud-init"])
        #expect(run.status == 0, "\(run)")
        try Golden.check(run.stdout, named: "adf-mi.cloud-init.yaml", in: "DesiredStateTests")
    }

    @Test("nft and iptables-restore print the forwarder rules of the path")
    func rules() async throws {
        let nft = await Self.cli.run(["render", "-f", Self.example, "--format", "nft", "--path", "adf-mi"])
        #expect(nft.status == 0, "\(nft)")
        try Golden.check(nft.stdout, named: "adf-mi.nft", in: "DesiredStateTests")
        let iptables = await Self.cli.run(["render", "-f", Self.example, "--format", "iptables-restore"])
        #expect(iptables.status == 0, "\(iptables)")
        try Golden.check(iptables.stdout, named: "adf-mi.iptables", in: "DesiredStateTests")
    }

    @Test("-o json prints the format, the paths and the text")
    func json() async throws {
        let run = await Self.cli.run(["render", "-f", Self.example, "--format", "nft", "-o", "json"])
        #expect(run.status == 0, "\(run)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["format"] as? String == "nft")
        #expect(document["paths"] as? [String] == ["adf-mi"])
        #expect((document["text"] as? String)?.contains("dnat to 10.0.9.4:1433") == true, "\(run)")
    }

    @Test("Without fqdn in the file, render reads properties.fullyQualifiedDomainName from ARM")
    func fqdnFromARM() async throws {
        let file = try Self.fileWithoutFQDNs()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let world =
            "[\(Self.instance("mi1", fqdn: "mi1.fromarm123.database.windows.net")), \(Self.instance("mi2", fqdn: "mi2.fromarm123.database.windows.net"))]"
        try await ARMEmulatorInProcess.with(world: [Data(world.utf8)]) { emulator in
            var cli = Self.cli
            cli.armEndpoint = emulator.baseURL
            let run = await cli.run(["render", "-f", file.path, "--format", "cloud-init"])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("\"target\" : \"mi1.fromarm123.database.windows.net\""), "\(run)")
            #expect(run.stdout.contains("\"target\" : \"mi2.fromarm123.database.windows.net\""), "\(run)")
            let gets = try await emulator.requestLog().filter { $0.method == "GET" }
            #expect(gets.count == 2)
            #expect(!run.stdout.contains(InProcessCLI.token) && !run.stderr.contains(InProcessCLI.token))
        }
    }

    @Test("An instance without an FQDN in Azure is an error naming it (bad data is no crash)")
    func fqdnMissingInARM() async throws {
        let file = try Self.fileWithoutFQDNs()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let world =
            "[\(Self.instance("mi1", fqdn: "mi1.fromarm123.database.windows.net")), \(Self.instance("mi2", fqdn: nil))]"
        try await ARMEmulatorInProcess.with(world: [Data(world.utf8)]) { emulator in
            var cli = Self.cli
            cli.armEndpoint = emulator.baseURL
            let run = await cli.run(["render", "-f", file.path, "--format", "cloud-init"])
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("instance mi2 has no usable fullyQualifiedDomainName"), "\(run)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("arm-template hands the file's paths to the template renderer")
    func armTemplateCallsThrough() async throws {
        let specs = try PeNetFile.load(path: Self.example).dataFactoryPaths
        let run = await Self.cli.run(["render", "-f", Self.example, "--format", "arm-template"])
        switch Result(catching: { try DataFactoryPathTemplate.render(specs) }) {
        case .success(let template):
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.trimmingCharacters(in: .newlines) == template.trimmingCharacters(in: .newlines))
        case .failure(let error):
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("\(error)"), "\(run)")
        }
    }

    @Test("A malformed file is one line naming file:line:column, exit 64")
    func malformedFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-bad-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "apiVersion: pe-net/v1\ndataFactoryPaths:\n  - nmae: x\n".write(to: file, atomically: true, encoding: .utf8)
        let run = await Self.cli.run(["render", "-f", file.path, "--format", "cloud-init"])
        #expect(run.status == 64, "\(run)")
        #expect(
            run.stderr.contains("\(file.path):3:5: dataFactoryPaths[0]: unknown key 'nmae'; did you mean 'name'?"),
            "\(run)")
        #expect(run.stdout.isEmpty)
    }

    @Test("Several paths need --path for the forwarders' artifacts")
    func severalPaths() async throws {
        let file = TestPaths.packageRoot.appendingPathComponent("Tests/DesiredStateTests/Files/valid/two-paths.yaml")
            .path
        let run = await Self.cli.run(["render", "-f", file, "--format", "nft"])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("choose one with --path <name>"), "\(run)")
        try await ARMEmulatorInProcess.with(world: [Data("[]".utf8)]) { emulator in
            var cli = Self.cli
            cli.armEndpoint = emulator.baseURL
            let chosen = await cli.run(["render", "-f", file, "--format", "cloud-init", "--path", "adf-other"])
            #expect(chosen.status == 1, "mi3 has no fqdn in the file and does not exist in Azure: \(chosen)")
            #expect(chosen.stderr.contains("mi3"), "\(chosen)")
        }
    }
}
