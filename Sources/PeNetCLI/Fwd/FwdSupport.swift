import ArgumentParser
import Foundation
import IPFwd
import Resolver

extension FwdEnvironment {
    /// The real seams: subprocesses, the system resolver (or one DNS server), files below `root`.
    static func live(system: FwdSystemOptions) throws -> FwdEnvironment {
        let resolver: any HostResolving = try system.dnsServer.map { try DNSServerHostResolver(server: $0) } ?? SystemHostResolver()
        return FwdEnvironment(runner: SubprocessCommandRunner(), resolver: resolver, files: FwdFiles(root: system.root))
    }
}

/// Steps shared by the fwd commands: building the desired config, choosing the backend,
/// reporting errors as one line with the documented exit code.
enum FwdSupport {
    /// The config from the flags, or from the state file when no --map is given. `interfaces`
    /// are the machine's (nil: rendering for another machine, not checked).
    static func desiredConfig(_ mappings: FwdMappingOptions, environment: FwdEnvironment, state: FwdState?,
                              interfaces known: Set<String>?) async throws -> (FwdConfig, [Finding]) {
        guard !mappings.maps.isEmpty else {
            guard let state else {
                throw IPFwdError.invalidInput(["no --map given and no state file at \(environment.files.path(FwdPaths.stateFile)); add --map <listen-port>=<host>:<port>"])
            }
            return (state.config, [])
        }
        var interfaces = mappings.interfaces
        if interfaces.isEmpty, known != nil,
           let dev = await FwdInspector(runner: environment.runner).defaultRouteInterface() {
            interfaces = [dev]
        }
        return try FwdValidator(knownInterfaces: known).validate(maps: mappings.maps, interfaces: interfaces, sources: mappings.sources)
    }

    /// The backend: the explicit choice, else the one the state file recorded, else detection.
    static func backend(_ choice: FwdBackendChoice, state: FwdState?, runner: any CommandRunner,
                        nftWorks: Bool? = nil) async throws -> FwdBackend {
        if choice == .auto, let recorded = state?.backend { return recorded }
        return try await FwdBackendDetector(runner: runner).detect(choice, nftWorks: nftWorks)
    }

    /// Runs `body`, printing pe-net errors as one line and exiting with the documented code.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as IPFwdError {
            printError(error.description)
            switch error {
            case .invalidInput, .invalidMapping: throw PeNetExit.usage
            default: throw PeNetExit.failure
            }
        } catch let error as ResolutionFailure {
            printError(error.description)
            throw PeNetExit.failure
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
    }

    static func printWarnings(_ findings: [Finding]) {
        for finding in findings {
            FileHandle.standardError.write(Data(("\(finding.severity.rawValue): \(finding.message)\n").utf8))
        }
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The plan as text: one line per change, or a no-op line.
    static func text(_ plan: FwdPlan, verb: String) -> String {
        guard !plan.changes.isEmpty else {
            return "No changes: pe-net's \(plan.backend) rules already match (inspect with: \(plan.backend.inspectCommand))."
        }
        let lines = plan.changes.map { change -> String in
            let sign: String
            switch change.kind {
            case .add, .allowForward, .enableForwarding: sign = "+"
            case .remove, .removeForwardAccept, .removeLeftover, .flushConntrack: sign = "-"
            case .retarget, .update, .repair: sign = "~"
            }
            return "  \(sign) \(change.message)"
        }
        return "\(verb) (\(plan.backend)):\n" + lines.joined(separator: "\n")
    }
}

/// What plan and apply print with `-o json`.
struct FwdPlanOutput: Encodable {
    var backend: FwdBackend
    var changes: [FwdChange]
    var applied: Bool
    var findings: [Finding]
    var leftovers: [FwdLeftover]
    var notes: [String]
}
