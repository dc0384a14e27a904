import ArgumentParser

/// How a command prints its result: human text (or a table) or JSON for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, table, json

    /// `table` and `text` are the same human format; commands pick the natural layout.
    var isJSON: Bool { self == .json }
}

/// Output flags shared by every leaf command (`@OptionGroup var output: OutputOptions`).
struct OutputOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: text, table or json.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Print request ids and progress details to standard error (never tokens).")
    var verbose = false
}
