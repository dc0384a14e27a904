import Foundation
import Resolver

/// An Azure cloud: where ARM and the identity platform live, and the SQL DNS suffix (from
/// Resolver's ``ManagedInstanceDNSSuffix``, the one table of cloud suffixes).
public struct AzureCloud: Sendable, Equatable {
    /// The `--cloud` name (`AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud`).
    public var name: String
    /// The ARM base URL.
    public var armEndpoint: URL
    /// The Microsoft Entra authority host for token requests.
    public var authorityHost: URL
    /// The ARM token audience (`resource` for the CLI and IMDS).
    public var armAudience: String
    /// The DNS suffix of SQL Managed Instance host names, e.g. `database.windows.net`.
    public var sqlDNSSuffix: ManagedInstanceDNSSuffix

    /// The token scope, the audience plus `/.default`.
    public var armScope: String { Self.scope(forAudience: armAudience) }

    /// A cloud; `armEndpoint` / `authorityHost` may be overridden (the tests point them at the emulator).
    public init(
        name: String, armEndpoint: URL, authorityHost: URL, armAudience: String, sqlDNSSuffix: ManagedInstanceDNSSuffix
    ) {
        self.name = name
        self.armEndpoint = armEndpoint
        self.authorityHost = authorityHost
        self.armAudience = armAudience
        self.sqlDNSSuffix = sqlDNSSuffix
    }

    /// Azure public cloud.
    public static let azureCloud = AzureCloud(
        name: ManagedInstanceDNSSuffix.azureCloud.cloudName, armEndpoint: url("https://management.azure.com"),
        authorityHost: url("https://login.microsoftonline.com"), armAudience: "https://management.azure.com/",
        sqlDNSSuffix: .azureCloud)

    /// Azure US Government.
    public static let azureUSGovernment = AzureCloud(
        name: ManagedInstanceDNSSuffix.azureUSGovernment.cloudName,
        armEndpoint: url("https://management.usgovcloudapi.net"),
        authorityHost: url("https://login.microsoftonline.us"), armAudience: "https://management.usgovcloudapi.net/",
        sqlDNSSuffix: .azureUSGovernment)

    /// Azure operated by 21Vianet (China).
    public static let azureChinaCloud = AzureCloud(
        name: ManagedInstanceDNSSuffix.azureChinaCloud.cloudName,
        armEndpoint: url("https://management.chinacloudapi.cn"),
        authorityHost: url("https://login.chinacloudapi.cn"), armAudience: "https://management.chinacloudapi.cn/",
        sqlDNSSuffix: .azureChinaCloud)

    /// Every known cloud.
    public static let all = [azureCloud, azureUSGovernment, azureChinaCloud]

    /// The cloud with this name (case-insensitive), or nil.
    public static func named(_ name: String) -> AzureCloud? {
        all.first { $0.name.lowercased() == name.lowercased() }
    }

    /// `https://management.azure.com/` → `https://management.azure.com/.default`.
    public static func scope(forAudience audience: String) -> String {
        (audience.hasSuffix("/") ? audience : audience + "/") + ".default"
    }

    /// `https://management.azure.com/.default` → `https://management.azure.com` (what `az` and IMDS take).
    public static func resource(forScope scope: String) -> String {
        scope.hasSuffix("/.default") ? String(scope.dropLast("/.default".count)) : scope
    }

    private static func url(_ text: String) -> URL {
        guard let url = URL(string: text) else { preconditionFailure("invalid built-in URL \(text)") }
        return url
    }
}
