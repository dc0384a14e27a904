import Foundation
import Logging

/// A precondition on an etag for PUT / PATCH / DELETE.
public enum ETagCondition: Sendable, Equatable {
    /// Apply only if the resource still has this etag (`If-Match`); sent back exactly as read.
    case ifMatch(String)
    /// Apply only if the resource does not match (`If-None-Match`); `.createOnly` is `*`.
    case ifNoneMatch(String)

    /// Create, never overwrite (`If-None-Match: *`).
    public static let createOnly = ETagCondition.ifNoneMatch("*")
}

/// What a DELETE found.
public enum DeleteOutcome: Sendable, Equatable {
    /// The resource existed and is gone.
    case deleted
    /// ARM answered 204: there was nothing to delete.
    case alreadyAbsent
}

/// The Azure Resource Manager client every Azure-facing command uses.
///
/// It adds the bearer token and `x-ms-client-request-id`, bounds the requests in flight, retries
/// throttling and transient failures (408/429/500/502/503/504, transport errors, 409
/// `AnotherOperationInProgress`) with the server's delay or capped exponential backoff, follows
/// `nextLink` pages, waits for long-running operations (`Azure-AsyncOperation`, then `Location`,
/// then `provisioningState`) and turns error bodies into one ``ARMError`` naming the resource.
/// All waiting goes through the injected ``ARMClock``.
///
/// ```swift
/// let client = ARMClient(endpoint: AzureCloud.public.armEndpoint, transport: AsyncHTTPTransport(),
///                        credential: CachingTokenSource(AccessTokenFileCredential(path: "/run/token")))
/// let mi: ManagedInstance = try await client.get(id)
/// ```
public struct ARMClient: Sendable {
    /// Settings that rarely change.
    public struct Configuration: Sendable {
        /// Token scope, e.g. `https://management.azure.com/.default`.
        public var scope: String
        /// Retry rules and budget.
        public var retry: RetryPolicy
        /// The most requests in flight at once, across all tasks sharing this client.
        public var maxRequestsInFlight: Int
        /// Wait between polls when the server gives no `Retry-After`.
        public var defaultPollInterval: Duration
        /// Give up on a long-running operation after this long.
        public var maxOperationDuration: Duration
        /// Told about each write as it is sent and each wait on a long-running operation (live progress).
        public var progress: (@Sendable (ARMProgressEvent) -> Void)?
        /// The per-subscription token buckets requests draw from (nil: no client-side budget;
        /// 429s are still waited out).
        public var throttle: ThrottleLimits?

        /// A configuration.
        public init(
            scope: String = AzureCloud.azureCloud.armScope, retry: RetryPolicy = .default,
            maxRequestsInFlight: Int = 8, defaultPollInterval: Duration = .seconds(5),
            maxOperationDuration: Duration = .seconds(3600), progress: (@Sendable (ARMProgressEvent) -> Void)? = nil,
            throttle: ThrottleLimits? = .azure
        ) {
            self.throttle = throttle
            self.progress = progress
            self.scope = scope
            self.retry = retry
            self.maxRequestsInFlight = maxRequestsInFlight
            self.defaultPollInterval = defaultPollInterval
            self.maxOperationDuration = maxOperationDuration
        }
    }

    /// The ARM base URL, e.g. `https://management.azure.com`.
    public let endpoint: URL
    let transport: any ARMTransport
    let credential: any ARMTokenSource
    let clock: any ARMClock
    let configuration: Configuration
    let logger: Logger
    let limiter: RequestLimiter
    let budget: ThrottleBudget?

