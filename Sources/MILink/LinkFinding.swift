import Resolver

/// One invariant's verdict on the link's flags: which invariant (N1–N10), how serious, the flag
/// it is about, and a one-line message that ends with the fix.
public struct LinkFinding: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How serious (the project's one severity scale): errors stop the plan before anything is written.
    public typealias Severity = Finding.Severity

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
