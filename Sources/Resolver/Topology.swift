/// How the private endpoint's virtual network relates to the instance's virtual network; it
/// decides which private DNS zone name is required and which is forbidden.
public enum Topology: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    /// The endpoint is in the instance's own virtual network.
    case same
    /// The endpoint's virtual network is peered (Connected) with the instance's.
    case peered
    /// The virtual networks are different and not peered.
    case separate

    public var description: String {
        switch self {
        case .same: return "the same virtual network"
        case .peered: return "peered virtual networks"
        case .separate: return "separate virtual networks"
        }
    }

    /// Separate networks use `privatelink.<dnsZone>.<suffix>`; same and peered must not.
    public var usesPrivatelinkZone: Bool { self == .separate }
}
