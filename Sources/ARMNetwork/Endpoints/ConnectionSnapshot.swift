/// What the approval planner needs to know about one private endpoint connection on a managed
/// instance: its name, the consumer's private endpoint, and its state as read from ARM.
public struct ConnectionSnapshot: Codable, Hashable, Sendable {
    /// The connection's status (`privateLinkServiceConnectionState.status`), compared
    /// case-insensitively; values ARM may add later are kept as `.other`.
    public enum Status: Hashable, Sendable, Codable, CustomStringConvertible {
        case pending, approved, rejected, disconnected
        case other(String)

        public init(_ raw: String) {
            switch raw.lowercased() {
            case "pending": self = .pending
            case "approved": self = .approved
            case "rejected": self = .rejected
            case "disconnected": self = .disconnected
            default: self = .other(raw)
            }
        }

        /// The value as ARM spells it.
        public var description: String {
            switch self {
            case .pending: "Pending"
            case .approved: "Approved"
            case .rejected: "Rejected"
            case .disconnected: "Disconnected"
            case .other(let raw): raw
            }
        }

        public init(from decoder: any Decoder) throws {
            self.init(try decoder.singleValueContainer().decode(String.self))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    /// The connection's name (the last segment of its id; not the private endpoint's name).
    public var name: String
    /// The connection's ARM id.
    public var id: String
    /// The consumer's `Microsoft.Network/privateEndpoints` id, possibly in another subscription.
    public var privateEndpointID: String?
    public var status: Status
    public var description: String?
    public var provisioningState: String?

    public init(
        name: String, id: String, privateEndpointID: String?, status: Status,
        description: String? = nil, provisioningState: String? = nil
    ) {
        self.name = name
        self.id = id
        self.privateEndpointID = privateEndpointID
        self.status = status
        self.description = description
        self.provisioningState = provisioningState
    }

    /// The private endpoint's name (last segment of its id), or nil when ARM gave no endpoint.
    public var privateEndpointName: String? {
        privateEndpointID.flatMap { Self.segment(after: "privateEndpoints", in: $0) }
    }

    /// The subscription the private endpoint lives in.
    public var privateEndpointSubscription: String? {
        privateEndpointID.flatMap { Self.segment(after: "subscriptions", in: $0) }
    }

    /// The resource group the private endpoint lives in.
    public var privateEndpointResourceGroup: String? {
        privateEndpointID.flatMap { Self.segment(after: "resourceGroups", in: $0) }
    }

    /// The segment following `key` (matched case-insensitively) in an ARM id.
    static func segment(after key: String, in id: String) -> String? {
        let parts = id.split(separator: "/", omittingEmptySubsequences: true)
        guard let index = parts.firstIndex(where: { $0.lowercased() == key.lowercased() }),
            index + 1 < parts.count
        else { return nil }
        return String(parts[index + 1])
    }
}
