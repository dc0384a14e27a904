import Foundation

/// Async operations: ARM's 201/202 with `Azure-AsyncOperation` and `Location`, a status URL that
/// reports InProgress until the configured duration has passed, then Succeeded (or Failed when the
/// fault plan queued a failure).
extension World {
    func startOperation(_ path: ResourcePath, method: String, created: Bool, base: String) -> Reply {
        let id = UUID().uuidString.lowercased()
        let failure = pendingOperationFailures.isEmpty ? nil : pendingOperationFailures.removeFirst()
        let operation = Operation(
            id: id, key: path.key, typeKey: path.typeKey, method: method,
            due: Date().addingTimeInterval(operationDuration), failure: failure)
        register(operation)
        let statusURL =
            "\(base)/subscriptions/\(path.subscription)/providers/\(path.namespace)/operationStatuses/\(id)?api-version=2024-01-01"
        let resultURL =
            "\(base)/subscriptions/\(path.subscription)/providers/\(path.namespace)/operationResults/\(id)?api-version=2024-01-01"
        var headers: [(String, String)] = [("Azure-AsyncOperation", statusURL)] + pollHeaders()
        let doc = currentDocument(path.key)
        if let etag = currentETag(path.key) { headers.append(("ETag", etag)) }
        switch (TypeRules.family(path.typeKey), method) {
        case (.network, "PUT"), (.network, "PATCH"):
            // Network RP: 201/200 with the body and Azure-AsyncOperation.
            return Reply(status: created ? 201 : 200, headers: headers, body: doc)
        default:
            headers.append(("Location", resultURL))
            return Reply(status: 202, headers: headers)
        }
    }

    func pollHeaders() -> [(String, String)] {
        [("Retry-After", String(max(1, (pollAfterMs + 999) / 1000))), ("retry-after-ms", String(pollAfterMs))]
    }

    /// `GET .../operationStatuses/{id}`: `{"status": ...}` (+ `error` when Failed).
    func operationStatus(_ id: String) -> Reply {
        advance()
        guard let operation = operation(id) else {
            return .error(404, "OperationIdNotFound", "The async operation '\(id)' was not found.")
        }
        var body: [String: JSON] = ["name": .string(id), "id": .string(id)]
        guard operation.finished else {
            body["status"] = "InProgress"
            return Reply(status: 200, headers: pollHeaders(), body: .object(body))
        }
        if operation.failed, let failure = operation.failure {
            body["status"] = "Failed"
            body["error"] = .object(["code": .string(failure.code), "message": .string(failure.message)])
        } else {
            body["status"] = "Succeeded"
        }
        return .ok(.object(body))
    }

    /// `GET .../operationResults/{id}`: 202 while running, then the resource (PUT/PATCH) or 204 (DELETE).
    func operationResult(_ id: String, base: String, path: String) -> Reply {
        advance()
        guard let operation = operation(id) else {
            return .error(404, "OperationIdNotFound", "The async operation '\(id)' was not found.")
        }
        guard operation.finished else {
            return Reply(status: 202, headers: [("Location", base + path)] + pollHeaders())
        }
        if operation.failed, let failure = operation.failure {
            return .error(400, failure.code, failure.message)
        }
        if operation.method == "DELETE" { return Reply(status: 204) }
        guard let doc = currentDocument(operation.key) else { return Reply(status: 204) }
        return .ok(doc)
    }
}
