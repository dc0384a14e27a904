/// Stand-in until Resolver's `Topology` lands on main.
public enum Topology: String, Codable, Sendable, CaseIterable {
    case same, peered, separate
}
