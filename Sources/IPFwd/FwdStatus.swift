import Resolver

/// What `fwd status` reports: each mapping against the rules in the kernel, with counters, and
/// the drift (the steps a reconcile would take). State that could not be read is a finding,
/// never "no rules".
public struct FwdStatus: Sendable, Codable, Equatable {
    /// One mapping: its target, the recorded address, the rule in the kernel, its counters.
    public struct Mapping: Sendable, Codable, Equatable {
        public var listenPort: Int
        public var target: String
        public var resolved: String?
        public var rule: String?
        public var packets: Int
        public var bytes: Int
        public var ok: Bool
    }

    public var backend: FwdBackend
    public var interfaces: [String]
    public var mappings: [Mapping]
    public var ipForwarding: Bool
    /// What differs from the recorded state, one line each (empty: in sync).
    public var drift: [String]
    public var leftovers: [FwdLeftover]
    /// What could not be read (errors) and warnings.
    public var findings: [Finding]
    /// Whether the flowtable fast path is in use, and why (not).
    public var fastPath: FwdFastPathDecision?

    /// True when the current state could not be read completely: drift is unknown.
    public var isUnknown: Bool { findings.contains { $0.severity == .error } }
    /// True when the rules, ip_forward and pe-net's files match the state file.
    public var inSync: Bool { !isUnknown && drift.isEmpty }
}

extension FwdWorkflow {
    /// Compares the forwarder with the state file (recorded addresses, no fresh lookups).
    public func status(backend choice: FwdBackendChoice = .auto) async throws -> FwdStatus {
        try requireRoot("status")
        let state = try requireState(for: "status")
        let fastPath = state.config.fastPath ?? .auto
        async let kernel = probeFastPath(fastPath, state: state, backend: choice)
        let snapshot = await inspector.snapshot()
        let backend = try await backend(choice, state: state, nftWorks: snapshot.nftRuleset != nil)
        var desired = try await FwdTargetResolver(resolver: LastKnownResolver(state: state))
            .resolve(state.config, lastKnown: state, useLastKnown: true)
        // `on` that the kernel cannot do is reported, not thrown: status only reads.
        let probed = await kernel
        let decision: FwdFastPathDecision
        do {
            decision = try FwdFastPathDetector.decide(fastPath, backend: backend, kernel: probed)
        } catch {
            decision = FwdFastPathDecision(requested: fastPath, active: false, reason: "unavailable: \(error)")
        }
        desired.ruleSet.fastPath = decision.active
        var observation = await inspector.observe(
            backend: backend, ports: Set(state.config.mappings.map(\.listenPort)), snapshot: snapshot)
        readFiles([FwdPaths.stateFile, FwdPaths.sysctlFile], into: &observation)
        let plan = FwdPlanner.plan(
            .reconcile, desired: desired.ruleSet,
            state: desired.state(backend: backend, config: state.config, previous: state), observation: observation,
            root: files.root)
        let rows = state.config.mappings.map { mapping -> FwdStatus.Mapping in
            let applied = observation.rules.dnat.first { $0.listenPort == mapping.listenPort }
            let counters = observation.rules.counters(for: mapping.listenPort)
            let wanted = desired.ruleSet.rules.first { $0.listenPort == mapping.listenPort }
            let rule = applied.map { "\($0.target.address):\($0.target.port)" }
            return FwdStatus.Mapping(
                listenPort: mapping.listenPort, target: "\(mapping.target):\(mapping.targetPort)",
                resolved: state.lastKnown(mapping.listenPort)?.description ?? wanted?.targetAddress.description,
                rule: rule, packets: counters.packets, bytes: counters.bytes,
                ok: rule != nil && rule == wanted?.targetEndpoint)
        }
        let drift = plan.steps.flatMap { step in
            step.details.isEmpty ? [step.message] : step.details.map(\.message)
        }
        return FwdStatus(
            backend: backend, interfaces: state.config.interfaces, mappings: rows,
            ipForwarding: observation.ipForwarding,
            drift: observation.findings.contains { $0.severity == .error } ? [] : drift,
            leftovers: observation.leftovers, findings: plan.findings, fastPath: decision)
    }
}
