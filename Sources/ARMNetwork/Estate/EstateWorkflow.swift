import Foundation

/// The plan for the instances of an estate: per instance, the connections its approval policy
/// approves or rejects, those it leaves pending, and its private DNS plan.
public struct EstatePlan: Codable, Sendable, Equatable {
    /// One instance's part.
    public struct Instance: Codable, Sendable, Equatable {
        public var instance: ResourceID
        /// Approvals and rejections the policy asks for (writes), and those the state machine refuses.
        public var connections: [ConnectionChange]
        /// Pending connections the policy matches neither way: left pending, reported.
        public var pending: [ConnectionSnapshot]
        /// The private DNS plan, when the file asks for DNS and there is an endpoint to serve.
        public var dns: PrivateDNSPlan?
        /// Why no DNS was planned although the file asks for it.
        public var dnsNote: String?
        /// The instance could not be read or planned: nothing of it is applied.
        public var error: String?
        /// The instance is stopped: its connection writes wait.
        public var blocker: String?

        public init(
            instance: ResourceID, connections: [ConnectionChange] = [], pending: [ConnectionSnapshot] = [],
            dns: PrivateDNSPlan? = nil, dnsNote: String? = nil, error: String? = nil, blocker: String? = nil
        ) {
            self.instance = instance
            self.connections = connections
            self.pending = pending
            self.dns = dns
            self.dnsNote = dnsNote
            self.error = error
            self.blocker = blocker
        }

        /// Connection writes (approve, reject).
        public var connectionWrites: [ConnectionChange] { connections.filter { $0.action.writes } }

        /// Writes of any kind, or DNS drift apply will not fix by itself.
        public var hasChanges: Bool {
            !connectionWrites.isEmpty || (dns?.hasChanges ?? false) || (dns?.hasDrift ?? false)
        }

        /// Nothing of this instance may be applied: unreadable, or its DNS plan has a blocking
        /// finding (errors; warnings too under `strict`).
        public func isBlocked(strict: Bool = false) -> Bool {
            error != nil || !(dns?.blockingFindings(strict: strict).isEmpty ?? true)
        }

        /// ``isBlocked(strict:)`` without `--strict`.
        public var isBlocked: Bool { isBlocked(strict: false) }
    }

    public var instances: [Instance]

    public init(instances: [Instance]) { self.instances = instances }

    public var hasChanges: Bool { instances.contains(where: \.hasChanges) }
    public var isBlocked: Bool { instances.contains(where: \.isBlocked) }

    /// True when an instance's part is blocked (``Instance/isBlocked(strict:)``).
    public func isBlocked(strict: Bool) -> Bool { instances.contains { $0.isBlocked(strict: strict) } }
}

/// What applying one instance's part did.
public struct EstateOutcome: Codable, Sendable, Equatable {
    public var instance: ResourceID
    public var connections: [ConnectionOutcome]
    public var dns: [PrivateDNSOutcome]
    /// Not applied: the reason (blocked plan, stopped instance).
    public var skipped: String?

    public init(
        instance: ResourceID, connections: [ConnectionOutcome] = [], dns: [PrivateDNSOutcome] = [],
        skipped: String? = nil
    ) {
        self.instance = instance
        self.connections = connections
        self.dns = dns
        self.skipped = skipped
    }
}

/// Plans and applies the endpoint approvals and private DNS of many instances, a bounded number
/// at once.
public struct EstateWorkflow: Sendable {
    public let client: ARMClient
    public let clock: any ARMClock

    public init(client: ARMClient, clock: any ARMClock = SystemClock()) {
        self.client = client
        self.clock = clock
    }

    /// Reads each instance and plans it; an instance that cannot be read is an error in its part,
    /// not a failure of the others. Results keep the order of `specs`.
    public func plan(_ specs: [InstanceSpec], maxConcurrent: Int = 4) async -> EstatePlan {
        let parts = await ConnectionExecutor.boundedMap(specs, limit: maxConcurrent) { spec in
            await planInstance(spec)
        }
        return EstatePlan(instances: parts)
    }

