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

    /// `fwd apply` of 20 mappings SIGKILLed at 6 seeded points within the time an uncut apply takes
    /// (then up to 4 early ones if none landed): before, during and after its kernel transaction and
    /// state file; the rerun converges: it exits 0, `fwd plan --expect-no-changes` exits 0, every
    /// mapping has exactly one DNAT rule, and traffic flows.
    @Test(.tags(.root), .enabled(if: TestConditions.isRoot), arguments: ["nft", "iptables"])
    func killedApplyConverges(backend: String) async throws {
        let binary = try #require(Self.builtBinary())
        var state: UInt64 = 0x5EED_0004
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        // The kill points spread over how long an uncut apply takes here (so some always land inside
        // it, however fast the build or loaded the machine), at least 0–40 ms.
        let span = try Self.uncutApplyMilliseconds(binary: binary, backend: backend)
        var outcomes: [String] = []
        // Six seeded points; should none of them land inside a run (a loaded machine can make the
        // uncut run slower than the rest), up to four more at 5, 10, 15 and 20 ms.
        for point in 1...10 {
            if point > 6 && outcomes.contains(where: { $0.hasPrefix("killed") }) { break }
            let delay = point <= 6 ? next() % max(40, span) : UInt64(point - 6) * 5
            let label = "\(backend), kill point \(point) (\(delay) ms, seed 0x5EED0004)"
            let scratch = try KillScratch()
            let (topology, root) = (scratch.topology, scratch.root)
            defer { scratch.end() }
            try topology.startEcho(backend: 0, port: 1433, reply: "be1")
            let maps = KillScratch.maps
            let apply =
                [
                    "fwd", "apply", "--yes", "--interface", FwdTopology.ingressInterface, "--root", root, "--backend",
                    backend,
                ]
                + maps
            // coreutils `timeout` (in a process group of its own) sends the SIGKILL on its own timer: a
            // sleep in the test would overshoot by however long a busy test run keeps it waiting.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            process.arguments =
                [
                    "--signal=KILL", String(format: "%.3f", Double(max(delay, 1)) / 1000), "ip", "netns", "exec",
                    topology.forwarder, binary,
                ] + apply
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            let killed =
                process.terminationStatus == 128 + SIGKILL
                || (process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
            let said =
                String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .split(separator: "\n").last.map(String.init) ?? ""
            outcomes.append(
                killed
                    ? "killed at \(delay) ms"
                    : "finished before \(delay) ms (exit \(process.terminationStatus)\(said.isEmpty ? "" : ": " + said))"
            )

            let rerun = try topology.exec(topology.forwarder, [binary] + apply)
            #expect(rerun.status == 0, "\(label): \(rerun.output)\(rerun.error)")
            let plan = try topology.exec(
                topology.forwarder,
                [
                    binary, "fwd", "plan", "--expect-no-changes", "--interface", FwdTopology.ingressInterface, "--root",
                    root,
                    "--backend", backend,
                ] + maps)
            #expect(plan.status == 0, "\(label): not converged: \(plan.output)\(plan.error)")
            let rules =
                backend == "nft"
                ? try topology.exec(topology.forwarder, ["nft", "list", "ruleset"]).output
                : try topology.exec(topology.forwarder, ["iptables-save", "-t", "nat"]).output
            let dnat = rules.split(separator: "\n").filter {
                backend == "nft" ? $0.contains("dnat to") : $0.contains("-j DNAT")
            }
            #expect(dnat.count == 20, "\(label): \(dnat.count) DNAT rules\n\(rules)")
            #expect(topology.connect(port: 1433 + Int(delay % 20)) == "be1", "\(label): no traffic through")
        }
        print(
            "kill -9 fwd apply (\(backend)): uncut apply \(span) ms; \(outcomes.joined(separator: ", ")); every rerun converged"
        )
        #expect(outcomes.contains { $0.hasPrefix("killed") }, "no run was cut short: \(outcomes)")
    }

    /// The wall time of one uncut `fwd apply` of 20 mappings in a scratch topology, in milliseconds.
    static func uncutApplyMilliseconds(binary: String, backend: String) throws -> UInt64 {
        let scratch = try KillScratch()
        let (topology, root) = (scratch.topology, scratch.root)
        defer { scratch.end() }
        let maps = KillScratch.maps
        let clock = ContinuousClock()
        let start = clock.now
        let result = try topology.exec(
            topology.forwarder,
            [
                binary, "fwd", "apply", "--yes", "--interface", FwdTopology.ingressInterface, "--root", root,
                "--backend", backend,
            ]
                + maps)
        let elapsed = clock.now - start
        #expect(result.status == 0, "uncut apply: \(result.output)\(result.error)")
        return UInt64(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// One kill run's network namespaces and empty `--root`; `end()` removes both.
struct KillScratch {
    /// The 20 mappings every kill run applies (1433–1452 to the first backend).
    static let maps = (0..<20).flatMap { ["--map", "\(1433 + $0)=\(FwdTopology.backendAddresses[0]):1433"] }
    let topology: FwdTopology
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-kill-\(UUID().uuidString)").path

    init() throws { topology = try FwdTopology.create() }

    func end() {
        topology.destroy()
        try? FileManager.default.removeItem(atPath: root)
    }
}
