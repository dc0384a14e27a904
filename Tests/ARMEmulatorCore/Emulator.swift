import Foundation

/// An incoming request reduced to what the emulator needs.
struct IncomingRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var rawQuery: String?
    /// Lowercased header names.
    var headers: [String: String]
    var body: Data
    /// `http://host:port` as the client addressed us (for Location / nextLink URLs).
    var base: String
}

/// The ARM emulator: routing, api-version and token checks, faults, paging and the request log
/// around the ``World``.
struct Emulator: Sendable {
    let world: World
    let faults: FaultInjector
    let log: RequestLog
    let identity: Identity
    let requireToken: Bool
    let pageSize: Int

    func handle(_ request: IncomingRequest) async -> Reply {
        if request.path.hasPrefix("/_emulator/") { return await admin(request) }
        let reply = await serve(request)
        await log.append(
            LoggedRequest(
                sequence: 0, method: request.method, path: request.path, apiVersion: request.query["api-version"],
                status: reply.reset ? 0 : reply.status, fault: reply.fault,
                clientRequestId: request.headers["x-ms-client-request-id"],
                authorization: request.headers["authorization"] != nil,
                ifMatch: request.headers["if-match"], ifNoneMatch: request.headers["if-none-match"],
                body: Self.loggedBody(request)))
        return reply
    }

    /// The body the request log keeps: ARM writes only (never the token endpoints' forms).
    static func loggedBody(_ request: IncomingRequest) -> String? {
        guard ["PUT", "PATCH", "POST"].contains(request.method), request.path.hasPrefix("/subscriptions/"),
            !request.body.isEmpty
        else { return nil }
        return String(decoding: request.body, as: UTF8.self)
    }

    private func serve(_ request: IncomingRequest) async -> Reply {
        // Identity endpoints are not ARM: no api-version rules, no faults.
        if request.method == "POST", request.path.hasSuffix("/oauth2/v2.0/token") {
            return await identity.clientCredentials(form: parseForm(String(decoding: request.body, as: UTF8.self)))
        }
        if request.method == "GET", request.path == "/metadata/identity/oauth2/token" {
            return await identity.managedIdentity(query: request.query, headers: request.headers, appService: false)
        }
        if request.method == "GET", request.path == "/msi/token" {
            return await identity.managedIdentity(query: request.query, headers: request.headers, appService: true)
        }
        if request.method == "GET", request.path.lowercased() == "/subscriptions" {
            if let denied = await authorize(request) { return denied }
            return await world.subscriptionList()
        }
        if request.method == "POST", request.path.lowercased() == "/providers/microsoft.resourcegraph/resources" {
            if let denied = await authorize(request) { return denied }
            guard request.query["api-version"] == "2024-04-01" else {
                return .error(
                    400, "InvalidApiVersionParameter", "Resource Graph here answers api-version 2024-04-01 only.")
            }
            let graphLatency = await faults.plan.latencyMs
            if graphLatency > 0 { try? await Task.sleep(for: .milliseconds(graphLatency)) }
            if let fault = await faults.decide(method: request.method, path: request.path, subscription: nil) {
                return fault
            }
            let body = (try? JSON.parse(request.body)) ?? .null
            return await world.resourceGraph(body: body, pageSize: pageSize)
        }
        guard let target = ARMTarget.parse(request.path) else {
            return .error(404, "InvalidResourceType", "The path '\(request.path)' is not an ARM resource path.")
        }
        let subscription: String
        switch target {
        case .item(let path): subscription = path.subscription
        case .collection(let sub, _, _, _, _), .operation(let sub, _, _): subscription = sub
        }
        let latency = await faults.plan.latencyMs
        if latency > 0 { try? await Task.sleep(for: .milliseconds(latency)) }
        var reply: Reply
        if let denied = await authorize(request) {
            reply = denied
        } else if var fault = await faults.decide(
            method: request.method, path: request.path, subscription: subscription)
        {
            fault.echo(authorization: request.headers["authorization"])
            reply = fault
        } else if case .item(let path) = target,
            let merge = await faults.concurrentWrite(
                method: request.method, path: request.path, ifMatch: request.headers["if-match"] != nil),
            await world.writeAsAnotherClient(path, merge: merge)
        {
            reply = await dispatch(request, target)
            reply.fault = "concurrentWrite"
        } else {
            reply = await dispatch(request, target)
        }
        reply.headers += await faults.quotaHeaders(subscription: subscription)
        return reply
    }

