import ARMNetwork
import ArgumentParser

/// The selection flags `approve` and `reject` share.
struct DecisionOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp("Connection names to act on.", valueName: "connection"))
    var name: [String] = []

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "Private endpoints whose connections to act on: ARM ids or endpoint names.", valueName: "endpoint"))
    var endpoint: [String] = []

    @Flag(name: .long, help: "Act on every Pending connection of the instance (confirms unless --yes).")
    var allPending = false

    @Option(help: "The description stored with the new state (default: \"<Approved|Rejected> by pe-net\").")
    var description: String?

    func validate() throws {
        let chosen = [!name.isEmpty, !endpoint.isEmpty, allPending].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("choose the connections with exactly one of --name, --endpoint or --all-pending")
        }
    }

    var selection: ConnectionSelection {
        if allPending { return ConnectionSelection(.allPending) }
        if !endpoint.isEmpty { return ConnectionSelection(.endpoints(endpoint)) }
        return ConnectionSelection(.names(name))
    }
}

/// `--no-wait` and the concurrency bound of the connection writes.
struct BulkOptions: ParsableArguments {
    @Flag(name: .long, help: "Do not wait for the long-running operations to finish.")
    var noWait = false

    @Option(name: .long, help: "How many connections to change at once.")
    var maxParallel = 8

    func validate() throws {
        guard (1...64).contains(maxParallel) else {
            throw ValidationError("--max-parallel must be between 1 and 64 (got \(maxParallel))")
        }
    }
}
