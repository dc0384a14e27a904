import Foundation

/// Long-running operations, following the Azure SDK's order: `Azure-AsyncOperation`, then
/// `Location`, then the resource's `properties.provisioningState`.
extension ARMClient {
    /// The `{"status": ..., "error": {...}}` body of an `Azure-AsyncOperation` URL.
    private struct OperationStatus: Decodable {
        var status: String?
        var error: ARMErrorBody.Detail?
    }

    /// Just enough of a resource to read `properties.provisioningState`.
    private struct ProvisioningProbe: Decodable {
        struct Properties: Decodable { var provisioningState: String? }
        var properties: Properties?
    }

    /// States in which a resource is still changing; every other state is terminal.
    static let inProgressStates: Set<String> = [
        "accepted", "creating", "updating", "deleting", "inprogress", "provisioning", "running", "notstarted",
    ]

    /// Waits for the operation `initial` started; returns the final resource response for PUT/PATCH
    /// (the initial response when it was already complete) and the last response for DELETE.
    @discardableResult
    func waitForOperation(method: String, initial: ARMResponse, resourceURL: URL, resource: String) async throws
        -> ARMResponse
    {
        let started = clock.now()
        let isWrite = method == "PUT" || method == "PATCH"
        if let asyncURL = initial.headers["Azure-AsyncOperation"], !asyncURL.isEmpty {
            try await pollAsyncOperation(
                try followURL(asyncURL, resource: resource), first: initial, started: started, resource: resource)
            return isWrite ? try await checked("GET", resourceURL, resource: resource) : initial
        }
        if let location = initial.headers["Location"], !location.isEmpty, initial.status == 201 || initial.status == 202
        {
            let last = try await pollLocation(
                try followURL(location, resource: resource), first: initial, started: started, resource: resource)
            return isWrite ? try await checked("GET", resourceURL, resource: resource) : last
        }
        guard isWrite else {
            if initial.status == 202 {
                throw ARMError.invalidResponse(
                    resource: resource, detail: "202 Accepted without a Location or Azure-AsyncOperation header")
            }
            return initial
        }
        return try await pollProvisioningState(
            first: initial, resourceURL: resourceURL, started: started, resource: resource)
    }

    private func pollAsyncOperation(_ url: URL, first: ARMResponse, started: Date, resource: String) async throws {
        var previous = first
        while true {
            try await pause(after: previous, started: started, resource: resource)
            let response = try await checked("GET", url, resource: resource)
            let body = try decode(OperationStatus.self, response.body, resource: resource)
            let status = body.status ?? "InProgress"
            switch status.lowercased() {
            case "succeeded":
                return
            case "failed", "canceled", "cancelled":
                throw ARMError.operationFailed(
                    resource: resource, status: status, code: body.error?.code,
                    message: ARMErrorBody.message(body.error))
            default:
                previous = response
            }
        }
    }

    private func pollLocation(_ start: URL, first: ARMResponse, started: Date, resource: String) async throws
        -> ARMResponse
    {
        var url = start
        var previous = first
        while true {
            try await pause(after: previous, started: started, resource: resource)
            let response = try await send("GET", url, resource: resource)
            guard (200..<300).contains(response.status) else {
                let error = ARMErrorBody.error(for: response, resource: resource)
                let detail = ARMErrorBody.decode(response.body)?.primary
                throw ARMError.operationFailed(
                    resource: resource, status: "Failed", code: error.code,
                    message: ARMErrorBody.message(detail) ?? "\(error)")
            }
            if response.status != 202 {
                let state = (try? JSONDecoder().decode(ProvisioningProbe.self, from: response.body))?.properties?
                    .provisioningState
                if let state, ["failed", "canceled"].contains(state.lowercased()) {
                    throw ARMError.operationFailed(resource: resource, status: state, code: nil, message: nil)
                }
                return response
            }
            if let next = response.headers["Location"], !next.isEmpty { url = try followURL(next, resource: resource) }
            previous = response
        }
    }

    private func pollProvisioningState(first: ARMResponse, resourceURL: URL, started: Date, resource: String)
        async throws
        -> ARMResponse
    {
        var response = first
        while true {
            let state = (try? JSONDecoder().decode(ProvisioningProbe.self, from: response.body))?.properties?
                .provisioningState
            if let state {
                let lowered = state.lowercased()
                if lowered == "failed" || lowered == "canceled" {
                    throw ARMError.operationFailed(resource: resource, status: state, code: nil, message: nil)
                }
                if !Self.inProgressStates.contains(lowered) { return response }
            } else if response.status != 201 && response.status != 202 {
                return response
            }
            try await pause(after: response, started: started, resource: resource)
            response = try await checked("GET", resourceURL, resource: resource)
        }
    }

    private func pause(after response: ARMResponse, started: Date, resource: String) async throws {
        let elapsed = clock.now().timeIntervalSince(started)
        guard elapsed < configuration.maxOperationDuration.seconds else {
            throw ARMError.operationTimedOut(resource: resource, waitedSeconds: Int(elapsed))
        }
        let delay = RetryPolicy.serverDelay(response.headers, now: clock.now()) ?? configuration.defaultPollInterval
        configuration.progress?(.waiting(resource: resource, elapsed: elapsed))
        try await clock.sleep(for: min(delay, configuration.retry.maxDelay))
    }
}
