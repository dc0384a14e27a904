import MILink
import Testing

/// N1–N10: each bad input yields one error naming its flag, and the fix is in the message.
@Suite struct LinkInvariantsTests {
    struct BadInput: CustomTestStringConvertible, Sendable {
        var invariant: String
        var flag: String
        var says: String
        var change: @Sendable (inout LinkRequest) -> Void
        var testDescription: String { "\(invariant) \(flag): \(says)" }
    }

    static let badInputs: [BadInput] = [
        .init(invariant: "N1", flag: "--sql-server", says: "looks like a host FQDN") {
            $0.sqlServer = "sqlserver1.corp.example"
        },
        .init(invariant: "N1", flag: "--sql-server", says: "not a SQL Server name") { $0.sqlServer = "a\\b\\c" },
        .init(invariant: "N1", flag: "--certificate-name", says: "use Cert_HOST_INST") {
            $0.certificateName = "Cert_HOST\\INST"
        },
        .init(invariant: "N2", flag: "--instance", says: "looks like an FQDN; use managedinstance1") {
            $0.instance = "managedinstance1.6d710bcf372b.database.windows.net"
        },
        .init(invariant: "N2", flag: "--instance", says: "not a Managed Instance name") { $0.instance = "-bad-" },
        .init(invariant: "N2", flag: "--instance", says: "not a Managed Instance id") {
            $0.instance = "/subscriptions/x/oops"
        },
        .init(invariant: "N3", flag: "--mi-fqdn", says: "add --mi-fqdn managedinstance1.") { $0.miFQDN = nil },
        .init(invariant: "N3", flag: "--mi-fqdn", says: "private-link name") {
            $0.miFQDN = "managedinstance1.privatelink.6d710bcf372b.database.windows.net"
        },
        .init(invariant: "N3", flag: "--mi-fqdn", says: "belongs to instance other") {
            $0.miFQDN = "other.6d710bcf372b.database.windows.net"
        },
        .init(invariant: "N3", flag: "--mi-fqdn", says: "not a Managed Instance FQDN") {
            $0.miFQDN = "sql.example.com"
        },
        .init(invariant: "N4", flag: "--dag", says: "also the availability group's name") {
            $0.ag = "X"; $0.dag = "x"
        },
        .init(invariant: "N4", flag: "--dag", says: "ARM path") { $0.dag = "DAG/1" },
        .init(invariant: "N4", flag: "--ag", says: "the instance's name") { $0.ag = "managedinstance1" },
        .init(invariant: "N5", flag: "--sql-endpoint", says: "port 1433") { $0.sqlEndpoint = "TCP://10.0.0.4:1433" },
        .init(invariant: "N5", flag: "--sql-endpoint", says: "port 7022 cannot carry") {
            $0.sqlEndpoint = "10.0.0.4:7022"
        },
        .init(invariant: "N5", flag: "--sql-endpoint", says: "is not TCP://") {
            $0.sqlEndpoint = "https://10.0.0.4:5022"
        },
        .init(invariant: "N5", flag: "--sql-endpoint", says: "private-endpoint name") {
            $0.sqlEndpoint = "managedinstance1.privatelink.6d710bcf372b.database.windows.net"
        },
        .init(invariant: "N5", flag: "--sql-endpoint", says: "not reachable") { $0.sqlEndpoint = "127.0.0.1" },
        .init(invariant: "N6", flag: "--database", says: "--link-mode multi") { $0.databases = ["a", "b"] },
        .init(invariant: "N6", flag: "--database", says: "no database") { $0.databases = [] },
        .init(invariant: "N6", flag: "--link-mode", says: "one database per link") {
            $0.databases = ["a", "b"]
            $0.linkMode = .multi
            $0.initialPrimary = .mi
        },
        .init(invariant: "N7", flag: "--cert-expiry", says: "not in the future") { $0.certExpiry = "2026-11-30" },
        .init(invariant: "N7", flag: "--cert-expiry", says: "not a date") { $0.certExpiry = "2027-02-30" },
        .init(invariant: "N9", flag: "--sql-version", says: "2017 cannot use the link") { $0.sqlVersion = "2017" },
        .init(invariant: "N9", flag: "--initial-primary", says: "only with SQL Server 2022") {
            $0.sqlVersion = "2019"; $0.initialPrimary = .mi
        },
        .init(invariant: "N9", flag: "--failover-mode", says: "pass --failover-mode none") {
            $0.sqlVersion = "2016"; $0.failoverMode = .manual
        },
        .init(invariant: "N10", flag: "--database", says: "system database") { $0.databases = ["msdb"] },
        .init(invariant: "N10", flag: "--database", says: "control character") { $0.databases = ["a\nGO"] },
    ]

