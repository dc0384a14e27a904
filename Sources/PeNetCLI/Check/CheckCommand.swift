import ArgumentParser

/// `pe-net check`: offline checks of names and settings; it only lists its subcommands.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check names and settings against Managed Instance rules (no network access).",
        subcommands: [CheckHost.self]
    )
}
