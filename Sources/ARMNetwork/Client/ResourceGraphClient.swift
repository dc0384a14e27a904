import Foundation

/// Azure Resource Graph (`POST /providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`):
/// one KQL query over many subscriptions, paged with `$skipToken`. Rows come back as objects
/// (`resultFormat: objectArray`) and decode into any `Decodable` row type, e.g.
/// `ARMResource<VirtualNetworkLinkProperties>` for the `Resources` table.
///
/// ```swift
/// let graph = ResourceGraphClient(client: client)
/// let links = try await graph.query(
///     ResourceGraphQuery.privateDNSLinks(zoneName: "privatelink.abc123.database.windows.net"),
///     subscriptions: ["00000000-1111-2222-3333-444444444444"], as: VirtualNetworkLink.self)
/// ```
public struct ResourceGraphClient: Sendable {
    /// The api-version pe-net pins for Resource Graph.
    public static let apiVersion = "2024-04-01"
    /// Resource Graph accepts at most this many subscriptions in one request.
    public static let maxSubscriptionsPerRequest = 1000
    /// Resource Graph returns at most this many rows per page.
    public static let maxPageSize = 1000

    public let client: ARMClient
    /// Rows asked for per page (`$top`, 1–1000).
    public var pageSize: Int

    /// A Resource Graph client over an ARM client (same token, retries and in-flight bound).
    public init(client: ARMClient, pageSize: Int = ResourceGraphClient.maxPageSize) {
        self.client = client
        self.pageSize = min(max(pageSize, 1), Self.maxPageSize)
    }

    /// Every row of `query` over `subscriptions`, following `$skipToken` until the last page.
    /// Subscriptions are sent in batches of ``maxSubscriptionsPerRequest``.
    public func query<Row: Decodable & Sendable>(
        _ query: String, subscriptions: [String], as type: Row.Type = Row.self
    ) async throws -> [Row] {
        let unique = subscriptions.map { $0.lowercased() }.uniqued()
        guard !unique.isEmpty else { return [] }
        var rows: [Row] = []
        var start = 0
        while start < unique.count {
            let batch = Array(unique[start..<min(unique.count, start + Self.maxSubscriptionsPerRequest)])
            rows += try await pages(query, subscriptions: batch, as: Row.self)
            start += Self.maxSubscriptionsPerRequest
        }
        return rows
    }

    private func pages<Row: Decodable & Sendable>(
        _ query: String, subscriptions: [String], as type: Row.Type
    ) async throws -> [Row] {
        let resource = "Resource Graph query"
        let target = try client.url(for: "/providers/Microsoft.ResourceGraph/resources", apiVersion: Self.apiVersion)
        var rows: [Row] = []
        var skipToken: String?
        var seenTokens = Set<String>()
        repeat {
            let request = ResourceGraphRequest(
                subscriptions: subscriptions, query: query,
                options: .init(skipToken: skipToken, top: pageSize, resultFormat: "objectArray"))
            let body: Data
            do {
                body = try JSONEncoder().encode(request)
            } catch {
                throw ARMError.invalidResponse(resource: resource, detail: "cannot encode the query: \(error)")
            }
            let response = try await client.checked("POST", target, body: body, resource: resource)
            let page = try client.decode(ResourceGraphResponse<Row>.self, response.body, resource: resource)
            rows += page.data
            skipToken = page.skipToken.flatMap { $0.isEmpty ? nil : $0 }
            if let token = skipToken, !seenTokens.insert(token).inserted {
                throw ARMError.invalidResponse(resource: resource, detail: "the same $skipToken came back twice")
            }
        } while skipToken != nil
        return rows
    }
}

/// The body of a Resource Graph query request.
public struct ResourceGraphRequest: Codable, Sendable, Equatable {
    /// `options`: paging and the row format.
    public struct Options: Codable, Sendable, Equatable {
        public var skipToken: String?
        public var top: Int?
        public var resultFormat: String?

        enum CodingKeys: String, CodingKey {
            case skipToken = "$skipToken"
            case top = "$top"
            case resultFormat
        }
    }

    public var subscriptions: [String]
    public var query: String
    public var options: Options?
}

/// One page of a Resource Graph answer: `totalRecords`, `count`, `resultTruncated`, `$skipToken`
/// (present while more pages follow), `data` (rows as objects) and `facets`.
public struct ResourceGraphResponse<Row: Decodable>: Decodable {
    public var totalRecords: Int64
    public var count: Int64
    /// `"true"` or `"false"` (a string in the API).
    public var resultTruncated: String
    public var skipToken: String?
    public var data: [Row]

    enum CodingKeys: String, CodingKey {
        case totalRecords, count, resultTruncated, data
        case skipToken = "$skipToken"
    }
}

/// A row of the `Resources` table with the columns pe-net projects: the resource envelope plus
/// `resourceGroup` and `subscriptionId`, and the typed `properties`.
public struct ResourceGraphRow<Properties: Decodable & Sendable>: Decodable, Sendable {
    public var id: String?
    public var name: String?
    public var type: String?
    public var resourceGroup: String?
    public var subscriptionId: String?
    public var tags: [String: String]?
    public var properties: Properties?
}

/// The KQL text of the queries pe-net sends (the emulator answers exactly these shapes).
public enum ResourceGraphQuery {
    /// A KQL string literal: single-quoted, with `\` and `'` escaped.
    public static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Every virtual network link of every private DNS zone named `zoneName`.
    public static func privateDNSLinks(zoneName: String) -> String {
        "Resources | where type =~ 'microsoft.network/privatednszones/virtualnetworklinks'"
            + " | where id contains \(literal("/privateDnsZones/\(zoneName)/"))"
            + " | project id, name, type, resourceGroup, subscriptionId, tags, properties | order by id asc"
    }
}