    func planInstance(_ spec: InstanceSpec) async -> EstatePlan.Instance {
        let endpoints = EndpointsWorkflow(client: client, instance: spec.instance)
        var part = EstatePlan.Instance(instance: spec.instance)
        let current: [ConnectionSnapshot]
        do {
            current = try await endpoints.list()
        } catch {
            part.error = "\(error)"
            return part
        }
        var served: [ResourceID] = []
        for connection in current {
            let verdict = spec.approval.verdict(for: connection)
            switch (verdict, connection.status) {
            case (.approve, _):
                let change = ConnectionPlanner.change(.approve, for: connection, instance: spec.instance.path)
                if change.action != .unchanged { part.connections.append(change) }
                if change.action == .approve || change.action == .unchanged, let endpoint = connection.privateEndpointID
                {
                    served.append(endpoint)
                }
            case (.reject, _):
                let change = ConnectionPlanner.change(.reject, for: connection, instance: spec.instance.path)
                if change.action != .unchanged { part.connections.append(change) }
            case (.leave, .pending):
                part.pending.append(connection)
            case (.leave, .approved):
                if let endpoint = connection.privateEndpointID { served.append(endpoint) }
            case (.leave, _):
                break
            }
        }
        if !part.connectionWrites.isEmpty {
            // Only the instance's state is missing: a stopped instance refuses connection writes.
            do {
                let instance = try await ManagedInstanceConnections(client: client, instance: spec.instance)
                    .readInstance()
                if ManagedInstanceConnections.isStopped(instance) {
                    part.blocker = ManagedInstanceConnections.stoppedExplanation(
                        spec.instance, state: instance.properties?.state ?? "stopped")
                }
            } catch {
                part.error = ManagedInstanceConnections.explain(error, instance: spec.instance)
                return part
            }
        }
        guard let dns = spec.dns else { return part }
        let targets = dns.endpoints ?? served
        guard !targets.isEmpty else {
            part.dnsNote = "no approved private endpoint to serve yet; DNS is planned once one is approved"
            return part
        }
        do {
            part.dns = try await PrivateDNSWorkflow(client: client, clock: clock).plan(
                .init(instance: spec.instance, endpoints: targets, options: dns.options))
        } catch {
            part.error = "\(error)"
        }
        return part
    }

    /// Applies each instance's part: connection writes first (a DNS record for an endpoint that
    /// is not approved serves nothing), then its DNS. Blocked parts are skipped and say why.
    public func apply(
        _ plan: EstatePlan, description: String = "Approved by pe-net", maxConcurrent: Int = 4, strict: Bool = false,
        onConnection: @escaping @Sendable (ResourceID, ConnectionOutcome) -> Void = { _, _ in },
        onDNS: @escaping @Sendable (ResourceID, PrivateDNSOutcome) -> Void = { _, _ in }
    ) async -> [EstateOutcome] {
        await ConnectionExecutor.boundedMap(plan.instances, limit: maxConcurrent) { part in
            var outcome = EstateOutcome(instance: part.instance)
            if part.isBlocked(strict: strict) {
                outcome.skipped = part.error ?? "a private DNS finding blocks it; see the plan's findings"
                return outcome
            }
            let writes = part.connectionWrites
            if !writes.isEmpty {
                if let blocker = part.blocker {
                    outcome.skipped = blocker
                    return outcome
                }
                let endpoints = EndpointsWorkflow(client: client, instance: part.instance)
                outcome.connections = await endpoints.apply(
                    .init(
                        instance: part.instance, plan: ConnectionPlan(decision: .approve, changes: writes),
                        blocker: nil),
                    description: description, wait: true, maxParallel: 4
                ) { connection in onConnection(part.instance, connection) }
            }
            if let dns = part.dns, dns.hasChanges {
                outcome.dns = await PrivateDNSWorkflow(client: client, clock: clock).apply(dns) { step in
                    onDNS(part.instance, step)
                }
            }
            return outcome
        }
    }
}
