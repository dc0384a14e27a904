import ARMNetwork
import ArgumentParser
import DesiredState
import Foundation

/// `pe-net import`: writes the `pe-net.yaml` that describes what exists, so that `plan -f` on it
/// reports no changes.
struct ImportCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write the pe-net.yaml that describes the instances as they exist (plan -f on it shows no changes).",
        discussion: """
            Select the instances with --instance (repeatable; an ARM id, or a name with \
            --resource-group and --subscription), or all of a resource group (--resource-group, with \
            --subscription) or of a subscription (--subscription alone). For each instance the file \
            gets the approval policy that keeps its connections as they are (approved endpoints' \
            subscriptions, or their resource groups where a pending connection shares the \
            subscription; rejected endpoints under reject; pending connections stay pending and are \
            listed in comments) and the private DNS its approved endpoints use (the zones' \
            subscription and resource group, zoneName when it is not the privatelink name, ttl, \
            endpoints when not every approved endpoint is served). Every instance is planned before \
            the file is written; DNS that plan -f would still change is left out and explained in a \
            comment. Data Factory paths are imported from the Private Link Services in the \
            instances' subscriptions whose load balancer rules are named <instance>-<port> for imported \
            instances, with existing VMs' NICs as forwarders (a scale set, and the factory itself, \
            cannot be read back and are left to a comment); each path is planned first too. Reads only. The file goes to --out \
            (written atomically; an existing file only with --force), else to standard output; `-o json` prints a summary per instance instead (with \
            the file's text when there is no --out). Exits 0, 1 when Azure cannot be read, 64 on bad input (no selector, an instance that does not \
            exist, an existing --out without --force).
            """
    )

    @Option(
        name: .customLong("instance"),
        help: ArgumentHelp(
            "A Managed Instance to import: ARM id, or name with --resource-group (repeatable).", valueName: "id or name"
        ))
    var instances: [String] = []

    @Option(help: ArgumentHelp("Write the file here (default: standard output).", valueName: "file"))
    var out: String?

    @Flag(help: "With --out: replace an existing file.")
    var force = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if force, out == nil { throw ValidationError("--force needs --out <file>") }
    }

    func run(_ env: Environment) async throws {
        if let out { try OutputFile.checkWritable(out, force: force) }
        let client = try azure.client(env).readOnly()
        let importer = EstateImporter(client: client, clock: env.clock)
        let ids = try await selectInstances(importer, env: env)
        env.reporter.progress("importing \(ids.count) instance(s)")
        let imported: [ImportedInstance]
        do {
            imported = try await importer.importInstances(ids)
        } catch .instanceNotFound(let id) {
            throw PeNetError.usage(
                "--instance \(id.name): \(EstateImportError.instanceNotFound(id).description)", resource: id.path,
                code: "input.instance-not-found")
        } catch {
            throw PeNetError.failure(error.description, code: "import.read")
        }
        let subscriptions = ids.reduce(into: [String]()) { list, id in
            if !list.contains(where: { $0.lowercased() == id.subscription.lowercased() }) {
                list.append(id.subscription)
            }
        }
        for item in imported {
            if let verification = item.verification {
                env.reporter.warning(
                    "\(item.spec.instance.name): plan -f on the imported file still finds changes: \(verification)")
            }
        }
        var header = Self.header
        var paths: [ImportedDataFactoryPath] = []
        do {
            paths = try await DataFactoryPathImporter(client: client, clock: env.clock).importPaths(
                scopes: subscriptions.map { ($0, nil) }, instances: imported.map(\.spec.instance))
        } catch {
            // The instances are described; only the search for paths failed (e.g. no rights to list
            // Private Link Services): the file says so rather than failing the import.
            header.append("Data Factory paths could not be searched: \(error.description)")
            env.reporter.warning("Data Factory paths could not be searched: \(error.description)")
        }
        let text = PeNetFileWriter.render(imported, paths: paths, header: header)
        do {
            _ = try PeNetFile.parse(text, source: out ?? "<standard output>")
        } catch {
            throw PeNetError.failure(
                "the imported file does not load (\(error.description)); nothing written", code: "import.invalid")
        }
        if let out {
            try OutputFile.write(text, to: out)
            env.reporter.progressDone("wrote \(out): \(imported.count) instance(s)")
        }
        if env.reporter.isJSON {
            try env.reporter.json(
                ImportReport(
                    out: out, instances: imported.map(ImportReport.Instance.init), file: out == nil ? text : nil))
        } else if out == nil {
            env.reporter.raw(text)
        }
    }

    /// The instances selected: `--instance`, else every instance of `-g`, else of `--subscription`.
    func selectInstances(_ importer: EstateImporter, env: Environment) async throws -> [ResourceID] {
        if !instances.isEmpty {
            var ids: [ResourceID] = []
            for text in instances {
                let id = try azure.resourceID(
                    text, namespace: "Microsoft.Sql", type: "managedInstances", flag: "--instance", env: env)
                if !ids.contains(id) { ids.append(id) }
            }
            return ids
        }
        let scope: (subscription: String, resourceGroup: String?)
        if let group = azure.resourceGroup {
            guard let subscription = azure.defaultSubscription(env) else {
                throw PeNetError.usage(
                    "--resource-group \(group) needs a subscription: add --subscription (or set AZURE_SUBSCRIPTION_ID)",
                    fix: env.commandLine(rawExtra: ["--subscription", "\"$(az account show --query id -o tsv)\""]),
                    code: "input.needs-subscription")
            }
            scope = (subscription, group)
        } else if let subscription = azure.subscription {
            scope = (subscription, nil)
        } else {
            throw PeNetError.usage(
                "pe-net import needs what to import: --instance <id or name>, --resource-group <group> or --subscription <id>",
                fix: env.commandLine(rawExtra: ["--subscription", "\"$(az account show --query id -o tsv)\""]),
                code: "input.no-selector")
        }
        let ids: [ResourceID]
        do {
            ids = try await importer.instances(subscription: scope.subscription, resourceGroup: scope.resourceGroup)
        } catch {
            throw PeNetError.failure(error.description, code: "import.read")
        }
        guard !ids.isEmpty else {
            let place = scope.resourceGroup.map { "resource group \($0)" } ?? "subscription \(scope.subscription)"
            throw PeNetError.usage("\(place) has no Managed Instance; nothing written", code: "input.no-instances")
        }
        return ids
    }

    static let header = [
        "Imported from Azure by `pe-net import`: the instances as they exist, so that",
        "`pe-net plan -f <this file>` reports no changes while Azure stays as it is.",
        "Rules under approve also approve new pending requests that match them: narrow them before apply -f.",
        "Data Factory paths are imported from Private Link Services whose load balancer rules name these",
        "instances, with existing VMs as forwarders; the factory itself is not named (see examples/adf-mi.yaml).",
    ]
}

