import Foundation

/// The emulator's state: every resource document, its etag, and the async operations in flight.
actor World {
    struct Stored {
        var doc: JSON
        var etag: String
    }

    struct Operation {
        let id: String
        let key: String
        let typeKey: String
        let method: String
        let due: Date
        let failure: (code: String, message: String)?
        var finished = false
        var failed = false
    }

    var resources: [String: Stored] = [:]
    private var operations: [String: Operation] = [:]
    var operationDuration: TimeInterval
    var pollAfterMs: Int
    /// Failures queued by the fault plan for the next long-running operations.
    var pendingOperationFailures: [(code: String, message: String)] = []
    /// Link errors seeded per instance key (see World+Link.swift).
    var linkErrors: [String: (error: String, replicaState: String)] = [:]
    /// The rows of recent Resource Graph queries with pages still to come, by the id their
    /// `$skipToken`s carry (see World+ResourceGraph.swift), oldest first.
    var graphResults: [(id: String, rows: [JSON])] = []

    init(operationDuration: TimeInterval, pollAfterMs: Int) {
        self.operationDuration = operationDuration
        self.pollAfterMs = pollAfterMs
    }

    // MARK: Loading

    /// Loads documents exactly as ARM returns them. Also accepts arrays of documents (a world file),
    /// official example files (their 200/201 response body is loaded) and list bodies
    /// (`{"value":[...]}`, each item loaded). Resource Graph query results hold rows, not resource
    /// documents, and load nothing.
    func load(_ documents: [JSON]) throws {
        for document in documents { try loadOne(document) }
    }

    private func loadOne(_ document: JSON) throws {
        if let items = document.array {
            for item in items { try loadOne(item) }
            return
        }
        if document["id"] == nil, document["data"] != nil, document["totalRecords"] != nil { return }
        if try loadLinkError(document) { return }
        if let responses = document["responses"], document["parameters"] != nil {
            guard let body = responses["200"]?["body"] ?? responses["201"]?["body"] else {
                throw EmulatorError("example file without a 200/201 response body")
            }
            return try loadOne(body)
        }
        if let items = document["value"]?.array, document["id"] == nil {
            for item in items { try loadOne(item) }
            return
        }
        guard var doc = document.object.map(JSON.object), let id = doc["id"]?.string else {
            throw EmulatorError("every world document needs an \"id\"")
        }
        guard let path = ResourcePath(id: id) else { throw EmulatorError("malformed resource id \(id)") }
        if doc["type"] == nil { doc["type"] = .string(path.resourceType) }
        if doc["name"] == nil { doc["name"] = .string(path.name) }
        let etag = doc["etag"]?.string ?? TypeRules.newETag(path.typeKey)
        resources[path.key] = Stored(doc: doc, etag: etag)
    }

    // MARK: Reads

    func get(_ path: ResourcePath) -> Reply {
        advance()
        if let stored = resources[path.key] {
            return Reply(status: 200, headers: [("ETag", stored.etag)], body: stored.doc)
        }
        if let certificate = getEndpointCertificate(path) { return certificate }
        if let parent = path.parent,
            let inline = inlineChildren(of: parent, type: path.segments[path.segments.count - 1].type)
                .first(where: { $0.0 == path.key })
        {
            return .ok(inline.1)
        }
        return .notFound(path)
    }

    /// Sub-resources ARM also embeds in the parent's `properties` (a vnet's `subnets` and
    /// `virtualNetworkPeerings`, a load balancer's `probes`, ...), served as children when they
    /// were not loaded as documents of their own.
    func inlineChildren(of parent: ResourcePath, type: String) -> [(String, JSON)] {
        guard let properties = resources[parent.key]?.doc["properties"]?.object,
            let items = properties.first(where: { $0.key.lowercased() == type.lowercased() })?.value.array
        else { return [] }
        return items.compactMap { item in
            guard var item = item.object.map(JSON.object) else { return nil }
            let name = item["name"]?.string ?? item["id"]?.string.flatMap { ResourcePath(id: $0)?.name }
            guard let name, let path = try? parent.child(type: type, name: name) else { return nil }
            if item["id"] == nil { item["id"] = .string(path.id) }
            if item["type"] == nil { item["type"] = .string(path.resourceType) }
            return (path.key, item)
        }
    }

    func list(subscription: String, resourceGroup: String?, namespace: String, parent: ResourcePath?, type: String)
        -> Reply
    {
        advance()
        // A world may hold children without their parent (e.g. only the connection examples).
        if let parent, resources[parent.key] == nil, children(of: parent).isEmpty { return .notFound(parent) }
        if let parent, type.lowercased() == "all", parent.typeKey == TypeRules.zone {
            return .ok(
                .object([
                    "value": .array(
                        children(of: parent).filter { TypeRules.family($0.0.typeKey) == .recordSet }.map(\.1.doc))
                ]))
        }
        let wantedType = ((parent.map { [$0.resourceType] } ?? [namespace]) + [type]).joined(separator: "/")
            .lowercased()
        // Keys are lower-cased ids: a prefix test skips parsing the ids of other scopes (a list in a
        // large world would otherwise parse every id in it).
        let prefix =
            parent.map { $0.key + "/" }
            ?? "/subscriptions/\(subscription.lowercased())/"
            + (resourceGroup.map { "resourcegroups/\($0.lowercased())/" } ?? "")
        let items = resources.compactMap { key, stored -> (String, JSON)? in
            guard key.hasPrefix(prefix), let path = ResourcePath(id: key), path.typeKey == wantedType,
                path.subscription.lowercased() == subscription.lowercased()
            else { return nil }
            if let resourceGroup, path.resourceGroup.lowercased() != resourceGroup.lowercased() { return nil }
            if let parent, path.parent?.key != parent.key { return nil }
            return (key, stored.doc)
        }
        var merged = Dictionary(items, uniquingKeysWith: { first, _ in first })
        if let parent {
            for (key, doc) in inlineChildren(of: parent, type: type) where merged[key] == nil { merged[key] = doc }
        }
        return .ok(.object(["value": .array(merged.sorted { $0.key < $1.key }.map(\.value))]))
    }

    func children(of parent: ResourcePath) -> [(ResourcePath, Stored)] {
        let prefix = parent.key + "/"
        return resources.compactMap { key, stored in
            guard key.hasPrefix(prefix), let path = ResourcePath(id: key), path.parent?.key == parent.key else {
                return nil
            }
            return (path, stored)
        }.sorted { $0.0.key < $1.0.key }
    }

    // MARK: Writes

    /// Checks `If-Match` / `If-None-Match` against the current etag; nil when the request may proceed.
    private func precondition(_ path: ResourcePath, ifMatch: String?, ifNoneMatch: String?) -> Reply? {
        let current = resources[path.key]?.etag
        if let ifNoneMatch {
            if ifNoneMatch == "*", current != nil || resources[path.key] != nil {
                return .error(
                    412, "PreconditionFailed", "The resource '\(path.name)' already exists (If-None-Match: *).")
            }
            if let current, ifNoneMatch == current {
                return .error(412, "PreconditionFailed", "The etag of '\(path.name)' matches If-None-Match.")
            }
        }
        if let ifMatch {
            guard let current, ifMatch == "*" || ifMatch == current else {
                return .error(
                    412, "PreconditionFailed",
                    "The condition specified using HTTP conditional header(s) is not met for '\(path.name)': the etag has changed."
                )
            }
        }
        return nil
    }

    func put(_ path: ResourcePath, body: JSON, ifMatch: String?, ifNoneMatch: String?, base: String) -> Reply {
        advance()
        guard body.isObject else {
            return .error(400, "InvalidRequestContent", "The request content is not a JSON object.")
        }
        if let failed = precondition(path, ifMatch: ifMatch, ifNoneMatch: ifNoneMatch) { return failed }
        if TypeRules.isConnection(path.typeKey) {
            return putConnection(path, body: body, base: base)
        }
        if let link = putLink(path, body: body, base: base) { return link }
        if let parent = path.parent, resources[parent.key] == nil {
            return .error(
                404, "ParentResourceNotFound",
                "Can not perform requested operation on nested resource. Parent resource '\(parent.name)' not found.")
        }
        let existing = resources[path.key]
        var doc = body
        doc["id"] = .string(path.id)
        doc["name"] = .string(TypeRules.family(path.typeKey) == .recordSet ? path.name.lowercased() : path.name)
        doc["type"] = .string(path.resourceType)
        var properties = doc["properties"] ?? .object([:])
        switch path.typeKey {
        case TypeRules.zone:
            doc["location"] = "global"
            let old = existing?.doc["properties"]
            properties["maxNumberOfRecordSets"] = 5000
            properties["maxNumberOfVirtualNetworkLinks"] = 100
            properties["maxNumberOfVirtualNetworkLinksWithRegistration"] = 50
            properties["numberOfRecordSets"] = old?["numberOfRecordSets"] ?? 1
            properties["numberOfVirtualNetworkLinks"] = old?["numberOfVirtualNetworkLinks"] ?? 0
            properties["numberOfVirtualNetworkLinksWithRegistration"] =
                old?["numberOfVirtualNetworkLinksWithRegistration"] ?? 0
            properties["internalId"] = .string(UUID().uuidString)
        case TypeRules.link:
            doc["location"] = "global"
            guard properties["virtualNetwork"]?["id"]?.string != nil else {
                return .error(400, "InvalidVirtualNetworkLink", "properties.virtualNetwork.id is required.")
            }
            if properties["registrationEnabled"] == nil { properties["registrationEnabled"] = false }
            properties["virtualNetworkLinkState"] = "InProgress"
        case TypeRules.forwardingRuleset, TypeRules.forwardingRule, TypeRules.rulesetLink:
            if let refused = shapeResolverPut(path, properties: &properties, existing: existing?.doc) {
                return refused
            }
        default:
            if let refused = shapeDataFactoryPathPut(path, doc: &doc, properties: &properties, existing: existing?.doc)
            {
                return refused
            }
        }
        if TypeRules.family(path.typeKey) == .recordSet, let parent = path.parent {
            let zone = parent.name.lowercased()
            properties["fqdn"] = .string(path.name == "@" ? "\(zone)." : "\(path.name.lowercased()).\(zone).")
            if properties["isAutoRegistered"] == nil { properties["isAutoRegistered"] = false }
        }
        let etag = TypeRules.newETag(path.typeKey)
        if TypeRules.carriesETag(path.typeKey) { doc["etag"] = .string(etag) }
        let longRunning = TypeRules.isLongRunning(path.typeKey)
        properties["provisioningState"] = .string(
            longRunning ? (existing == nil ? "Creating" : "Updating") : "Succeeded")
        doc["properties"] = properties
        resources[path.key] = Stored(doc: doc, etag: etag)
        if existing == nil { adjustParentCounts(path, by: 1) }
        didPutDataFactoryPathResource(path)
        if path.typeKey == TypeRules.zone, existing == nil {
            createSOA(zone: path)
        }
        let status = existing == nil ? 201 : 200
        guard longRunning else { return Reply(status: status, headers: [("ETag", etag)], body: doc) }
        return startOperation(path, method: "PUT", created: existing == nil, base: base)
    }

    /// Another client's write (a fault): `merge` is merged into the stored resource, which gets
    /// a new etag. False when the resource does not exist.
    func writeAsAnotherClient(_ path: ResourcePath, merge: JSON) -> Bool {
        guard let existing = resources[path.key] else { return false }
        var doc = existing.doc.merging(patch: merge)
        for key in ["id", "name", "type"] { doc[key] = existing.doc[key] }
        let etag = TypeRules.newETag(path.typeKey)
        if existing.doc["etag"] != nil || TypeRules.carriesETag(path.typeKey) { doc["etag"] = .string(etag) }
        resources[path.key] = Stored(doc: doc, etag: etag)
        return true
    }

    func patch(_ path: ResourcePath, body: JSON, ifMatch: String?, base: String) -> Reply {
        advance()
        guard body.isObject else {
            return .error(400, "InvalidRequestContent", "The request content is not a JSON object.")
        }
        guard let existing = resources[path.key] else { return .notFound(path) }
        if let failed = precondition(path, ifMatch: ifMatch, ifNoneMatch: nil) { return failed }
        if let refused = validateInstancePatch(path, body: body) { return refused }
        var doc = existing.doc.merging(patch: body)
        for key in ["id", "name", "type"] { doc[key] = existing.doc[key] }
        let etag = TypeRules.newETag(path.typeKey)
        if existing.doc["etag"] != nil || TypeRules.carriesETag(path.typeKey) { doc["etag"] = .string(etag) }
        let longRunning = TypeRules.isLongRunning(path.typeKey)
        if longRunning { doc["properties"]?["provisioningState"] = "Updating" }
        resources[path.key] = Stored(doc: doc, etag: etag)
        guard longRunning else { return Reply(status: 200, headers: [("ETag", etag)], body: doc) }
        return startOperation(path, method: "PATCH", created: false, base: base)
    }

    func delete(_ path: ResourcePath, ifMatch: String?, base: String) -> Reply {
        advance()
        guard let existing = resources[path.key] else { return Reply(status: 204) }
        if let failed = precondition(path, ifMatch: ifMatch, ifNoneMatch: nil) { return failed }
        if TypeRules.isConnection(path.typeKey), let refused = instanceNotRunning(path) {
            return refused
        }
        if path.typeKey == TypeRules.zone {
            let links = children(of: path).filter { $0.0.typeKey == TypeRules.link }
            if !links.isEmpty {
                return .error(
                    409, "CannotDeleteResource",
                    "Can not delete resource before nested resources are deleted. The private DNS zone '\(path.name)' still has \(links.count) virtual network link(s): \(links.map(\.0.name).joined(separator: ", "))."
                )
            }
        }
        guard TypeRules.isLongRunning(path.typeKey) else {
            remove(path)
            return Reply(status: 200)
        }
        var doc = existing.doc
        if doc["properties"]?.isObject == true { doc["properties"]?["provisioningState"] = "Deleting" }
        resources[path.key]?.doc = doc
        return startOperation(path, method: "DELETE", created: false, base: base)
    }

    // MARK: Operations

    func queueOperationFailures(_ failures: [(code: String, message: String)]) {
        pendingOperationFailures += failures
    }

    /// Forgets the failures a replaced fault plan queued and no operation has taken yet.
    func clearOperationFailures() { pendingOperationFailures = [] }

    func register(_ operation: Operation) { operations[operation.id] = operation }
    func operation(_ id: String) -> Operation? { operations[id.lowercased()] }
    func currentDocument(_ key: String) -> JSON? { resources[key]?.doc }
    func currentETag(_ key: String) -> String? { resources[key]?.etag }

    /// Finishes every operation whose time has come.
    func advance() {
        let now = Date()
        // Forget operations that finished long ago so a long benchmark run stays small.
        operations = operations.filter { !$0.value.finished || now.timeIntervalSince($0.value.due) < 600 }
        for (id, operation) in operations where !operation.finished && operation.due <= now {
            operations[id]?.finished = true
            operations[id]?.failed = operation.failure != nil
            guard let path = ResourcePath(id: operation.key), resources[operation.key] != nil else { continue }
            let final = TypeRules.finalState(operation.typeKey)
            switch (operation.method, operation.failure) {
            case ("DELETE", nil):
                remove(path)
            case ("DELETE", _):
                resources[operation.key]?.doc["properties"]?["provisioningState"] = .string(final)
            case (_, nil):
                resources[operation.key]?.doc["properties"]?["provisioningState"] = .string(final)
                if TypeRules.isConnection(operation.typeKey) {
                    syncInstanceSummary(path, connection: resources[operation.key]?.doc)
                }
                if operation.typeKey == TypeRules.link {
                    resources[operation.key]?.doc["properties"]?["virtualNetworkLinkState"] = "Completed"
                }
                finishLinkOperation(operation)
            default:
                resources[operation.key]?.doc["properties"]?["provisioningState"] = "Failed"
            }
        }
    }

    // MARK: Bookkeeping

    func remove(_ path: ResourcePath) {
        let prefix = path.key + "/"
        if TypeRules.isConnection(path.typeKey), let doc = resources[path.key]?.doc {
            setConsumerStatus(connection: doc, instance: path.parent, status: "Disconnected")
            syncInstanceSummary(path, connection: nil)
        }
        let removed = resources.removeValue(forKey: path.key)
        if removed != nil { adjustParentCounts(path, by: -1) }
        for key in resources.keys where key.hasPrefix(prefix) { resources[key] = nil }
        if let removed { didRemoveDataFactoryPathResource(path, doc: removed.doc) }
    }

    private func adjustParentCounts(_ path: ResourcePath, by delta: Int64) {
        guard let parent = path.parent, parent.typeKey == TypeRules.zone, var zone = resources[parent.key] else {
            return
        }
        let field: String
        switch TypeRules.family(path.typeKey) {
        case .recordSet: field = "numberOfRecordSets"
        case .privateDNS where path.typeKey == TypeRules.link: field = "numberOfVirtualNetworkLinks"
        default: return
        }
        if case .int(let count) = zone.doc["properties"]?[field] ?? .int(0) {
            zone.doc["properties"]?[field] = .int(max(0, count + delta))
        }
        resources[parent.key] = zone
    }

    private func createSOA(zone: ResourcePath) {
        guard let soa = ResourcePath(id: zone.id + "/SOA/@") else { return }
        let doc: JSON = .object([
            "id": .string(soa.id), "name": "@", "type": "Microsoft.Network/privateDnsZones/SOA",
            "etag": .string(TypeRules.newETag(soa.typeKey)),
            "properties": .object([
                "ttl": 3600, "fqdn": .string(zone.name.lowercased() + "."), "isAutoRegistered": false,
                "soaRecord": .object([
                    "email": "azureprivatedns-host.microsoft.com", "expireTime": 2_419_200,
                    "host": "azureprivatedns.net", "minimumTtl": 10, "refreshTime": 3600, "retryTime": 300,
                    "serialNumber": 1,
                ]),
            ]),
        ])
        resources[soa.key] = Stored(doc: doc, etag: doc["etag"]?.string ?? "")
    }
}

/// A startup problem (bad world file, bad flag, bad fault plan), printed as one line.
public struct EmulatorError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
