import Foundation

/// Sends one planned change: creates with `If-None-Match: *`, updates with `If-Match: <etag read
/// while planning>` (where the resource has one), the instance PATCH waited for, the approval of a
/// managed private endpoint's connection once it shows on the Private Link Service. The only code
/// of the path with side effects.
struct DataFactoryPathExecutor: Sendable {
    let client: ARMClient
    let connectionWait: (attempts: Int, interval: Duration)
    let clock: any ARMClock

    func perform(_ change: DataFactoryPathChange) async -> DataFactoryPathOutcome {
        do {
            try await send(change)
            return DataFactoryPathOutcome(change: change, result: .done)
        } catch {
            return DataFactoryPathOutcome(change: change, result: .failed, error: "\(error)")
        }
    }

    private func send(_ change: DataFactoryPathChange) async throws {
        if change.kind == .connection {
            try await approve(change)
            return
        }
        guard let body = change.body else {
            throw DataFactoryPathError.invalidSpec("the change to \(change.resource.path) has no body")
        }
        let condition: ETagCondition? =
            switch change.action {
            case .create: .createOnly
            case .update, .approve: change.etag.map { .ifMatch($0) }
            }
        if change.method == "PATCH" {
            let _: ARMDocument = try await client.patch(
                change.resource, body: body, apiVersion: change.apiVersion, condition: condition)
        } else {
            let _: ARMDocument = try await client.put(
                change.resource, body: body, apiVersion: change.apiVersion, condition: condition)
        }
    }

    /// Finds the managed private endpoint's connection (waiting while it is not there yet) and
    /// approves it; an already Approved one is left alone.
    private func approve(_ change: DataFactoryPathChange) async throws {
        guard let endpoint = change.managedPrivateEndpoint,
            let factory = endpoint.ancestor(ofType: "factories"),
            let service = change.resource.ancestor(ofType: "privateLinkServices")
        else {
            throw DataFactoryPathError.invalidSpec(
                "the approval of \(change.resource.path) names no managed private endpoint")
        }
        var attempt = 0
        while true {
            attempt += 1
            let connections = try await client.list(
                PrivateLinkServiceConnection.self, in: service.collectionPath("privateEndpointConnections"))
            if let connection = DataFactoryPathPlanner.connection(for: endpoint, factory: factory, in: connections) {
                let state = connection.properties?.privateLinkServiceConnectionState
                if state?.status == .approved { return }
                guard state?.status == .pending else {
                    throw DataFactoryPathError.read(
                        "the connection of \(endpoint.name) on \(service.name) is \(state?.status.map { "\($0)" } ?? "unknown"), not Pending; delete the managed private endpoint and apply again"
                    )
                }
                let id = try connection.resourceID ?? service.child("privateEndpointConnections", connection.name ?? "")
                let body = PrivateLinkServiceConnection.statusUpdate(
                    .approved, description: "Approved by pe-net for data factory \(factory.name)",
                    privateEndpoint: connection.properties?.privateEndpoint)
                _ = try await client.put(id, body: body)
                return
            }
            guard attempt < connectionWait.attempts else {
                throw DataFactoryPathError.read(
                    "managed private endpoint \(endpoint.name) has no connection on Private Link Service \(service.name) after \(attempt) reads; approve it later with: pe-net endpoints approve --service \(service.path) --all-pending"
                )
            }
            try await clock.sleep(for: connectionWait.interval)
        }
    }
}
