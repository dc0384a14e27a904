import DNSModel

/// The DNS suffix of Managed Instance host names in each Azure cloud, and the private DNS zone
/// names built on it. The one table of cloud DNS suffixes: ARMNetwork's `AzureCloud` takes its
/// suffix from here.
public enum ManagedInstanceDNSSuffix: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    case azureCloud = "database.windows.net"
    case azureUSGovernment = "database.usgovcloudapi.net"
    case azureChinaCloud = "database.chinacloudapi.cn"

    public var description: String { rawValue }

    /// The name `az` and pe-net's `--cloud` give the cloud that uses this suffix.
    public var cloudName: String {
        switch self {
        case .azureCloud: "AzureCloud"
        case .azureUSGovernment: "AzureUSGovernment"
        case .azureChinaCloud: "AzureChinaCloud"
        }
    }

    /// The suffix as a relative domain name.
    public var domainName: DomainName {
        DomainName(stringLiteral: rawValue)
    }

    /// The private DNS zone of an instance's private endpoint, `privatelink.<dnsZone>.<suffix>`
    /// (the instance's public name is a CNAME into it).
    public func privatelinkZone(dnsZone: String) -> String {
        "privatelink.\(dnsZone.lowercased()).\(rawValue)"
    }

    /// The instance's own zone, `<dnsZone>.<suffix>`.
    public func instanceZone(dnsZone: String) -> String {
        "\(dnsZone.lowercased()).\(rawValue)"
    }

    /// The suffix a host name's labels end with (compared in lower case), and the labels before
    /// it; nil when no cloud's suffix matches or nothing precedes it.
    public static func split(labels: [String]) -> (suffix: ManagedInstanceDNSSuffix, own: [String])? {
        let lower = labels.map { $0.lowercased() }
        for suffix in allCases {
            let suffixLabels = suffix.rawValue.split(separator: ".").map(String.init)
            if lower.count > suffixLabels.count, Array(lower.suffix(suffixLabels.count)) == suffixLabels {
                return (suffix, Array(lower.dropLast(suffixLabels.count)))
            }
        }
        return nil
    }
}
