/// A rule's verdict on one input: what is wrong (or worth knowing) and about which resource.
public struct Finding: Equatable, Hashable, Codable, Sendable {
    /// How serious a finding is; `--strict` turns warnings into errors.
    public enum Severity: String, Codable, Sendable, Comparable {
        case info, warning, error
        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }
    public var severity: Severity
    /// A stable identifier for the rule that produced this finding.
    public var code: String
    public var message: String
    /// The resource (host name, zone, ARM id) the finding is about.
    public var resource: String?

    public init(severity: Severity, code: String, message: String, resource: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.resource = resource
    }
}
