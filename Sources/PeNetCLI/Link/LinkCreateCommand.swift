import ARMNetwork
import ArgumentParser
import Foundation
import MILink

/// `pe-net link create`: the ARM half of the link on the 2025-01-01 body schema. One-time steps
/// (SQL Server's certificate as a server trust certificate, the instance's endpoint certificate
/// for 05-instance-certificate.sql) are kept apart from the per-database one (the distributed
/// availability group), and each is skipped when ARM already has it.
struct LinkCreateCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract:
            "Create the link on the instance: trust SQL Server's certificate, fetch the instance's, create the link.",
        discussion: """
            Takes the flags of link plan plus --sql-certificate. Checks every invariant and reads the \
            certificate file before contacting Azure. Then: uploads SQL Server's certificate as a server \
            trust certificate unless one with the same public key is already on the instance (whatever \
            its name), writes 05-instance-certificate.sql with the instance's endpoint certificate into \
            --output-dir, and creates the distributed availability group, waiting for it. Refuses when \
            the link already exists. Asks for confirmation when standard input is a terminal; without \
            one, pass --yes. Run the SQL Server scripts S0-S10 of link plan first.
            """
    )

    @OptionGroup var link: LinkFlags

    @Option(
        help: ArgumentHelp(
            "SQL Server's certificate: the 0x… blob CERTENCODED prints (in a file), or the DER/PEM .cer.",
            valueName: "file"))
    var sqlCertificate: String

    @Flag(help: "Print the calls it would make, change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation (required when standard input is not a terminal).")
    var yes = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    /// The `-o json` document.
    struct Document: Encodable {
        var instance: String
        var link: String
        var dryRun: Bool
        var apiVersion: String
        var calls: [LinkARMWorkflow.Call]
        var files: [LinkPlanCommand.Document.File]
        var status: LinkStatus?
    }

    func run(_ env: Environment) async throws {
        // Everything local first: nothing is contacted while a flag or the file is wrong.
        guard let instanceText = link.instance else {
            throw PeNetError.usage(
                "--instance is required: the Managed Instance's ARM id, or its name with --resource-group",
                code: "input.missing-instance")
        }
        let blob = try Self.readCertificate(sqlCertificate, env: env)
        let instance = try InstanceOptions.resolve(instanceText, azure: azure, env: env)
        let directory = URL(fileURLWithPath: link.outputDir).standardizedFileURL
        var request = link.request
        request.instance = instance.path
        let offlineFQDN = request.miFQDN ?? "\(instance.name.lowercased()).placeholder.database.windows.net"
        try validate(request, miFQDN: offlineFQDN, env: env)
        _ = try LinkPlanCommand.write([], to: directory, outputDir: link.outputDir, dryRun: true)

        let workflow = LinkARMWorkflow(client: try azure.client(env), instance: instance)
        if request.miFQDN == nil {
            guard let fqdn = try await workflow.instanceFQDN() else {
                throw PeNetError.failure(
                    "ARM reports no fullyQualifiedDomainName for \(instance.name); pass --mi-fqdn",
                    resource: instance.path, code: "link.no-fqdn")
            }
            request.miFQDN = fqdn
        }
        let parameters = try validate(request, miFQDN: request.miFQDN ?? offlineFQDN, env: env)
        let linkName = parameters.distributedAvailabilityGroup
        if try await workflow.link(linkName) != nil {
            throw PeNetError.failure(
                "link \(linkName) already exists on instance \(instance.name); nothing was changed",
                fix: "pe-net link status --instance \(shellQuoted(instance.path)) --dag \(shellQuoted(linkName))",
                resource: try workflow.linkID(linkName).path, code: "link.exists")
        }

        // One-time steps: trust (by public key, not name) and the instance's certificate.
        var calls: [LinkARMWorkflow.Call] = []
        let trustID = try instance.child("serverTrustCertificates", parameters.certificateName)
        let existingTrust = try await workflow.trustCertificate(holding: blob)
        calls.append(
            LinkARMWorkflow.Call(
                phase: "one-time", method: "PUT", path: LinkARMWorkflow.display(trustID),
                body: LinkARMWorkflow.json(LinkARMWorkflow.trustBody(blob)),
                status: existingTrust == nil ? (dryRun ? "would run" : "pending") : "unchanged",
                message: existingTrust.map {
                    "SQL Server's certificate is already trusted as \($0.name ?? "?") (same public key)"
                } ?? "trust SQL Server's certificate as \(parameters.certificateName)"))
        let endpointID = try instance.child("endpointCertificates", "DATABASE_MIRRORING")
        let endpointText = try await workflow.endpointCertificate()
        let instanceBlob: PublicBlob
        do {
            instanceBlob = try PublicBlob(hex: endpointText ?? "")
        } catch {
            throw PeNetError.failure(
                "ARM's endpoint certificate of \(instance.name) is unusable: \(error.description); run EXEC sp_get_endpoint_certificate @endpoint_type = 4 on the instance instead",
                resource: endpointID.path, code: "link.endpoint-certificate")
        }
        calls.append(
            LinkARMWorkflow.Call(
                phase: "one-time", method: "GET", path: LinkARMWorkflow.display(endpointID), body: nil, status: "read",
                message: "the instance's certificate, for CREATE CERTIFICATE [\(parameters.instance.fqdn)]"))
        let plan: LinkPlan
        do {
            plan = try LinkPlan.render(parameters, instanceCertificate: instanceBlob)
        } catch {
            throw PeNetError.failure(error.description, code: "link.render")
        }
        let scripts = plan.files.filter { $0.path == "05-instance-certificate.sql" }

        // Per database: the link itself.
        let linkID = try workflow.linkID(linkName)
        calls.append(
            LinkARMWorkflow.Call(
                phase: "per-database", method: "PUT", path: LinkARMWorkflow.display(linkID),
                body: LinkARMWorkflow.json(LinkARMWorkflow.linkBody(parameters)),
                status: dryRun ? "would run" : "pending",
                message: "create link \(linkName) for \(parameters.databases.joined(separator: ", ")) (long-running)"))

        if dryRun {
            let files = try LinkPlanCommand.write(scripts, to: directory, outputDir: link.outputDir, dryRun: true)
            try report(calls, files: files, status: nil, instance: instance, linkName: linkName, env: env)
            return
        }
        try env.confirm(
            "Create link \(linkName) on \(instance.name) (\(calls.filter { $0.status == "pending" }.count) write(s))? [y/N] ",
            yes: yes)
        let files = try LinkPlanCommand.write(scripts, to: directory, outputDir: link.outputDir, dryRun: false)
        if existingTrust == nil {
            try await workflow.putTrustCertificate(name: parameters.certificateName, blob: blob)
            calls[0].status = "done"
            env.reporter.progressDone("trusted SQL Server's certificate as \(parameters.certificateName)")
        }
        let created = try await workflow.putLink(parameters)
        calls[2].status = "done"
        env.reporter.progressDone("created link \(linkName)")
        try report(
            calls, files: files, status: LinkStatus(created, now: env.clock.now()), instance: instance,
            linkName: linkName, env: env)
    }

    /// Runs the invariants with `miFQDN`; the first errors are one line each and nothing is contacted.
    @discardableResult
    func validate(_ request: LinkRequest, miFQDN: String, env: Environment) throws -> LinkParameters {
        var request = request
        request.miFQDN = miFQDN
        let (parameters, findings) = LinkInvariants.validate(request, today: CalendarDay(env.clock.now()))
        let errors = findings.filter { $0.severity == .error }
        if let parameters, errors.isEmpty { return parameters }
        for error in errors.dropLast() {
            env.reporter.report(.usage(error.description, code: "link.\(error.invariant)"))
        }
        throw errors.last.map { PeNetError.usage($0.description, code: "link.\($0.invariant)") }
            ?? PeNetError.usage("the link's flags are invalid; nothing was changed", code: "link.invalid")
    }

    /// The certificate file as a public blob, or one line of bad input.
    static func readCertificate(_ path: String, env: Environment) throws -> PublicBlob {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PeNetError.usage(
                "--sql-certificate \(path.escapingControlCharacters) cannot be read; pass the file holding SQL Server's certificate",
                resource: path, code: "input.sql-certificate")
        }
        do {
            return try PublicBlob(certificateFile: Array(data))
        } catch {
            throw PeNetError.usage(
                "--sql-certificate \(path.escapingControlCharacters): \(error.description); pass the 0x… blob CERTENCODED prints, or the .cer file",
                resource: path, code: "input.sql-certificate")
        }
    }

    func report(
        _ calls: [LinkARMWorkflow.Call], files: [LinkPlanCommand.Document.File], status: LinkStatus?,
        instance: ResourceID, linkName: String, env: Environment
    ) throws {
        env.reporter.clearStatus()
        if env.reporter.isJSON {
            try env.reporter.json(
                Document(
                    instance: instance.path, link: linkName, dryRun: dryRun, apiVersion: LinkARMWorkflow.apiVersion,
                    calls: calls, files: files, status: status))
            return
        }
        var lines: [String] = []
        for call in calls {
            lines.append("\(call.phase)  \(call.status)  \(call.method) \(call.path)")
            lines.append("    \(call.message)")
            if dryRun, let body = call.body { lines.append("    body: \(body)") }
        }
        let directory = URL(fileURLWithPath: link.outputDir).standardizedFileURL
        for file in files { lines.append("\(file.status) \(directory.appendingPathComponent(file.path).path)") }
        if let status {
            for database in status.databases {
                lines.append(
                    "link \(linkName): \(database.name) \(database.replicaState ?? "?"), \(database.connectedState ?? "?"), \(database.synchronizationHealth ?? "?")"
                )
            }
            lines.append("follow it with: pe-net link status --instance \(instance.path) --dag \(linkName)")
        }
        env.reporter.text(lines.joined(separator: "\n"))
    }
}

extension InstanceOptions {
    /// `--instance` as an ARM id or a name with `--resource-group`, checked to be a managed instance.
    static func resolve(_ text: String, azure: AzureOptions, env: Environment) throws -> ResourceID {
        // Parsed, not built field by field: every option of the group gets its value.
        let options: InstanceOptions
        do {
            options = try InstanceOptions.parse(["--instance=\(text)"])
        } catch {
            throw PeNetError.usage(
                "--instance \(text.escapingControlCharacters): \(InstanceOptions.message(for: error))",
                resource: text, code: "input.resource-id")
        }
        return try options.resolve(azure, env: env)
    }
}
