/// Typed operations that take the api-version from the model type.
///
/// ```swift
/// let mi = try await client.get(ManagedInstance.self, id)
/// let pecs = try await client.list(PrivateEndpointConnection.self, in: id.collectionPath("privateEndpointConnections"))
/// let approved = try await client.put(pecID, body: PrivateEndpointConnection.statusUpdate(.approved, description: "ok"))
/// ```
extension ARMClient {
    /// Reads one resource of a modelled type.
    public func get<P>(_ type: ARMResource<P>.Type, _ id: ResourceID) async throws -> ARMResource<P> {
        try await get(id, apiVersion: P.apiVersion, as: ARMResource<P>.self)
    }

    /// Reads one resource, or nil on 404.
    public func getIfExists<P>(_ type: ARMResource<P>.Type, _ id: ResourceID) async throws -> ARMResource<P>? {
        try await getIfExists(id, apiVersion: P.apiVersion, as: ARMResource<P>.self)
    }

    /// Lists a collection of a modelled type, following `nextLink`.
    public func list<P>(_ type: ARMResource<P>.Type, in path: String) async throws -> [ARMResource<P>] {
        try await list(path, apiVersion: P.apiVersion, as: ARMResource<P>.self)
    }

    /// Creates or replaces a resource and waits for it.
    public func put<P>(_ id: ResourceID, body: ARMResource<P>, condition: ETagCondition? = nil) async throws
        -> ARMResource<P>
    {
        try await put(id, body: body, apiVersion: P.apiVersion, condition: condition, as: ARMResource<P>.self)
    }

    /// Updates part of a resource and waits for it.
    public func patch<P>(_ id: ResourceID, body: ARMResource<P>, condition: ETagCondition? = nil) async throws
        -> ARMResource<P>
    {
        try await patch(id, body: body, apiVersion: P.apiVersion, condition: condition, as: ARMResource<P>.self)
    }

    /// Deletes a resource of a modelled type and waits for it.
    @discardableResult
    public func delete<P>(_ type: ARMResource<P>.Type, _ id: ResourceID, condition: ETagCondition? = nil) async throws
        -> DeleteOutcome
    {
        try await delete(id, apiVersion: P.apiVersion, condition: condition)
    }
}
