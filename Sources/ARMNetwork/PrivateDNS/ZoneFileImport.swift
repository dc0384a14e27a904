import DNSModel
import Foundation

/// One record set of an imported zone file and what import does with it.
public struct ZoneImportEntry: Equatable, Codable, Sendable {
    /// What happens to the record set.
    public enum Action: String, Codable, Sendable, CaseIterable {
        /// Absent from the zone: created, marked as pe-net's.
        case create
        /// The zone already holds the same records with the same TTL.
        case unchanged
        /// The zone holds this name and type with other records or another TTL: listed, left as is.
        case conflict
        /// Not imported (the apex SOA and NS, which Azure keeps; types a private zone cannot hold).
        case ignored
    }

    public var action: Action
    /// `A`, `AAAA`, `CNAME`, `MX`, `PTR`, `SRV`, `TXT` (or the file's type when ignored).
    public var type: String
    /// The name relative to the zone, lower-cased; `@` for the apex.
    public var name: String
    public var ttl: Int
    /// The file's records as text (see ``PrivateDNSRecordSetProperties/recordTexts``).
    public var records: [String]
    /// What the zone holds under this name and type, for unchanged and conflicting sets.
    public var existingRecords: [String]?
    public var existingTTL: Int?
    /// The record set's id; nil when ignored.
    public var id: ResourceID?
    /// The PUT body of a create.
    public var body: PrivateDNSRecordSetProperties?
    /// Why, in one sentence.
    public var note: String
}

/// The plan of `pe-net dns zonefile import`: which record sets of the file are created in the
/// zone, which it already holds, which conflict (listed, never overwritten) and which are ignored.
public struct ZoneImportPlan: Equatable, Codable, Sendable {
    public var file: String
    public var zone: ResourceID
    public var zoneName: String
    public var entries: [ZoneImportEntry]

    /// The entries with this action.
    public func entries(_ action: ZoneImportEntry.Action) -> [ZoneImportEntry] {
        entries.filter { $0.action == action }
    }

    /// True when the zone holds a set the file would change.
    public var hasConflicts: Bool { entries.contains { $0.action == .conflict } }
}

/// Plans a zone-file import (pure): the file's record sets against the zone's.
public enum ZoneImportPlanner {
    /// Metadata key naming the file a record set was imported from.
    public static let sourceKey = "peNetSource"

    /// The plan for `zone` (parsed from `file`) into the private zone `zoneID`, whose record sets
    /// are `existing`.
    public static func plan(zone: Zone, file: String, zoneID: ResourceID, existing: [PrivateDNSRecordSet])
        -> ZoneImportPlan
    {
        let origin = zone.origin.lowercased.absolute
        var current: [String: PrivateDNSRecordSet] = [:]
        for set in existing {
            guard let type = set.type?.split(separator: "/").last, let name = set.name else { continue }
            current["\(type.uppercased()) \(name.lowercased())"] = set
        }
        let source = URL(fileURLWithPath: file).lastPathComponent
        var entries: [ZoneImportEntry] = []
        for set in zone.recordSets {
            let owner = set.name.lowercased.absolute
            let name = relativeName(owner, origin: origin)
            let typeText = set.type.description
            var entry = ZoneImportEntry(
                action: .ignored, type: typeText, name: name ?? owner.text, ttl: Int(set.ttl),
                records: set.data.map(\.presentation), note: "")
            guard let name else {
                entry.note = "\(owner.text) is outside the zone \(origin.text)"
                entries.append(entry)
                continue
            }
            if let reason = ignoredReason(set.type, apex: name == "@", typeText: typeText) {
                entry.note = reason
                entries.append(entry)
                continue
            }
            let body: PrivateDNSRecordSetProperties
            do {
                body = try properties(
                    of: set,
                    metadata: [
                        PeNetOwnership.key: PeNetOwnership.value, sourceKey: "zonefile:\(source)",
                    ])
            } catch {
                entry.note = "\(error)"
                entries.append(entry)
                continue
            }
            entry.records = body.recordTexts
            entry.id = try? ResourceID(parsing: zoneID.path + "/\(typeText)/\(name)")
            guard entry.id != nil else {
                entry.note = "\(name) cannot be part of a resource id"
                entries.append(entry)
                continue
            }
            if let existingSet = current["\(typeText) \(name)"] {
                let properties = existingSet.properties ?? PrivateDNSRecordSetProperties()
                entry.existingRecords = properties.recordTexts
                entry.existingTTL = properties.ttl
                let owner = PeNetOwnership.isOwned(properties.metadata ?? [:]) ? "pe-net's" : "not pe-net's"
                if properties.recordTexts == entry.records && properties.ttl == entry.ttl {
                    entry.action = .unchanged
                    entry.note = "the zone already holds these records (\(owner))"
                } else {
                    entry.action = .conflict
                    let ttl = properties.ttl.map { " (ttl \($0))" } ?? ""
                    entry.note =
                        "the zone holds \(properties.recordTexts.joined(separator: ", "))\(ttl) here (\(owner)); left as is"
                }
            } else {
                entry.action = .create
                entry.body = body
                entry.note = "create, marked managedBy=pe-net"
            }
            entries.append(entry)
        }
        return ZoneImportPlan(
            file: file, zone: zoneID, zoneName: String(origin.text.dropLast()), entries: entries)
    }

