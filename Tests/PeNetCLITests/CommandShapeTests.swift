import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// The one shape every command shares: errors, JSON errors, help, `-o table`, fixes that paste.
@Suite("Every command's shape")
struct CommandShapeTests {
    @Test("A bad flag is one error line and a fix, never a usage dump")
    func badFlag() async {
        let run = await InProcessCLI().run(["endpoints", "approve", "--bogus"])
        #expect(run.status == 64, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(run)")
        #expect(lines.first?.hasPrefix("pe-net: error: ") == true, "\(run)")
        #expect(lines.last == "  fix: pe-net endpoints approve --help", "\(run)")
        #expect(!run.stderr.contains("USAGE"), "\(run)")
    }

    @Test("With -o json a failure is a JSON error document on standard output, same exit code")
    func jsonError() async throws {
        let run = await InProcessCLI().run(["endpoints", "list", "--instance", "mi1", "-o", "json"])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.isEmpty, "\(run)")
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let error = try #require(document?["error"] as? [String: Any], "\(run)")
        #expect(error["code"] as? String == "input.needs-subscription")
        #expect((error["message"] as? String)?.contains("--instance mi1 is a name") == true)
        #expect(error["resource"] as? String == "mi1")
        #expect((error["fix"] as? String)?.contains("--subscription \"$(az account show --query id -o tsv)\"") == true)
    }

    /// (arguments, a fragment of the one error line)
    @Test(
        "A bad value is one error line (the valid values folded into it) and a fix",
        arguments: [
            (
                ["endpoints", "list", "--auth", "bogus"],
                "The value 'bogus' is invalid for '--auth <auth>'. Please provide one of 'auto', "
            ),
            (["check", "host", "a.b", "--topology", "weird"], "Please provide one of 'same', 'peered' or 'separate'."),
            (
                ["dns", "zonefile", "check", "z.zone", "-o", "yaml"],
                "The value 'yaml' is invalid for '-o <output>'. Please provide one of 'text', 'table' or 'json'."
            ),
            (
                ["endpoints", "list", "--instance", "mi1", "--status", "nope"],
                "The value 'nope' is invalid for '--status"
            ),
            (["fwd", "plan", "--backend", "pf"], "The value 'pf' is invalid for '--backend <backend>'"),
            (["link", "plan", "--link-mode", "x"], "The value 'x' is invalid for '--link-mode"),
            (["dns", "zonefile", "check"], "Missing expected argument '<file>'"),
        ])
    func badValue(_ arguments: [String], _ fragment: String) async {
        let run = await InProcessCLI().run(arguments)
        #expect(run.status == 64, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 2, "\(run)")
        #expect(lines.first?.hasPrefix("pe-net: error: ") == true, "\(run)")
        #expect(lines.first?.contains(fragment) == true, "\(run)")
        #expect(lines.last?.hasPrefix("  fix: pe-net ") == true, "\(run)")
        #expect(lines.last?.hasSuffix(" --help") == true, "\(run)")
    }

    @Test("A bulleted list of valid values folds into the error line")
    func foldedValueList() {
        let message =
            "Error: The value 'x' is invalid for '--auth <auth>'. Please provide one of the following:\n  - auto\n  - cli\n  - token-file\n"
        #expect(
            PeNetMain.oneLine(message)
                == "The value 'x' is invalid for '--auth <auth>'. Please provide one of 'auto', 'cli' or 'token-file'.")
        #expect(
            PeNetMain.oneLine("Error: Missing expected argument '<file>'\nHelp: ...\nUsage: ...")
                == "Missing expected argument '<file>'")
        #expect(PeNetMain.oneLine("") == "invalid command line")
    }

    @Test("A parse error with -o json is a JSON error document too")
    func jsonParseError() async throws {
        let run = await InProcessCLI().run(["dns", "verify", "-o", "json"])
        #expect(run.status == 64, "\(run)")
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let error = try #require(document?["error"] as? [String: Any], "\(run)")
        #expect(error["code"] as? String == "input.invalid")
        #expect(error["fix"] as? String == "pe-net dns verify --help")
    }

    @Test("A missing resource group names the az lookup that fills it in")
    func missingResourceGroup() async {
        var cli = InProcessCLI()
        cli.variables = ["AZURE_SUBSCRIPTION_ID": "0e0e0e0e-1111-2222-3333-444444444444"]
        let run = await cli.run(["endpoints", "list", "--instance", "mi1"])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.hasPrefix("pe-net: error: --instance mi1 is a name, and no resource group is set"), "\(run)")
        #expect(
            run.stderr.contains(
                "  fix: pe-net endpoints list --instance \"$(az resource list --subscription 0e0e0e0e-1111-2222-3333-444444444444 --name mi1 --resource-type Microsoft.Sql/managedInstances --query [0].id -o tsv)\""
            ), "\(run)")
    }

    @Test(
        "An unusable --arm-endpoint is one line of bad input, never a trap or raw control characters",
        arguments: [
            ("http://127.0.0.1:99999", "port 99999 is outside 1-65535"),
            ("http://127.0.0.1:0", "port 0 is outside 1-65535"),
            ("http://127.0.0.1:1/\nx", "http://127.0.0.1:1/\\u{a}x contains whitespace or control characters"),
            ("https://management.azure.com\u{1B}[31m", "\\u{1b}[31m contains whitespace or control characters"),
            ("http://10.1.2.3", "plain-HTTP"),
        ])
    func unusableEndpoints(endpoint: String, message: String) async {
        let instance =
            "/subscriptions/0e0e0e0e-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1"
        let run = await InProcessCLI().run(["endpoints", "list", "--instance", instance, "--arm-endpoint", endpoint])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains(message), "\(run)")
        #expect(run.stderr.split(separator: "\n").count == 2, "\(run)")
        #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B }, "\(run)")
    }

    @Test("Help and version print on standard output and exit 0")
    func help() async {
        let help = await InProcessCLI().run(["dns", "plan", "--help"])
        #expect(help.status == 0, "\(help)")
        #expect(help.stdout.contains("USAGE: pe-net dns plan"), "\(help)")
        let version = await InProcessCLI().run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == PeNetVersion.current + "\n", "\(version)")
    }

    @Test("-o table is refused where it means nothing, and works where it does")
    func table() async {
        let host = await InProcessCLI().run(["check", "host", "mi1.abc123.database.windows.net", "-o", "table"])
        #expect(host.status == 64, "\(host)")
        #expect(host.stderr.contains("-o table means nothing for this command"), "\(host)")
        #expect(host.stderr.contains("fix: pe-net check host mi1.abc123.database.windows.net -o text"), "\(host)")
    }

    @Test("check host: findings print once, on standard output")
    func findingsOnce() async {
        let run = await InProcessCLI().run(["check", "host", "10.1.2.3"])
        #expect(run.status == 3, "\(run)")
        let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1, "\(run)")
        #expect(run.stderr.isEmpty, "\(run)")
    }

    @Test("Declining exits 2; no terminal without --yes exits 64 with the --yes fix")
    func confirmation() throws {
        let declined = ScriptedTerminal(interactive: true, answers: ["n"])
        let env = InProcessCLI().environment(
            output: try OutputOptions.parse([]), invocation: ["endpoints", "delete", "--name", "c1"],
            out: CollectingStream(),
            err: CollectingStream())
        var asking = env
        asking.terminal = declined
        #expect(throws: PeNetError.declined) { try asking.confirm("delete 1 connection(s)?", yes: false) }
        #expect(declined.asked == ["delete 1 connection(s)?"])
        #expect(PeNetError.declined.exitCode == 2)
        do {
            try env.confirm("delete 1 connection(s)?", yes: false)
            Issue.record("confirm went ahead without a terminal")
        } catch let error as PeNetError {
            #expect(error.exitCode == 64)
            #expect(error.fix == "pe-net endpoints delete --name c1 --yes")
        }
        var accepting = env
        accepting.terminal = ScriptedTerminal(interactive: true, answers: ["yes"])
        #expect(throws: Never.self) { try accepting.confirm("go?", yes: false) }
        #expect(throws: Never.self) { try env.confirm("go?", yes: true) }
    }
}

