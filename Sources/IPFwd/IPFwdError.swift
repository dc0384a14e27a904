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

    public var description: String {
        switch self {
        case .invalidMapping(let value, let reason):
            return "mapping '\(value)': \(reason) (expected <listen-port>=<host or IPv4>:<target-port>, e.g. 1433=mi1.abc.database.windows.net:1433)"
        case .invalidInput(let reasons):
            return reasons.joined(separator: "\n")
        case .commandNotFound(let name):
            return "'\(name)' is not installed; install it (Debian: apt-get install nftables iptables conntrack iproute2) or pick another --backend"
        case .commandFailed(let command, let code, let stderr):
            let detail = stderr.split(separator: "\n").first.map(String.init) ?? ""
            return "'\(command)' failed with exit code \(code)\(detail.isEmpty ? "" : ": \(detail)"); the previous rules are unchanged"
        case .noBackend(let reason):
            return "no forwarding backend usable: \(reason); install nftables or iptables"
        case .state(let reason):
            return reason
        case .fileWrite(let path, let reason):
            return "cannot write \(path): \(reason); check --root and permissions"
        }
    }
}
