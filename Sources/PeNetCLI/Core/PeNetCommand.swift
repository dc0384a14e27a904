import ArgumentParser
import Foundation

/// A leaf command: it parses flags (ArgumentParser), then `run(_:)` works only through the
/// Environment and prints only through its Reporter. The plain `run()` that ArgumentParser calls
/// builds the live Environment and maps every error to the one error format and exit code.
protocol PeNetCommand: AsyncParsableCommand {
    /// The output flags (`-o`, `--quiet`, `--verbose`).
    var output: OutputOptions { get }
    /// Whether `-o table` means something for this command (else it is refused).
    static var hasTableOutput: Bool { get }
    /// The command's work.
    func run(_ env: Environment) async throws
}

extension PeNetCommand {
    static var hasTableOutput: Bool { false }

    func run() async throws {
        let env = Environment.live(output: output, invocation: Array(CommandLine.arguments.dropFirst()))
        let status = await PeNetMain.execute(self, env: env)
        if status != 0 { throw ExitCode(status) }
    }
}

/// Parses a command line and runs it with an Environment: the live entry point and the one
/// tests use in-process. Parse errors, help, version and completions are handled here too, so
/// every failure has the same shape.
enum PeNetMain {
    /// Runs `arguments` (without the program name). `makeEnvironment` receives the parsed output
    /// options. Returns the exit status.
    static func run(
        _ arguments: [String], makeEnvironment: (OutputOptions, [String]) -> Environment
    ) async -> Int32 {
        var command: any ParsableCommand
        do {
            command = try PeNet.parseAsRoot(arguments)
        } catch {
            return reportParseError(error, arguments: arguments, makeEnvironment: makeEnvironment)
        }
        if let leaf = command as? any PeNetCommand {
            if leaf.output.format == .table, !type(of: leaf).hasTableOutput {
                let env = makeEnvironment(leaf.output, arguments)
                return env.reporter.report(
                    .usage(
                        "-o table means nothing for this command; use -o text or -o json",
                        fix: env.commandLine(settingValueOf: ["-o", "--output"], to: "text")))
            }
            return await execute(leaf, env: makeEnvironment(leaf.output, arguments))
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return reportParseError(error, arguments: arguments, makeEnvironment: makeEnvironment)
        }
    }

    /// Runs a parsed leaf command and reports its failure, if any.
    static func execute(_ command: some PeNetCommand, env: Environment) async -> Int32 {
        do {
            try await command.run(env)
            env.reporter.clearStatus()
            return 0
        } catch let exit as ExitCode {
            // The command already reported what happened (a check result, a plan with findings).
            env.reporter.clearStatus()
            return exit.rawValue
        } catch {
            return env.reporter.report(PeNetError(error))
        }
    }

    /// Help, version and completion scripts go to standard output with exit 0; a bad command line
    /// is one error line with the command's help as the fix (no usage dump).
    private static func reportParseError(
        _ error: any Error, arguments: [String], makeEnvironment: (OutputOptions, [String]) -> Environment
    ) -> Int32 {
        let code = PeNet.exitCode(for: error)
        let env = makeEnvironment(OutputOptions.defaults(json: jsonRequested(arguments)), arguments)
        if code == .success {
            env.reporter.raw(PeNet.fullMessage(for: error) + "\n")
            return 0
        }
        let words = arguments.prefix { !$0.hasPrefix("-") }
        var path: [String] = []
        var type: any ParsableCommand.Type = PeNet.self
        for word in words {
            guard let next = type.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
            path.append(word)
            type = next
        }
        return env.reporter.report(
            PeNetError(
                code: "input.invalid", message: oneLine(PeNet.message(for: error)),
                resource: nil, fix: (["pe-net"] + path + ["--help"]).joined(separator: " "),
                exitCode: code.rawValue == 0 ? PeNetExit.usage.rawValue : code.rawValue))
    }

    /// ArgumentParser's message as one line: its first line, with a bulleted list of valid values
    /// (printed for six or more) folded into it as `'a', 'b' or 'c'`.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard var first = lines.first?.replacingOccurrences(of: "Error: ", with: "") else {
            return "invalid command line"
        }
        let marker = "one of the following:"
        if first.hasSuffix(marker) {
            let values = lines.dropFirst().compactMap { line -> String? in
                let trimmed = line.drop { $0 == " " }
                return trimmed.hasPrefix("- ") ? "'\(trimmed.dropFirst(2))'" : nil
            }
            if let last = values.last {
                let list = values.count == 1 ? last : values.dropLast().joined(separator: ", ") + " or " + last
                first = first.dropLast(marker.count) + "one of \(list)."
            }
        }
        return first
    }

    /// Whether the command line asks for JSON output (checked before parsing succeeded).
    static func jsonRequested(_ arguments: [String]) -> Bool {
        for (index, argument) in arguments.enumerated() {
            if argument == "-ojson" || argument == "--output=json" { return true }
            if argument == "-o" || argument == "--output", index + 1 < arguments.count, arguments[index + 1] == "json" {
                return true
            }
        }
        return false
    }
}
