import ArgumentParser

/// The checks every planning command shares (`@OptionGroup var check: PlanCheckOptions`).
struct PlanCheckOptions: ParsableArguments {
    @Flag(help: "Treat warnings as errors: a warning blocks the change (exit 1).")
    var strict = false

    @Flag(help: "Exit 3 when the plan has changes, and change nothing (drift checks in pipelines).")
    var expectNoChanges = false
}

/// The flags of every command that changes something (`@OptionGroup var apply: ApplyOptions`):
/// the plan checks, `--dry-run`, `--yes` and `--plan-file`.
struct ApplyOptions: ParsableArguments {
    @OptionGroup var check: PlanCheckOptions

    @Flag(help: "Print the plan and change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation (required when standard input is not a terminal).")
    var yes = false

    @Option(
        help: ArgumentHelp(
            "Execute this saved plan (the command's --dry-run -o json output) instead of planning again; it is refused when what it was planned against changed.",
            valueName: "file"))
    var planFile: String?

    var strict: Bool { check.strict }
    var expectNoChanges: Bool { check.expectNoChanges }

    /// True when the command must not write: `--dry-run` or `--expect-no-changes`.
    var previewOnly: Bool { dryRun || check.expectNoChanges }
}
