import Resolver

/// How clients connect through the private endpoint once the zone exists: the host to use, the
/// encryption settings the topology allows, and example connection strings (ADO.NET, JDBC, ODBC).
public struct ConnectionGuidance: Equatable, Codable, Sendable {
    public var zoneName: String
    public var topologies: [Topology]
    /// The host name clients must put in the connection string (never the endpoint IP).
    public var host: String
    public var port: Int
    public var encrypt: Bool
    public var trustServerCertificate: Bool
    public var adoNet: String
    public var jdbc: String
    public var odbc: String
    public var notes: [String]

    /// Guidance for the clients of one zone. Separate vnets keep the public FQDN and full TLS
    /// validation; same or peered vnets use `<instance>.<zone>`, whose name the instance's
    /// certificate does not carry, so `Encrypt=false;TrustServerCertificate=true`.
    public static func make(instance: InstanceFacts, zoneName: String, topologies: [Topology]) -> ConnectionGuidance {
        let port = 1433
        let common = [
            "Use the host name, never the endpoint IP: the instance refuses connections that do not name it in the first label.",
            "Private endpoints carry TCP 1433 only and always use the Proxy connection type (no MI link, no failover groups through them).",
        ]
        if topologies.allSatisfy({ $0 == .separate }) {
            let host = instance.fqdn.lowercased()
            return ConnectionGuidance(
                zoneName: zoneName, topologies: topologies, host: host, port: port,
                encrypt: true, trustServerCertificate: false,
                adoNet: "Server=tcp:\(host),\(port);Database=<database>;Encrypt=True;TrustServerCertificate=False;",
                jdbc:
                    "jdbc:sqlserver://\(host):\(port);databaseName=<database>;encrypt=true;trustServerCertificate=false;",
                odbc:
                    "Driver={ODBC Driver 18 for SQL Server};Server=tcp:\(host),\(port);Database=<database>;Encrypt=yes;TrustServerCertificate=no;",
                notes: [
                    "Clients in the endpoint's vnet keep the instance's usual name; its public CNAME leads to \(instance.recordName).\(zoneName), which this zone answers with the endpoint IP.",
                    "The certificate matches the name, so connections stay encrypted and validated.",
                ] + common)
        }
        let host = "\(instance.recordName).\(zoneName)"
        return ConnectionGuidance(
            zoneName: zoneName, topologies: topologies, host: host, port: port,
            encrypt: false, trustServerCertificate: true,
            adoNet: "Server=tcp:\(host),\(port);Database=<database>;Encrypt=False;TrustServerCertificate=True;",
            jdbc: "jdbc:sqlserver://\(host):\(port);databaseName=<database>;encrypt=false;trustServerCertificate=true;",
            odbc:
                "Driver={ODBC Driver 18 for SQL Server};Server=tcp:\(host),\(port);Database=<database>;Encrypt=no;TrustServerCertificate=yes;",
            notes: [
                "The instance's certificate names \(instance.fqdn.lowercased()), not \(host): trusted encryption is not possible on this path (drivers that support it may instead set HostNameInCertificate=\(instance.fqdn.lowercased())).",
                "\(instance.fqdn.lowercased()) keeps reaching the VNet-local endpoint unchanged.",
            ] + common)
    }

    /// The guidance as the plain text the plan prints.
    public var text: String {
        var lines = [
            "Connect through zone \(zoneName) (\(topologies.map(\.rawValue).joined(separator: ", ")) vnets):",
            "  host      \(host),\(port)",
            "  encrypt   Encrypt=\(encrypt ? "True" : "False"); TrustServerCertificate=\(trustServerCertificate ? "True" : "False")",
            "  ADO.NET   \(adoNet)",
            "  JDBC      \(jdbc)",
            "  ODBC      \(odbc)",
        ]
        lines += notes.map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }
}
