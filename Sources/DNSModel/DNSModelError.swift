/// Errors raised by the DNS model, written for the person at the terminal.
public enum DNSModelError: Error, Equatable, Sendable {
    /// A domain name could not be parsed; `reason` is ldns's or ours.
    case invalidName(String, reason: String)
}
