import Foundation

/// The ARM calls behind `pe-net endpoints`: read a managed instance (or a Private Link Service)
/// and its private endpoint connections, and carry out one planned change. Both providers share
/// the connection shape and state machine; only the api-version differs. A thin layer over
/// ``ARMClient``.
public struct ManagedInstanceConnections: Sendable {
    /// The instance (or Private Link Service) whose connections are managed.
    public let instance: ResourceID
    let client: ARMClient

    public init(client: ARMClient, instance: ResourceID) {
        self.client = client
        self.instance = instance
    }

    /// Whether `id` is a Private Link Service rather than a managed instance.
    public static func isPrivateLinkService(_ id: ResourceID) -> Bool {
        id.resourceType.lowercased() == PrivateLinkService.resourceType.lowercased()
    }

    /// The api-version of the owner and of its connections.
    var apiVersion: String {
        Self.isPrivateLinkService(instance) ? PrivateLinkService.apiVersion : PrivateEndpointConnection.apiVersion
    }

    /// The instance as ARM shows it; a 404 becomes an error naming the instance. A Private Link
    /// Service reads through the same envelope (it has no `state`, so it is never "stopped").
    public func readInstance() async throws -> ManagedInstance {
        try await client.get(instance, apiVersion: apiVersion, as: ManagedInstance.self)
    }

    /// Every connection of the instance, in ARM's order (all pages).
    public func list() async throws -> [ConnectionSnapshot] {
        let documents = try await client.list(
            instance.collectionPath("privateEndpointConnections"), apiVersion: apiVersion,
            as: PrivateEndpointConnection.self)
        return try documents.map { try ConnectionSnapshot($0, instance: instance) }
    }

    /// Sends the write a change stands for; with `wait`, follows the long-running operation to
    /// its end and returns the connection as ARM then shows it. Errors come back as
    /// ``ConnectionWriteError`` with the actionable ones explained.
    public func perform(_ change: ConnectionChange, description: String, wait: Bool) async throws
        -> ConnectionWriteResult
    {
        do {
            return try await send(change, description: description, wait: wait)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ConnectionWriteError(description: Self.explain(error, instance: instance))
        }
    }

    private func send(_ change: ConnectionChange, description: String, wait: Bool) async throws
        -> ConnectionWriteResult
    {
        let id = try connectionID(change.connection)
        let apiVersion = apiVersion
        switch change.action {
        case .approve, .reject:
            let status: ConnectionStatus = change.action == .approve ? .approved : .rejected
            var body = PrivateEndpointConnection.statusUpdate(status, description: description)
            if Self.isPrivateLinkService(instance), let endpoint = change.connection.privateEndpointID {
                // The Network RP's example sends the consumer's endpoint along.
                body.properties?.privateEndpoint = SubResource(id: endpoint.path)
            }
            if !wait {
                try await client.beginPut(id, body: body, apiVersion: apiVersion)
                return .accepted
            }
            let after = try await client.put(id, body: body, apiVersion: apiVersion, as: PrivateEndpointConnection.self)
            return .done(try ConnectionSnapshot(after, instance: instance))
        case .delete:
            if !wait {
                try await client.beginDelete(id, apiVersion: apiVersion)
                return .accepted
            }
            try await client.delete(id, apiVersion: apiVersion)
            return .done(nil)
        case .unchanged, .refused:
            return .done(change.connection)
        }
    }

    /// The connection's id: as ARM gave it when it lies below the instance, or built from the
    /// instance and the name.
    func connectionID(_ connection: ConnectionSnapshot) throws -> ResourceID {
        if connection.id.isDescendant(of: instance) { return connection.id }
        return try instance.child("privateEndpointConnections", connection.name)
    }

    /// True when the instance's `state` says it cannot take connection changes now.
    public static func isStopped(_ instance: ManagedInstance) -> Bool {
        guard let state = instance.properties?.state?.lowercased() else { return false }
        return ["stopped", "stopping", "starting"].contains(state)
    }

    /// The sentence for a stopped (or stopping / starting) instance, naming the way out.
    public static func stoppedExplanation(_ instance: ResourceID, state: String) -> String {
        "managed instance \(instance.name) is \(state): private endpoint connections cannot be changed until it is running; "
            + "start it (az sql mi start -g \(instance.resourceGroup) -n \(instance.name) --subscription \(instance.subscription)), "
            + "wait until its state is Ready, then run this again"
    }

    /// ARM's error, with the ones a person can act on explained.
    public static func explain(_ error: any Error, instance: ResourceID) -> String {
        guard let error = error as? ARMError else { return "\(error)" }
        switch error.code?.lowercased() {
        case "managedinstancestoppingorstopped":
            return stoppedExplanation(instance, state: "stopped or stopping") + " (ARM: \(error))"
        case "managedinstancestarting":
            return stoppedExplanation(instance, state: "starting") + " (ARM: \(error))"
        case "privateendpointconnectionstatusnotpending":
            return
                "only Pending connections can be approved or rejected; the connection changed since it was read (ARM: \(error))"
        default:
            return "\(error)"
        }
    }
}

/// A write to one connection that failed; the message is ready for the terminal.
public struct ConnectionWriteError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension ConnectionSnapshot {
    /// The planner's view of a connection document of `instance`. A missing or malformed id is
    /// rebuilt from the instance and the connection's name (throws when there is neither); a
    /// missing or malformed private endpoint id leaves ``privateEndpointID`` nil.
    public init(_ document: PrivateEndpointConnection, instance: ResourceID) throws {
        let state = document.properties?.privateLinkServiceConnectionState
        let parsed = document.resourceID
        guard let name = document.name ?? parsed?.name else {
            throw ARMError.invalidResponse(
                resource: instance.collectionPath("privateEndpointConnections"),
                detail: "a private endpoint connection has neither a name nor an id")
        }
        self.init(
            name: name,
            id: try parsed ?? instance.child("privateEndpointConnections", name),
            privateEndpointID: try? document.properties?.privateEndpoint?.parsedID(),
            status: state?.status ?? .unknown("Unknown"),
            description: state?.description,
            provisioningState: document.properties?.provisioningState?.rawValue)
    }
}
