import Foundation

/// Resource actions: `POST {resource}/{action}` (e.g. a distributed availability group's
/// `failover`), long-running like writes.
extension ARMClient {
    /// Posts `body` to `{id}/{action}` and waits for the operation (`Azure-AsyncOperation`, then
    /// `Location`); returns the last response's body (the resource for actions that return it).
    @discardableResult
    public func post<Body: Encodable & Sendable>(_ id: ResourceID, action: String, body: Body, apiVersion: String)
        async throws -> Data
    {
        let path = id.path + "/" + action
        let target = try url(for: path, apiVersion: apiVersion)
        let data: Data
        do {
            data = try JSONEncoder().encode(body)
        } catch {
            throw ARMError.invalidResponse(resource: id.path, detail: "cannot encode the request body: \(error)")
        }
        configuration.progress?(.sending(method: "POST", resource: id))
        let initial = try await checked("POST", target, body: data, resource: id.path)
        let final = try await waitForOperation(method: "POST", initial: initial, resourceURL: target, resource: id.path)
        configuration.progress?(.finished(method: "POST", resource: id))
        return final.body
    }
}
