/// What happened to one connection when a plan was applied.
public struct ConnectionOutcome: Codable, Hashable, Sendable {
    /// How the step ended.
    public enum Result: String, Codable, Hashable, Sendable {
        /// The write finished (the long-running operation succeeded).
        case succeeded
        /// The write was accepted and not waited for (`--no-wait`).
        case accepted
        /// Nothing had to be sent.
        case unchanged
        /// Nothing was sent because of `--dry-run`.
        case planned
        /// The step was refused by the plan or failed in ARM.
        case failed
    }

    public var connection: String
    public var privateEndpoint: String?
    public var action: ConnectionChange.Action
    public var result: Result
    /// The connection's status after the step, when known (nil after a delete).
    public var status: ConnectionSnapshot.Status?
    /// One line for the person at the terminal.
    public var message: String

    public init(
        connection: String, privateEndpoint: String?, action: ConnectionChange.Action, result: Result,
        status: ConnectionSnapshot.Status?, message: String
    ) {
        self.connection = connection
        self.privateEndpoint = privateEndpoint
        self.action = action
        self.result = result
        self.status = status
        self.message = message
    }

    public var failed: Bool { result == .failed }
}

/// How a write ended, as reported by whoever performed it.
public enum ConnectionWriteResult: Sendable, Hashable {
    /// Finished; the connection as read afterwards (nil when deleted).
    case done(ConnectionSnapshot?)
    /// Accepted by ARM and not waited for.
    case accepted
}

/// Applies a plan: performs every write with at most `maxConcurrent` in flight, and keeps going
/// when one fails. The actual ARM call is passed in, so this holds only the ordering and the
/// bookkeeping; results come back in the plan's order.
public enum ConnectionExecutor {
    public static func apply(
        _ plan: ConnectionPlan, dryRun: Bool, maxConcurrent: Int,
        perform: @escaping @Sendable (ConnectionChange) async throws -> ConnectionWriteResult,
        onOutcome: @escaping @Sendable (ConnectionOutcome) -> Void = { _ in }
    ) async -> [ConnectionOutcome] {
        await boundedMap(plan.changes, limit: maxConcurrent) { change in
            let result = await outcome(of: change, dryRun: dryRun, perform: perform)
            onOutcome(result)
            return result
        }
    }

    static func outcome(
        of change: ConnectionChange, dryRun: Bool,
        perform: @Sendable (ConnectionChange) async throws -> ConnectionWriteResult
    ) async -> ConnectionOutcome {
        let connection = change.connection
        func make(_ result: ConnectionOutcome.Result, _ status: ConnectionSnapshot.Status?, _ message: String)
            -> ConnectionOutcome
        {
            ConnectionOutcome(
                connection: connection.name, privateEndpoint: connection.privateEndpointName, action: change.action,
                result: result, status: status, message: message)
        }
        switch change.action {
        case .unchanged:
            return make(.unchanged, connection.status, change.message)
        case .refused:
            return make(.failed, connection.status, change.message)
        case .approve, .reject, .delete:
            if dryRun { return make(.planned, connection.status, "would \(change.message)") }
            do {
                switch try await perform(change) {
                case .accepted:
                    return make(.accepted, nil, "\(verb(change.action)) \(connection.name): accepted, not waiting")
                case .done(let after):
                    if change.action == .delete {
                        return make(.succeeded, nil, "deleted \(connection.name)")
                    }
                    let status = after?.status
                    return make(
                        .succeeded, status,
                        "\(verb(change.action)) \(connection.name): now \(status.map(String.init(describing:)) ?? "unknown")"
                    )
                }
            } catch {
                return make(.failed, connection.status, "\(verb(change.action)) \(connection.name) failed: \(error)")
            }
        }
    }

    private static func verb(_ action: ConnectionChange.Action) -> String {
        switch action {
        case .approve: "approved"
        case .reject: "rejected"
        case .delete: "deleted"
        case .unchanged, .refused: action.rawValue
        }
    }

    /// `transform` over `items` with at most `limit` running at once; results in input order.
    public static func boundedMap<Item: Sendable, Result: Sendable>(
        _ items: [Item], limit: Int, _ transform: @escaping @Sendable (Item) async -> Result
    ) async -> [Result] {
        let limit = max(1, limit)
        return await withTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            while next < min(limit, items.count) {
                let index = next
                group.addTask { (index, await transform(items[index])) }
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < items.count {
                    let index = next
                    group.addTask { (index, await transform(items[index])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}