    /// A client. `endpoint` must be https, or http on a loopback host (the emulator).
    public init(
        endpoint: URL, transport: any ARMTransport, credential: any ARMTokenSource,
        clock: any ARMClock = SystemClock(), configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "pe-net.arm")
    ) {
        self.endpoint = endpoint
        self.transport = transport
        self.credential = credential
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
        self.limiter = RequestLimiter(limit: configuration.maxRequestsInFlight)
        self.budget = configuration.throttle.map { ThrottleBudget(limits: $0) }
    }

    /// The time requests spent waiting for the throttling budget (tokens, or a 429's pause).
    public func throttleWait() async -> Duration { await budget?.waited ?? .zero }

    // MARK: Resource operations

    /// Reads one resource.
    public func get<T: Decodable>(_ id: ResourceID, apiVersion: String, as type: T.Type = T.self) async throws -> T {
        let response = try await checked("GET", url(for: id.path, apiVersion: apiVersion), resource: id.path)
        try Self.requireResource(response.body, resource: id.path)
        return try decode(T.self, response.body, resource: id.path)
    }

    /// Reads one resource, or nil when ARM answers 404.
    public func getIfExists<T: Decodable>(
        _ id: ResourceID, apiVersion: String, as type: T.Type = T.self
    ) async throws -> T? {
        do {
            return try await get(id, apiVersion: apiVersion, as: T.self)
        } catch ARMError.notFound {
            return nil
        }
    }

    /// Lists a collection (e.g. `mi.collectionPath("privateEndpointConnections")`), following `nextLink`.
    public func list<T: Decodable>(_ path: String, apiVersion: String, as type: T.Type = T.self) async throws -> [T] {
        var items: [T] = []
        var next: URL? = try url(for: path, apiVersion: apiVersion)
        var pages = 0
        while let pageURL = next {
            pages += 1
            guard pages <= 10_000 else {
                throw ARMError.invalidResponse(resource: path, detail: "more than 10000 pages; nextLink loops")
            }
            let response = try await checked("GET", pageURL, resource: path)
            try Self.requireListPage(response.body, resource: path)
            let page = try decode(Page<T>.self, response.body, resource: path)
            items += page.value ?? []
            next = try page.nextLink.flatMap { $0.isEmpty ? nil : try followURL($0, resource: path) }
        }
        return items
    }

    /// Creates or replaces a resource and waits for the operation; returns the resource as ARM then shows it.
    public func put<Body: Encodable & Sendable, T: Decodable>(
        _ id: ResourceID, body: Body, apiVersion: String, condition: ETagCondition? = nil, as type: T.Type = T.self
    ) async throws -> T {
        try await write("PUT", id, body: body, apiVersion: apiVersion, condition: condition)
    }

    /// Updates part of a resource and waits for the operation.
    public func patch<Body: Encodable & Sendable, T: Decodable>(
        _ id: ResourceID, body: Body, apiVersion: String, condition: ETagCondition? = nil, as type: T.Type = T.self
    ) async throws -> T {
        try await write("PATCH", id, body: body, apiVersion: apiVersion, condition: condition)
    }

    /// Deletes a resource and waits for the operation.
    @discardableResult
    public func delete(_ id: ResourceID, apiVersion: String, condition: ETagCondition? = nil) async throws
        -> DeleteOutcome
    {
        let target = try url(for: id.path, apiVersion: apiVersion)
        configuration.progress?(.sending(method: "DELETE", resource: id))
        let initial = try await checked("DELETE", target, headers: conditionHeaders(condition), resource: id.path)
        if initial.status == 204 { return .alreadyAbsent }
        try await waitForOperation(method: "DELETE", initial: initial, resourceURL: target, resource: id.path)
        configuration.progress?(.finished(method: "DELETE", resource: id))
        return .deleted
    }

    // MARK: Requests

    /// Sends one request with token, retries and the in-flight bound, and returns the final
    /// response whatever its status (use for calls the typed methods do not cover).
    public func send(
        _ method: String, _ url: URL, body: Data? = nil, headers: ARMHeaders = ARMHeaders(), resource: String
    ) async throws -> ARMResponse {
        var request = ARMRequest(method: method, url: url, headers: headers, body: body)
        request.headers["x-ms-client-request-id"] = UUID().uuidString.lowercased()
        request.headers["Accept"] = "application/json"
        if body != nil, request.headers["Content-Type"] == nil {
            request.headers["Content-Type"] = "application/json"
        }
        let policy = configuration.retry
        let key = ThrottleKey(method: method, path: url.path)
        var attempt = 0
        var throttled = 0
        var waited = Duration.zero
        var throttleWaited = Duration.zero
        while true {
            attempt += 1
            let outcome: Result<ARMResponse, any Error>
            do {
                let token = try await credential.token(scope: configuration.scope)
                SecretRedaction.register(token.token)
                request.headers["Authorization"] = "Bearer \(token.token)"
                let sending = request
                try await budget?.acquire(key, clock: clock)
                outcome = .success(try await limiter.withPermit { try await transport.send(sending) })
            } catch let error as ARMError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                outcome = .failure(error)
            }
            let delay: Duration?
            let lastProblem: String
            switch outcome {
            case .success(let response):
                log(request, response, attempt: attempt)
                await observeQuota(key, response)
                let code = ARMErrorBody.code(response)
                guard policy.isRetryable(status: response.status, code: code) else { return response }
                lastProblem = "\(response.status)" + (code.map { " \($0)" } ?? "")
                if response.status == 429 {
                    // Throttling slows the run down rather than failing it: wait as asked (the
                    // whole bucket pauses), without spending a retry, within the throttle budget.
                    throttled += 1
                    let asked =
                        RetryPolicy.serverDelay(response.headers, now: clock.now()) ?? policy.backoff(retry: throttled)
                    guard throttleWaited + asked <= policy.maxThrottleWait else {
                        throw ARMError.retriesExhausted(
                            resource: resource, attempts: attempt,
                            last:
                                "\(lastProblem); ARM asked to wait \(Int(asked.seconds)) s, more than the \(Int(policy.maxThrottleWait.seconds)) s a request may wait for throttling"
                        )
                    }
                    throttleWaited += asked
                    attempt -= 1
                    if code?.lowercased() != "retryableerrorduetoanotheroperation" {
                        await budget?.pause(key, until: clock.now().addingTimeInterval(asked.seconds), at: clock.now())
                    }
                    try await clock.sleep(for: asked)
                    continue
                }
                if let asked = RetryPolicy.serverDelay(response.headers, now: clock.now()) {
                    guard asked <= policy.maxDelay else {
                        throw ARMError.retriesExhausted(
                            resource: resource, attempts: attempt,
                            last:
                                "\(lastProblem); ARM asked to wait \(Int(asked.seconds)) s, more than the \(Int(policy.maxDelay.seconds)) s allowed"
                        )
                    }
                    delay = asked
                } else {
                    delay = nil
                }
            case .failure(let error):
                lastProblem = "\(error)"
                logger.debug(
                    "\(method) \(SecretRedaction.safe(url.path)) failed: \(SecretRedaction.safe(lastProblem)) (attempt \(attempt))"
                )
                delay = nil
            }
            guard attempt <= policy.maxRetries else {
                throw ARMError.retriesExhausted(resource: resource, attempts: attempt, last: lastProblem)
            }
            let wait = delay ?? policy.backoff(retry: attempt)
            guard waited + wait <= policy.totalBudget else {
                throw ARMError.retriesExhausted(
                    resource: resource, attempts: attempt, last: "\(lastProblem); the retry budget is spent")
            }
            waited += wait
            try await clock.sleep(for: wait)
        }
    }

    /// Lowers the bucket to the remaining quota the response reports; an exhausted Resource Graph
    /// quota pauses its bucket until the quota resets.
    private func observeQuota(_ key: ThrottleKey, _ response: ARMResponse) async {
        guard let budget, let remaining = ThrottleBudget.remaining(key, in: response.headers) else { return }
        let now = clock.now()
        await budget.observe(key, remaining: remaining, at: now)
        if remaining <= 0, key.kind == .resourceGraph, let reset = ThrottleBudget.quotaResetsAfter(response.headers) {
            await budget.pause(key, until: now.addingTimeInterval(reset.seconds), at: now)
        }
    }

    /// ``send(_:_:body:headers:resource:)`` that turns any non-2xx answer into an ``ARMError``.
    func checked(
        _ method: String, _ url: URL, body: Data? = nil, headers: ARMHeaders = ARMHeaders(), resource: String
    ) async throws -> ARMResponse {
        let response = try await send(method, url, body: body, headers: headers, resource: resource)
        guard (200..<300).contains(response.status) else { throw ARMErrorBody.error(for: response, resource: resource) }
        return response
    }

    private func write<Body: Encodable & Sendable, T: Decodable>(
        _ method: String, _ id: ResourceID, body: Body, apiVersion: String, condition: ETagCondition?
    ) async throws -> T {
        let target = try url(for: id.path, apiVersion: apiVersion)
        let data: Data
        do {
            data = try JSONEncoder().encode(body)
        } catch {
            throw ARMError.invalidResponse(resource: id.path, detail: "cannot encode the request body: \(error)")
        }
        configuration.progress?(.sending(method: method, resource: id))
        let initial = try await checked(
            method, target, body: data, headers: conditionHeaders(condition), resource: id.path)
        let final = try await waitForOperation(method: method, initial: initial, resourceURL: target, resource: id.path)
        configuration.progress?(.finished(method: method, resource: id))
        return try decode(T.self, final.body, resource: id.path)
    }

    private func conditionHeaders(_ condition: ETagCondition?) -> ARMHeaders {
        var headers = ARMHeaders()
        switch condition {
        case .ifMatch(let etag): headers["If-Match"] = etag
        case .ifNoneMatch(let etag): headers["If-None-Match"] = etag
        case nil: break
        }
        return headers
    }

    private func log(_ request: ARMRequest, _ response: ARMResponse, attempt: Int) {
        let clientID = request.headers["x-ms-client-request-id"] ?? "-"
        let serverID = response.headers["x-ms-request-id"] ?? "-"
        let correlation = response.headers["x-ms-correlation-request-id"] ?? "-"
        let line =
            "\(request.method) \(request.url.path) -> \(response.status) (attempt \(attempt), client request id \(clientID), request id \(serverID), correlation id \(correlation))"
        logger.debug("\(SecretRedaction.safe(line))")
    }

    // MARK: URLs and decoding

    func url(for path: String, apiVersion: String) throws -> URL {
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)
        // The endpoint's path stays percent-encoded: decoding it and setting it back as encoded
        // traps on characters such as a newline.
        let encoded = components?.percentEncodedPath ?? ""
        let base = encoded.hasSuffix("/") ? String(encoded.dropLast()) : encoded
        components?.percentEncodedPath = base + Self.encodePath(path)
        components?.queryItems = [URLQueryItem(name: "api-version", value: apiVersion)]
        guard let url = components?.url else {
            throw ARMError.invalidResponse(
                resource: path, detail: "cannot build a URL from the ARM endpoint \(endpoint)")
        }
        return url
    }

    /// A URL from a `nextLink`, `Location` or `Azure-AsyncOperation`; it must point at the ARM endpoint's
    /// host so the token is never sent anywhere else.
    func followURL(_ text: String, resource: String) throws -> URL {
        guard let url = URL(string: text), url.host?.lowercased() == endpoint.host?.lowercased(),
            url.port == endpoint.port, url.scheme?.lowercased() == endpoint.scheme?.lowercased()
        else {
            throw ARMError.invalidResponse(
                resource: resource,
                detail: "ARM returned a link to another host (\(URL(string: text)?.host ?? text)); not following it")
        }
        return url
    }

    private static func encodePath(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// A GET of one resource must answer a JSON object that names it (`id`, `name` or
    /// `properties`): an empty body, `{}` or `[]` is not a resource, and acting on it as one
    /// would let a write go ahead on nothing.
    public static func requireResource(_ body: Data, resource: String) throws {
        guard !body.isEmpty else {
            throw ARMError.invalidResponse(resource: resource, detail: "the answer has an empty body, not the resource")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) else {
            throw ARMError.invalidResponse(resource: resource, detail: "the answer is not JSON")
        }
        guard let fields = object as? [String: Any] else {
            throw ARMError.invalidResponse(resource: resource, detail: "the answer is not a JSON object")
        }
        guard fields["id"] is String || fields["name"] is String || fields["properties"] is [String: Any] else {
            throw ARMError.invalidResponse(
                resource: resource, detail: "the answer has neither id, name nor properties; it is not the resource")
        }
    }

    /// A page of a list must be a JSON object with a `value` array: an empty body or `{}` is not
    /// an empty list (taking it as one would plan deletions and creations on nothing).
    static func requireListPage(_ body: Data, resource: String) throws {
        guard !body.isEmpty else {
            throw ARMError.invalidResponse(resource: resource, detail: "the list answer has an empty body")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) else {
            throw ARMError.invalidResponse(resource: resource, detail: "the list answer is not JSON")
        }
        guard let fields = object as? [String: Any], fields["value"] is [Any] else {
            throw ARMError.invalidResponse(resource: resource, detail: "the list answer has no value array")
        }
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data, resource: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw ARMError.invalidResponse(
                resource: resource, detail: "cannot read the JSON: \(describeDecodingError(error))")
        }
    }
}

/// One page of a list response.
struct Page<T: Decodable>: Decodable {
    var value: [T]?
    var nextLink: String?
}

/// A short description of a decoding error (the coding path and what was wrong).
func describeDecodingError(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
    switch error {
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
        return "\(path(context)): \(context.debugDescription)"
    case .keyNotFound(let key, let context):
        return "\(path(context)).\(key.stringValue) is missing"
    @unknown default:
        return "\(error)"
    }
}
