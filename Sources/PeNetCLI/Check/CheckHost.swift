import ArgumentParser
import Resolver

/// `pe-net check host <name>`: is this a valid connection host for the instance?
struct CheckHost: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Check that a name can be used as the connection host of a Managed Instance.",
        discussion: """
            Applies RFC 1123 host-name syntax (IDN only as punycode A-labels), refuses IP addresses \
            (the instance requires its host name), checks that the first label is the instance name, \
            and applies the private DNS zone rule of the topology. Exits 0 when the name is usable, \
            3 with the reason otherwise.
            """
    )

    @Argument(help: "The host name a client would put in its connection string.")
    var name: String

    @Option(help: "The Managed Instance name (must be the host's first label).")
    var instance: String?

    @Option(name: .customLong("dns-zone"), help: "The instance's DNS zone id, e.g. abc123.")
    var dnsZone: String?

    @Option(help: "How the endpoint's virtual network relates to the instance's: same, peered or separate.")
    var topology: Topology?

    @Flag(help: "Treat warnings as errors: a warning fails the check (exit 3).")
    var strict = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let instance, !HostnameRules.isLDHLabel(instance) {
            throw ValidationError(
                "--instance '\(instance)' is not a valid instance name: use letters, digits and inner hyphens")
        }
        if let dnsZone, !HostnameRules.isLDHLabel(dnsZone) {
            throw ValidationError(
                "--dns-zone '\(dnsZone)' is not a DNS zone id: pass the single label Azure assigned, e.g. abc123")
        }
    }

    /// The JSON document `-o json` prints.
    struct Report: Encodable {
        var host: String
        var valid: Bool
        var instance: String?
        var dnsZone: String?
        var topology: Topology?
        var managedInstance: ManagedInstanceFQDN?
        var findings: [Finding]
    }

    func run(_ env: Environment) async throws {
        let rules = HostnameRules(instance: instance, dnsZone: dnsZone, topology: topology)
        let findings = rules.check(name)
        let valid = !findings.fails(strict: strict)
        if env.reporter.isJSON {
            try env.reporter.json(
                Report(
                    host: name, valid: valid, instance: instance, dnsZone: dnsZone, topology: topology,
                    managedInstance: ManagedInstanceFQDN(parsing: name), findings: findings))
        } else {
            if valid {
                var context: [String] = []
                if let instance { context.append("instance \(instance)") }
                if let topology { context.append(topology.description) }
                env.reporter.text(
                    "ok: \(name) is a valid connection host"
                        + (context.isEmpty ? "" : " for " + context.joined(separator: ", ")))
            }
            env.reporter.findings(findings)
        }
        if !valid { throw PeNetExit.checkFailed }
    }
}

extension Topology: ExpressibleByArgument {}
