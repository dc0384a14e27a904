import DNSModel
import Foundation
import Resolver

/// Invariants N1–N10 over the flags of a link (see the README's `pe-net link` section): each
/// rule returns findings naming the flag and the fix. ``validate(_:today:)`` runs them all and
/// builds ``LinkParameters`` only when no rule found an error.
public enum LinkInvariants {
    /// Days before the certificate's expiry from which N7 warns.
    public static let expiryWarningDays = 90

    /// The databases the link cannot replicate (N10).
    public static let systemDatabases: Set<String> = ["master", "model", "msdb", "tempdb", "mssqlsystemresource"]

    /// Runs N1–N10; `parameters` is nil when any finding is an error.
    public static func validate(_ request: LinkRequest, today: CalendarDay) -> (
        parameters: LinkParameters?, findings: [LinkFinding]
    ) {
        var findings: [LinkFinding] = []
        let server = sqlServerName(request.sqlServer, &findings)
        let certificate = certificateName(request, server: server, &findings)
        let instance = instance(request, &findings)
        let host = sqlEndpointHost(request.sqlEndpoint, &findings)
        let databases = databases(request, &findings)
        let (ag, dag) = groupNames(request, database: databases.first, instance: instance?.fqdn.instance, &findings)
        let expiry = certificateExpiry(request.certExpiry, today: today, &findings)
        let (version, failover) = versionGate(request, &findings)
        guard !findings.contains(where: { $0.severity == .error }), let server, let certificate, let instance,
            let host, let ag, let dag, let expiry, let version, let failover, !databases.isEmpty
        else { return (nil, findings) }
        let parameters = LinkParameters(
            sqlServerName: server, certificateName: certificate, sqlEndpointHost: host, instance: instance.fqdn,
            subscriptionID: instance.subscription, resourceGroup: instance.resourceGroup, databases: databases,
            availabilityGroup: ag, distributedAvailabilityGroup: dag, version: version,
            initialPrimary: request.initialPrimary, failoverMode: failover, certificateExpiry: expiry,
            endpointMode: request.endpoint, linkMode: request.linkMode)
        return (parameters, findings)
    }

    // MARK: N1 SQL Server name and certificate name

    static func sqlServerName(_ name: String, _ findings: inout [LinkFinding]) -> String? {
        let parts = name.split(separator: "\\", omittingEmptySubsequences: false)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_$"))
        if name.isEmpty || name.count > 128 {
            findings.append(
                .init(
                    "N1", .error, flag: "--sql-server",
                    "must be SQL Server's name as SELECT @@SERVERNAME prints it (1–128 characters)"))
        } else if parts.count == 1, name.contains(".") {
            let short = name.split(separator: ".").first.map(String.init) ?? name
            findings.append(
                .init(
                    "N1", .error, flag: "--sql-server",
                    "\(name) looks like a host FQDN; pass the short name SELECT @@SERVERNAME prints, e.g. \(short) (the address goes to --sql-endpoint)"
                ))
        } else if parts.count > 2
            || parts.contains(where: { $0.isEmpty || !$0.unicodeScalars.allSatisfy(allowed.contains) })
        {
            findings.append(
                .init(
                    "N1", .error, flag: "--sql-server",
                    "\(name) is not a SQL Server name; pass what SELECT @@SERVERNAME prints (HOST or HOST\\INSTANCE)"))
        } else {
            return name
        }
        return nil
    }

    static func certificateName(_ request: LinkRequest, server: String?, _ findings: inout [LinkFinding]) -> String? {
        if let name = request.certificateName {
            if name.contains("\\") {
                findings.append(
                    .init(
                        "N1", .error, flag: "--certificate-name",
                        "\(name) contains \\, which a certificate name on the instance cannot hold; use \(name.replacingOccurrences(of: "\\", with: "_"))"
                    ))
                return nil
            }
            if let bad = armNameProblem(name) {
                findings.append(
                    .init(
                        "N1", .error, flag: "--certificate-name",
                        "\(name) \(bad); it is the trust certificate's name in the ARM path"))
                return nil
            }
            return name
        }
        guard let server else { return nil }
        let sanitised = server.replacingOccurrences(of: "\\", with: "_")
        if sanitised != server {
            findings.append(
                .init(
                    "N1", .info, flag: "--sql-server",
                    "\(server) is a named instance; its certificate is Cert_\(sanitised)_endpoint because certificate names cannot hold \\"
                ))
        }
        return "Cert_\(sanitised)_endpoint"
    }

    // MARK: N2 instance short name, N3 instance FQDN

    struct Instance {
        var fqdn: ManagedInstanceFQDN
        var subscription: String?
        var resourceGroup: String?
    }

