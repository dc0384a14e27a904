import Resolver

/// The whole answer of `pe-net dns plan`: topology with evidence, the zones and why they are
/// named so, findings on what exists, the ordered changes, and connection guidance. Codable so
/// `-o json` prints it and `apply` can execute exactly it.
public struct PrivateDNSPlan: Equatable, Codable, Sendable {
    public var instance: InstanceFacts
    public var placements: [EndpointPlacement]
    public var zones: [DesiredZone]
    public var findings: [Finding]
    /// Zones first, then per zone its links and its record (apply's dependency order).
    public var changes: [PrivateDNSChange]
    public var guidance: [ConnectionGuidance]
    /// How many A records and links in the zones read carry pe-net's mark (the base of the delete
    /// brake); nil in plans saved before it was counted.
    public var ownedResources: Int?

    public init(
        instance: InstanceFacts, placements: [EndpointPlacement], zones: [DesiredZone], findings: [Finding],
        changes: [PrivateDNSChange], guidance: [ConnectionGuidance], ownedResources: Int? = nil
    ) {
        self.ownedResources = ownedResources
        self.instance = instance
        self.placements = placements
        self.zones = zones
        self.findings = findings
        self.changes = changes
        self.guidance = guidance
    }

    /// True when apply would write anything.
    public var hasChanges: Bool { changes.contains(where: \.isWrite) }

    /// True when what exists differs from the plan in a way apply will not fix by itself (an A
    /// record for the instance, not pe-net's, pointing elsewhere): `--expect-no-changes` counts
    /// it as a change.
    public var hasDrift: Bool { findings.contains { $0.code == PrivateDNSFindingCode.recordForeign } }

    /// Findings that stop apply: errors, or warnings too under `--strict`.
    public func blockingFindings(strict: Bool) -> [Finding] {
        findings.filter { $0.severity == .error || (strict && $0.severity == .warning) }
    }

    /// True when a blocking finding comes from the flags rather than from Azure's state (the CLI
    /// exits with the bad-input code for these).
    public var rejectsInput: Bool {
        findings.contains { $0.severity == .error && PrivateDNSFindingCode.inputCodes.contains($0.code) }
    }

    /// The desired A records (not those being deleted), for export and verification.
    public var records: [DesiredARecord] {
        changes.compactMap { change in
            guard change.action != .delete, case .record(let r) = change.resource else { return nil }
            return r
        }
    }
}

/// Stable codes of the findings the private DNS planner produces.
public enum PrivateDNSFindingCode {
    public static let forbiddenZoneName = "zone.forbidden-name"
    public static let zoneNameMismatch = "zone.required-name"
    public static let shadowsInstance = "zone.shadows-instance"
    public static let invalidZoneName = "zone.invalid-name"
    public static let endpointNotConnected = "endpoint-not-connected"
    public static let endpointPending = "endpoint-pending"
    public static let endpointRejected = "endpoint-not-approved"
    public static let forbiddenZoneLinked = "forbidden-zone-linked"
    public static let autoRegistration = "auto-registration-on"
    public static let recordElsewhere = "record-points-elsewhere"
    public static let recordNotOwned = "record-not-owned"
    /// An A record for the instance that pe-net does not own points elsewhere (drift that blocks).
    public static let recordForeign = "record-foreign-elsewhere"
    public static let conflictingIPs = "conflicting-endpoint-ips"
    public static let zoneNotOwned = "zone-not-owned"
    public static let peeringsUnreadable = "peerings-unreadable"
    /// Resource Graph could not be searched for the forbidden zone name.
    public static let zoneSearchFailed = "zone-search-failed"
    /// A client vnet uses custom DNS servers, so the private zone alone is not consulted.
    public static let customDNSServers = "custom-dns-servers"
    /// The instance's `dnsZone` from ARM is not a single DNS label.
    public static let instanceDNSZone = ZoneNamingRule.invalidDNSZoneCode
    /// The instance's FQDN from ARM is not `<name>.<dnsZone>.<known suffix>`.
    public static let instanceFQDN = "instance.fqdn"
    /// An endpoint's NIC holds no usable IPv4 address.
    public static let endpointAddress = "endpoint.address"

    /// Codes that mean the flags were wrong (exit 64), not the state in Azure.
    public static let inputCodes: Set<String> = [
        forbiddenZoneName, zoneNameMismatch, shadowsInstance, invalidZoneName, endpointNotConnected,
    ]
}
