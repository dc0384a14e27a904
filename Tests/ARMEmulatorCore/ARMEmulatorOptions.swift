import Foundation

/// How an emulator runs: the settings behind the `arm-emulator` flags, for the executable and for
/// tests that run the emulator in-process.
public struct ARMEmulatorOptions: Sendable, Equatable {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    public var port: Int
    /// Reject ARM requests without a bearer token this emulator issued (or one of ``acceptedTokens``).
    public var requireToken: Bool
    /// Bearer tokens accepted with ``requireToken`` besides the issued ones.
    public var acceptedTokens: [String]
    /// How long async operations stay InProgress, in milliseconds.
    public var operationMs: Int
    /// The poll delay async operations advertise (`retry-after-ms`), in milliseconds.
    public var pollAfterMs: Int
    /// Items per page of a list response (at least 1).
    public var pageSize: Int
    /// Seed of the random fault injector; overrides ``faults``' seed when set.
    public var seed: UInt64?
    /// Latency added to every ARM request, in milliseconds; overrides ``faults``' latency when set.
    public var latencyMs: Int?
    /// The fault plan to start with.
    public var faults: FaultPlan
    /// The only client id the token endpoints accept (nil: any).
    public var clientID: String?
    /// The only client secret the token endpoint accepts (nil: any).
    public var clientSecret: String?
    /// The `X-IDENTITY-HEADER` value `/msi/token` requires.
    public var identityHeader: String?
    /// Lifetime of issued tokens, in seconds.
    public var tokenLifetime: Int

    public init(
        port: Int = 0, requireToken: Bool = false, acceptedTokens: [String] = [], operationMs: Int = 0,
        pollAfterMs: Int = 50, pageSize: Int = 100, seed: UInt64? = nil, latencyMs: Int? = nil,
        faults: FaultPlan = FaultPlan(), clientID: String? = nil, clientSecret: String? = nil,
        identityHeader: String? = nil, tokenLifetime: Int = 3599
    ) {
        self.port = port
        self.requireToken = requireToken
        self.acceptedTokens = acceptedTokens
        self.operationMs = operationMs
        self.pollAfterMs = pollAfterMs
        self.pageSize = pageSize
        self.seed = seed
        self.latencyMs = latencyMs
        self.faults = faults
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.identityHeader = identityHeader
        self.tokenLifetime = tokenLifetime
    }

    /// ``faults`` with ``seed`` and ``latencyMs`` applied.
    public var effectiveFaults: FaultPlan {
        var plan = faults
        if let seed { plan.seed = seed }
        if let latencyMs { plan.latencyMs = latencyMs }
        return plan
    }
}

extension Emulator {
    /// An emulator with `world` loaded (documents, arrays of documents or official example files).
    static func make(world: [Data], options: ARMEmulatorOptions) async throws -> Emulator {
        let store = World(operationDuration: Double(options.operationMs) / 1000, pollAfterMs: options.pollAfterMs)
        try await store.load(try world.map { try JSON.parse($0) })
        return Emulator(
            world: store, faults: FaultInjector(plan: options.effectiveFaults), log: RequestLog(),
            identity: Identity(
                settings: .init(
                    clientID: options.clientID, clientSecret: options.clientSecret,
                    identityHeader: options.identityHeader, tokenLifetime: options.tokenLifetime,
                    acceptedTokens: options.acceptedTokens)),
            requireToken: options.requireToken, pageSize: max(1, options.pageSize))
    }
}
