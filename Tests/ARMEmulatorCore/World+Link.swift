import Foundation

/// The Managed Instance link's resources on api-version 2025-01-01: server trust certificates
/// (one public key per instance, whatever the name), the instance's read-only mirroring-endpoint
/// certificate, and distributed availability groups in the new body schema, whose databases move
/// from `CreatingLink` to `LinkSynchronizing` when the long-running PUT finishes, and whose
/// `failover` / `setRole` actions and DELETE are long-running too.
///
/// A world seeds a link error with a document
/// `{"emulatorLinkError": {"instance": "<instance id>", "error": "<text>", "replicaState": "LinkInitError"}}`:
/// every link that instance creates afterwards ends in that state with `mostRecentLinkError` set.
/// A loaded distributed availability group document keeps whatever database fields it carries.
extension World {
    static let trustCertificate = "microsoft.sql/managedinstances/servertrustcertificates"
    static let endpointCertificate = "microsoft.sql/managedinstances/endpointcertificates"
    static let distributedAvailabilityGroup = "microsoft.sql/managedinstances/distributedavailabilitygroups"

    /// Loads `{"emulatorLinkError": {...}}`; false when `document` is not one.
    func loadLinkError(_ document: JSON) throws -> Bool {
        guard let seed = document["emulatorLinkError"] else { return false }
        guard let instance = seed["instance"]?.string, let path = ResourcePath(id: instance),
            let error = seed["error"]?.string
        else {
            throw EmulatorError("emulatorLinkError needs \"instance\" (an instance id) and \"error\" (the text)")
        }
        linkErrors[path.key] = (error, seed["replicaState"]?.string ?? "LinkInitError")
        return true
    }

    /// PUT of a link resource; nil when `path` is not one.
    func putLink(_ path: ResourcePath, body: JSON, base: String) -> Reply? {
        switch path.typeKey {
        case Self.trustCertificate: return putTrustCertificate(path, body: body, base: base)
        case Self.endpointCertificate:
            return .error(
                405, "MethodNotAllowed", "Endpoint certificates are read-only; the instance owns '\(path.name)'.")
        case Self.distributedAvailabilityGroup: return putDistributedAvailabilityGroup(path, body: body, base: base)
        default: return nil
        }
    }

