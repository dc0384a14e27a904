/// Which connections of an instance a command acts on: `--name`, `--endpoint` or `--all-pending`,
/// optionally narrowed by `--status`.
public struct ConnectionSelection: Hashable, Sendable {
    /// How connections are picked.
    public enum Kind: Hashable, Sendable {
        /// Connection names, compared case-insensitively.
        case names([String])
        /// Private endpoints, each given as a full ARM id or as a bare endpoint name.
        case endpoints([String])
        /// Every connection whose status is Pending.
        case allPending
        /// Every connection (used by `list`).
        case all
    }

    public var kind: Kind
    /// Only connections with this status (the `--status` filter).
    public var status: ConnectionSnapshot.Status?

    public init(_ kind: Kind, status: ConnectionSnapshot.Status? = nil) {
        self.kind = kind
        self.status = status
    }

    /// The connections this selection picks, in the order ARM listed them, plus every selector
    /// (name or endpoint) that matched nothing, in the order given.
    public func resolve(in connections: [ConnectionSnapshot]) -> (matched: [ConnectionSnapshot], unmatched: [String]) {
        var matched: [ConnectionSnapshot]
        var unmatched: [String] = []
        switch kind {
        case .all:
            matched = connections
        case .allPending:
            matched = connections.filter { $0.status == .pending }
        case .names(let names):
            let wanted = Set(names.map { $0.lowercased() })
            matched = connections.filter { wanted.contains($0.name.lowercased()) }
            unmatched = names.filter { name in !connections.contains { $0.name.lowercased() == name.lowercased() } }
        case .endpoints(let endpoints):
            matched = connections.filter { connection in endpoints.contains { Self.endpoint($0, matches: connection) } }
            unmatched = endpoints.filter { endpoint in !connections.contains { Self.endpoint(endpoint, matches: $0) } }
        }
        if let status {
            matched = matched.filter { $0.status == status }
        }
        return (matched, Self.unique(unmatched))
    }

    /// A selector containing `/` is an endpoint id (compared case-insensitively, ignoring a
    /// trailing slash); otherwise it is an endpoint name.
    static func endpoint(_ selector: String, matches connection: ConnectionSnapshot) -> Bool {
        if selector.contains("/") {
            guard let id = connection.privateEndpointID else { return false }
            return trimmed(id).lowercased() == trimmed(selector).lowercased()
        }
        return connection.privateEndpointName?.lowercased() == selector.lowercased()
    }

    private static func trimmed(_ id: String) -> Substring {
        var id = Substring(id)
        while id.hasSuffix("/") { id = id.dropLast() }
        return id
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0.lowercased()).inserted }
    }
}

/// What the user asked to do to the selected connections.
public enum ConnectionDecision: String, Codable, Hashable, Sendable, CaseIterable {
    case approve, reject, delete

    /// The status a successful PUT leaves behind (nil for delete).
    public var targetStatus: ConnectionSnapshot.Status? {
        switch self {
        case .approve: .approved
        case .reject: .rejected
        case .delete: nil
        }
    }
}

/// One planned step for one connection: the action to take and the sentence that explains it.
public struct ConnectionChange: Codable, Hashable, Sendable {
    /// What will happen to the connection.
    public enum Action: String, Codable, Hashable, Sendable {
        /// PUT `Approved`.
        case approve
        /// PUT `Rejected`.
        case reject
        /// DELETE the connection (revokes an approved one).
        case delete
        /// Already in the requested state; nothing is sent.
        case unchanged
        /// The request cannot be carried out on this connection; counts as a failure.
        case refused

        /// True when the action sends a write to ARM.
        public var writes: Bool { self == .approve || self == .reject || self == .delete }
    }

    public var connection: ConnectionSnapshot
    public var action: Action
    /// One line for the person at the terminal.
    public var message: String

    public init(connection: ConnectionSnapshot, action: Action, message: String) {
        self.connection = connection
        self.action = action
        self.message = message
    }
}

/// The full plan of a command: one change per selected connection, in ARM's order.
public struct ConnectionPlan: Codable, Hashable, Sendable {
    public var decision: ConnectionDecision
    public var changes: [ConnectionChange]

    public init(decision: ConnectionDecision, changes: [ConnectionChange]) {
        self.decision = decision
        self.changes = changes
    }

