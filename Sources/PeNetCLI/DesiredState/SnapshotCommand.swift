import ARMNetwork
import ArgumentParser
import DesiredState
import Foundation

/// `pe-net snapshot`: saves the resources a desired-state file covers, read from ARM, as a world
/// file for `--sandbox`.
struct SnapshotCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save the Azure resources a pe-net.yaml covers as a world file for --sandbox (reads only).",
        discussion: """
            Reads from ARM everything plan -f reads for the file (instances and their private \
            endpoint connections, endpoints, NICs, vnets with subnets and peerings, private DNS \
            zones, record sets and vnet links, the Data Factory paths' load balancer, Private Link \
            Service, forwarders and factory endpoint), plus what those refer to (parents, the \
            endpoints of all connections and their NICs, subnets' vnets, peered vnets), and writes them as the emulator's world file: a JSON array of \
            ARM documents sorted by id. `plan -f <file> --sandbox <world.json>` then gives the plan \
            Azure gives, so an apply can be rehearsed on a copy of the real estate. Only GET and \
            Resource Graph queries are sent; no token, password, key or custom data is written. \
            Written atomically; an existing file only with --force. Exits 0, 1 when Azure cannot be \
            read, 64 on a bad file or an existing --out without --force.
            """
    )

    @OptionGroup var source: DesiredStateFileOptions

    @Option(help: ArgumentHelp("The world file to write.", valueName: "world.json"))
    var out: String

    @Flag(help: "Replace an existing --out file.")
    var force = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let file = try source.load()
        try OutputFile.checkWritable(out, force: force)
        let snapshot = WorldSnapshot()
        let reader = try azure.client(env).readOnly(observe: snapshot.record)
        env.reporter.progress(
            "reading \(file.instances.count) instance(s) and \(file.dataFactoryPaths.count) Data Factory path(s)")
        // The same plan as `plan -f` (instances, the deletes scan, links, paths), through the
        // recording client: whatever it reads is what a sandboxed plan of the copy needs.
        let parts = try await DesiredStateRun(file: source.file, client: reader, clock: env.clock).plan(file)
        if let part = parts.estate.instances.first(where: { $0.error != nil }) {
            throw PeNetError.failure(
                "instance \(part.instance.name) cannot be read: \(part.error ?? "")", resource: part.instance.path,
                code: "snapshot.read")
        }
        do {
            try await snapshot.completeReferences(with: reader)
        } catch let error as ARMError {
            throw PeNetError(error)
        }
        let data: Data
        do {
            data = try snapshot.worldJSON()
        } catch {
            throw PeNetError.failure("cannot encode the world file: \(error)", code: "snapshot.encode")
        }
        try OutputFile.write(String(decoding: data, as: UTF8.self), to: out)
        if env.reporter.isJSON {
            try env.reporter.json(SnapshotReport(out: out, resources: snapshot.ids))
        } else {
            env.reporter.text("wrote \(out): \(snapshot.count) resource(s)")
        }
    }
}

/// The `-o json` document of `pe-net snapshot`.
struct SnapshotReport: Codable {
    var out: String
    /// The ids written, sorted.
    var resources: [String]
}
