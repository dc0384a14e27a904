import ARMNetwork
import ArgumentParser
import DNSModel
import Foundation
import IPFwd
import MILink
import Resolver

/// `pe-net link check-net`: the link's network from SQL Server's side (DNS of the instance FQDN,
/// TCP 5022, the redirect range, TDS on 1433) and the reverse direction as SQL Agent job scripts.
struct LinkCheckNetCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-net",
        abstract: "Check the link's network from SQL Server: DNS, TCP 5022, 11000-11999, TDS on 1433.",
        discussion: """
            Run it on SQL Server's machine or a Linux host in its network. Checks that the instance FQDN \
            resolves to an address inside the instance's subnet (the VNet-local endpoint: a private \
            endpoint's address or a public one fails), that TCP 5022 connects (a plain connect: the \
            mirroring transport does not speak TDS), that a sample of the redirect range 11000-11999 \
            is reachable (a refusal proves the path is open; no answer means a firewall or NSG drops \
            it), and that 1433 answers a TDS PRELOGIN. The instance → SQL Server direction cannot be \
            probed from here: --output-dir writes the SQL Agent jobs that test it, as the \
            documentation does. One line per check; exit 0 when no check fails (warnings allowed), 3 when one does.
            """
    )

    @Option(
        help: ArgumentHelp(
            "The Managed Instance: its ARM id, or its name with --resource-group; reads its FQDN and subnet.",
            valueName: "id-or-name"))
    var instance: String?

    @Option(
        name: .customLong("mi-fqdn"),
        help: ArgumentHelp("The instance's FQDN (<name>.<dns-zone>.database.windows.net).", valueName: "fqdn"))
    var miFQDN: String?

    @Option(
        name: .customLong("mi-address"),
        help: ArgumentHelp("Probe this address instead of the one the FQDN resolves to.", valueName: "ip"))
    var miAddress: String?

    @Option(
        name: .customLong("mi-subnet"),
        help: ArgumentHelp(
            "The instance's subnet (read from Azure with --instance); the FQDN must resolve inside it.",
            valueName: "IPv4 CIDR"))
    var miSubnet: String?

    @Option(
        help: ArgumentHelp(
            "Resolve the FQDN through this DNS server (default: the system resolver).", valueName: "ip[:port]"))
    var dnsServer: String?

    @Option(help: ArgumentHelp("How many ports of 11000-11999 to probe, 11000 and 11999 included.", valueName: "n"))
    var sample = 5

    @Option(help: ArgumentHelp("The wait for each probe, in milliseconds.", valueName: "ms"))
    var timeout = 3000

    @Option(
        help: ArgumentHelp(
            "SQL Server's name as SELECT @@SERVERNAME prints it (for the job scripts).", valueName: "name"))
    var sqlServer: String?

    @Option(
        help: ArgumentHelp(
            "SQL Server's address as the instance's vnet reaches it (the reverse check's target).",
            valueName: "ip-or-name"))
    var sqlEndpoint: String?

    @Option(
        help: ArgumentHelp("Write the reverse check's SQL Agent job scripts into this directory.", valueName: "dir"))
    var outputDir: String?

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    /// The `-o json` document (documented in the README).
    struct Document: Encodable {
        var fqdn: String
        var subnet: String?
        var address: String?
        var passed: Bool
        var checks: [LinkNetworkCheck]
        var files: [LinkPlanCommand.Document.File]
    }

    func validate() throws {
        guard LinkNetworkVerdicts.redirectRange.count >= sample, sample >= 1 else {
            throw ValidationError("--sample \(sample) is out of range; pass 1 to 1000 ports")
        }
        guard (50...60_000).contains(timeout) else {
            throw ValidationError("--timeout \(timeout) is out of range; pass 50 to 60000 milliseconds")
        }
        guard instance != nil || miFQDN != nil else {
            throw ValidationError(
                "pass --instance <id or name> (reads the FQDN and subnet from Azure) or --mi-fqdn <fqdn>")
        }
    }

    /// The flags as values, each checked before anything is contacted.
    struct Inputs {
        var fqdn: DomainName?
        var subnet: IPv4Network?
        var address: IPv4Address?
        var server: DNSServer?
        var sqlHost: String?
    }

    func run(_ env: Environment) async throws {
        var inputs = try parseInputs()
        let directory = outputDir.map { URL(fileURLWithPath: $0).standardizedFileURL }
        if let directory, let outputDir {
            _ = try LinkPlanCommand.write([], to: directory, outputDir: outputDir, dryRun: true)
        }
        if let instance {
            let id = try InstanceOptions.resolve(instance, azure: azure, env: env)
            let workflow = LinkARMWorkflow(client: try azure.client(env), instance: id)
            let network = try await workflow.instanceNetwork(readSubnet: inputs.subnet == nil)
            if inputs.fqdn == nil {
                guard let text = network.fqdn, let fqdn = DomainName(plainHostName: text) else {
                    throw PeNetError.failure(
                        "ARM reports no fullyQualifiedDomainName for \(id.name); pass --mi-fqdn", resource: id.path,
                        code: "link.no-fqdn")
                }
                inputs.fqdn = fqdn
            }
            if inputs.subnet == nil {
                inputs.subnet = try Self.subnet(from: network, instance: id, env: env)
            }
        }
        guard let fqdn = inputs.fqdn?.relative.description.lowercased() else {
            throw PeNetError.usage("pass --instance <id or name> or --mi-fqdn <fqdn>")
        }

        let answer = await resolve(fqdn, through: inputs.server, env: env)
        let run = LinkNetworkCheckRun(
            fqdn: fqdn, subnet: inputs.subnet, address: inputs.address,
            redirectPorts: LinkNetworkVerdicts.redirectSample(sample), timeout: .milliseconds(timeout))
        var checks = await run.run(probe: env.linkProbe, answer: answer)

        var files: [LinkPlanCommand.Document.File] = []
        var scripts: [String] = []
        if let directory, let outputDir, let sqlHost = inputs.sqlHost {
            let rendered = LinkNetworkScripts.render(miFQDN: fqdn, sqlHost: sqlHost, sqlServer: sqlServer)
            files = try LinkPlanCommand.write(rendered, to: directory, outputDir: outputDir, dryRun: false)
            scripts = rendered.map { directory.appendingPathComponent($0.path).path }
        }
        checks.append(LinkNetworkVerdicts.reverse(sqlHost: inputs.sqlHost, scripts: scripts))

        let passed = !checks.contains { $0.status == .fail }
        if env.reporter.isJSON {
            try env.reporter.json(
                Document(
                    fqdn: fqdn, subnet: inputs.subnet?.description,
                    address: run.target(answer).map(\.description), passed: passed,
                    checks: checks, files: files))
        } else {
            var lines = checks.map { check in
                "\(check.status.label.padding(toLength: 4, withPad: " ", startingAt: 0)) \(check.check)  \(check.message)"
                    + (check.fix.map { "\n       fix: \($0)" } ?? "")
            }
            for file in files where directory != nil {
                lines.append("\(file.status) \(directory?.appendingPathComponent(file.path).path ?? file.path)")
            }
            let failed = checks.filter { $0.status == .fail }.count
            let context =
                "instance subnet \(inputs.subnet?.description ?? "unknown"), probed \(run.target(answer)?.description ?? "nothing")"
            lines.append(
                passed
                    ? "the link's network from this side is ready (\(checks.count) checks; \(context))"
                    : "\(failed) of \(checks.count) checks failed (\(context))")
            env.reporter.text(lines.joined(separator: "\n"))
        }
        if !passed { throw PeNetExit.checkFailed }
    }

    /// Every flag parsed; one line naming the flag and the fix otherwise (exit 64).
    func parseInputs() throws -> Inputs {
        var inputs = Inputs()
        if let miFQDN {
            guard IPv4Address(miFQDN) == nil, let name = DomainName(plainHostName: miFQDN), name.labels.count >= 2
            else {
                throw PeNetError.usage(
                    "--mi-fqdn \(miFQDN.escapingControlCharacters) is not a host name; pass the instance's FQDN, e.g. mi1.abc123.database.windows.net",
                    resource: "--mi-fqdn")
            }
            if name.labels.count > 2, name.labels[1].lowercased() == "privatelink" {
                throw PeNetError.usage(
                    "--mi-fqdn \(miFQDN) is the private-endpoint name; pass the instance FQDN without privatelink (the link uses the VNet-local endpoint)",
                    resource: "--mi-fqdn")
            }
            inputs.fqdn = name
        }
        if let miSubnet { inputs.subnet = try Self.parseSubnet(miSubnet, flag: "--mi-subnet") }
        if let miAddress {
            guard let address = IPv4Address(miAddress) else {
                throw PeNetError.usage(
                    "--mi-address \(miAddress.escapingControlCharacters) is not an IPv4 address; pass the instance's VNet-local address, e.g. 10.0.1.4",
                    resource: "--mi-address")
            }
            inputs.address = address
        }
        if let dnsServer {
            do {
                inputs.server = try DNSServer(parsing: dnsServer)
            } catch {
                throw PeNetError.usage(
                    "--dns-server \(dnsServer.escapingControlCharacters): \(error.description); pass ip or ip:port, e.g. 10.0.0.4 or 127.0.0.1:5353",
                    resource: "--dns-server")
            }
        }
        if let sqlEndpoint {
            let (host, finding) = LinkInvariants.sqlEndpointHost(sqlEndpoint)
            if let finding { throw PeNetError.usage(finding.description, code: "link.\(finding.invariant)") }
            inputs.sqlHost = host
        }
        if outputDir != nil, inputs.sqlHost == nil {
            throw PeNetError.usage(
                "--output-dir writes the instance → SQL Server job scripts, which need --sql-endpoint; pass SQL Server's address as the instance's vnet reaches it",
                resource: "--sql-endpoint")
        }
        return inputs
    }

    /// `text` as an IPv4 network in CIDR form; host bits set, a missing or bad prefix length are
    /// one line naming `flag` and, where it can, the network meant.
    static func parseSubnet(_ text: String, flag: String) throws -> IPv4Network {
        if let network = IPv4Network(text), text.contains("/") { return network }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        var message = "\(flag) \(text.escapingControlCharacters) is not an IPv4 CIDR"
        if parts.count == 2, let address = IPv4Address(parts[0]), let length = Int(parts[1]),
            (0...32).contains(length), String(length) == parts[1]
        {
            let mask: UInt32 = length == 0 ? 0 : UInt32.max << (32 - length)
            let network = IPv4Address(value: address.value & mask)
            message += ": host bits are set; pass \(network)/\(length)"
        } else if parts.count == 1, IPv4Address(parts[0]) != nil {
            message += ": the prefix length is missing; pass the subnet, e.g. \(parts[0])/24 with its real length"
        } else {
            message += "; pass the instance subnet's address range, e.g. 10.0.1.0/24"
        }
        throw PeNetError.usage(message, resource: flag)
    }

    /// The instance subnet's IPv4 prefix from ARM (nil, with a warning, when ARM has none usable).
    static func subnet(from network: LinkARMWorkflow.InstanceNetwork, instance: ResourceID, env: Environment) throws
        -> IPv4Network?
    {
        if let prefix = network.subnetPrefixes.lazy.compactMap({ IPv4Network($0) }).first(where: { _ in true }) {
            return prefix
        }
        env.reporter.warning(
            network.subnetID == nil
                ? "ARM reports no subnetId for \(instance.name); pass --mi-subnet to check the FQDN is VNet-local"
                : "the subnet \(network.subnetID ?? "") of \(instance.name) has no IPv4 address prefix ARM reports; pass --mi-subnet"
        )
        return nil
    }

    /// Resolves `fqdn` through `server`, or the system resolver.
    func resolve(_ fqdn: String, through server: DNSServer?, env: Environment) async -> LinkDNSAnswer {
        guard let server else {
            do {
                return LinkDNSAnswer(
                    via: "the system resolver", addresses: try await env.hostResolver.ipv4Addresses(of: fqdn).sorted())
            } catch let failure as ResolutionFailure {
                return LinkDNSAnswer(via: "the system resolver", addresses: [], failure: failure.reason)
            } catch {
                return LinkDNSAnswer(via: "the system resolver", addresses: [], failure: "\(error)")
            }
        }
        let wait = Duration.milliseconds(timeout)
        let client = env.dns(server, DNSQuerySettings(timeout: wait, attempts: 2, maxInFlight: 4))
        guard let name = try? DomainName(fqdn) else {
            return LinkDNSAnswer(via: "\(server)", addresses: [], failure: "not a DNS name")
        }
        return LinkDNSAnswer(lookup: await client.lookup(name, type: .a))
    }
}
