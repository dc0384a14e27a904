import Foundation

/// Azure Resource Graph as the emulator answers it:
/// `POST /providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01` with
/// `{"subscriptions": [...], "query": "...", "options": {"$top": n, "$skipToken": "..."}}`.
///
/// The `Resources` table holds every stored document except record sets (Resource Graph does not
/// index them), with `type` lower-cased and the `resourceGroup` and `subscriptionId` columns
/// added. A vnet's row carries all its peerings in `properties.virtualNetworkPeerings` (those
/// embedded in the vnet and those stored as documents of their own, in the order ARM lists them),
/// as Azure indexes them. The query language is the subset pe-net sends, stages joined by `|`:
///
/// - `Resources` (first stage, required);
/// - `where <column> =~ '<text>'` (equal, ignoring case), `== '<text>'` (exact),
///   `contains '<text>'`, `startswith '<text>'` (both ignoring case), `in~ ('<a>', '<b>', ...)`;
///   a column is `id`, `name`, `type`, `location`, `resourceGroup`, `subscriptionId` or
///   `tostring(properties.<path>)`;
/// - `project <column>, ...` (the columns above, plus `tags` and `properties`);
/// - `order by <column> [asc|desc]`.
///
/// pe-net sends three shapes: the links of the zones with one name
/// (`where type =~ 'microsoft.network/privatednszones/virtualnetworklinks' | where id contains
/// '/privateDnsZones/<zone>/' | project id, name, type, resourceGroup, subscriptionId, tags,
/// properties | order by id asc`), every managed instance with its connection summary
/// (`where type =~ 'microsoft.sql/managedinstances' | project … | order by id asc`), and what
/// `dns plan --scope` plans from (`where type in~ ('microsoft.sql/managedinstances',
/// 'microsoft.network/privateendpoints', 'microsoft.network/networkinterfaces',
/// 'microsoft.network/virtualnetworks', 'microsoft.network/privatednszones',
/// 'microsoft.network/privatednszones/virtualnetworklinks') | project … | order by id asc`).
///
/// Anything else is `400 InvalidQuery`. Pages hold `min($top, --page-size)` rows (`$top` defaults
/// to 100, as in Azure); while rows remain the answer carries `$skipToken`, which the next request
/// sends back in `options`. The pages of one query come from the rows computed for its first page
/// (the token names them; the last 8 queries with pages to come are kept, an older token's query
/// runs again on the world as it is). Every answer carries the quota headers `x-ms-user-quota-remaining`
/// and `x-ms-user-quota-resets-after`.
extension World {
    /// Answers one Resource Graph request body.
    func resourceGraph(body: JSON, pageSize: Int) -> Reply {
        advance()
        guard let text = body["query"]?.string else {
            return .error(400, "InvalidQuery", "The request body has no query.")
        }
        let subscriptions = Set((body["subscriptions"]?.array ?? []).compactMap { $0.string?.lowercased() })
        let query: GraphQuery
        do {
            query = try GraphQuery(parsing: text)
        } catch {
            return .error(400, "InvalidQuery", "Query is invalid: \(error)")
        }
        let top = body["options"]?["$top"].flatMap { if case .int(let n) = $0 { Int(n) } else { nil } } ?? 100
        let size = max(1, min(top, pageSize))
        let token = body["options"]?["$skipToken"]?.string
        let (resultID, start) = token.flatMap(Self.parseSkipToken) ?? (nil, 0)
        if token != nil, resultID == nil || start == 0 {
            return .error(400, "InvalidSkipToken", "The $skipToken is not one this service issued.")
        }
        let rows: [JSON]
        if let resultID, let cached = graphResults.first(where: { $0.id == resultID }) {
            rows = cached.rows
        } else {
            rows = graphRows(query, subscriptions: subscriptions)
        }
        if start > rows.count {
            return .error(400, "InvalidSkipToken", "The $skipToken is not one this service issued.")
        }
        let end = min(rows.count, start + size)
        var answer: [String: JSON] = [
            "totalRecords": .int(Int64(rows.count)), "count": .int(Int64(end - start)), "resultTruncated": "false",
            "facets": .array([]), "data": .array(Array(rows[start..<end])),
        ]
        if end < rows.count {
            let id = resultID ?? UUID().uuidString.lowercased()
            if resultID == nil {
                graphResults.append((id, rows))
                if graphResults.count > Self.keptGraphResults { graphResults.removeFirst() }
            }
            answer["$skipToken"] = .string(Data("\(id):\(end)".utf8).base64EncodedString())
        }
        return Reply(
            status: 200,
            headers: [("x-ms-user-quota-remaining", "14"), ("x-ms-user-quota-resets-after", "00:00:05")],
            body: .object(answer))
    }

