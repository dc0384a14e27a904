import ArgumentParser
import Foundation
import IPFwd
import Resolver

extension FwdEnvironment {
    /// The real seams: subprocesses, the system resolver (or one DNS server), files below `root`.
    static func live(system: FwdSystemOptions) throws -> FwdEnvironment {
        let resolver: any HostResolving =
            try system.dnsServer.map { try DNSServerHostResolver(server: $0) } ?? SystemHostResolver()
        return FwdEnvironment(runner: SubprocessCommandRunner(), resolver: resolver, files: FwdFiles(root: system.root))
    }

    /// The request of plan and apply from their flags.
    static func request(_ mappings: FwdMappingOptions, _ system: FwdSystemOptions, _ change: FwdChangeOptions)
        -> FwdRequest
    {
        FwdRequest(
            maps: mappings.maps, interfaces: mappings.interfaces, sources: mappings.sources, backend: system.backend,
            cleanLeftovers: change.cleanLeftovers)
    }
}

/// Steps shared by the fwd commands: building the desired config, choosing the backend,
/// reporting errors as one line with the documented exit code.
enum FwdSupport {
    /// Runs `body`, printing pe-net errors as one line and exiting with the documented code.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as IPFwdError {
            printError(error.description)
            switch error {
            case .invalidInput, .invalidMapping, .needsRoot, .stalePlan: throw PeNetExit.usage
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
}
