import ArgumentParser
import DNSModel

/// `pe-net dns zonefile render <file>`: print the canonical form of a zone file.
struct DNSZonefileRender: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a zone file in canonical form: $ORIGIN, SOA, then records in canonical order.",
        discussion: "Rendering the output again gives the same text. Exits 64 when the file cannot be read or parsed."
    )

    @OptionGroup var zoneFile: ZoneFileArguments
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let origin = try zoneFile.parsedOrigin()
        let zone: Zone
        do {
            zone = try Zone(contentsOfFile: zoneFile.file, origin: origin)
        } catch {
            throw PeNetError.usage(error.description, resource: zoneFile.file, code: "zonefile.invalid")
        }
        if env.reporter.isJSON {
            try env.reporter.json(zone)
        } else {
            env.reporter.raw(zone.render())
        }
    }
}
