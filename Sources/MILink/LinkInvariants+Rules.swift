import Foundation

extension LinkInvariants {
    // MARK: N4 AG and DAG names

    static func groupNames(
        _ request: LinkRequest, database: String?, instance: String?, _ findings: inout [LinkFinding]
    )
        -> (ag: String?, dag: String?)
    {
        let suffix = database.map { $0.count > 120 ? String($0.prefix(120)) : $0 }
        let ag = request.ag ?? suffix.map { "AG_\($0)" }
        let dag = request.dag ?? suffix.map { "DAG_\($0)" }
        var valid = true
        if let ag, let problem = sysnameProblem(ag) {
            findings.append(.init("N4", .error, flag: "--ag", "\(problem); pass the availability group's name"))
            valid = false
        }
        if let dag {
            if let problem = sysnameProblem(dag) {
                findings.append(
                    .init("N4", .error, flag: "--dag", "\(problem); pass the distributed availability group's name"))
                valid = false
            } else if let problem = armNameProblem(dag) {
                findings.append(
                    .init(
                        "N4", .error, flag: "--dag",
                        "\(dag) \(problem), but it is also the link's name in the ARM path; pass a name without it, e.g. DAG_\(dag.filter { $0.isLetter || $0.isNumber || $0 == "_" })"
                    ))
                valid = false
            }
        }
        if valid, let ag, let dag, ag.lowercased() == dag.lowercased() {
            findings.append(
                .init(
                    "N4", .error, flag: "--dag",
                    "\(dag) is also the availability group's name; the DAG joins the AG and the instance, so give it its own name, e.g. DAG_\(ag)"
                ))
            valid = false
        }
        if valid, let ag, let instance, ag.lowercased() == instance {
            findings.append(
                .init(
                    "N4", .error, flag: "--ag",
                    "\(ag) is the instance's name, which is the DAG's second member; name the AG after the database, e.g. AG_\(database ?? "db")"
                ))
            valid = false
        }
        return valid ? (ag, dag) : (nil, nil)
    }

    // MARK: N7 certificate expiry

    static func certificateExpiry(_ text: String?, today: CalendarDay, _ findings: inout [LinkFinding]) -> CalendarDay?
    {
        guard let text else { return today.adding(days: 365) }
        guard let day = CalendarDay(parsing: text) else {
            findings.append(
                .init(
                    "N7", .error, flag: "--cert-expiry",
                    "\(text) is not a date; pass YYYY-MM-DD, e.g. \(today.adding(days: 365))"))
            return nil
        }
        let days = today.days(until: day)
        if days <= 0 {
            findings.append(
                .init(
                    "N7", .error, flag: "--cert-expiry",
                    "\(day) is not in the future; the link stops when the certificate expires, so pass a later date, e.g. \(today.adding(days: 365))"
                ))
            return nil
        }
        if days < expiryWarningDays {
            findings.append(
                .init(
                    "N7", .warning, flag: "--cert-expiry",
                    "the SQL Server certificate expires in \(days) days (\(day)); rotate it before then or pass a later date"
                ))
        }
        return day
    }

    // MARK: N9 version gate

    static func versionGate(_ request: LinkRequest, _ findings: inout [LinkFinding]) -> (
        SQLServerVersion?, LinkFailoverMode?
    ) {
        let failover = request.failoverMode ?? (request.initialPrimary == .mi ? .manual : .none)
        guard let version = SQLServerVersion(rawValue: request.sqlVersion) else {
            if request.sqlVersion == "2017" {
                findings.append(
                    .init(
                        "N9", .error, flag: "--sql-version",
                        "SQL Server 2017 cannot use the link; upgrade to 2019 (CU15+) or 2022 and pass that version"))
            } else {
                findings.append(
                    .init(
                        "N9", .error, flag: "--sql-version",
                        "\(request.sqlVersion) is not a version the link supports; pass 2016, 2019 or 2022"))
            }
            return (nil, nil)
        }
        var valid = true
        if request.initialPrimary == .mi, version != .v2022 {
            findings.append(
                .init(
                    "N9", .error, flag: "--initial-primary",
                    "the instance can be the initial primary only with SQL Server 2022 (CU10+); pass --initial-primary sql or --sql-version 2022"
                ))
            valid = false
        }
        if failover == .manual, version != .v2022, valid {
            findings.append(
                .init(
                    "N9", .error, flag: "--failover-mode",
                    "failing back to SQL Server \(version.rawValue) is not possible (two-way failover needs 2022 CU10+); pass --failover-mode none"
                ))
            valid = false
        }
        switch version {
        case .v2016:
            findings.append(
                .init(
                    "N9", .warning, flag: "--sql-version",
                    "SQL Server 2016 needs SP3 (KB5003279), the Azure Connect pack (KB5014242) and a WSFC (one node is enough) for Always On; the AG script has no CLUSTER_TYPE"
                ))
        case .v2019:
            findings.append(
                .init(
                    "N9", .info, flag: "--sql-version",
                    "SQL Server 2019 needs CU15 (Enterprise/Developer) or CU17 (Standard)"))
        case .v2022:
            if request.initialPrimary == .mi || failover == .manual {
                findings.append(
                    .init(
                        "N9", .info, flag: "--sql-version",
                        "two-way failover and an instance primary need SQL Server 2022 CU10+ and the instance on the SQL Server 2022 update policy"
                    ))
            }
        }
        return valid ? (version, failover) : (nil, nil)
    }
}
