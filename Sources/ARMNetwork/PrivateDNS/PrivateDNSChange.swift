/// One step of a private DNS plan: create, update, delete or leave one resource, with the message the
/// plan prints. `apply` executes exactly these values (create with `If-None-Match: *`, update
/// with `If-Match: <etag>` as read during planning).
public struct PrivateDNSChange: Equatable, Codable, Sendable {
    /// What happens to the resource.
    public enum Action: String, Codable, Sendable, CaseIterable {
        case create, update, unchanged
        /// Remove a record or link pe-net created and no longer wants (needs `--allow-deletes`).
        case delete
    }

    /// The resource and its desired body.
    public enum Resource: Equatable, Codable, Sendable {
        case zone(DesiredZone)
        case link(DesiredLink)
        case record(DesiredARecord)

        public var id: ResourceID {
            switch self {
            case .zone(let z): z.id
            case .link(let l): l.id
            case .record(let r): r.id
            }
        }

        /// `zone`, `link` or `A record`, for tables.
        public var kind: String {
            switch self {
            case .zone: "zone"
            case .link: "vnet link"
            case .record: "A record"
            }
        }

        /// The short name shown in tables.
        public var displayName: String {
            switch self {
            case .zone(let z): z.name
            case .link(let l): "\(l.zoneName)/\(l.name)"
            case .record(let r): r.fqdn
            }
        }

        /// The zone this resource lives in (a zone is its own).
        public var zoneName: String {
            switch self {
            case .zone(let z): z.name
            case .link(let l): l.zoneName
            case .record(let r): r.zoneName
            }
        }
    }

    public var action: Action
    public var resource: Resource
    /// The etag read during planning; sent as `If-Match` on update.
    public var etag: String?
    public var message: String

    public init(action: Action, resource: Resource, etag: String? = nil, message: String) {
        self.action = action
        self.resource = resource
        self.etag = etag
        self.message = message
    }

    /// True for create, update and delete.
    public var isWrite: Bool { action != .unchanged }
}
