import ArgumentParser

/// How a command prints its result: human text, an aligned table, or JSON for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, table, json

    var isJSON: Bool { self == .json }
}

/// Output flags shared by every leaf command (`@OptionGroup var output: OutputOptions`).
struct OutputOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: "Output format: text, table (commands with tabular results) or json.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Print request ids and progress details to standard error (never tokens).")
    var verbose = false

    @Flag(name: [.customShort("q"), .long], help: "No progress lines on standard error (errors still print).")
    var quiet = false
}

extension OutputOptions {
    /// The options of a command line that did not parse: text (or JSON when asked), not quiet.
    static func defaults(json: Bool) -> OutputOptions {
        // Parsing a fixed, valid argument list cannot fail.
        (try? OutputOptions.parse(json ? ["-o", "json"] : [])) ?? OutputOptions()
    }
}
