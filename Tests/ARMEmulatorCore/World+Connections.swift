import Foundation

/// The private endpoint connection state machine of Microsoft.Sql managed instances.
extension World {
    /// A stopped, stopping or starting instance refuses connection changes, as the SQL RP does
    /// (400 `ManagedInstanceStoppingOrStopped` / `ManagedInstanceStarting`).
    func instanceNotRunning(_ path: ResourcePath) -> Reply? {
        guard let instance = path.parent, let state = resources[instance.key]?.doc["properties"]?["state"]?.string
        else {
            return nil
        }
        switch state.lowercased() {
        case "stopped", "stopping":
            return .error(
                400, "ManagedInstanceStoppingOrStopped",
                "The operation could not be completed because the managed instance '\(instance.name)' is \(state.lowercased())."
            )
        case "starting":
            return .error(
                400, "ManagedInstanceStarting",
                "The operation could not be completed because the managed instance '\(instance.name)' is starting.")
        default:
            return nil
        }
    }

    /// Only Pending connections can be approved or rejected; Rejected can never be approved.
    func putConnection(_ path: ResourcePath, body: JSON, base: String) -> Reply {
        if resources[path.key] == nil, let parent = path.parent,
            let inline = inlineChildren(of: parent, type: path.segments[path.segments.count - 1].type)
                .first(where: { $0.0 == path.key })?.1
        {
            resources[path.key] = Stored(doc: inline, etag: inline["etag"]?.string ?? TypeRules.newETag(path.typeKey))
        }
        guard var stored = resources[path.key] else {
            return .error(
                400, "PrivateEndpointConnectionDoesNotExist",
                "Private endpoint connection '\(path.name)' does not exist. Private endpoint connections are created from the private endpoint side."
            )
        }
        if let refused = instanceNotRunning(path) { return refused }
        guard let properties = body["properties"], properties.isObject else {
            return .error(
                400, "NullPrivateEndpointConnectionProperties", "Private endpoint connection properties are missing.")
        }
        guard let state = properties["privateLinkServiceConnectionState"], state.isObject else {
            return .error(
                400, "NullRemotePrivateLinkServiceConnectionState", "privateLinkServiceConnectionState is missing.")
        }
        guard let requested = state["status"]?.string else {
            return .error(
                400, "NullRemotePrivateLinkServiceConnectionStateStatus",
                "privateLinkServiceConnectionState.status is missing.")
        }
        let wanted = requested.lowercased()
        guard wanted == "approved" || wanted == "rejected" else {
            return .error(
                400, "IncorrectPrivateLinkServiceConnectionStateStatus",
                "Private link service connection state status '\(requested)' is invalid; use Approved or Rejected.")
        }
        let current = stored.doc["properties"]?["privateLinkServiceConnectionState"]?["status"]?.string ?? "Pending"
        if current.lowercased() == "rejected", wanted == "approved" {
            return .error(
                400, "PrivateEndpointConnectionStatusNotPending",
                "Private Endpoint Connection Status is not Pending: connection '\(path.name)' is Rejected, and approving a rejected private endpoint connection is not supported. Delete and recreate the private endpoint."
            )
        }
        guard current.lowercased() == "pending" else {
            return .error(
                400, "PrivateEndpointConnectionStatusNotPending",
                "Private Endpoint Connection Status is not Pending: connection '\(path.name)' is \(current).")
        }
        let canonical = wanted == "approved" ? "Approved" : "Rejected"
        var newState: [String: JSON] = ["status": .string(canonical), "actionsRequired": "None"]
        newState["description"] = state["description"] ?? .string("")
        stored.doc["properties"]?["privateLinkServiceConnectionState"] = .object(newState)
        stored.doc["properties"]?["provisioningState"] = "Updating"
        resources[path.key] = stored
        setConsumerStatus(connection: stored.doc, instance: path.parent, status: canonical)
        syncInstanceSummary(path, connection: stored.doc)
        syncManagedPrivateEndpoints(connection: path, status: canonical)
        return startOperation(path, method: "PUT", created: false, base: base)
    }

    /// Mirrors a connection's status on the consumer's private endpoint when the world holds it.
    func setConsumerStatus(connection: JSON, instance: ResourcePath?, status: String) {
        guard let instance, let endpointID = connection["properties"]?["privateEndpoint"]?["id"]?.string,
            let endpoint = ResourcePath(id: endpointID), var stored = resources[endpoint.key]
        else { return }
        for field in ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"] {
            guard var items = stored.doc["properties"]?[field]?.array else { continue }
            for index in items.indices
            where items[index]["properties"]?["privateLinkServiceId"]?.string?.lowercased() == instance.key {
                items[index]["properties"]?["privateLinkServiceConnectionState"]?["status"] = .string(status)
            }
            stored.doc["properties"]?[field] = .array(items)
        }
        resources[endpoint.key] = stored
    }

    /// Keeps the instance's read-only `properties.privateEndpointConnections` summary in step with
    /// the connection documents (nil `connection` removes the entry).
    func syncInstanceSummary(_ path: ResourcePath, connection: JSON?) {
        guard let instance = path.parent, var stored = resources[instance.key],
            stored.doc["properties"]?.isObject == true
        else { return }
        var items = (stored.doc["properties"]?["privateEndpointConnections"]?.array ?? []).filter {
            $0["id"]?.string?.lowercased() != path.key
        }
        if let properties = connection?["properties"] {
            items.append(.object(["id": .string(path.id), "properties": properties]))
        }
        stored.doc["properties"]?["privateEndpointConnections"] = .array(items)
        resources[instance.key] = stored
    }
}
