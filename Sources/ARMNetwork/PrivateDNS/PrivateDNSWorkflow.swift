import DNSModel
import Foundation
import Resolver

/// The private DNS workflow of an instance's endpoints, shaped like a preview/push: ``plan(_:)``
/// discovers the instance, the endpoints, their vnets and the private DNS that exists, and
/// returns the plan; ``apply(_:progress:)`` performs exactly that plan's writes. The CLI parses
/// flags, calls these and prints what they return.
public struct PrivateDNSWorkflow: Sendable {
    /// What to plan for: the instance, its private endpoints and the planner's options.
    public struct Target: Equatable, Codable, Sendable {
        public var instance: ResourceID
        public var endpoints: [ResourceID]
        public var options: PrivateDNSOptions

        public init(instance: ResourceID, endpoints: [ResourceID], options: PrivateDNSOptions) {
            self.instance = instance
            self.endpoints = endpoints
            self.options = options
        }
    }

    public let client: ARMClient
    let clock: any ARMClock

    public init(client: ARMClient, clock: any ARMClock = SystemClock()) {
        self.client = client
        self.clock = clock
    }

    /// Discovers and plans. `readDNS: false` skips reading Azure private DNS (zone-file export).
    public func plan(_ target: Target, readDNS: Bool = true) async throws -> PrivateDNSPlan {
        let facts = try await PrivateDNSDiscovery(client: client).discover(
            instance: target.instance, endpoints: target.endpoints, options: target.options, readDNS: readDNS)
        return PrivateDNSPlanner.plan(facts: facts, options: target.options)
    }

    /// Performs every write of `plan` (creates guarded by `If-None-Match: *`, updates by the etag
    /// read for the plan); `progress` is called as each resource finishes.
    public func apply(
        _ plan: PrivateDNSPlan, progress: @escaping @Sendable (PrivateDNSOutcome) -> Void = { _ in }
    ) async -> [PrivateDNSOutcome] {
        await PrivateDNSExecutor(client: client, clock: clock).apply(plan, progress: progress)
    }

    /// True when a saved plan was made for this target's instance and endpoints.
    public static func plan(_ plan: PrivateDNSPlan, matches target: Target) -> Bool {
        let planned = Set(plan.placements.map { $0.endpoint.id.lowercased() })
        return plan.instance.id.lowercased() == target.instance.normalized
            && planned == Set(target.endpoints.map(\.normalized))
    }

    /// What `--verify-with` checks: the name clients use for each zone, to the endpoint IPs.
    /// Separate vnets: the instance FQDN (through its public CNAME); same / peered: `<instance>.<zone>`.
    public static func expectations(for plan: PrivateDNSPlan) throws -> [ResolutionExpectation] {
        var result: [ResolutionExpectation] = []
        for guidance in plan.guidance {
            for record in plan.records where record.zoneName == guidance.zoneName {
                for ip in record.ips {
                    result.append(try ResolutionExpectation(parsing: "\(guidance.host)=\(ip)"))
                }
            }
        }
        return ResolutionExpectation.merged(result)
    }
}
