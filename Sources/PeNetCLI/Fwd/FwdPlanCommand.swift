import ArgumentParser
import IPFwd

/// `pe-net fwd plan`: what apply would change; changes nothing.
struct FwdPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the changes apply would make (desired vs current rules); changes nothing.")

    @OptionGroup var mappings: FwdMappingOptions
    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var change: FwdChangeOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await FwdSupport.run {
            try await FwdApplyCommand.planAndMaybeApply(
                mappings: mappings, system: system, change: change, output: output, apply: false)
        }
    }
}