/// Live progress: one line per event through a pipe, one updating line on a terminal.
@Suite("Reporter")
struct ReporterTests {
    @Test("Not a terminal: one line per event, in order, each ending in a newline")
    func pipeProgress() {
        let err = CollectingStream(isTerminal: false)
        let reporter = Reporter(out: CollectingStream(), err: err)
        reporter.progress("PUT privateEndpointConnections/p1")
        reporter.progress("waiting for privateEndpointConnections/p1 (3 s)")
        reporter.progressDone("done PUT privateEndpointConnections/p1")
        #expect(
            err.text
                == "PUT privateEndpointConnections/p1\nwaiting for privateEndpointConnections/p1 (3 s)\ndone PUT privateEndpointConnections/p1\n"
        )
    }

    @Test("A terminal: the status line is rewritten in place and cleared before other output")
    func terminalProgress() {
        let err = CollectingStream(isTerminal: true)
        let out = CollectingStream(isTerminal: true)
        let reporter = Reporter(out: out, err: err)
        reporter.progress("one")
        reporter.progress("two")
        reporter.text("result")
        reporter.clearStatus()
        #expect(err.text == "\r\u{1B}[2Kone\r\u{1B}[2Ktwo\r\u{1B}[2Ktwo\r\u{1B}[2K")
        #expect(out.text == "result\n")
    }

    @Test("--quiet silences progress, not errors")
    func quiet() {
        let err = CollectingStream()
        let reporter = Reporter(quiet: true, out: CollectingStream(), err: err)
        reporter.progress("PUT x")
        reporter.progressDone("done x")
        reporter.report(.failure("it broke", fix: "pe-net x --yes"))
        #expect(err.text == "pe-net: error: it broke\n  fix: pe-net x --yes\n")
    }

    @Test("After the JSON document, an error goes to standard error as text")
    func errorAfterDocument() throws {
        let out = CollectingStream()
        let err = CollectingStream()
        let reporter = Reporter(format: .json, out: out, err: err)
        try reporter.json(["results": [1]])
        let code = reporter.report(.failure("1 of 1 failed"))
        #expect(code == 1)
        #expect(err.text == "pe-net: error: 1 of 1 failed\n")
        #expect(try JSONSerialization.jsonObject(with: Data(out.text.utf8)) is [String: Any])
    }

    @Test("Tables align every column to its widest cell")
    func tables() {
        let text = Reporter.tableText(["A", "LONGER"], [["wide cell", "x"], ["b", "yy"]])
        #expect(text == "A          LONGER\nwide cell  x\nb          yy")
    }
}
