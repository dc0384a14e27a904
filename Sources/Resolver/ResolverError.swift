/// Errors of the Resolver module, written for the person at the terminal.
public enum ResolverError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A DNS server was not given as `ip`, `ip:port` or `[ipv6]:port`.
    case invalidServer(String)
    /// An expectation was not `name=ip`.
    case invalidExpectation(String, reason: String)
    /// A socket could not be created or used.
    case socket(operation: String, reason: String)
    /// A part of a Managed Instance host name (`instance name`, `dnsZone`) that is not one DNS label.
    case invalidLabel(_ what: String, value: String)

    public var description: String {
        switch self {
        case .invalidServer(let text):
            return "'\(text)' is not a DNS server address: write ip, ip:port or [ipv6]:port, e.g. 127.0.0.1:5353"
        case .invalidExpectation(let text, let reason):
            return
                "'\(text)' is not an expectation (\(reason)): write name=ip, e.g. mi1.abc123.database.windows.net=10.1.2.3"
        case .socket(let operation, let reason):
            return "DNS socket \(operation) failed: \(reason)"
        case .invalidLabel(let what, let value):
            return
                "\(what) '\(value)' is not a single DNS label (1 to 63 letters, digits and inner hyphens), so no host or zone name can be built from it"
        }
    }
}
