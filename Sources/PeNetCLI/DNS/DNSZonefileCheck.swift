import ArgumentParser
import DNSModel
import Resolver

/// `pe-net dns zonefile check <file>`: parse with ldns and apply the zone rules.
struct DNSZonefileCheck: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse a zone file and report syntax errors (with line numbers) and zone problems.",
        discussion: "Exits 0 for a clean zone, 3 when the file has errors, 64 when it cannot be read."
    )

    @OptionGroup var zoneFile: ZoneFileArguments
    @Flag(help: "Treat warnings as errors: a warning fails the check (exit 3).")
    var strict = false

    @OptionGroup var output: OutputOptions

    /// The JSON document `-o json` prints.
    struct Report: Encodable {
        var file: String
        var valid: Bool
        var origin: String?
        var records: Int
        var findings: [Finding]
    }

    func run(_ env: Environment) async throws {
        let origin = try zoneFile.parsedOrigin()
        var findings: [Finding] = []
        var zone: Zone?
        do {
            zone = try Zone(contentsOfFile: zoneFile.file, origin: origin)
        } catch let error {
            if case .unreadableFile = error {
                throw PeNetError.usage(error.description, resource: zoneFile.file, code: "input.unreadable-file")
            }
            findings.append(
                Finding(severity: .error, code: "zone.syntax", message: error.description, resource: zoneFile.file))
        }
        if let zone { findings += ZoneRules.check(zone) }
        let valid = !findings.fails(strict: strict)
        if env.reporter.isJSON {
            try env.reporter.json(
                Report(
                    file: zoneFile.file, valid: valid, origin: zone?.origin.text, records: zone?.records.count ?? 0,
                    findings: findings))
        } else {
            if let zone, valid {
                env.reporter.text("ok: \(zoneFile.file): zone \(zone.origin.text), \(zone.records.count) records")
            }
            env.reporter.findings(findings)
        }
        if !valid { throw PeNetExit.checkFailed }
    }
}
