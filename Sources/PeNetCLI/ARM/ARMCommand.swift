import ArgumentParser

/// `pe-net arm`: direct reads of Azure Resource Manager, for inspecting what the other commands see.
struct ARMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arm",
        abstract: "Read Azure Resource Manager resources directly.",
        subcommands: [ARMGet.self]
    )
}