    static func instance(_ request: LinkRequest, _ findings: inout [LinkFinding]) -> Instance? {
        var name: String?
        var subscription: String?
        var resourceGroup: String?
        if let given = request.instance {
            if given.hasPrefix("/") {
                let parts = given.split(separator: "/").map(String.init)
                let lower = parts.map { $0.lowercased() }
                if parts.count == 8, lower[0] == "subscriptions", lower[2] == "resourcegroups", lower[4] == "providers",
                    lower[5] == "microsoft.sql", lower[6] == "managedinstances"
                {
                    subscription = parts[1]
                    resourceGroup = parts[3]
                    name = parts[7]
                } else {
                    findings.append(
                        .init(
                            "N2", .error, flag: "--instance",
                            "\(given) is not a Managed Instance id; pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Sql/managedInstances/<name> or the short name"
                        ))
                    return nil
                }
            } else {
                name = given
            }
        }
        if let candidate = name, !isInstanceName(candidate) {
            if candidate.contains(".") {
                let short = candidate.split(separator: ".").first.map { $0.lowercased() } ?? candidate
                findings.append(
                    .init(
                        "N2", .error, flag: "--instance",
                        "\(candidate) looks like an FQDN; use \(short), the FQDN goes to --mi-fqdn"))
            } else {
                findings.append(
                    .init(
                        "N2", .error, flag: "--instance",
                        "\(candidate) is not a Managed Instance name (1–63 of a-z, 0-9 and -, not starting or ending with -); use the short name from the portal"
                    ))
            }
            return nil
        }
        guard let fqdnText = request.miFQDN else {
            if request.instance == nil {
                findings.append(
                    .init(
                        "N3", .error, flag: "--mi-fqdn",
                        "the instance is missing; pass --mi-fqdn <instance>.<dns-zone>.database.windows.net or --instance"
                    ))
            } else {
                findings.append(
                    .init(
                        "N3", .error, flag: "--mi-fqdn",
                        "the plan needs the instance FQDN offline (SQL Server's certificate for the instance must be named exactly by it); add --mi-fqdn \(name ?? "<instance>").<dns-zone>.database.windows.net (az sql mi show --query fullyQualifiedDomainName)"
                    ))
            }
            return nil
        }
        guard let fqdn = ManagedInstanceFQDN(parsing: fqdnText) else {
            findings.append(
                .init(
                    "N3", .error, flag: "--mi-fqdn",
                    "\(fqdnText) is not a Managed Instance FQDN; pass <instance>.<dns-zone>.database.windows.net, the host name on the instance's overview page"
                ))
            return nil
        }
        if fqdn.isPrivatelink {
            findings.append(
                .init(
                    "N3", .error, flag: "--mi-fqdn",
                    "\(fqdnText) is the private-link name; pass \(fqdn.fqdn), the name the instance's certificate carries"
                ))
            return nil
        }
        if !isInstanceName(fqdn.instance) {
            findings.append(
                .init(
                    "N2", .error, flag: "--mi-fqdn",
                    "\(fqdn.instance), the first label of \(fqdnText), is not a Managed Instance name (1–63 of a-z, 0-9 and -)"
                ))
            return nil
        }
        if let name, name.lowercased() != fqdn.instance {
            findings.append(
                .init(
                    "N3", .error, flag: "--mi-fqdn",
                    "\(fqdnText) belongs to instance \(fqdn.instance), not --instance \(name); pass the FQDN of \(name)"
                ))
            return nil
        }
        return Instance(fqdn: fqdn, subscription: subscription, resourceGroup: resourceGroup)
    }

    /// `^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`
    static func isInstanceName(_ name: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        return (1...63).contains(name.count) && name.allSatisfy(allowed.contains) && !name.hasPrefix("-")
            && !name.hasSuffix("-")
    }

    // MARK: N5 partner endpoint

    /// SQL Server's host from `--sql-endpoint` (`10.0.0.4`, `TCP://host:5022`, …) as N5 checks
    /// it, or the finding that refuses it.
    public static func sqlEndpointHost(_ text: String) -> (host: String?, finding: LinkFinding?) {
        var findings: [LinkFinding] = []
        let host = sqlEndpointHost(text, &findings)
        if let host, findings.isEmpty { return (host, nil) }
        return (nil, findings.first ?? LinkFinding("N5", .error, flag: "--sql-endpoint", "\(text) is not an address"))
    }

