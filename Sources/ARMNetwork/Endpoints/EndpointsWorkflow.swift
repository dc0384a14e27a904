import Foundation

/// The private endpoint connection workflow of a managed instance, shaped like a preview/push:
/// ``plan(_:selection:)`` reads the instance and its connections and returns a plan;
/// ``apply(_:description:wait:maxParallel:onOutcome:)`` performs exactly that plan's writes.
/// The CLI only parses flags, calls these and prints what they return.
public struct EndpointsWorkflow: Sendable {
    /// The instance whose connections are managed.
    public let instance: ResourceID
    let connections: ManagedInstanceConnections

    public init(client: ARMClient, instance: ResourceID) {
        self.instance = instance
        self.connections = ManagedInstanceConnections(client: client, instance: instance)
    }

    /// A decision's plan: the changes per connection, and why a real run could not write now.
    public struct Plan: Codable, Hashable, Sendable {
        /// The managed instance.
        public var instance: ResourceID
        /// What happens to each selected connection.
        public var plan: ConnectionPlan
        /// Set when the instance cannot take connection changes now (stopped, starting): the explanation.
        public var blocker: String?

        public init(instance: ResourceID, plan: ConnectionPlan, blocker: String?) {
            self.instance = instance
            self.plan = plan
            self.blocker = blocker
        }
    }

    /// Every connection of the instance (all pages).
    public func list() async throws(EndpointsError) -> [ConnectionSnapshot] {
        do {
            return try await connections.list()
        } catch {
            throw .read(ManagedInstanceConnections.explain(error, instance: instance))
        }
    }

    /// Reads the instance and its connections and plans `decision` for `selection`. A selection
    /// that names connections the instance does not have throws ``EndpointsError/selection(_:)``
    /// (nothing is changed).
    public func plan(_ decision: ConnectionDecision, selection: ConnectionSelection) async throws(EndpointsError)
        -> Plan
    {
        let managedInstance: ManagedInstance
        let current: [ConnectionSnapshot]
        do {
            managedInstance = try await connections.readInstance()
            current = try await connections.list()
        } catch {
            throw .read(ManagedInstanceConnections.explain(error, instance: instance))
        }
        let plan: ConnectionPlan
        do {
            plan = try ConnectionPlanner.plan(
                decision, selection: selection, connections: current, instance: instance.name,
                instanceID: instance.description)
        } catch {
            throw .selection(error)
        }
        var blocker: String?
        if !plan.writes.isEmpty, ManagedInstanceConnections.isStopped(managedInstance) {
            let state = managedInstance.properties?.state ?? "stopped"
            blocker = ManagedInstanceConnections.stoppedExplanation(instance, state: state)
        }
        return Plan(instance: instance, plan: plan, blocker: blocker)
    }

    /// Performs the plan's writes, at most `maxParallel` at once; one failure does not stop the
    /// others. `onOutcome` is called as each connection finishes (live progress). Results come back
    /// in the plan's order.
    public func apply(
        _ plan: Plan, description: String, wait: Bool, maxParallel: Int,
        onOutcome: @escaping @Sendable (ConnectionOutcome) -> Void = { _ in }
    ) async -> [ConnectionOutcome] {
        await ConnectionExecutor.apply(plan.plan, dryRun: false, maxConcurrent: maxParallel) {
            [connections] change in
            try await connections.perform(change, description: description, wait: wait)
        } onOutcome: { outcome in
            onOutcome(outcome)
        }
    }

    /// The outcomes a dry run reports: every write `planned`, nothing sent.
    public func preview(_ plan: Plan) async -> [ConnectionOutcome] {
        await ConnectionExecutor.apply(plan.plan, dryRun: true, maxConcurrent: 1) { _ in .done(nil) }
    }
}

/// Why the endpoints workflow stopped before writing anything.
public enum EndpointsError: Error, Sendable, CustomStringConvertible {
    /// The instance or its connections could not be read (explained for the terminal).
    case read(String)
    /// `--name` / `--endpoint` named connections the instance does not have.
    case selection(ConnectionSelectionError)

    public var description: String {
        switch self {
        case .read(let message): message
        case .selection(let error): error.description
        }
    }
}
