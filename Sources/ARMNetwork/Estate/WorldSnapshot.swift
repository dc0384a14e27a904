import Foundation

/// Collects the resource documents ARM returns to a read-only client (``ARMClient/readOnly(observe:)``)
/// into a world file for the ARM emulator (`--sandbox <world.json>`): a JSON array of documents as
/// ARM returns them, sorted by id.
///
/// A document read with GET (alone or in a list page) wins over a Resource Graph row of the same
/// id; rows keep only the resource's own fields. Values under keys that can carry secrets
/// (passwords, keys, tokens, connection strings, custom data) are removed, and no request header
/// is ever recorded.
///
/// ```swift
/// let recorder = WorldSnapshot()
/// let reader = client.readOnly(observe: recorder.record)
/// _ = await EstateWorkflow(client: reader).plan(file.instances)
/// try await recorder.completeReferences(with: reader)
/// try recorder.worldJSON().write(to: url)
/// ```
public final class WorldSnapshot: @unchecked Sendable {
    private let lock = NSLock()
    /// Lower-cased id → (document, read directly rather than from Resource Graph).
    private var documents: [String: (document: [String: Any], direct: Bool)] = [:]

    public init() {}

    /// How many documents are held.
    public var count: Int { lock.withLock { documents.count } }

    /// The ids held, sorted.
    public var ids: [String] {
        lock.withLock { documents.values.compactMap { $0.document["id"] as? String } }.sorted {
            $0.lowercased() < $1.lowercased()
        }
    }

    /// Takes the documents out of one response (an `observe` callback of a read-only client).
    @Sendable public func record(_ request: ARMRequest, _ response: ARMResponse) {
        guard (200..<300).contains(response.status),
            let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        else { return }
        if request.method.uppercased() == "POST" {
            for row in object["data"] as? [[String: Any]] ?? [] {
                var row = row
                row.removeValue(forKey: "resourceGroup")
                row.removeValue(forKey: "subscriptionId")
                add(row, direct: false)
            }
            return
        }
        if object["id"] == nil, let items = object["value"] as? [[String: Any]] {
            for item in items { add(item, direct: true) }
            return
        }
        var document = object
        if document["etag"] == nil, let etag = response.headers["ETag"] { document["etag"] = etag }
        add(document, direct: true)
    }

    private func add(_ document: [String: Any], direct: Bool) {
        guard let id = document["id"] as? String, (try? ResourceID(parsing: id)) != nil else { return }
        let clean = Self.scrub(document) as? [String: Any] ?? [:]
        lock.withLock {
            let key = id.lowercased()
            if let held = documents[key], held.direct, !direct { return }
            documents[key] = (clean, direct)
        }
    }

    /// Resources the held documents refer to that are not held yet: each one's parent (the zone
    /// of a link or record set, the vnet of a peering, the instance of a connection), the private
    /// endpoint of each connection, the NICs of each endpoint, the vnets of instances' and
    /// endpoints' subnets, and the remote vnet of each peering.
    public var missing: [ResourceID] {
        let held = lock.withLock { documents }
        var wanted: [ResourceID] = []
        func want(_ text: String?, cutTo type: String? = nil) {
            guard let text, let id = try? ResourceID(parsing: text) else { return }
            if let type {
                if let ancestor = id.ancestor(ofType: type) { wanted.append(ancestor) }
            } else {
                wanted.append(id)
            }
        }
        func reference(_ value: Any?) -> String? { (value as? [String: Any])?["id"] as? String }
        for (_, entry) in held {
            guard let id = (entry.document["id"] as? String).flatMap({ try? ResourceID(parsing: $0) }) else { continue }
            if let parent = id.parent { wanted.append(parent) }
            let properties = entry.document["properties"] as? [String: Any] ?? [:]
            want(properties["subnetId"] as? String, cutTo: "virtualNetworks")
            want(reference(properties["subnet"]), cutTo: "virtualNetworks")
            want(reference(properties["privateEndpoint"]))
            want(reference(properties["remoteVirtualNetwork"]))
            for nic in properties["networkInterfaces"] as? [Any] ?? [] { want(reference(nic)) }
        }
        return wanted.uniqued().filter { held[$0.normalized] == nil }.sorted()
    }

    /// Reads ``missing`` through `client` (a read-only client observed by this snapshot) until
    /// nothing more is missing (at most `rounds` times); a resource that does not exist, or that
    /// the credential may not read, is left out.
    public func completeReferences(with client: ARMClient, rounds: Int = 4) async throws {
        var tried = Set<ResourceID>()
        for _ in 0..<rounds {
            let next = missing.filter { !tried.contains($0) }
            guard !next.isEmpty else { return }
            for id in next {
                tried.insert(id)
                do {
                    _ = try await client.getIfExists(id, apiVersion: Self.apiVersion(for: id), as: ARMDocument.self)
                } catch ARMError.requestFailed(_, let status, _, _, _) where status == 403 || status == 401 {
                    continue
                }
            }
        }
    }

    /// The api-version pe-net uses for a resource type.
    static func apiVersion(for id: ResourceID) -> String {
        switch id.namespace.lowercased() {
        case "microsoft.sql": ARMAPIVersion.sql
        case "microsoft.compute": ARMAPIVersion.compute
        case "microsoft.datafactory": ARMAPIVersion.dataFactory
        default:
            id.segments[0].type.lowercased() == "privatednszones" ? ARMAPIVersion.privateDNS : ARMAPIVersion.network
        }
    }

    /// The world file: the documents as a JSON array sorted by id, keys sorted, pretty-printed.
    public func worldJSON() throws -> Data {
        let held = lock.withLock { documents }
        let sorted = held.keys.sorted().compactMap { held[$0]?.document }
        var data = try JSONSerialization.data(
            withJSONObject: sorted, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(contentsOf: Array("\n".utf8))
        return data
    }

    /// Key fragments whose values are never written (compared lower-cased).
    static let secretKeyFragments = [
        "password", "secret", "token", "connectionstring", "customdata", "primarykey",
        "secondarykey", "accesskey", "sharedkey",
    ]

    static func scrub(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var result: [String: Any] = [:]
            for (key, item) in object {
                let lower = key.lowercased()
                if secretKeyFragments.contains(where: lower.contains) { continue }
                result[key] = scrub(item)
            }
            return result
        }
        if let array = value as? [Any] { return array.map(scrub) }
        return value
    }
}
