import DNSModel

/// One mapping with its target resolved to an address: exactly what goes into the kernel.
public struct FwdRule: Hashable, Sendable, Codable {
    public var listenPort: Int
    public var targetAddress: IPv4Address
    public var targetPort: Int
    /// The host name the address came from, for comments and re-resolution.
    public var host: String?

    public init(listenPort: Int, targetAddress: IPv4Address, targetPort: Int, host: String? = nil) {
        self.listenPort = listenPort
        self.targetAddress = targetAddress
        self.targetPort = targetPort
        self.host = host
    }

    /// `ip:port` of the target.
    public var targetEndpoint: String { "\(targetAddress):\(targetPort)" }

    /// The comment on the DNAT rule: the tag, plus the host name when there is one.
    public var comment: String {
        let text = host.map { "pe-net:\(listenPort) \($0)" } ?? "pe-net:\(listenPort)"
        return String(text.prefix(120))
    }
}

/// A target endpoint that forwarded flows are masqueraded towards.
public struct FwdEndpoint: Hashable, Comparable, Sendable, Codable {
    public var address: IPv4Address
    public var port: Int

    public init(address: IPv4Address, port: Int) {
        self.address = address
        self.port = port
    }

    public static func < (lhs: FwdEndpoint, rhs: FwdEndpoint) -> Bool {
        (lhs.address, lhs.port) < (rhs.address, rhs.port)
    }
}

/// The complete desired (or parsed current) ruleset of pe-net on one forwarder.
public struct FwdRuleSet: Hashable, Sendable, Codable {
    public var interfaces: [String]
    public var allowedSources: [IPv4Network]
    public var rules: [FwdRule]
    /// True when the table also offloads established flows to a flowtable (`--fast-path`).
    public var fastPath: Bool

    public init(interfaces: [String], allowedSources: [IPv4Network] = [], rules: [FwdRule], fastPath: Bool = false) {
        self.interfaces = Array(Set(interfaces)).sorted()
        self.allowedSources = Array(Set(allowedSources)).sorted()
        self.rules = rules.sorted { $0.listenPort < $1.listenPort }
        self.fastPath = fastPath
    }

    private enum CodingKeys: String, CodingKey {
        case interfaces, allowedSources, rules, fastPath
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        interfaces = try container.decode([String].self, forKey: .interfaces)
        allowedSources = try container.decode([IPv4Network].self, forKey: .allowedSources)
        rules = try container.decode([FwdRule].self, forKey: .rules)
        fastPath = try container.decodeIfPresent(Bool.self, forKey: .fastPath) ?? false
    }

    /// `fastPath` is written only when set, so plans without it read as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(interfaces, forKey: .interfaces)
        try container.encode(allowedSources, forKey: .allowedSources)
        try container.encode(rules, forKey: .rules)
        if fastPath { try container.encode(fastPath, forKey: .fastPath) }
    }

    /// The distinct targets to masquerade towards, one rule each.
    public var masqueradeTargets: [FwdEndpoint] {
        Array(Set(rules.map { FwdEndpoint(address: $0.targetAddress, port: $0.targetPort) })).sorted()
    }

    /// True when `other` forwards the same ports to the same endpoints on the same interfaces
    /// and sources. Host names and counters do not matter.
    public func forwardsLike(_ other: FwdRuleSet) -> Bool {
        func key(_ set: FwdRuleSet) -> [String] {
            set.rules.map { "\($0.listenPort)>\($0.targetEndpoint)" }
        }
        return interfaces == other.interfaces && allowedSources == other.allowedSources && key(self) == key(other)
    }
}
