import ArgumentParser
import DNSModel

/// `pe-net dns zonefile render <file>`: print the canonical form of a zone file.
struct DNSZonefileRender: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a zone file in canonical form: $ORIGIN, SOA, then records in canonical order.",
        discussion: "Rendering the output again gives the same text. Exits 64 when the file cannot be read or parsed."
    )

    @OptionGroup var zoneFile: ZoneFileArguments
    @OptionGroup var output: OutputOptions

    func run() async throws {
        do {
            let origin = try zoneFile.origin.map { text throws(DNSModelError) in try DomainName(text) }
            let zone = try Zone(contentsOfFile: zoneFile.file, origin: origin)
            if output.format.isJSON {
                try CLIOutput.printJSON(zone)
            } else {
                print(zone.render(), terminator: "")
            }
        } catch let error as DNSModelError {
            CLIOutput.printError("pe-net: \(error)")
            throw PeNetExit.usage
        }
    }
}
