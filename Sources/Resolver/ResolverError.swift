/// Errors of the Resolver module, written for the person at the terminal.
public enum ResolverError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A DNS server was not given as `ip`, `ip:port` or `[ipv6]:port`.
    case invalidServer(String)
    /// An expectation was not `name=ip`.
    case invalidExpectation(String, reason: String)
    /// A socket could not be created or used.
    case socket(operation: String, reason: String)

    public var description: String {
        switch self {
        case .invalidServer(let text):
            return "'\(text)' is not a DNS server address: write ip, ip:port or [ipv6]:port, e.g. 127.0.0.1:5353"
        case .invalidExpectation(let text, let reason):
            return
                "'\(text)' is not an expectation (\(reason)): write name=ip, e.g. mi1.abc123.database.windows.net=10.1.2.3"
        case .socket(let operation, let reason):
            return "DNS socket \(operation) failed: \(reason)"
        }
    }
}
