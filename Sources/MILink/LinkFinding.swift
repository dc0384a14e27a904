/// One invariant's verdict on the link's flags: which invariant (N1–N10), how serious, the flag
/// it is about, and a one-line message that ends with the fix.
public struct LinkFinding: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How serious: errors stop the plan before anything is written.
    public enum Severity: String, Sendable, Codable, Comparable {
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

    /// `N1` … `N10`.
    public var invariant: String
    public var severity: Severity
    /// The flag the finding is about, e.g. `--sql-endpoint`.
    public var flag: String
    /// What is wrong and what to do, one line.
    public var message: String

    public init(_ invariant: String, _ severity: Severity, flag: String, _ message: String) {
        self.invariant = invariant
        self.severity = severity
        self.flag = flag
        self.message = message
    }

    /// `<flag>: <message>`.
    public var description: String { "\(flag): \(message)" }
}