    private func authorize(_ request: IncomingRequest) async -> Reply? {
        guard requireToken else { return nil }
        guard let header = request.headers["authorization"] else {
            return .error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
        }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].lowercased() == "bearer", await identity.isValid(parts[1]) else {
            return .error(401, "InvalidAuthenticationToken", "The access token is invalid.")
        }
        return nil
    }

    private func dispatch(_ request: IncomingRequest, _ target: ARMTarget) async -> Reply {
        guard let apiVersion = request.query["api-version"], !apiVersion.isEmpty else {
            return .error(
                400, "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.")
        }
        let failures = await faults.takeOperationFailures()
        if !failures.isEmpty { await world.queueOperationFailures(failures) }
        let body = request.body.isEmpty ? JSON.object([:]) : ((try? JSON.parse(request.body)) ?? .null)
        switch (target, request.method) {
        case (.item(let path), "GET"):
            return await world.get(path)
        case (.item(let path), "PUT"):
            return await world.put(
                path, body: body, ifMatch: request.headers["if-match"], ifNoneMatch: request.headers["if-none-match"],
                base: request.base)
        case (.item(let path), "PATCH"):
            return await world.patch(path, body: body, ifMatch: request.headers["if-match"], base: request.base)
        case (.item(let path), "DELETE"):
            return await world.delete(path, ifMatch: request.headers["if-match"], base: request.base)
        case (.collection(let sub, let group, let namespace, let parent, let type), "GET"):
            let reply = await world.list(
                subscription: sub, resourceGroup: group, namespace: namespace, parent: parent, type: type)
            return page(reply, request: request, apiVersion: apiVersion)
        case (.collection(_, _, _, let parent?, let action), "POST"):
            if let reply = await world.linkAction(parent, action: action, body: body, base: request.base) {
                return reply
            }
            return .error(
                405, "MethodNotAllowed", "The method '\(request.method)' is not allowed on '\(request.path)'.")
        case (.operation(_, let kind, let id), "GET"):
            if kind == "operationstatuses" { return await world.operationStatus(id) }
            return await world.operationResult(
                id, base: request.base, path: request.path + "?" + (request.rawQuery ?? ""))
        default:
            return .error(
                405, "MethodNotAllowed", "The method '\(request.method)' is not allowed on '\(request.path)'.")
        }
    }

    /// Slices a list reply into pages of `pageSize` with an absolute `nextLink`.
    private func page(_ reply: Reply, request: IncomingRequest, apiVersion: String) -> Reply {
        guard reply.status == 200, let items = reply.body?["value"]?.array else { return reply }
        let start = Int(request.query["$skiptoken"] ?? "0") ?? 0
        let end = min(items.count, start + pageSize)
        var body: [String: JSON] = ["value": .array(start < end ? Array(items[start..<end]) : [])]
        if end < items.count {
            let path = request.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? request.path
            body["nextLink"] = .string("\(request.base)\(path)?api-version=\(apiVersion)&$skiptoken=\(end)")
        }
        return Reply(status: 200, headers: reply.headers, body: .object(body))
    }

    /// Replaces the fault plan; failures the old plan queued for operations not yet started are dropped.
    func replaceFaults(_ plan: FaultPlan) async {
        await faults.replace(plan)
        await world.clearOperationFailures()
    }

    private func admin(_ request: IncomingRequest) async -> Reply {
        switch (request.method, request.path) {
        case ("GET", "/_emulator/requests"):
            let entries = await log.all()
            let data = (try? JSONEncoder().encode(entries)) ?? Data("[]".utf8)
            return .ok((try? JSON.parse(data)) ?? .array([]))
        case ("DELETE", "/_emulator/requests"):
            await log.clear()
            return Reply(status: 204)
        case ("GET", "/_emulator/faults"):
            let data = (try? JSONEncoder().encode(await faults.plan)) ?? Data("{}".utf8)
            return .ok((try? JSON.parse(data)) ?? .object([:]))
        case ("PUT", "/_emulator/faults"):
            guard let plan = try? JSONDecoder().decode(FaultPlan.self, from: request.body) else {
                return .error(400, "InvalidFaultPlan", "The body is not a fault plan.")
            }
            await replaceFaults(plan)
            return Reply(status: 204)
        case ("POST", "/_emulator/world"):
            do {
                guard case .array(let documents) = try JSON.parse(request.body) else {
                    return .error(400, "InvalidWorld", "The body must be a JSON array of resource documents.")
                }
                try await world.load(documents)
                return Reply(status: 204)
            } catch {
                return .error(400, "InvalidWorld", "\(error)")
            }
        case ("GET", "/_emulator/identity"):
            return .ok(.object(["issuedTokens": .int(Int64(await identity.issuedCount))]))
        default:
            return .error(404, "NotFound", "Unknown emulator endpoint \(request.path).")
        }
    }
}
