import Foundation
import IPFwd
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// What a terminal shows stays inert, unusable addresses are refused, and a root that cannot
/// take pe-net's files fails before the kernel changes.
@Suite("safety: escaping, addresses, roots")
struct SafetyCLITests {
    static let hostile = "x\u{1B}]0;owned\u{07}\u{1B}[2J\r\u{7F}\u{9B}31m\u{2028}y"

    /// Against a closed loopback port: the connection is refused at once and the retries wait
    /// on the test clock, so the whole test takes a few seconds.
    @Test(
        "control characters in names, ids and maps are escaped wherever they are echoed",
        arguments: [
            ["arm", "get", "/subscriptions/\(hostile)/resourceGroups/rg"],
            ["arm", "get", hostile, "--type", "Microsoft.Sql/managedInstances", "-g", "rg", "--subscription", "s"],
            ["fwd", "plan", "--map", "1433=\(hostile):1433", "--interface", "eth0", "--backend", "nft"],
            ["fwd", "plan", "--map", hostile, "--interface", "eth0", "--backend", "nft"],
            ["endpoints", "list", "--instance", hostile],
            [
                "dns", "plan", "--instance",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi", "--zone-name",
                hostile, "--dns-resource-group", "rg",
            ],
            ["arm", "get", "/subscriptions/s/resourceGroups/rg", "-o", "json", "--api-version", hostile],
        ])
    func controlCharactersAreEscaped(_ arguments: [String]) async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        var cli = InProcessCLI()
        cli.fileRoot = root.path
        cli.armEndpoint = URL(string: "http://127.0.0.1:9")
        cli.clock = TestClock()
        let run = await cli.run(arguments)
        #expect(run.status != 0, "\(run)")
        for text in [run.stdout, run.stderr] {
            let bad = text.unicodeScalars.filter {
                ($0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t")
                    || $0.properties.generalCategory == .lineSeparator
            }
            #expect(bad.isEmpty, "\(arguments): \(text.debugDescription)")
        }
        #expect(run.stderr.split(separator: "\n").count <= 3, "\(run)")
    }

    @Test(
        "--map to an address nothing can be forwarded to is refused, one line each",
        arguments: [
            "0.0.0.0", "0.1.2.3", "127.0.0.1", "169.254.169.254", "224.0.0.5", "239.255.255.250", "255.255.255.255",
            "240.0.0.1",
        ])
    func unusableTargets(_ address: String) async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let runner = RecordingCommandRunner.forwarder()
        let run = await FwdInProcessTests.cli(runner, root: root)
            .run(["fwd", "apply", "--yes", "--backend", "nft", "--map", "1433=\(address):1433", "--interface", "eth0"])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains(address), "\(run)")
        #expect(FwdInProcessTests.writes(runner).isEmpty, "\(runner.commands)")
        #expect(root.read(FwdPaths.stateFile) == nil)
    }

    @Test("a private or public address is still accepted", arguments: ["10.0.0.5", "172.16.0.4", "20.1.2.3"])
    func usableTargets(_ address: String) throws {
        let (config, _) = try FwdValidator(knownInterfaces: nil).validate(
            maps: ["1433=\(address):1433"], interfaces: ["eth0"], sources: [])
        #expect(config.mappings.map(\.target.description) == [address])
    }

    @Test("fwd apply --root <a regular file> fails before any rule or ip_forward changes")
    func rootThatIsAFile() async throws {
        let root = try TemporaryRoot()
        defer { root.remove() }
        let file = root.path + "/not-a-directory"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: file))
        let runner = RecordingCommandRunner.forwarder()
        let run = await FwdInProcessTests.cli(runner, root: root)
            .run(["fwd", "apply", "--yes", "--backend", "nft", "--root", file] + FwdInProcessTests.maps)
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("not a directory"), "\(run)")
        #expect(FwdInProcessTests.writes(runner).isEmpty, "\(runner.commands)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me\n")
    }
}
