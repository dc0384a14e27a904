import ARMNetwork
import ArgumentParser
import DNSModel
import Foundation

/// `pe-net dns export`: the zones `dns apply` would build, as RFC 1035 zone files.
struct DNSExport: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Render the private DNS zones the endpoints need as RFC 1035 zone files.",
        usage: "pe-net dns export --instance <mi> --endpoint <pe> [<options>]",
        discussion: """
            Discovers the instance and endpoints like `dns plan` (without reading Azure private DNS) and \
            renders each desired zone — SOA, NS and the instance's A record — so DNS servers outside \
            Azure can answer like the private zone. Separate vnets get privatelink.<dnsZone>.<suffix> \
            (the instance's public CNAME leads into it); same or peered vnets get --zone-name. Prints \
            the zones, or with --output-dir writes <zone>.zone files, rewriting only files that change.
            """
    )

    @OptionGroup var target: PrivateDNSTargetOptions

    @Option(help: ArgumentHelp("Write one <zone>.zone file per zone into this directory.", valueName: "dir"))
    var outputDir: String?

    @Flag(help: "With --output-dir: say which files would change, write nothing.")
    var dryRun = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    /// One rendered zone, as `-o json` prints it.
    struct RenderedZone: Encodable {
        var zone: String
        var file: String
        var text: String
    }

    func validate() throws { try target.validateSingle() }

    func run(_ env: Environment) async throws {
        let workflow = PrivateDNSWorkflow(client: try azure.client(env), clock: env.clock)
        let plan = try await workflow.plan(target.resolve(azure: azure, adopt: false, env: env), readDNS: false)
        if !plan.blockingFindings(strict: false).isEmpty { try PrivateDNSReport.print(plan, guidance: false, env: env) }
        try PrivateDNSSession.stopIfBlocked(plan, strict: false)
        let rendered = try PrivateDNSZoneFile.zones(for: plan).map { zone in
            let name = zone.origin.relative.text
            return RenderedZone(zone: name, file: "\(name).zone", text: zone.render())
        }
        if let outputDir {
            try write(rendered, to: outputDir, env: env)
        } else if env.reporter.isJSON {
            try env.reporter.json(rendered)
        } else {
            env.reporter.raw(rendered.map { "; zone \($0.zone)\n\($0.text)" }.joined(separator: "\n"))
        }
    }

    /// Write-if-changed, so servers reloading on mtime are not disturbed by a no-op export.
    func write(_ zones: [RenderedZone], to directory: String, env: Environment) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PeNetError.usage(
                "--output-dir \(directory) is not a directory; create it first",
                fix: "mkdir -p \(shellQuoted(directory))",
                resource: directory)
        }
        var report: [String] = []
        for zone in zones {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(zone.file).path
            let current = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            if current == zone.text {
                report.append("unchanged \(path)")
            } else if dryRun {
                report.append("would write \(path)")
            } else {
                do {
                    try Data(zone.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    throw PeNetError.failure("cannot write \(path): \(error.localizedDescription)", resource: path)
                }
                report.append("wrote \(path)")
            }
        }
        if env.reporter.isJSON {
            try env.reporter.json(report)
        } else {
            env.reporter.text(report.joined(separator: "\n"))
        }
    }
}