    /// How many queries' rows are kept for their next pages.
    static let keptGraphResults = 8

    /// `<result id>:<offset>` from a `$skipToken`; nil when it is not one the emulator issued.
    static func parseSkipToken(_ token: String) -> (String?, Int)? {
        guard let data = Data(base64Encoded: token) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let offset = Int(parts[1]) else { return nil }
        return (String(parts[0]), offset)
    }

    /// Every row of `query` over `subscriptions`, as the world is now.
    func graphRows(_ query: GraphQuery, subscriptions: Set<String>) -> [JSON] {
        let peerings = storedPeerings()
        let rows: [JSON] = resources.compactMap { key, stored in
            guard let path = ResourcePath(id: key), TypeRules.family(path.typeKey) != .recordSet,
                subscriptions.contains(path.subscription.lowercased())
            else { return nil }
            var row = stored.doc
            if path.typeKey == Self.vnetType { row = withPeerings(row, path: path, stored: peerings[key] ?? []) }
            row["type"] = .string(path.resourceType.lowercased())
            row["resourceGroup"] = .string(path.resourceGroup.lowercased())
            row["subscriptionId"] = .string(path.subscription.lowercased())
            return row
        }
        return query.run(rows)
    }
}

extension World {
    static let vnetType = "microsoft.network/virtualnetworks"
    static let peeringType = "microsoft.network/virtualnetworks/virtualnetworkpeerings"

    /// The peerings stored as documents of their own, by their vnet's key (one pass over the world).
    func storedPeerings() -> [String: [(String, JSON)]] {
        var result: [String: [(String, JSON)]] = [:]
        for (key, stored) in resources {
            guard let path = ResourcePath(id: key), path.typeKey == Self.peeringType, let parent = path.parent else {
                continue
            }
            result[parent.key, default: []].append((key, stored.doc))
        }
        return result
    }

    /// A vnet's row as Resource Graph indexes it: `properties.virtualNetworkPeerings` holds every
    /// peering (those stored as documents of their own and those embedded in the vnet), in the
    /// order ARM lists them.
    func withPeerings(_ row: JSON, path: ResourcePath, stored: [(String, JSON)]) -> JSON {
        var merged = Dictionary(stored, uniquingKeysWith: { first, _ in first })
        for (key, doc) in inlineChildren(of: path, type: "virtualNetworkPeerings") where merged[key] == nil {
            merged[key] = doc
        }
        guard !merged.isEmpty else { return row }
        var result = row
        var properties = row["properties"] ?? .object([:])
        properties["virtualNetworkPeerings"] = .array(merged.sorted { $0.key < $1.key }.map(\.value))
        result["properties"] = properties
        return result
    }
}

/// A parsed query of the supported subset (see ``World/resourceGraph(body:pageSize:)``).
struct GraphQuery {
    enum Stage {
        case filter(column: String, op: String, values: [String])
        case project([String])
        case order(column: String, descending: Bool)
    }

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    var stages: [Stage] = []