    /// The zone of `plan` named `name` (case and a trailing dot ignored).
    public static func zone(named name: String, in plan: PrivateDNSPlan) -> DesiredZone? {
        let wanted = DesiredNames.normalizeZone(name)
        return plan.zones.first { DesiredNames.normalizeZone($0.name) == wanted }
    }

    /// The name relative to `origin` (`@` for the apex), or nil outside it.
    static func relativeName(_ name: DomainName, origin: DomainName) -> String? {
        guard name.labels.count >= origin.labels.count,
            Array(name.labels.suffix(origin.labels.count)) == origin.labels
        else { return nil }
        let inner = name.labels.dropLast(origin.labels.count)
        return inner.isEmpty ? "@" : inner.joined(separator: ".")
    }

    static func ignoredReason(_ type: RecordType, apex: Bool, typeText: String) -> String? {
        switch type {
        case .soa:
            return apex
                ? "Azure keeps the zone's SOA; the file's is not imported"
                : "an SOA record belongs at the apex only"
        case .ns:
            return apex
                ? "Azure keeps the apex NS; the file's is not imported"
                : "private DNS zones cannot delegate: NS record sets are not supported"
        case .a, .aaaa, .cname, .mx, .ptr, .srv, .txt:
            return nil
        default:
            return "private DNS zones do not hold \(typeText) records"
        }
    }

    /// Why a record set cannot be written to a private zone.
    struct Unsupported: Error, CustomStringConvertible {
        let description: String
    }

    /// The ARM properties of a zone file's record set.
    static func properties(of set: RecordSet, metadata: [String: String]) throws -> PrivateDNSRecordSetProperties {
        var properties = PrivateDNSRecordSetProperties(ttl: Int(set.ttl), metadata: metadata)
        switch set.type {
        case .a:
            properties.aRecords = set.data.compactMap {
                if case .a(let address) = $0 { .init(ipv4Address: address.description) } else { nil }
            }
        case .aaaa:
            properties.aaaaRecords = set.data.compactMap {
                if case .aaaa(let address) = $0 { .init(ipv6Address: address.description) } else { nil }
            }
        case .cname:
            guard set.data.count == 1, case .cname(let target) = set.data[0] else {
                throw Unsupported(description: "a CNAME record set holds exactly one record")
            }
            properties.cnameRecord = .init(cname: target.text)
        case .mx:
            properties.mxRecords = set.data.compactMap {
                if case .mx(let preference, let exchange) = $0 {
                    .init(preference: Int(preference), exchange: exchange.text)
                } else {
                    nil
                }
            }
        case .ptr:
            properties.ptrRecords = set.data.compactMap {
                if case .ptr(let name) = $0 { .init(ptrdname: name.text) } else { nil }
            }
        case .txt:
            properties.txtRecords = set.data.compactMap {
                if case .txt(let strings) = $0 { .init(value: strings) } else { nil }
            }
        case .srv:
            properties.srvRecords = try set.data.map { data in
                let fields = data.presentation.split(separator: " ").map(String.init)
                guard fields.count == 4, let priority = UInt16(fields[0]), let weight = UInt16(fields[1]),
                    let port = UInt16(fields[2])
                else {
                    throw Unsupported(
                        description: "SRV record '\(data.presentation)' is not priority weight port target")
                }
                return .init(priority: Int(priority), weight: Int(weight), port: Int(port), target: fields[3])
            }
        default:
            throw Unsupported(description: "private DNS zones do not hold \(set.type) records")
        }
        return properties
    }
}

/// What happened to one create of an import.
public struct ZoneImportOutcome: Equatable, Codable, Sendable {
    public var entry: ZoneImportEntry
    /// Written.
    public var done: Bool
    public var error: String?
}

/// Performs the creates of a ``ZoneImportPlan``, each with `If-None-Match: *`, so a record set
/// made by someone else since the plan is never overwritten; the only code here with side effects.
public struct ZoneImportExecutor: Sendable {
    public let client: ARMClient
    /// Record sets written at once (Azure allows 60 record-set writes a minute per zone).
    public var concurrency: Int

    public init(client: ARMClient, concurrency: Int = 4) {
        self.client = client
        self.concurrency = concurrency
    }

    /// Creates every `create` entry; `progress` is called as each finishes. Never throws for one
    /// record set's failure.
    public func apply(_ plan: ZoneImportPlan, progress: @escaping @Sendable (ZoneImportOutcome) -> Void = { _ in })
        async -> [ZoneImportOutcome]
    {
        let client = client
        return await ConnectionExecutor.boundedMap(plan.entries(.create), limit: concurrency) { entry in
            let outcome: ZoneImportOutcome
            if let id = entry.id, let body = entry.body {
                do {
                    _ = try await client.put(
                        id, body: PrivateDNSRecordSet(properties: body), apiVersion: ARMAPIVersion.privateDNS,
                        condition: .createOnly, as: PrivateDNSRecordSet.self)
                    outcome = ZoneImportOutcome(entry: entry, done: true)
                } catch ARMError.preconditionFailed {
                    outcome = ZoneImportOutcome(
                        entry: entry, done: false,
                        error: "\(entry.type) \(entry.name) was created by someone else after the plan; left as is")
                } catch {
                    outcome = ZoneImportOutcome(entry: entry, done: false, error: "\(error)")
                }
            } else {
                outcome = ZoneImportOutcome(entry: entry, done: false, error: "no record set id")
            }
            progress(outcome)
            return outcome
        }
    }
}
