import ArgumentParser
import Foundation

/// The `arm-emulator` flags, declared once: the executable parses them from its command line and
/// the in-process test harness from the same argument lists, so both start the same emulator.
public struct ARMEmulatorFlags: ParsableArguments {
    @Option(help: "A JSON array of resource documents as ARM returns them (official example files also load).")
    public var world: String?

    @Option(help: "TCP port on 127.0.0.1; 0 picks a free one.")
    public var port: Int = 0

    @Flag(help: "Reject ARM requests without a bearer token issued by this emulator (or given with --accept-token).")
    public var requireToken = false

    @Option(help: "A bearer token to accept with --require-token (repeatable).")
    public var acceptToken: [String] = []

    @Option(help: "How long async operations stay InProgress, in milliseconds.")
    public var operationMs: Int = 0

    @Option(help: "The poll delay async operations advertise (retry-after-ms), in milliseconds.")
    public var pollAfterMs: Int = 50

    @Option(help: "Items per page of a list response.")
    public var pageSize: Int = 100

    @Option(help: "Seed of the random fault injector.")
    public var seed: UInt64?

    @Option(help: "Latency added to every ARM request, in milliseconds.")
    public var latencyMs: Int?

    @Option(help: "A fault plan: a JSON object, or the path of a file holding one.")
    public var faults: String?

    @Option(help: "The only client id the token endpoints accept.")
    public var clientId: String?

    @Option(help: "The only client secret the token endpoint accepts.")
    public var clientSecret: String?

    @Option(help: "The X-IDENTITY-HEADER value /msi/token requires.")
    public var identityHeader: String?

    @Option(help: "Lifetime of issued tokens, in seconds.")
    public var tokenLifetime: Int = 3599

    public init() {}

    /// The options these flags describe (reads the `--faults` file when one is named).
    public func options() throws -> ARMEmulatorOptions {
        ARMEmulatorOptions(
            port: port, requireToken: requireToken, acceptedTokens: acceptToken, operationMs: operationMs,
            pollAfterMs: pollAfterMs, pageSize: pageSize, seed: seed, latencyMs: latencyMs,
            faults: try faults.map(FaultPlan.parse) ?? FaultPlan(), clientID: clientId, clientSecret: clientSecret,
            identityHeader: identityHeader, tokenLifetime: tokenLifetime)
    }

    /// The `--world` file's contents (a JSON array), or no documents without `--world`.
    public func worldDocuments() throws -> [Data] {
        guard let world else { return [] }
        return [try ARMEmulatorServer.worldFile(at: world)]
    }
}
