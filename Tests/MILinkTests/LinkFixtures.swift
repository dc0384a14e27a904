import MILink

/// Requests the tests share: the source document's example and its variants.
enum LinkFixtures {
    static let today = CalendarDay(year: 2026, month: 11, day: 30)

    /// The source document's names: sqlserver1, 10.0.0.4, managedinstance1, one database.
    static func request(
        _ change: (inout LinkRequest) -> Void = { _ in }
    ) -> LinkRequest {
        var request = LinkRequest(
            sqlServer: "sqlserver1", sqlEndpoint: "10.0.0.4", instance: "managedinstance1",
            miFQDN: "managedinstance1.6d710bcf372b.database.windows.net", databases: ["SalesDB"],
            sqlVersion: "2022", certExpiry: "2027-11-30")
        change(&request)
        return request
    }

    /// The script variants with golden files: name and request.
    static let variants: [(name: String, request: LinkRequest)] = [
        ("sql2022", request()),
        ("sql2019", request { $0.sqlVersion = "2019" }),
        ("sql2016", request { $0.sqlVersion = "2016" }),
        ("sql2022-mi-primary", request { $0.initialPrimary = .mi }),
        (
            "sql2022-alter-endpoint",
            request {
                $0.endpoint = .alter; $0.failoverMode = .manual
            }
        ),
    ]

    static func parameters(_ request: LinkRequest) throws -> LinkParameters {
        let (parameters, findings) = LinkInvariants.validate(request, today: today)
        guard let parameters else { throw FixtureError(findings: findings) }
        return parameters
    }

    struct FixtureError: Error, CustomStringConvertible {
        var findings: [LinkFinding]
        var description: String { findings.map(\.description).joined(separator: "\n") }
    }
}