    /// The changes that send a write.
    public var writes: [ConnectionChange] { changes.filter { $0.action.writes } }
    /// The changes that cannot be carried out.
    public var refusals: [ConnectionChange] { changes.filter { $0.action == .refused } }
}

/// Turns the current connections, a selection and a decision into a plan. Pure: it reads nothing
/// and writes nothing, so `--dry-run` and the real run print the same plan.
public enum ConnectionPlanner {
    /// The plan for `decision` on the connections `selection` picks; throws when a name or
    /// endpoint selector matches no connection (bad input, nothing planned).
    public static func plan(
        _ decision: ConnectionDecision, selection: ConnectionSelection, connections: [ConnectionSnapshot],
        instance: String, instanceID: String? = nil
    ) throws(ConnectionSelectionError) -> ConnectionPlan {
        let (matched, unmatched) = selection.resolve(in: connections)
        if !unmatched.isEmpty {
            throw ConnectionSelectionError(
                instance: instance, unmatched: unmatched, kind: selection.kind,
                known: connections.map(\.name))
        }
        return ConnectionPlan(
            decision: decision, changes: matched.map { change(decision, for: $0, instance: instanceID ?? instance) })
    }

    /// The rule table: what `decision` means for a connection in its current state. `instance` is
    /// the instance's full ARM id (so the commands it suggests run as pasted) or its name.
    public static func change(
        _ decision: ConnectionDecision, for connection: ConnectionSnapshot, instance: String
    ) -> ConnectionChange {
        let name = connection.name
        let endpoint = connection.privateEndpointName.map { " (private endpoint \($0))" } ?? ""
        let deleteHint = "pe-net endpoints delete --instance \(instance) --name \(name) --yes"
        func make(_ action: ConnectionChange.Action, _ message: String) -> ConnectionChange {
            ConnectionChange(connection: connection, action: action, message: message)
        }
        switch (decision, connection.status) {
        case (.delete, let status):
            return make(
                .delete, "delete \(name)\(endpoint), now \(status); the endpoint's owner will see it Disconnected")
        case (.approve, .pending):
            return make(.approve, "approve \(name)\(endpoint): Pending -> Approved")
        case (.reject, .pending):
            return make(.reject, "reject \(name)\(endpoint): Pending -> Rejected")
        case (.approve, .approved):
            return make(.unchanged, "\(name)\(endpoint) is already Approved; nothing to do")
        case (.reject, .rejected):
            return make(.unchanged, "\(name)\(endpoint) is already Rejected; nothing to do")
        case (.approve, .rejected):
            return make(
                .refused,
                "cannot approve \(name)\(endpoint): it was Rejected, and a Rejected connection can never be approved; "
                    + "the endpoint's owner must recreate the private endpoint, or set its connection back to Pending "
                    + "from the endpoint side, then approve it again")
        case (.reject, .approved):
            return make(
                .refused,
                "cannot reject \(name)\(endpoint): it is Approved, and an Approved connection cannot be rejected; "
                    + "to revoke it, delete it: \(deleteHint)")
        case (_, .disconnected):
            return make(
                .refused,
                "cannot \(decision.rawValue) \(name)\(endpoint): it is Disconnected (its private endpoint is gone); "
                    + "remove it with: \(deleteHint)")
        case (_, .other(let status)):
            return make(
                .refused,
                "cannot \(decision.rawValue) \(name)\(endpoint): its status is \(status); only Pending connections "
                    + "can be approved or rejected")
        }
    }
}

/// A `--name` or `--endpoint` that matches no connection of the instance. Nothing was changed.
public struct ConnectionSelectionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var instance: String
    public var unmatched: [String]
    public var kind: ConnectionSelection.Kind
    public var known: [String]

    public var description: String {
        let what: String
        switch kind {
        case .endpoints: what = unmatched.count == 1 ? "private endpoint" : "private endpoints"
        default: what = unmatched.count == 1 ? "connection" : "connections"
        }
        let listed = unmatched.map { "'\($0)'" }.joined(separator: ", ")
        let hint =
            known.isEmpty
            ? "the instance has no private endpoint connections"
            : "its connections are: \(known.joined(separator: ", ")) (see pe-net endpoints list --instance \(instance))"
        return "no \(what) \(listed) on instance \(instance); nothing was changed; \(hint)"
    }
}
