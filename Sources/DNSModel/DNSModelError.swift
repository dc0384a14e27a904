/// Errors raised by the DNS model, written for the person at the terminal: each names the
/// offending text and, where it helps, what to change.
public enum DNSModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A domain name could not be parsed; `reason` is ldns's or ours.
    case invalidName(String, reason: String)
    /// An IP address literal could not be parsed.
    case invalidAddress(String, family: String)
    /// A single record in presentation format could not be parsed.
    case invalidRecord(String, reason: String)
    /// A zone file has a syntax error at `line` (1-based, as ldns counts).
    case zoneSyntax(source: String, line: Int, reason: String)
    /// A zone file could not be opened or read.
    case unreadableFile(path: String, reason: String)
    /// A DNS message on the wire could not be decoded or encoded.
    case malformedMessage(reason: String)

    public var description: String {
        switch self {
        case .invalidName(let name, let reason):
            return "invalid domain name '\(name)': \(reason)"
        case .invalidAddress(let text, let family):
            return "invalid \(family) address '\(text)': write it as in 10.1.2.3 or fd00::4"
        case .invalidRecord(let text, let reason):
            return "invalid record '\(text)': \(reason)"
        case .zoneSyntax(let source, let line, let reason):
            return "\(source):\(line): \(reason)"
        case .unreadableFile(let path, let reason):
            return "cannot read zone file '\(path)': \(reason)"
        case .malformedMessage(let reason):
            return "malformed DNS message: \(reason)"
        }
    }
}
