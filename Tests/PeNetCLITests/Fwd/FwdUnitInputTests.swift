import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// Values written into systemd units are refused when they could add a line, a second command or a
/// relative path: one line of bad input, exit 64, no file written.
@Suite("fwd install/render: unit inputs")
struct FwdUnitInputTests {
    @Test(arguments: [
        (["--binary", "/usr/local/bin/pe-net\nExecStartPre=/bin/sh -c id"], "--binary /usr/local/bin/pe-net\\u{a}"),
        (["--binary", "pe-net"], "--binary pe-net must be an absolute path"),
        (["--binary", ""], "must be an absolute path"),
        (["--binary", "/opt/pe net"], "must be an absolute path"),
        (["--interval", "60s\nOnBootSec=0"], "is not a systemd time span"),
        (["--interval", "soon"], "is not a systemd time span"),
        (["--dns-server", "not a server"], "--dns-server not a server"),
    ])
    func refused(arguments: [String], message: String) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pe-net-units-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for command in ["install", "render"] {
            var cli = InProcessCLI()
            cli.fileRoot = root.path
            let extra = command == "render" ? ["--format", "systemd"] : ["--root", root.path]
            let run = await cli.run(["fwd", command] + extra + arguments)
            #expect(run.status == 64, "\(command): \(run)")
            #expect(run.stderr.contains(message), "\(command): \(run)")
            #expect(run.stderr.split(separator: "\n").count == 2, "\(command): \(run)")
            #expect(run.stdout.isEmpty, "\(command): \(run)")
        }
        let written = try FileManager.default.subpathsOfDirectory(atPath: root.path)
        #expect(written.isEmpty, "\(written)")
    }
}
