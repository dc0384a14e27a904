/// What went wrong in the link module, written for the person at the terminal.
public enum MILinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A certificate blob is not `0x` + even-length hex of one DER certificate (N8).
    case invalidBlob(String)
    /// An embedded root certificate failed its self-check (a build problem, not user input).
    case embeddedCertificate(String)
    /// A body could not be encoded (a programming error).
    case encoding(String)

    public var description: String {
        switch self {
        case .invalidBlob(let message): message
        case .embeddedCertificate(let message): "embedded root certificate: \(message)"
        case .encoding(let message): "cannot encode an ARM body: \(message)"
        }
    }
}
