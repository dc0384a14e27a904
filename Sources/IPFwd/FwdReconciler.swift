/// What one reconcile pass found and did.
public struct FwdReconcileReport: Sendable, Equatable {
    public var plan: FwdPlan
    public var resolution: FwdResolution
    public var notes: [String]
}

/// Re-resolution: resolves the state file's targets again, swaps changed addresses (the new
/// rules first, then the stale conntrack entries), repairs drift, and on DNS failure keeps the
/// last known good address. Stateless and idempotent; the reconcile timer runs it.
public struct FwdReconciler: Sendable {
    public let environment: FwdEnvironment

    public init(environment: FwdEnvironment) {
        self.environment = environment
    }

    /// One pass. `backend` overrides the one the state file recorded.
    public func reconcile(backend: FwdBackend? = nil) async throws -> FwdReconcileReport {
        guard let state = try environment.files.loadState() else {
            throw IPFwdError.invalidInput(["no state file at \(environment.files.path(FwdPaths.stateFile)); run 'pe-net fwd apply --map ...' first"])
        }
        let engine = FwdEngine(environment: environment)
        let resolution = try await engine.resolve(state.config, lastKnown: state, useLastKnown: true)
        let (plan, _) = try await engine.plan(resolution.ruleSet, backend: backend ?? state.backend)
        let report = try await engine.apply(plan, config: state.config, resolution: resolution, previous: state)
        return FwdReconcileReport(plan: plan, resolution: resolution, notes: report.notes)
    }
}
