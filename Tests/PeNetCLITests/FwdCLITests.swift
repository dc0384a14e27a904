import Foundation
import PeNetTestSupport
import Testing

/// Runs the built `pe-net` binary inside a forwarder namespace, as an operator would.
@Suite(.serialized, .tags(.root, .binary), .enabled(if: TestConditions.isRoot, "needs root: builds network namespaces"))
struct FwdCLITests {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pe-net").path
    }

    static func builtBinary() -> String? {
        let candidates = [binary, TestPaths.packageRoot.appendingPathComponent(".build/debug/pe-net").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.tags(.root), .enabled(if: TestConditions.isRoot), arguments: ["nft", "iptables"])
    func applyStatusRemoveInANamespace(backend: String) throws {
        let binary = try #require(Self.builtBinary(), "build pe-net first (swift build)")
        let topology = try FwdTopology.create()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-cli-\(UUID().uuidString)").path
        defer {
            topology.destroy()
            try? FileManager.default.removeItem(atPath: root)
        }
        try topology.startEcho(backend: 0, port: 1433, reply: "be1")
        func fwd(_ arguments: [String]) throws -> Shell.Result {
            try topology.exec(
                topology.forwarder, [binary, "fwd"] + arguments + ["--root", root, "--backend", backend])
        }
        let target = "1433=\(FwdTopology.backendAddresses[0]):1433"
        let refused = try fwd(["apply", "--map", target, "--interface", FwdTopology.ingressInterface])
        #expect(refused.status == 64, "without a terminal apply needs --yes: \(refused.error)")
        let applied = try fwd(["apply", "--yes", "--map", target, "--interface", FwdTopology.ingressInterface])
        #expect(applied.status == 0, "\(applied.error)")
        #expect(applied.output.contains("+ add 1433 -> \(FwdTopology.backendAddresses[0]):1433"))
        #expect(applied.error.contains("done [1/"), "each step is shown as it runs: \(applied.error)")
        #expect(topology.connect(port: 1433) == "be1")
        let again = try fwd([
            "apply", "--yes", "--map", target, "--interface", FwdTopology.ingressInterface, "-o", "json",
        ])
        #expect(again.status == 0)
        #expect(
            again.output.contains("\"steps\" : [\n\n    ]") || again.output.contains("\"steps\" : []"),
            "\(again.output)")
        let status = try fwd(["status"])
        #expect(status.status == 0, "\(status.output)\(status.error)")
        #expect(status.output.contains("in sync"))
        #expect(FileManager.default.fileExists(atPath: root + "/etc/pe-net/fwd.json"))
        #expect(FileManager.default.fileExists(atPath: root + "/etc/sysctl.d/90-pe-net-fwd.conf"))
        let install = try fwd(["install", "--binary", "/usr/bin/true"])
        #expect(install.status == 0, "\(install.error)")
        #expect(install.output.contains("+ write /etc/systemd/system/pe-net-fwd-reconcile.timer"), "\(install.output)")
        #expect(FileManager.default.fileExists(atPath: root + "/etc/systemd/system/pe-net-fwd.service"))
        #expect(try fwd(["install", "--binary", "/usr/bin/true"]).output.hasPrefix("No changes"))
        // Drift: someone deletes pe-net's rules behind its back.
        let tool =
            backend == "nft"
            ? ["nft", "delete", "table", "ip", "pe_net"] : ["iptables", "-t", "nat", "-F", "PE_NET_PREROUTING"]
        try Shell.check(["ip", "netns", "exec", topology.forwarder] + tool)
        #expect(try fwd(["status"]).status == 3)
        #expect(try fwd(["reconcile"]).status == 0)
        #expect(try fwd(["status"]).status == 0)
        try Shell.check([
            "ip", "netns", "exec", topology.forwarder, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "fwb2", "-j",
            "MASQUERADE",
        ])
        let removed = try fwd(["remove", "--yes"])
        #expect(removed.status == 0, "\(removed.error)")
        #expect(topology.connect(port: 1433) == nil)
        let nat = try topology.exec(topology.forwarder, ["iptables", "-t", "nat", "-S", "POSTROUTING"]).output
        #expect(nat.contains("-A POSTROUTING -o fwb2 -j MASQUERADE"), "the unrelated rule survives remove")
        #expect(!FileManager.default.fileExists(atPath: root + "/etc/pe-net/fwd.json"))
    }

    @Test(
        .tags(.root), .enabled(if: TestConditions.isRoot),
        arguments: [
            (["apply", "--yes", "--map", "22=10.0.0.5:1433", "--interface", "lo"], "listen port 22"),
            (
                ["apply", "--map", "1433=10.0.0.5:1433", "--map", "1433=10.0.0.6:1433", "--interface", "lo"],
                "already used"
            ),
            (["apply", "--map", "1433=10.0.0.5:1433", "--interface", "nosuch0"], "interface 'nosuch0' does not exist"),
            (["apply", "--map", "1433=nosuch.invalid:1433", "--interface", "lo"], "nosuch.invalid does not resolve"),
            (["status"], "no state file"),
        ])
    func badInputIsRejectedBeforeAnyChange(arguments: [String], message: String) throws {
        let binary = try #require(Self.builtBinary())
        let topology = try FwdTopology.create()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-cli-\(UUID().uuidString)").path
        defer {
            topology.destroy()
            try? FileManager.default.removeItem(atPath: root)
        }
        let result = try topology.exec(topology.forwarder, [binary, "fwd"] + arguments + ["--root", root])
        #expect(result.status == 64, "\(result.output)\(result.error)")
        #expect(result.error.contains(message), "\(result.error)")
        #expect(!result.error.contains("\n\n"))
        let tables = try topology.exec(topology.forwarder, ["nft", "list", "ruleset"]).output
        #expect(!tables.contains("pe_net"), "nothing was applied")
        #expect(!FileManager.default.fileExists(atPath: root + "/etc/pe-net/fwd.json"))
    }
}
