import ArgumentParser
import DNSModel

/// `pe-net dns zonefile`: offline zone-file tools; it only lists its subcommands.
struct DNSZonefile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zonefile",
        abstract: "Check, render or import RFC 1035 zone files (parsed with ldns).",
        subcommands: [DNSZonefileCheck.self, DNSZonefileRender.self, DNSZonefileImport.self]
    )
}

/// The zone file argument and optional origin shared by the zonefile subcommands.
struct ZoneFileArguments: ParsableArguments {
    @Argument(help: "The zone file to read.")
    var file: String

    @Option(help: "The zone's origin, used when the file has no $ORIGIN before its first relative name.")
    var origin: String?

    /// `--origin` as a name; a bad one is bad input.
    func parsedOrigin() throws -> DomainName? {
        do {
            return try origin.map { text throws(DNSModelError) in try DomainName(text) }
        } catch {
            throw PeNetError.usage("--origin: \(error)", resource: origin)
        }
    }
}
