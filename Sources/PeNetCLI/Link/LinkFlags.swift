import ArgumentParser
import Foundation
import MILink

extension InitialPrimary: ExpressibleByArgument {}
extension LinkFailoverMode: ExpressibleByArgument {}
extension EndpointMode: ExpressibleByArgument {}
extension LinkMode: ExpressibleByArgument {}

/// The link's names and choices, shared by `link plan` and `link create` (`@OptionGroup var link: LinkFlags`).
struct LinkFlags: ParsableArguments {
    @Option(help: ArgumentHelp("SQL Server's name as SELECT @@SERVERNAME prints it.", valueName: "name"))
    var sqlServer: String

    @Option(
        help: ArgumentHelp(
            "SQL Server's address as the instance's vnet reaches it (port 5022).", valueName: "ip-or-name"))
    var sqlEndpoint: String

    @Option(help: ArgumentHelp("The Managed Instance: short name or ARM id.", valueName: "id-or-name"))
    var instance: String?

    @Option(
        name: .customLong("mi-fqdn"),
        help: ArgumentHelp("The instance's FQDN (<name>.<dns-zone>.database.windows.net).", valueName: "fqdn"))
    var miFQDN: String?

    @Option(
        help: ArgumentHelp(
            "The database to replicate (one per link; repeat with --link-mode multi).", valueName: "name"))
    var database: [String] = []

    @Option(help: ArgumentHelp("Availability group on SQL Server (default AG_<database>).", valueName: "name"))
    var ag: String?

    @Option(
        help: ArgumentHelp(
            "Distributed availability group = the link's name (default DAG_<database>).", valueName: "name"))
    var dag: String?

    @Option(help: ArgumentHelp("SQL Server version: 2016, 2019 or 2022.", valueName: "version"))
    var sqlVersion = "2022"

    @Option(help: "Where the database is writable first: sql or mi (SQL Server 2022 only).")
    var initialPrimary: InitialPrimary = .sql

    @Option(
        help: "none (one-way to Azure) or manual (two-way, SQL Server 2022); default manual for --initial-primary mi.")
    var failoverMode: LinkFailoverMode?

    @Option(
        help: ArgumentHelp("Expiry of SQL Server's certificate (default one year from today).", valueName: "YYYY-MM-DD")
    )
    var certExpiry: String?

    @Option(help: "create a mirroring endpoint, or alter the existing one to add the certificate.")
    var endpoint: EndpointMode = .create

    @Option(help: "single (one database per link) or multi (preview).")
    var linkMode: LinkMode = .single

    @Option(help: ArgumentHelp("SQL Server's certificate name (default Cert_<server>_endpoint).", valueName: "name"))
    var certificateName: String?

    @Option(help: ArgumentHelp("Write the scripts and bodies into this directory.", valueName: "dir"))
    var outputDir: String

    var request: LinkRequest {
        LinkRequest(
            sqlServer: sqlServer, sqlEndpoint: sqlEndpoint, instance: instance, miFQDN: miFQDN, databases: database,
            ag: ag, dag: dag, sqlVersion: sqlVersion, initialPrimary: initialPrimary, failoverMode: failoverMode,
            certExpiry: certExpiry, endpoint: endpoint, linkMode: linkMode, certificateName: certificateName)
    }

}