    @Test(arguments: badInputs)
    func badInputIsOneErrorNamingTheFlag(_ input: BadInput) {
        let (parameters, findings) = LinkInvariants.validate(
            LinkFixtures.request(input.change), today: LinkFixtures.today)
        let errors = findings.filter { $0.severity == .error }
        #expect(parameters == nil)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.invariant == input.invariant)
        #expect(errors.first?.flag == input.flag)
        #expect(errors.first?.message.contains(input.says) == true, "\(errors.first?.message ?? "no error")")
        #expect(errors.allSatisfy { !$0.description.contains("\n") })
    }

    @Test func theSourceDocumentsExamplePasses() throws {
        let parameters = try LinkFixtures.parameters(LinkFixtures.request())
        #expect(parameters.sqlServerName == "sqlserver1")
        #expect(parameters.certificateName == "Cert_sqlserver1_endpoint")
        #expect(parameters.partnerEndpoint == "TCP://10.0.0.4:5022")
        #expect(
            parameters.instanceListenerURL
                == "tcp://managedinstance1.6d710bcf372b.database.windows.net:5022;Server=[managedinstance1]")
        #expect(parameters.availabilityGroup == "AG_SalesDB")
        #expect(parameters.distributedAvailabilityGroup == "DAG_SalesDB")
        #expect(parameters.failoverMode == .none)
    }

    struct GoodInput: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var change: @Sendable (inout LinkRequest) -> Void
        var check: @Sendable (LinkParameters) -> Bool
    }

    static let goodInputs: [GoodInput] = [
        .init(testDescription: "N1 named instance: certificate without \\", change: { $0.sqlServer = "HOST\\INST" }) {
            $0.certificateName == "Cert_HOST_INST_endpoint" && $0.sqlServerName == "HOST\\INST"
        },
        .init(
            testDescription: "N2 ARM id",
            change: {
                $0.instance =
                    "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Sql/managedInstances/managedinstance1"
            }
        ) { $0.subscriptionID == "s1" && $0.resourceGroup == "rg1" && $0.instanceName == "managedinstance1" },
        .init(testDescription: "N3 FQDN alone", change: { $0.instance = nil }) {
            $0.instanceName == "managedinstance1"
        },
        .init(
            testDescription: "N5 TCP:// and 5022 accepted", change: { $0.sqlEndpoint = "tcp://sql1.corp.example:5022" }
        ) {
            $0.partnerEndpoint == "TCP://sql1.corp.example:5022"
        },
        .init(
            testDescription: "N6 multi-database mode",
            change: {
                $0.databases = ["a", "b"]; $0.linkMode = .multi
            }
        ) {
            $0.databases == ["a", "b"]
        },
        .init(testDescription: "N7 default expiry one year", change: { $0.certExpiry = nil }) {
            $0.certificateExpiry == CalendarDay(year: 2027, month: 11, day: 30)
        },
        .init(testDescription: "N9 MI primary defaults to manual failover", change: { $0.initialPrimary = .mi }) {
            $0.failoverMode == .manual
                && $0.instanceListenerURL.hasSuffix(";Server=[managedinstance1];Database=[SalesDB]")
        },
    ]

    @Test(arguments: goodInputs)
    func goodInputPasses(_ input: GoodInput) throws {
        let parameters = try LinkFixtures.parameters(LinkFixtures.request(input.change))
        #expect(input.check(parameters))
    }

    struct Warning: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var invariant: String
        var change: @Sendable (inout LinkRequest) -> Void
    }

    @Test(arguments: [
        Warning(testDescription: "N7 expires within 90 days", invariant: "N7") { $0.certExpiry = "2027-01-15" },
        Warning(testDescription: "N9 SQL Server 2016 needs a WSFC", invariant: "N9") { $0.sqlVersion = "2016" },
    ])
    func warningsDoNotStopThePlan(_ warning: Warning) {
        let (parameters, findings) = LinkInvariants.validate(
            LinkFixtures.request(warning.change), today: LinkFixtures.today)
        #expect(parameters != nil)
        #expect(findings.contains { $0.severity == .warning && $0.invariant == warning.invariant })
    }

    @Test func everyFailingInvariantIsReportedAtOnce() {
        let request = LinkFixtures.request {
            $0.sqlServer = "sql.corp"; $0.sqlEndpoint = "10.0.0.4:1433"; $0.databases = ["master"];
            $0.sqlVersion = "2017"
        }
        let (parameters, findings) = LinkInvariants.validate(request, today: LinkFixtures.today)
        #expect(parameters == nil)
        #expect(Set(findings.filter { $0.severity == .error }.map(\.invariant)) == ["N1", "N5", "N9", "N10"])
    }
}
