import ArgumentParser

/// The exit codes pe-net documents in the README. Keep the table there in step with this.
enum PeNetExit {
    /// Everything succeeded, or there was nothing to do.
    static let success = ExitCode(0)
    /// An operation failed (Azure refused a change, a command could not run, a server errored).
    static let failure = ExitCode(1)
    /// The user declined a confirmation prompt; nothing was changed.
    static let declined = ExitCode(2)
    /// A check found a difference: a DNS answer that does not match, a plan with changes under
    /// `--expect-no-changes`, forwarding drift.
    static let checkFailed = ExitCode(3)
    /// Bad input: a flag, file or value that cannot be used. Nothing was changed.
    static let usage = ExitCode(64)
}
