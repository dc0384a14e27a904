/// All records of one owner name and type: the unit DNS answers with and the unit Azure private
/// DNS stores. The data is kept sorted and without duplicates, so equal sets compare equal.
public struct RecordSet: Hashable, Sendable, Codable, CustomStringConvertible {
    public var name: DomainName
    public var type: RecordType
    public var ttl: UInt32
    /// Sorted by presentation text, no duplicates; every element has type `type`.
    public private(set) var data: [RecordData]

    public init(name: DomainName, type: RecordType, ttl: UInt32, data: [RecordData]) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.data = RecordSet.normalized(data)
    }

    /// The identity of a record set: owner (case-insensitive) and type.
    public struct Key: Hashable, Sendable, Comparable {
        public var name: DomainName
        public var type: RecordType
        public static func < (lhs: Key, rhs: Key) -> Bool {
            lhs.name == rhs.name ? lhs.type < rhs.type : lhs.name < rhs.name
        }
    }

    public var key: Key { Key(name: name, type: type) }

    /// The individual records of this set.
    public var records: [ResourceRecord] { data.map { ResourceRecord(name: name, ttl: ttl, data: $0) } }

    /// Groups records by owner and type. A set's TTL is the lowest TTL of its records (RFC 2181 §5.2).
    public static func grouping(_ records: [ResourceRecord]) -> [RecordSet] {
        var sets: [Key: RecordSet] = [:]
        for record in records {
            let key = Key(name: record.name, type: record.type)
            if var existing = sets[key] {
                existing.ttl = min(existing.ttl, record.ttl)
                existing.data = normalized(existing.data + [record.data])
                sets[key] = existing
            } else {
                sets[key] = RecordSet(name: record.name, type: record.type, ttl: record.ttl, data: [record.data])
            }
        }
        return sets.values.sorted { $0.key < $1.key }
    }

    public var description: String {
        "\(name.text) \(ttl) \(type) [\(data.map(\.presentation).joined(separator: ", "))]"
    }

    static func normalized(_ data: [RecordData]) -> [RecordData] {
        var seen = Set<RecordData>()
        return data.filter { seen.insert($0).inserted }.sorted { $0.presentation < $1.presentation }
    }

    private enum CodingKeys: String, CodingKey { case name, type, ttl, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(DomainName.self, forKey: .name)
        let type = try container.decode(RecordType.self, forKey: .type)
        let ttl = try container.decode(UInt32.self, forKey: .ttl)
        let texts = try container.decode([String].self, forKey: .data)
        var data: [RecordData] = []
        for text in texts {
            do {
                data.append(try ResourceRecord(parsing: "\(name.absolute.text) \(ttl) IN \(type) \(text)").data)
            } catch {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: error.description))
            }
        }
        self.init(name: name, type: type, ttl: ttl, data: data)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(ttl, forKey: .ttl)
        try container.encode(data.map(\.presentation), forKey: .data)
    }
}

/// One difference between a current and a desired list of record sets.
public enum RecordSetChange: Hashable, Sendable, Codable, CustomStringConvertible {
    case add(RecordSet)
    case remove(RecordSet)
    case update(from: RecordSet, to: RecordSet)

    /// The key of the record set this change is about.
    public var key: RecordSet.Key {
        switch self {
        case .add(let set), .remove(let set), .update(_, let set): return set.key
        }
    }

    /// A one-line message for people: `+ mi1.zone. A 10 [10.1.2.3]`.
    public var description: String {
        switch self {
        case .add(let set): return "+ \(set)"
        case .remove(let set): return "- \(set)"
        case .update(let from, let to):
            return
                "~ \(to.name.text) \(to.type): \(from.ttl) [\(from.data.map(\.presentation).joined(separator: ", "))] -> \(to.ttl) [\(to.data.map(\.presentation).joined(separator: ", "))]"
        }
    }
}

/// The pure difference between record-set lists, keyed by owner (case-insensitive) and type.
public enum RecordSetDiff {
    /// Changes that turn `current` into `desired`, sorted by key; equal sets produce nothing.
    /// Duplicate keys within one list are merged first.
    public static func changes(from current: [RecordSet], to desired: [RecordSet]) -> [RecordSetChange] {
        let now = merged(current)
        let want = merged(desired)
        var result: [RecordSetChange] = []
        for key in Set(now.keys).union(want.keys).sorted() {
            switch (now[key], want[key]) {
            case (nil, let wanted?): result.append(.add(wanted))
            case (let existing?, nil): result.append(.remove(existing))
            case (let existing?, let wanted?) where existing.ttl != wanted.ttl || existing.data != wanted.data:
                result.append(.update(from: existing, to: wanted))
            default: break
            }
        }
        return result
    }

    private static func merged(_ sets: [RecordSet]) -> [RecordSet.Key: RecordSet] {
        var result: [RecordSet.Key: RecordSet] = [:]
        for set in sets {
            if let existing = result[set.key] {
                result[set.key] = RecordSet(
                    name: set.name, type: set.type, ttl: min(existing.ttl, set.ttl), data: existing.data + set.data)
            } else {
                result[set.key] = set
            }
        }
        return result
    }
}