    static func sqlEndpointHost(_ text: String, _ findings: inout [LinkFinding]) -> String? {
        func fail(_ message: String) -> String? {
            findings.append(.init("N5", .error, flag: "--sql-endpoint", message))
            return nil
        }
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if let scheme = rest.range(of: "://") {
            guard rest[..<scheme.lowerBound].lowercased() == "tcp" else {
                return fail(
                    "\(text) is not TCP://; the link needs TCP://<SQL Server address>:5022, so pass the address alone")
            }
            rest = rest[scheme.upperBound...]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        var host = String(rest)
        if let colon = rest.lastIndex(of: ":"), !rest[..<colon].contains(":") {
            host = String(rest[..<colon])
            let port = rest[rest.index(after: colon)...]
            if port == "1433" {
                return fail(
                    "port 1433 is the TDS port private endpoints carry; the link needs SQL Server's mirroring endpoint on 5022 over the VNet-local path, so pass \(host) or TCP://\(host):5022"
                )
            }
            guard port == "5022" else {
                return fail(
                    "port \(port) cannot carry the link; the mirroring endpoint is on 5022 (not customisable), so pass TCP://\(host):5022"
                )
            }
        }
        if host.isEmpty || host.contains(":") {
            return fail(
                "\(text) is not an IPv4 address or host name; pass the SQL Server address the instance's vnet reaches, e.g. 10.0.0.4"
            )
        }
        if let address = IPv4Address(host) {
            if address.octets[0] == 127 || address.octets == [0, 0, 0, 0] || address.octets[0] >= 224 {
                return fail(
                    "\(host) is not reachable from the instance's vnet; pass SQL Server's address as the instance sees it"
                )
            }
            return host
        }
        if ManagedInstanceFQDN(parsing: host) != nil || host.lowercased().split(separator: ".").contains("privatelink")
        {
            return fail(
                "\(host) is a Managed Instance or private-endpoint name, which carries only 1433; pass the SQL Server address the instance's vnet reaches on 5022"
            )
        }
        guard let name = try? DomainName(host), name.labels.allSatisfy({ HostnameRules.isLDHLabel($0) }),
            !name.labels.allSatisfy({ $0.allSatisfy(\.isNumber) })
        else {
            return fail(
                "\(host) is not an IPv4 address or host name; pass the SQL Server address the instance's vnet reaches")
        }
        return host
    }

    // MARK: N6 one database per link, N10 user databases

    static func databases(_ request: LinkRequest, _ findings: inout [LinkFinding]) -> [String] {
        var result: [String] = []
        if request.databases.isEmpty {
            findings.append(.init("N6", .error, flag: "--database", "no database given; pass --database <name>"))
        }
        if request.databases.count > 1, request.linkMode == .single {
            findings.append(
                .init(
                    "N6", .error, flag: "--database",
                    "\(request.databases.count) databases given but a link carries one; plan one link per database (AG_<db>, DAG_<db>), or add --link-mode multi (preview)"
                ))
        }
        if request.databases.count > 1, request.linkMode == .multi, request.initialPrimary == .mi {
            findings.append(
                .init(
                    "N6", .error, flag: "--link-mode",
                    "an instance primary seeds one database per link; pass one --database per plan, or --initial-primary sql"
                ))
        }
        var seen: Set<String> = []
        for name in request.databases {
            if let problem = sysnameProblem(name) {
                findings.append(
                    .init(
                        "N10", .error, flag: "--database",
                        "\(problem); pass the database name as sys.databases shows it"))
            } else if systemDatabases.contains(name.lowercased()) {
                findings.append(
                    .init(
                        "N10", .error, flag: "--database",
                        "\(name) is a system database, which the link does not replicate; script its objects out and pass a user database"
                    ))
            } else if !seen.insert(name.lowercased()).inserted {
                findings.append(
                    .init("N6", .error, flag: "--database", "\(name) is given twice; pass each database once"))
            } else {
                result.append(name)
            }
        }
        if !result.isEmpty {
            findings.append(
                .init(
                    "N10", .info, flag: "--database",
                    "01-database.sql sets FULL recovery and takes a full backup without COPY_ONLY when none exists; the collation must match the instance's"
                ))
        }
        return result
    }

    /// Why `name` cannot be a sysname, or nil.
    static func sysnameProblem(_ name: String) -> String? {
        if name.isEmpty { return "an empty name" }
        if name.count > 128 { return "\(name.prefix(20))… is longer than 128 characters" }
        if name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            return "\(name.debugDescription) contains a control character"
        }
        if name.hasSuffix(" ") || name.hasPrefix(" ") { return "\(name.debugDescription) starts or ends with a space" }
        return nil
    }

    /// Why `name` cannot be the last segment of an ARM path, or nil.
    static func armNameProblem(_ name: String) -> String? {
        if let bad = name.first(where: { "<>*%&:\\?/#+".contains($0) }) { return "contains \(bad)" }
        if name.hasSuffix(".") || name.hasSuffix(" ") { return "ends with a dot or space" }
        return nil
    }
}
