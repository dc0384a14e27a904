import Foundation

/// What DNS Private Resolver needs so vnets with custom DNS servers see the private zones: in an
/// existing forwarding ruleset (created by the administrator with its outbound endpoint), one
/// forwarding rule per zone to the target DNS servers, and a ruleset vnet link per client vnet.
public struct ResolverForwardingTarget: Equatable, Codable, Sendable {
    /// The `Microsoft.Network/dnsForwardingRulesets` resource.
    public var ruleset: ResourceID
    /// The zones to forward, absolute or relative.
    public var zones: [String]
    /// Where the rules forward (Azure DNS through an inbound endpoint).
    public var targets: [TargetDNSServer]
    /// The client vnets whose queries follow the ruleset.
    public var vnets: [ResourceID]

    public init(ruleset: ResourceID, zones: [String], targets: [TargetDNSServer], vnets: [ResourceID]) {
        self.ruleset = ruleset
        self.zones = zones
        self.targets = targets
        self.vnets = vnets
    }

    /// True when `id` names a forwarding ruleset.
    public static func isRuleset(_ id: ResourceID) -> Bool {
        id.resourceType.lowercased() == DNSForwardingRulesetProperties.resourceType.lowercased()
    }
}

/// One step of a resolver forwarding plan: create, update or leave a rule or a ruleset vnet link.
public struct ResolverForwardingChange: Equatable, Codable, Sendable {
    /// The resource and its desired body.
    public enum Resource: Equatable, Codable, Sendable {
        case rule(ResourceID, ForwardingRuleProperties)
        case link(ResourceID, RulesetVirtualNetworkLinkProperties)

        public var id: ResourceID {
            switch self {
            case .rule(let id, _), .link(let id, _): id
            }
        }

        /// `forwarding rule` or `ruleset vnet link`, for tables.
        public var kind: String {
            switch self {
            case .rule: "forwarding rule"
            case .link: "ruleset vnet link"
            }
        }
    }

    public var action: PrivateDNSChange.Action
    public var resource: Resource
    /// The etag read during planning; sent as `If-Match` on update.
    public var etag: String?
    public var message: String

    public init(action: PrivateDNSChange.Action, resource: Resource, etag: String? = nil, message: String) {
        self.action = action
        self.resource = resource
        self.etag = etag
        self.message = message
    }

    /// True for create and update.
    public var isWrite: Bool { action != .unchanged }
}

/// The plan: the ruleset read and the changes in order (rules, then links).
public struct ResolverForwardingPlan: Equatable, Codable, Sendable {
    public var ruleset: ResourceID
    public var changes: [ResolverForwardingChange]

    public init(ruleset: ResourceID, changes: [ResolverForwardingChange]) {
        self.ruleset = ruleset
        self.changes = changes
    }

    /// True when applying would write.
    public var hasChanges: Bool { changes.contains(where: \.isWrite) }
}

/// What happened to one change on apply.
public struct ResolverForwardingOutcome: Equatable, Codable, Sendable {
    public var change: ResolverForwardingChange
    /// nil when the write succeeded (or nothing was to write).
    public var error: String?

    public init(change: ResolverForwardingChange, error: String?) {
        self.change = change
        self.error = error
    }

    public var failed: Bool { error != nil }
}

/// Plans and applies the forwarding rules and ruleset vnet links through ARM, like the zones:
/// creates with `If-None-Match: *`, updates with `If-Match` and the etag read for the plan.
public struct ResolverForwardingWorkflow: Sendable {
    public let client: ARMClient

    public init(client: ARMClient) { self.client = client }

