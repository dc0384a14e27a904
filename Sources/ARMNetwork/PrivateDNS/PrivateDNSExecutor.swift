import Foundation

/// What happened to one change during apply.
public struct PrivateDNSOutcome: Equatable, Codable, Sendable {
    /// How one change ended.
    public enum Result: String, Codable, Sendable {
        /// Written, and its operation (and link state) finished.
        case done
        /// Nothing to write (unchanged), or not attempted because its zone failed.
        case skipped
        /// ARM refused it or the precondition failed; `error` says why.
        case failed
    }

    public var change: PrivateDNSChange
    public var result: Result
    public var error: String?

    public var failed: Bool { result == .failed }
}

/// Performs a private DNS plan exactly: creates with `If-None-Match: *`, updates with
/// `If-Match: <etag read during planning>`, unchanged resources untouched. A zone's links and
/// record wait for the zone; zones, and the children of one zone, run concurrently. Waits for
/// each operation and for every link to reach `Completed`. The only code here with side effects.
public struct PrivateDNSExecutor: Sendable {
    public let client: ARMClient
    /// Wait between reads of a link still `InProgress` after its operation finished.
    public var linkPollInterval: Duration
    /// Give up waiting for a link after this many reads.
    public var linkPollLimit: Int

    /// Waits between link reads (tests pass a clock that does not sleep).
    let clock: any ARMClock

    public init(
        client: ARMClient, linkPollInterval: Duration = .seconds(2), linkPollLimit: Int = 300,
        clock: any ARMClock = SystemClock()
    ) {
        self.clock = clock
        self.client = client
        self.linkPollInterval = linkPollInterval
        self.linkPollLimit = linkPollLimit
    }

    /// Applies every change of `plan`; `progress` is called as each finishes. Never throws for
    /// one resource's failure: the outcomes say which failed (and which were skipped because
    /// their zone failed).
    public func apply(
        _ plan: PrivateDNSPlan, progress: @escaping @Sendable (PrivateDNSOutcome) -> Void = { _ in }
    ) async -> [PrivateDNSOutcome] {
        let zones = plan.changes.filter { if case .zone = $0.resource { true } else { false } }
        let results = await withTaskGroup(of: [(ResourceID, PrivateDNSOutcome)].self) { group in
            for zoneChange in zones {
                let children = plan.changes.filter {
                    if case .zone = $0.resource { return false }
                    return $0.resource.zoneName == zoneChange.resource.zoneName
                }
                group.addTask { await applyZone(zoneChange, children: children, progress: progress) }
            }
            var all: [(ResourceID, PrivateDNSOutcome)] = []
            for await items in group { all += items }
            return Dictionary(all, uniquingKeysWith: { first, _ in first })
        }
        return plan.changes.compactMap { results[$0.resource.id] }
    }

    func applyZone(
        _ zone: PrivateDNSChange, children: [PrivateDNSChange],
        progress: @escaping @Sendable (PrivateDNSOutcome) -> Void
    ) async -> [(ResourceID, PrivateDNSOutcome)] {
        let zoneOutcome = await perform(zone)
        progress(zoneOutcome)
        var outcomes = [(zone.resource.id, zoneOutcome)]
        if zoneOutcome.failed {
            for child in children {
                let skipped = PrivateDNSOutcome(
                    change: child, result: .skipped, error: "zone \(zone.resource.zoneName) could not be created")
                progress(skipped)
                outcomes.append((child.resource.id, skipped))
            }
            return outcomes
        }
        let childOutcomes = await withTaskGroup(of: PrivateDNSOutcome.self) { group in
            for child in children {
                group.addTask {
                    let outcome = await perform(child)
                    progress(outcome)
                    return outcome
                }
            }
            var all: [PrivateDNSOutcome] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        return outcomes + childOutcomes.map { ($0.change.resource.id, $0) }
    }

    func perform(_ change: PrivateDNSChange) async -> PrivateDNSOutcome {
        guard change.isWrite else { return PrivateDNSOutcome(change: change, result: .skipped, error: nil) }
        let condition: ETagCondition
        switch change.action {
        case .create:
            condition = .createOnly
        case .update, .unchanged, .delete:
            guard let etag = change.etag else {
                return PrivateDNSOutcome(
                    change: change, result: .failed,
                    error: "\(change.resource.id): no etag was read for this update; run plan again")
            }
            condition = .ifMatch(etag)
        }
        do {
            let id = change.resource.id
            if change.action == .delete {
                switch change.resource {
                case .zone: try await client.delete(PrivateDNSZone.self, id, condition: condition)
                case .link: try await client.delete(VirtualNetworkLink.self, id, condition: condition)
                case .record: try await client.delete(ARecordSet.self, id, condition: condition)
                }
                return PrivateDNSOutcome(change: change, result: .done, error: nil)
            }
            switch change.resource {
            case .zone(let zone):
                _ = try await client.put(
                    id, body: PrivateDNSZone.createBody(location: zone.location, tags: zone.tags), condition: condition)
            case .link(let link):
                let body = VirtualNetworkLink.createBody(
                    virtualNetwork: link.vnetID, registrationEnabled: link.registrationEnabled,
                    tags: link.tags)
                let written = try await client.put(id, body: body, condition: condition)
                try await waitUntilCompleted(id, written: written)
            case .record(let record):
                let body = ARecordSet.createBody(
                    addresses: record.ips.map(\.description), ttl: record.ttl, metadata: record.metadata)
                _ = try await client.put(id, body: body, condition: condition)
            }
            return PrivateDNSOutcome(change: change, result: .done, error: nil)
        } catch ARMError.preconditionFailed(let resource) {
            let reason =
                change.action == .create
                ? "\(resource) was created by someone else after the plan was made; run plan again"
                : "\(resource) changed after the plan was made; run plan again"
            return PrivateDNSOutcome(change: change, result: .failed, error: reason)
        } catch {
            return PrivateDNSOutcome(change: change, result: .failed, error: "\(error)")
        }
    }

    /// A link resolves names only once `virtualNetworkLinkState` is `Completed`.
    func waitUntilCompleted(_ id: ResourceID, written: VirtualNetworkLink) async throws {
        var state = written.properties?.virtualNetworkLinkState
        var reads = 0
        while state != .completed {
            guard reads < linkPollLimit else {
                throw ARMError.operationTimedOut(
                    resource: id.path, waitedSeconds: Int(linkPollInterval.components.seconds) * linkPollLimit)
            }
            try await clock.sleep(for: linkPollInterval)
            reads += 1
            state = try await client.get(VirtualNetworkLink.self, id).properties?.virtualNetworkLinkState
        }
    }
}