/// The `-o json` document of `pe-net import`.
struct ImportReport: Codable {
    struct Instance: Codable {
        var instance: ResourceID
        var approved: Int
        var pending: Int
        var rejected: Int
        var dns: Bool
        var notes: [String]

        init(_ imported: ImportedInstance) {
            instance = imported.spec.instance
            approved = imported.connections.filter { $0.status == .approved }.count
            pending = imported.pending.count
            rejected = imported.connections.filter { $0.status == .rejected }.count
            dns = imported.spec.dns != nil
            notes = imported.approvalNotes + imported.dnsNotes + (imported.verification.map { [$0] } ?? [])
        }
    }

    var out: String?
    var instances: [Instance]
    /// The file's text when it was not written to `out`.
    var file: String?
}

/// A file a command writes whole: refused when it exists (unless forced), written atomically.
enum OutputFile {
    /// Exit 64 when `path` exists and `force` is off, or its directory does not exist.
    static func checkWritable(_ path: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw PeNetError.usage(
                    "--out \(path.escapingControlCharacters) is a directory; name a file", code: "input.out")
            }
            if !force {
                throw PeNetError.usage(
                    "--out \(path.escapingControlCharacters) exists; add --force to replace it, or choose another file",
                    code: "input.out-exists")
            }
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw PeNetError.usage(
                "--out \(path.escapingControlCharacters): the directory \(directory.escapingControlCharacters) does not exist",
                code: "input.out")
        }
    }

    /// Writes through a temporary file in the same directory and a rename.
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PeNetError.failure(
                "cannot write \(path.escapingControlCharacters): \(error.localizedDescription)", resource: path,
                code: "write.out")
        }
    }
}
