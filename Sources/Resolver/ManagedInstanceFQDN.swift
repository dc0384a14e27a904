import DNSModel

/// A Managed Instance host name, `<instance>.<dnsZone>.<suffix>` (suffix one of
/// `database.windows.net`, `database.usgovcloudapi.net`, `database.chinacloudapi.cn`), or its
/// private-link form `<instance>.privatelink.<dnsZone>.<suffix>`. Case-insensitive; a trailing
/// dot is accepted. Stored in lower case; the instance name and the DNS zone are always single
/// LDH labels, so every name built from them is a valid domain name.
public struct ManagedInstanceFQDN: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The instance name: the first label.
    public private(set) var instance: String
    /// The instance's DNS zone id (the label Azure assigns, e.g. `abc123`).
    public private(set) var dnsZone: String
    /// The cloud's DNS suffix.
    public var suffix: ManagedInstanceDNSSuffix
    /// True when the parsed name was the `privatelink` form.
    public var isPrivatelink: Bool

    /// Builds the name from its parts (e.g. ARM's `name` and `dnsZone`); throws
    /// ``ResolverError/invalidLabel(_:value:)`` when the instance name or the DNS zone is not a
    /// single label of letters, digits and inner hyphens.
    public init(
        instance: String, dnsZone: String, suffix: ManagedInstanceDNSSuffix = .azureCloud, isPrivatelink: Bool = false
    ) throws(ResolverError) {
        guard HostnameRules.isLDHLabel(instance) else { throw .invalidLabel("instance name", value: instance) }
        guard HostnameRules.isLDHLabel(dnsZone) else { throw .invalidLabel("dnsZone", value: dnsZone) }
        self.init(checkedInstance: instance, dnsZone: dnsZone, suffix: suffix, isPrivatelink: isPrivatelink)
    }

    private init(
        checkedInstance instance: String, dnsZone: String, suffix: ManagedInstanceDNSSuffix, isPrivatelink: Bool
    ) {
        self.instance = instance.lowercased()
        self.dnsZone = dnsZone.lowercased()
        self.suffix = suffix
        self.isPrivatelink = isPrivatelink
    }

    /// Recognises an MI host name; nil for anything else (IP literals, other domains, wrong label count).
    public init?(parsing host: String) {
        guard let name = try? DomainName(host), let split = ManagedInstanceDNSSuffix.split(labels: name.labels),
            split.own.allSatisfy({ HostnameRules.isLDHLabel($0) })
        else { return nil }
        let (suffix, own) = split
        if own.count == 2 {
            self.init(checkedInstance: own[0], dnsZone: own[1], suffix: suffix, isPrivatelink: false)
        } else if own.count == 3, own[1] == "privatelink" {
            self.init(checkedInstance: own[0], dnsZone: own[2], suffix: suffix, isPrivatelink: true)
        } else {
            return nil
        }
    }

    private enum CodingKeys: String, CodingKey {
        case instance, dnsZone, suffix, isPrivatelink
    }

    /// Decodes and checks the labels as ``init(instance:dnsZone:suffix:isPrivatelink:)`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            instance: container.decode(String.self, forKey: .instance),
            dnsZone: container.decode(String.self, forKey: .dnsZone),
            suffix: container.decode(ManagedInstanceDNSSuffix.self, forKey: .suffix),
            isPrivatelink: container.decode(Bool.self, forKey: .isPrivatelink))
    }

    /// The name clients use: `<instance>.<dnsZone>.<suffix>`.
    public var fqdn: String { "\(instance).\(instanceZone)" }

    /// The zone the public CNAME points into: `privatelink.<dnsZone>.<suffix>`.
    public var privatelinkZone: String { suffix.privatelinkZone(dnsZone: dnsZone) }

    /// The public CNAME's target: `<instance>.privatelink.<dnsZone>.<suffix>`.
    public var privatelinkName: String { "\(instance).\(privatelinkZone)" }

    /// The instance's own zone: `<dnsZone>.<suffix>`.
    public var instanceZone: String { suffix.instanceZone(dnsZone: dnsZone) }

    /// The name as parsed (private-link form when `isPrivatelink`).
    public var description: String { isPrivatelink ? privatelinkName : fqdn }
}