    init(parsing text: String) throws {
        let parts = try Self.splitStages(text)
        guard let first = parts.first, first.lowercased() == "resources" else {
            throw Invalid(description: "the first stage must be Resources")
        }
        for part in parts.dropFirst() {
            if part.hasPrefix("where ") {
                stages.append(try Self.filter(String(part.dropFirst(6))))
            } else if part.hasPrefix("project ") {
                stages.append(
                    .project(part.dropFirst(8).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }))
            } else if part.hasPrefix("order by ") {
                let words = part.dropFirst(9).split(separator: " ").map(String.init)
                guard let column = words.first, words.count <= 2 else {
                    throw Invalid(description: "bad order by: \(part)")
                }
                stages.append(.order(column: column, descending: words.last == "desc"))
            } else {
                throw Invalid(description: "unsupported stage '\(part)'")
            }
        }
    }

    /// Splits on `|` outside quotes.
    static func splitStages(_ text: String) throws -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if quoted {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "'" {
                    quoted = false
                }
                current.append(character)
            } else if character == "'" {
                quoted = true
                current.append(character)
            } else if character == "|" {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !quoted else { throw Invalid(description: "unterminated string literal") }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }

    static func filter(_ text: String) throws -> Stage {
        let words = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count == 3 else { throw Invalid(description: "bad where: \(text)") }
        let (column, op, rest) = (words[0], words[1], words[2])
        switch op {
        case "=~", "==", "contains", "startswith":
            return .filter(column: column, op: op, values: [try literal(rest)])
        case "in~":
            guard rest.hasPrefix("("), rest.hasSuffix(")") else { throw Invalid(description: "in~ needs (...)") }
            let inner = rest.dropFirst().dropLast()
            return .filter(
                column: column, op: op,
                values: try splitList(String(inner)).map { try literal($0) })
        default:
            throw Invalid(description: "unsupported operator \(op)")
        }
    }

    static func splitList(_ text: String) throws -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if quoted {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "'" {
                    quoted = false
                }
                current.append(character)
            } else if character == "'" {
                quoted = true
                current.append(character)
            } else if character == "," {
                items.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current.trimmingCharacters(in: .whitespaces))
        return items
    }

    /// A single-quoted literal with `\'` and `\\` escapes.
    static func literal(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, trimmed.hasPrefix("'"), trimmed.hasSuffix("'") else {
            throw Invalid(description: "expected a string literal, got \(trimmed)")
        }
        var result = ""
        var escaped = false
        for character in trimmed.dropFirst().dropLast() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The value of `column` in `row`, as text.
    static func value(_ column: String, _ row: JSON) -> String? {
        if column.hasPrefix("tostring(properties."), column.hasSuffix(")") {
            let path = column.dropFirst("tostring(properties.".count).dropLast().split(separator: ".")
            var current = row["properties"]
            for key in path { current = current?[String(key)] }
            return current?.string
        }
        return row[column]?.string
    }

    func run(_ input: [JSON]) -> [JSON] {
        var rows = input.sorted { ($0["id"]?.string ?? "") < ($1["id"]?.string ?? "") }
        for stage in stages {
            switch stage {
            case .filter(let column, let op, let values):
                rows = rows.filter { row in
                    guard let value = Self.value(column, row) else { return false }
                    let lower = value.lowercased()
                    switch op {
                    case "==": return value == values[0]
                    case "=~": return lower == values[0].lowercased()
                    case "contains": return lower.contains(values[0].lowercased())
                    case "startswith": return lower.hasPrefix(values[0].lowercased())
                    default: return values.contains { $0.lowercased() == lower }
                    }
                }
            case .project(let columns):
                rows = rows.map { row in
                    .object(Dictionary(columns.map { ($0, row[$0] ?? .null) }, uniquingKeysWith: { first, _ in first }))
                }
            case .order(let column, let descending):
                rows.sort {
                    let (a, b) = (Self.value(column, $0) ?? "", Self.value(column, $1) ?? "")
                    return descending ? a > b : a < b
                }
            }
        }
        return rows
    }
}

extension LoggedRequest {
    /// True for requests that change something: PUT, PATCH, DELETE, and POSTs other than a
    /// Resource Graph query (which only reads).
    public var isWrite: Bool {
        switch method {
        case "GET", "HEAD": false
        case "POST": !path.lowercased().hasSuffix("/providers/microsoft.resourcegraph/resources")
        default: true
        }
    }
}