    /// The hex digits of a public blob, upper-case without `0x`; nil when it is not hex.
    static func normalizedBlob(_ text: String) -> String? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        if digits.lowercased().hasPrefix("0x") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.count % 2 == 0, digits.allSatisfy(\.isHexDigit) else { return nil }
        return digits.uppercased()
    }

    private func instanceMissing(_ path: ResourcePath) -> Reply? {
        guard let parent = path.parent, resources[parent.key] == nil else { return nil }
        return .error(
            404, "ParentResourceNotFound",
            "Can not perform requested operation on nested resource. Parent resource '\(parent.name)' not found.")
    }

    private func putTrustCertificate(_ path: ResourcePath, body: JSON, base: String) -> Reply {
        if let missing = instanceMissing(path) { return missing }
        guard let blob = body["properties"]?["publicBlob"]?.string, let digits = Self.normalizedBlob(blob) else {
            return .error(
                400, "InvalidPublicBlob", "properties.publicBlob must be the certificate's public key in hex.")
        }
        if let parent = path.parent {
            let twin = children(of: parent).first { child, stored in
                child.typeKey == Self.trustCertificate && child.key != path.key
                    && (stored.doc["properties"]?["publicBlob"]?.string).flatMap(Self.normalizedBlob) == digits
            }
            if let twin {
                return .error(
                    409, "ServerTrustCertificateAlreadyExists",
                    "A server trust certificate with the same public key already exists as '\(twin.1.doc["name"]?.string ?? twin.0.name)'; '\(path.name)' is refused."
                )
            }
        }
        let existing = resources[path.key]
        let doc: JSON = .object([
            "id": .string(path.id), "name": .string(path.name), "type": .string(path.resourceType),
            "properties": .object([
                "certificateName": .string(path.name), "publicBlob": .string(blob),
                "thumbprint": .string(Self.thumbprint(digits)), "provisioningState": "Creating",
            ]),
        ])
        resources[path.key] = Stored(doc: doc, etag: TypeRules.newETag(path.typeKey))
        return startOperation(path, method: "PUT", created: existing == nil, base: base)
    }

    /// A stable 40-digit stand-in for the certificate's SHA-1 thumbprint (FNV-1a over the blob).
    static func thumbprint(_ digits: String) -> String {
        var parts: [String] = []
        for salt in 0..<3 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(salt)
            for byte in digits.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            parts.append(String(format: "%016llX", hash))
        }
        return String(parts.joined().prefix(40))
    }

    /// `GET endpointCertificates/{type}`: the instance's own certificate (DATABASE_MIRRORING,
    /// SERVICE_BROKER), made up once per instance when the world did not load one.
    func getEndpointCertificate(_ path: ResourcePath) -> Reply? {
        guard path.typeKey == Self.endpointCertificate, resources[path.key] == nil, let parent = path.parent else {
            return nil
        }
        guard resources[parent.key] != nil else { return .notFound(path) }
        guard ["DATABASE_MIRRORING", "SERVICE_BROKER"].contains(path.name.uppercased()) else {
            return .error(
                400, "InvalidEndpointType",
                "'\(path.name)' is not an endpoint type; use DATABASE_MIRRORING or SERVICE_BROKER.")
        }
        let doc: JSON = .object([
            "id": .string(path.id), "name": .string(path.name.uppercased()), "type": .string(path.resourceType),
            "properties": .object(["publicBlob": .string(Self.syntheticCertificate(seed: path.key))]),
        ])
        resources[path.key] = Stored(doc: doc, etag: TypeRules.newETag(path.typeKey))
        return .ok(doc)
    }

    /// `0x` + hex of a DER SEQUENCE of 300 bytes whose header length is right (not a real certificate).
    static func syntheticCertificate(seed: String) -> String {
        var bytes: [UInt8] = [0x30, 0x82, 0x01, 0x28]
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
        while bytes.count < 300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        return "0x" + bytes.map { String(format: "%02X", $0) }.joined()
    }

    private func putDistributedAvailabilityGroup(_ path: ResourcePath, body: JSON, base: String) -> Reply {
        if let missing = instanceMissing(path) { return missing }
        guard let properties = body["properties"], properties.isObject else {
            return .error(400, "InvalidRequestContent", "The request content has no properties.")
        }
        for field in ["partnerAvailabilityGroupName", "partnerEndpoint", "instanceAvailabilityGroupName"]
        where properties[field]?.string?.isEmpty ?? true {
            return .error(400, "InvalidParameterValue", "properties.\(field) is required.")
        }
        guard let databases = properties["databases"]?.array, !databases.isEmpty,
            databases.allSatisfy({ !($0["databaseName"]?.string?.isEmpty ?? true) })
        else {
            return .error(400, "InvalidParameterValue", "properties.databases needs at least one databaseName.")
        }
        for (field, allowed) in [
            ("instanceLinkRole", ["Primary", "Secondary"]), ("failoverMode", ["None", "Manual"]),
            ("seedingMode", ["Automatic", "Manual"]),
        ] {
            if let value = properties[field], !allowed.contains(value.string ?? "") {
                return .error(
                    400, "InvalidParameterValue",
                    "properties.\(field) must be one of \(allowed.joined(separator: ", ")).")
            }
        }
        if properties["targetDatabase"] != nil || properties["sourceEndpoint"] != nil {
            return .error(
                400, "InvalidParameterValue",
                "targetDatabase and sourceEndpoint belong to the old body; use databases and partnerEndpoint.")
        }
        let existing = resources[path.key]
        let role = properties["instanceLinkRole"]?.string ?? "Secondary"
        var stored: [String: JSON] = [
            "distributedAvailabilityGroupName": .string(path.name),
            "distributedAvailabilityGroupId": existing?.doc["properties"]?["distributedAvailabilityGroupId"]
                ?? .string(UUID().uuidString.lowercased()),
            "replicationMode": properties["replicationMode"] ?? "Async",
            "instanceLinkRole": .string(role),
            "partnerLinkRole": .string(role == "Primary" ? "Secondary" : "Primary"),
            "failoverMode": properties["failoverMode"] ?? "None",
            "seedingMode": properties["seedingMode"] ?? "Automatic",
            "provisioningState": existing == nil ? "Creating" : "Updating",
        ]
        for field in ["partnerAvailabilityGroupName", "partnerEndpoint", "instanceAvailabilityGroupName"] {
            stored[field] = properties[field]
        }
        stored["databases"] = .array(
            databases.map { database in
                .object([
                    "databaseName": database["databaseName"] ?? .null,
                    "instanceReplicaId": .string(UUID().uuidString.lowercased()),
                    "partnerReplicaId": .string(UUID().uuidString.lowercased()),
                    "replicaState": "CreatingLink", "seedingProgress": "0%",
                    "synchronizationHealth": "NOT_HEALTHY", "connectedState": "DISCONNECTED",
                ])
            })
        let doc: JSON = .object([
            "id": .string(path.id), "name": .string(path.name), "type": .string(path.resourceType),
            "properties": .object(stored),
        ])
        resources[path.key] = Stored(doc: doc, etag: TypeRules.newETag(path.typeKey))
        return startOperation(path, method: "PUT", created: existing == nil, base: base)
    }

    /// `POST …/distributedAvailabilityGroups/{dag}/{failover|setRole}`; nil when not a link action.
    func linkAction(_ parent: ResourcePath, action: String, body: JSON, base: String) -> Reply? {
        guard parent.typeKey == Self.distributedAvailabilityGroup else { return nil }
        guard var stored = resources[parent.key] else { return .notFound(parent) }
        let busy = stored.doc["properties"]?["provisioningState"]?.string
        if let busy, ["creating", "updating", "deleting"].contains(busy.lowercased()) {
            return .error(
                409, "ConflictingServerOperation",
                "An operation is in progress on distributed availability group '\(parent.name)' (\(busy)).")
        }
        let method: String
        switch action.lowercased() {
        case "failover":
            let type = body["failoverType"]?.string ?? ""
            guard ["Planned", "ForcedAllowDataLoss"].contains(type) else {
                return .error(
                    400, "InvalidParameterValue", "failoverType must be Planned or ForcedAllowDataLoss, not '\(type)'.")
            }
            method = "POST:failover"
        case "setrole":
            let role = body["instanceRole"]?.string ?? ""
            let change = body["roleChangeType"]?.string ?? ""
            guard ["Primary", "Secondary"].contains(role), ["Planned", "Forced"].contains(change) else {
                return .error(
                    400, "InvalidParameterValue",
                    "instanceRole (Primary|Secondary) and roleChangeType (Planned|Forced) are required.")
            }
            method = "POST:setRole:" + role
        default:
            return .error(405, "MethodNotAllowed", "'\(action)' is not an action of a distributed availability group.")
        }
        let databases = stored.doc["properties"]?["databases"]?.array ?? []
        stored.doc["properties"]?["databases"] = .array(
            databases.map { database in
                var database = database
                database["replicaState"] = "LinkFailoverInProgress"
                return database
            })
        stored.doc["properties"]?["provisioningState"] = "Updating"
        resources[parent.key] = stored
        return startOperation(parent, method: method, created: false, base: base)
    }

    /// What a finished link operation changes (called by `advance` when it succeeds).
    func finishLinkOperation(_ operation: Operation) {
        guard operation.typeKey == Self.distributedAvailabilityGroup, var stored = resources[operation.key] else {
            return
        }
        let instance = ResourcePath(id: operation.key)?.parent?.key ?? ""
        var properties = stored.doc["properties"] ?? .object([:])
        if operation.method.hasPrefix("POST:") {
            let current = properties["instanceLinkRole"]?.string ?? "Secondary"
            var role = current == "Primary" ? "Secondary" : "Primary"
            if operation.method.hasPrefix("POST:setRole:") { role = String(operation.method.dropFirst(13)) }
            properties["instanceLinkRole"] = .string(role)
            properties["partnerLinkRole"] = .string(role == "Primary" ? "Secondary" : "Primary")
        }
        let seeded = operation.method == "PUT" ? linkErrors[instance] : nil
        properties["databases"] = .array(
            (properties["databases"]?.array ?? []).map { database in
                var database = database
                if let seeded {
                    database["replicaState"] = .string(seeded.replicaState)
                    database["mostRecentLinkError"] = .string(seeded.error)
                    database["connectedState"] = "DISCONNECTED"
                    database["synchronizationHealth"] = "NOT_HEALTHY"
                } else {
                    database["replicaState"] = "LinkSynchronizing"
                    database["seedingProgress"] = "100%"
                    database["connectedState"] = "CONNECTED"
                    database["synchronizationHealth"] = "HEALTHY"
                    database["instanceSendReplicationLagSeconds"] = 0
                    database["instanceRedoReplicationLagSeconds"] = 0
                }
                return database
            })
        stored.doc["properties"] = properties
        resources[operation.key] = stored
    }
}
