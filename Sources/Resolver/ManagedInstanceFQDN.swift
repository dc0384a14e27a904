import DNSModel

/// A Managed Instance host name, `<instance>.<dnsZone>.<suffix>` (suffix one of
/// `database.windows.net`, `database.usgovcloudapi.net`, `database.chinacloudapi.cn`), or its
/// private-link form `<instance>.privatelink.<dnsZone>.<suffix>`. Case-insensitive; a trailing
/// dot is accepted. Stored in lower case.
public struct ManagedInstanceFQDN: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The instance name: the first label.
    public var instance: String
    /// The instance's DNS zone id (the label Azure assigns, e.g. `abc123`).
    public var dnsZone: String
    /// The cloud's DNS suffix.
    public var suffix: ManagedInstanceDNSSuffix
    /// True when the parsed name was the `privatelink` form.
    public var isPrivatelink: Bool

    public init(
        instance: String, dnsZone: String, suffix: ManagedInstanceDNSSuffix = .azureCloud, isPrivatelink: Bool = false
    ) {
        self.instance = instance.lowercased()
        self.dnsZone = dnsZone.lowercased()
        self.suffix = suffix
        self.isPrivatelink = isPrivatelink
    }

    /// Recognises an MI host name; nil for anything else (IP literals, other domains, wrong label count).
    public init?(parsing host: String) {
        guard let name = try? DomainName(host) else { return nil }
        let labels = name.labels.map { $0.lowercased() }
        for suffix in ManagedInstanceDNSSuffix.allCases {
            let suffixLabels = suffix.rawValue.split(separator: ".").map(String.init)
            guard labels.count > suffixLabels.count, Array(labels.suffix(suffixLabels.count)) == suffixLabels else {
                continue
            }
            let own = Array(labels.dropLast(suffixLabels.count))
            guard own.allSatisfy({ HostnameRules.isLDHLabel($0) }) else { return nil }
            if own.count == 2 {
                self.init(instance: own[0], dnsZone: own[1], suffix: suffix)
                return
            }
            if own.count == 3, own[1] == "privatelink" {
                self.init(instance: own[0], dnsZone: own[2], suffix: suffix, isPrivatelink: true)
                return
            }
            return nil
        }
        return nil
    }

    /// The name clients use: `<instance>.<dnsZone>.<suffix>`.
    public var fqdn: String { "\(instance).\(dnsZone).\(suffix.rawValue)" }

    /// The zone the public CNAME points into: `privatelink.<dnsZone>.<suffix>`.
    public var privatelinkZone: String { "privatelink.\(dnsZone).\(suffix.rawValue)" }

    /// The public CNAME's target: `<instance>.privatelink.<dnsZone>.<suffix>`.
    public var privatelinkName: String { "\(instance).\(privatelinkZone)" }

    /// The instance's own zone: `<dnsZone>.<suffix>`.
    public var instanceZone: String { "\(dnsZone).\(suffix.rawValue)" }

    /// The name as parsed (private-link form when `isPrivatelink`).
    public var description: String { isPrivatelink ? privatelinkName : fqdn }
}
