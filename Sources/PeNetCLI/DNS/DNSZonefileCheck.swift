import ArgumentParser
import DNSModel
import Resolver

/// `pe-net dns zonefile check <file>`: parse with ldns and apply the zone rules.
struct DNSZonefileCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse a zone file and report syntax errors (with line numbers) and zone problems.",
        discussion: "Exits 0 for a clean zone, 3 when the file has errors, 64 when it cannot be read."
    )

    @OptionGroup var zoneFile: ZoneFileArguments
    @OptionGroup var output: OutputOptions

    /// The JSON document `-o json` prints.
    struct Report: Encodable {
        var file: String
        var valid: Bool
        var origin: String?
        var records: Int
        var findings: [Finding]
    }

    func run() async throws {
        let origin: DomainName?
        do {
            origin = try zoneFile.origin.map { text throws(DNSModelError) in try DomainName(text) }
        } catch {
            throw ValidationError("--origin: \(error)")
        }
        var findings: [Finding] = []
        var zone: Zone?
        do {
            zone = try Zone(contentsOfFile: zoneFile.file, origin: origin)
        } catch let error {
            if case .unreadableFile = error {
                CLIOutput.printError("pe-net: \(error)")
                throw PeNetExit.usage
            }
            findings.append(
                Finding(severity: .error, code: "zone.syntax", message: error.description, resource: zoneFile.file))
        }
        if let zone { findings += ZoneRules.check(zone) }
        let valid = !findings.fails()
        if output.format.isJSON {
            try CLIOutput.printJSON(
                Report(
                    file: zoneFile.file, valid: valid, origin: zone?.origin.text, records: zone?.records.count ?? 0,
                    findings: findings))
        } else {
            if let zone, valid {
                print("ok: \(zoneFile.file): zone \(zone.origin.text), \(zone.records.count) records")
            }
            for line in CLIOutput.lines(for: findings) { print(line) }
        }
        if !valid { throw PeNetExit.checkFailed }
    }
}
