import Foundation

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

/// A write ARM accepted, returned by the `begin…` methods without waiting (`--no-wait`).
public struct AcceptedOperation: Sendable, Equatable {
    /// The initial status (200/201 done at once, 202 accepted, 204 nothing to delete).
    public var status: Int
    /// Where the operation can be polled (`Azure-AsyncOperation`, else `Location`), if ARM gave one.
    public var operationURL: URL?

    /// Whether ARM finished the write in the initial response.
    public var isComplete: Bool { status == 200 || status == 204 || (status == 201 && operationURL == nil) }
}

extension ARMClient {
    /// Reads one resource and returns the JSON document as ARM sent it.
    public func getDocument(_ id: ResourceID, apiVersion: String) async throws -> Data {
        try await checked("GET", url(for: id.path, apiVersion: apiVersion), resource: id.path).body
    }

    /// Starts a PUT and returns once ARM accepted it, without waiting for the operation.
    public func beginPut<P>(_ id: ResourceID, body: ARMResource<P>, condition: ETagCondition? = nil) async throws
        -> AcceptedOperation
    {
        try await begin("PUT", id, body: try JSONEncoder().encode(body), apiVersion: P.apiVersion, condition: condition)
    }

    /// Starts a DELETE and returns once ARM accepted it, without waiting for the operation.
    public func beginDelete<P>(_ type: ARMResource<P>.Type, _ id: ResourceID, condition: ETagCondition? = nil)
        async throws
        -> AcceptedOperation
    {
        try await begin("DELETE", id, body: nil, apiVersion: P.apiVersion, condition: condition)
    }

    /// Starts a PUT with an explicit api-version (a body type shared by two providers).
    @discardableResult
    public func beginPut<P>(_ id: ResourceID, body: ARMResource<P>, apiVersion: String, condition: ETagCondition? = nil)
        async throws -> AcceptedOperation
    {
        try await begin("PUT", id, body: try JSONEncoder().encode(body), apiVersion: apiVersion, condition: condition)
    }

    /// Starts a DELETE with an explicit api-version.
    @discardableResult
    public func beginDelete(_ id: ResourceID, apiVersion: String, condition: ETagCondition? = nil) async throws
        -> AcceptedOperation
    {
        try await begin("DELETE", id, body: nil, apiVersion: apiVersion, condition: condition)
    }

    private func begin(_ method: String, _ id: ResourceID, body: Data?, apiVersion: String, condition: ETagCondition?)
        async throws -> AcceptedOperation
    {
        var headers = ARMHeaders()
        switch condition {
        case .ifMatch(let etag): headers["If-Match"] = etag
        case .ifNoneMatch(let etag): headers["If-None-Match"] = etag
        case nil: break
        }
        configuration.progress?(.sending(method: method, resource: id))
        let response = try await checked(
            method, url(for: id.path, apiVersion: apiVersion), body: body, headers: headers, resource: id.path)
        let link = response.headers["Azure-AsyncOperation"] ?? response.headers["Location"]
        return AcceptedOperation(
            status: response.status, operationURL: try link.map { try followURL($0, resource: id.path) })
    }
}
