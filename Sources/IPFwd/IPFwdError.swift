import Resolver

/// Errors raised while validating, planning or applying forwarding rules. Each one prints as a
/// single line that names the thing at fault and what to do about it.
public enum IPFwdError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `--map` value or state-file mapping that cannot be used.
    case invalidMapping(String, reason: String)
    /// Input that failed validation; every reason is listed, nothing was changed.
    case invalidInput([String])
    /// A command pe-net needs is not installed.
    case commandNotFound(String)
    /// A command ran and failed; the previous rules are still in place.
    case commandFailed(command: String, exitCode: Int32, stderr: String)
    /// No backend could be used on this machine.
    case noBackend(String)
    /// The state file is missing or unreadable.
    case state(String)
    /// A file could not be written.
    case fileWrite(path: String, reason: String)
    /// The command reads or changes netfilter state, which needs root; nothing was read or changed.
    case needsRoot(command: String)
    /// Part of the current state could not be read, so the plan cannot be trusted; nothing was changed.
    case blocked([Finding])
    /// A saved plan no longer matches the forwarder (or was made for another root); nothing was changed.
    case stalePlan(String)
    /// A step of the plan failed; the steps before it were applied.
    indirect case stepFailed(index: Int, total: Int, step: String, reason: IPFwdError)

    public var description: String {
        switch self {
        case .invalidMapping(let value, let reason):
            return
                "mapping '\(value)': \(reason) (expected <listen-port>=<host or IPv4>:<target-port>, e.g. 1433=mi1.abc.database.windows.net:1433)"
        case .invalidInput(let reasons):
            return reasons.joined(separator: "\n")
        case .commandNotFound(let name):
            return
                "'\(name)' is not installed; install it (Debian: apt-get install nftables iptables conntrack iproute2) or pick another --backend"
        case .commandFailed(let command, let code, let stderr):
            let detail = stderr.split(separator: "\n").first.map(String.init) ?? ""
            return
                "'\(command)' failed with exit code \(code)\(detail.isEmpty ? "" : ": \(detail)"); the previous rules are unchanged"
        case .noBackend(let reason):
            return "no forwarding backend usable: \(reason); install nftables or iptables"
        case .state(let reason):
            return reason
        case .fileWrite(let path, let reason):
            return "cannot write \(path): \(reason); check --root and permissions"
        case .needsRoot(let command):
            return
                "pe-net fwd \(command) reads and changes netfilter rules and /etc, which needs root; run it with sudo (nothing was read or changed)"
        case .blocked(let findings):
            let first = findings.first.map { ": \($0.message)" } ?? ""
            return
                "the forwarder's current state could not be read completely (\(findings.count) finding(s))\(first); nothing was changed"
        case .stalePlan(let reason):
            return "the saved plan cannot be applied: \(reason); run 'pe-net fwd plan' again (nothing was changed)"
        case .stepFailed(let index, let total, let step, let reason):
            let done = index == 1 ? "no step was applied" : "steps 1-\(index - 1) were applied"
            return "step \(index) of \(total) (\(step)) failed: \(reason); \(done)"
        }
    }
}