    /// An ARM child name from free text: letters, digits, `-` and `_`, at most 80 characters.
    static func childName(_ text: String) -> String {
        let mapped = String(text.lowercased().map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "-" })
        let trimmed = mapped.trimmingCharacters(in: CharacterSet(charactersIn: "-_"))
        return String(trimmed.prefix(80)).trimmingCharacters(in: CharacterSet(charactersIn: "-_"))
    }

    static func absolute(_ zone: String) -> String {
        let lower = zone.lowercased()
        return lower.hasSuffix(".") ? lower : lower + "."
    }

    static func targetList(_ servers: [TargetDNSServer]?) -> String {
        (servers ?? []).map(\.display).joined(separator: ", ")
    }

    static func sameTargets(_ a: [TargetDNSServer]?, _ b: [TargetDNSServer]) -> Bool {
        let key = { (s: TargetDNSServer) in "\(s.ipAddress ?? "")#\(s.port ?? 53)" }
        return Set((a ?? []).map(key)) == Set(b.map(key))
    }

    /// Reads the ruleset, its rules and links, and returns what is missing or different.
    public func plan(_ target: ResolverForwardingTarget) async throws -> ResolverForwardingPlan {
        _ = try await client.get(DNSForwardingRuleset.self, target.ruleset)
        async let rulesRead = client.list(ForwardingRule.self, in: target.ruleset.collectionPath("forwardingRules"))
        async let linksRead = client.list(
            RulesetVirtualNetworkLink.self, in: target.ruleset.collectionPath("virtualNetworkLinks"))
        let (rules, links) = try await (rulesRead, linksRead)
        var changes: [ResolverForwardingChange] = []
        for zone in target.zones {
            let domain = Self.absolute(zone)
            let desired = ForwardingRuleProperties(domainName: domain, targetDnsServers: target.targets)
            let existing = rules.first { ($0.properties?.domainName).map(Self.absolute) == domain }
            guard let existing, let id = existing.resourceID else {
                let id = try target.ruleset.child("forwardingRules", Self.childName(zone))
                changes.append(
                    ResolverForwardingChange(
                        action: .create, resource: .rule(id, desired),
                        message:
                            "create forwarding rule \(id.name): \(domain) to \(Self.targetList(target.targets))"))
                continue
            }
            var differences: [String] = []
            if !Self.sameTargets(existing.properties?.targetDnsServers, target.targets) {
                differences.append(
                    "targetDnsServers \(Self.targetList(existing.properties?.targetDnsServers)) -> \(Self.targetList(target.targets))"
                )
            }
            if existing.properties?.forwardingRuleState != .enabled {
                differences.append(
                    "forwardingRuleState \(existing.properties?.forwardingRuleState?.rawValue ?? "unset") -> Enabled")
            }
            var body = desired
            body.metadata = existing.properties?.metadata
            changes.append(
                ResolverForwardingChange(
                    action: differences.isEmpty ? .unchanged : .update, resource: .rule(id, body), etag: existing.etag,
                    message: differences.isEmpty
                        ? "forwarding rule \(id.name) forwards \(domain) to \(Self.targetList(target.targets))"
                        : "update forwarding rule \(id.name): \(differences.joined(separator: "; "))"))
        }
        var taken = Set(links.compactMap { $0.resourceID?.name.lowercased() })
        for vnet in target.vnets.uniqued() {
            if let link = links.first(where: { (try? $0.properties?.virtualNetwork?.parsedID()) == vnet }),
                let id = link.resourceID
            {
                changes.append(
                    ResolverForwardingChange(
                        action: .unchanged, resource: .link(id, .init(virtualNetwork: SubResource(id: vnet.path))),
                        etag: link.etag, message: "ruleset vnet link \(id.name) links vnet \(vnet.name)"))
                continue
            }
            var name = Self.childName(vnet.name)
            var suffix = 2
            while taken.contains(name.lowercased()) {
                name = "\(Self.childName(vnet.name).prefix(76))-\(suffix)"
                suffix += 1
            }
            taken.insert(name.lowercased())
            let id = try target.ruleset.child("virtualNetworkLinks", name)
            changes.append(
                ResolverForwardingChange(
                    action: .create, resource: .link(id, .init(virtualNetwork: SubResource(id: vnet.path))),
                    message:
                        "create ruleset vnet link \(id.name): vnet \(vnet.name) follows ruleset \(target.ruleset.name)")
            )
        }
        return ResolverForwardingPlan(ruleset: target.ruleset, changes: changes)
    }

    /// Performs every write of `plan` in order (rules, then links); `progress` is called as each
    /// finishes.
    public func apply(
        _ plan: ResolverForwardingPlan, progress: @escaping @Sendable (ResolverForwardingOutcome) -> Void = { _ in }
    ) async -> [ResolverForwardingOutcome] {
        var outcomes: [ResolverForwardingOutcome] = []
        for change in plan.changes {
            let outcome = await perform(change)
            progress(outcome)
            outcomes.append(outcome)
        }
        return outcomes
    }

    func perform(_ change: ResolverForwardingChange) async -> ResolverForwardingOutcome {
        guard change.isWrite else { return ResolverForwardingOutcome(change: change, error: nil) }
        let condition: ETagCondition? =
            change.action == .create ? .ifNoneMatch("*") : change.etag.map { .ifMatch($0) }
        do {
            switch change.resource {
            case .rule(let id, let properties):
                _ = try await client.put(id, body: ForwardingRule(properties: properties), condition: condition)
            case .link(let id, let properties):
                _ = try await client.put(
                    id, body: RulesetVirtualNetworkLink(properties: properties), condition: condition)
            }
            return ResolverForwardingOutcome(change: change, error: nil)
        } catch {
            return ResolverForwardingOutcome(change: change, error: "\(error)")
        }
    }
}
