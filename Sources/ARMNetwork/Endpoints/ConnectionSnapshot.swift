/// What the approval planner needs to know about one private endpoint connection on a managed
/// instance: its name, the consumer's private endpoint, and its state as read from ARM.
public struct ConnectionSnapshot: Codable, Hashable, Sendable {
    /// The connection's name (the last segment of its id; not the private endpoint's name).
    public var name: String
    /// The connection's ARM id.
    public var id: ResourceID
    /// The consumer's `Microsoft.Network/privateEndpoints` id, possibly in another subscription.
    public var privateEndpointID: ResourceID?
    public var status: ConnectionStatus
    public var description: String?
    public var provisioningState: String?

    public init(
        name: String, id: ResourceID, privateEndpointID: ResourceID?, status: ConnectionStatus,
        description: String? = nil, provisioningState: String? = nil
    ) {
        self.name = name
        self.id = id
        self.privateEndpointID = privateEndpointID
        self.status = status
        self.description = description
        self.provisioningState = provisioningState
    }

    /// The private endpoint's name, or nil when ARM gave no endpoint.
    public var privateEndpointName: String? { privateEndpointID?.name }

    /// The subscription the private endpoint lives in.
    public var privateEndpointSubscription: String? { privateEndpointID?.subscription }

    /// The resource group the private endpoint lives in.
    public var privateEndpointResourceGroup: String? { privateEndpointID?.resourceGroup }

    /// What the endpoint's owner wrote when asking: ARM keeps the request message in the
    /// description until the connection is approved or rejected.
    public var requestMessage: String? { status == .pending ? description.flatMap { $0.isEmpty ? nil : $0 } : nil }

    /// The decision's description (nil while Pending, when the description is the request).
    public var decisionDescription: String? { status == .pending ? nil : description }
}
