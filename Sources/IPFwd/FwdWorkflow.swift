import Foundation
import Resolver

/// The seams every `pe-net fwd` workflow works through.
public struct FwdEnvironment: Sendable {
    public var runner: any CommandRunner
    public var resolver: any HostResolving
    public var files: FwdFiles
    /// The effective user id the commands run with (0: root); tests simulate others.
    public var userID: UInt32

    public init(runner: any CommandRunner, resolver: any HostResolving, files: FwdFiles, userID: UInt32 = geteuid()) {
        self.runner = runner
        self.resolver = resolver
        self.files = files
        self.userID = userID
    }

    public var isRoot: Bool { userID == 0 }
}

/// What the operator asked `fwd plan` / `fwd apply` for.
public struct FwdRequest: Sendable, Hashable {
    /// `--map` values; empty: the state file's mappings.
    public var maps: [String]
    public var interfaces: [String]
    public var sources: [String]
    public var backend: FwdBackendChoice
    public var cleanLeftovers: Bool
    /// `--fast-path`; nil: the state file's choice, else auto.
    public var fastPath: FwdFastPath?

    public init(
        maps: [String] = [], interfaces: [String] = [], sources: [String] = [], backend: FwdBackendChoice = .auto,
        cleanLeftovers: Bool = false, fastPath: FwdFastPath? = nil
    ) {
        self.maps = maps
        self.interfaces = interfaces
        self.sources = sources
        self.backend = backend
        self.cleanLeftovers = cleanLeftovers
        self.fastPath = fastPath
    }
}

/// Plan and apply for every `pe-net fwd` command that changes the forwarder, in the shape of a
/// preview/push: `plan…` reads and validates (no write), `apply` executes exactly the plan's
/// steps. A plan with an error finding (e.g. state that could not be read) is never applied.
public struct FwdWorkflow: Sendable {
    public let environment: FwdEnvironment

    public init(environment: FwdEnvironment) {
        self.environment = environment
    }

    var files: FwdFiles { environment.files }
    var inspector: FwdInspector { FwdInspector(runner: environment.runner) }

    /// Throws `needsRoot` unless running as root.
    public func requireRoot(_ command: String) throws {
        guard environment.isRoot else { throw IPFwdError.needsRoot(command: command) }
    }

    // MARK: Planning

    /// The plan of `fwd apply`: validate the flags (or take the state file's mappings), resolve
    /// the names, read the forwarder, and list every write.
    public func plan(_ request: FwdRequest) async throws -> FwdPlan {
        try requireRoot("apply")
        let state = try files.loadState()
        let fastPath = request.fastPath ?? state?.config.fastPath ?? .auto
        // One procfs read and one nft ruleset dump serve validation, detection and planning; the
        // flowtable probe runs alongside.
        async let kernel = probeFastPath(fastPath, state: state, backend: request.backend)
        let snapshot = await inspector.snapshot()
        var (config, warnings) = try await desiredConfig(request, state: state, interfaces: snapshot.interfaces)
        config.fastPath = request.fastPath ?? state?.config.fastPath
        var resolution = try await FwdTargetResolver(resolver: environment.resolver)
            .resolve(config, lastKnown: state, useLastKnown: request.maps.isEmpty)
        let backend = try await backend(request.backend, state: state, nftWorks: snapshot.nftRuleset != nil)
        let decision = try FwdFastPathDetector.decide(fastPath, backend: backend, kernel: await kernel)
        resolution.ruleSet.fastPath = decision.active
        var observation = await inspector.observe(
            backend: backend, ports: Set(config.mappings.map(\.listenPort)), snapshot: snapshot)
        readFiles([FwdPaths.stateFile, FwdPaths.sysctlFile], into: &observation)
        var plan = FwdPlanner.plan(
            .apply, desired: resolution.ruleSet,
            state: resolution.state(backend: backend, config: config, previous: state),
            observation: observation, root: files.root, cleanLeftovers: request.cleanLeftovers,
            findings: warnings + resolution.findings)
        plan.fastPath = decision
        return plan
    }

    /// Probes the kernel for flowtables unless the answer cannot matter (off, or an iptables
    /// backend asked for or recorded).
    func probeFastPath(_ fastPath: FwdFastPath, state: FwdState?, backend choice: FwdBackendChoice) async -> (
        available: Bool, detail: String
    )? {
        let iptables =
            choice == .iptables || choice == .iptablesNft || choice == .iptablesLegacy
            || (choice == .auto && state.map { $0.backend != .nft } == true)
        guard fastPath != .off, !iptables else { return nil }
        return await FwdFastPathDetector(runner: environment.runner).kernelHasFlowtable()
    }

    /// The plan of `fwd reconcile`: the state file's mappings resolved again (a name that fails
    /// keeps its last good address), drift repaired. `backend` overrides the recorded one.
    /// `fastPath` overrides the state file's `--fast-path` for this run (the units pass it).
    public func planReconcile(backend choice: FwdBackendChoice = .auto, fastPath requested: FwdFastPath? = nil)
        async throws -> FwdPlan
    {
        try requireRoot("reconcile")
        let state = try requireState(for: "reconcile")
        let fastPath = requested ?? state.config.fastPath ?? .auto
        async let kernel = probeFastPath(fastPath, state: state, backend: choice)
        async let snapshotRead = inspector.snapshot()
        var resolution = try await FwdTargetResolver(resolver: environment.resolver)
            .resolve(state.config, lastKnown: state, useLastKnown: true)
        let snapshot = await snapshotRead
        let backend = try await backend(choice, state: state, nftWorks: snapshot.nftRuleset != nil)
        let decision = try FwdFastPathDetector.decide(fastPath, backend: backend, kernel: await kernel)
        resolution.ruleSet.fastPath = decision.active
        var observation = await inspector.observe(
            backend: backend, ports: Set(state.config.mappings.map(\.listenPort)), snapshot: snapshot)
        readFiles([FwdPaths.stateFile, FwdPaths.sysctlFile], into: &observation)
        var plan = FwdPlanner.plan(
            .reconcile, desired: resolution.ruleSet,
            state: resolution.state(backend: backend, config: state.config, previous: state), observation: observation,
            root: files.root, findings: resolution.findings, resolutionFailures: resolution.failures)
        plan.fastPath = decision
        return plan
    }

    /// The plan of `fwd remove`: pe-net's rules in every backend, its FORWARD accepts, and its
    /// files unless `keepState`.
    public func planRemoval(
        backend choice: FwdBackendChoice = .auto, keepState: Bool = false, cleanLeftovers: Bool = false
    )
        async throws -> FwdPlan
    {
        try requireRoot("remove")
        let state = try files.loadState()
        let snapshot = await inspector.snapshot()
        let backend = try await backend(choice, state: state, nftWorks: snapshot.nftRuleset != nil)
        let ports = state?.config.mappings.map(\.listenPort) ?? []
        var observation = await inspector.observe(backend: backend, ports: Set(ports), snapshot: snapshot)
        readFiles([FwdPaths.stateFile, FwdPaths.sysctlFile], into: &observation)
        return FwdPlanner.removal(
            observation: observation, root: files.root, ports: ports, keepState: keepState,
            cleanLeftovers: cleanLeftovers
        )
    }

    /// The plan of `fwd install`: the sysctl drop-in and the units, and (on a systemd machine at
    /// root `/`, or when `manageUnits` says so) daemon-reload and enabling them.
    public func planInstall(
        binary: String = FwdPaths.defaultBinary, interval: String = "60s", dnsServer: String? = nil,
        manageUnits: Bool? = nil, fastPath: FwdFastPath? = nil
    ) async throws -> FwdPlan {
        if files.isSystemRoot { try requireRoot("install") }
        let state = try files.loadState()
        guard let state else {
            throw IPFwdError.invalidInput([
                "no state file at \(files.path(FwdPaths.stateFile)); run 'pe-net fwd apply --map ...' before install"
            ])
        }
        guard interval.first?.isNumber == true, !interval.contains(" ") else {
            throw IPFwdError.invalidInput(["--interval '\(interval)' is not a systemd time span; use e.g. 30s or 2min"])
        }
        let manage = manageUnits ?? (files.isSystemRoot && files.exists(FwdPaths.systemdRuntimeDirectory))
        let artifacts = installArtifacts(binary: binary, interval: interval, dnsServer: dnsServer, fastPath: fastPath)
        let observation = await installObservation(backend: state.backend, manageUnits: manage)
        return FwdPlanner.install(artifacts: artifacts, observation: observation, root: files.root, manageUnits: manage)
    }

    /// The files `fwd install` writes.
    public func installArtifacts(binary: String, interval: String, dnsServer: String?, fastPath: FwdFastPath? = nil)
        -> [FwdArtifact]
    {
        [FwdRenderer.sysctl()]
            + FwdRenderer.systemdUnits(binary: binary, interval: interval, dnsServer: dnsServer, fastPath: fastPath)
    }

    // MARK: Applying

    /// Executes exactly `plan`'s steps. Refuses (nothing written) when the plan has a blocking
    /// finding, was made for another root, or — with `checkBasis`, for a saved plan — the
    /// forwarder changed since it was made.
    public func apply(
        _ plan: FwdPlan, strict: Bool = false, checkBasis: Bool = false,
        progress: @Sendable (FwdProgress) -> Void = { _ in }
    ) async throws -> FwdOutcome {
        if plan.operation != .install || files.isSystemRoot { try requireRoot(plan.operation.rawValue) }
        let blocking = plan.blockingFindings(strict: strict)
        guard blocking.isEmpty else { throw IPFwdError.blocked(blocking) }
        try verifyRoot(of: plan)
        if checkBasis { try await verifyBasis(of: plan) }
        try files.requireWritable(
            plan.steps.compactMap { step in
                switch step.action {
                case .writeFile(let artifact): return artifact.path
                case .removeFile(let path): return path
                default: return nil
                }
            })
        return try await FwdApplier(runner: environment.runner, files: files).apply(plan, progress: progress)
    }

    /// Throws `stalePlan` unless the forwarder still reads the way it did when `plan` was made.
    public func verifyBasis(of plan: FwdPlan) async throws {
        try verifyRoot(of: plan)
        guard try await currentBasis(for: plan) == plan.basis else {
            throw IPFwdError.stalePlan("the forwarder's rules or pe-net's files changed since the plan was made")
        }
    }

    func verifyRoot(of plan: FwdPlan) throws {
        guard FwdPaths.under(plan.root, "/") == FwdPaths.under(files.root, "/") else {
            throw IPFwdError.stalePlan("it was made for --root \(plan.root), not \(files.root)")
        }
    }

    /// Reads the forwarder again the way `plan`'s operation did and returns the fingerprint.
    func currentBasis(for plan: FwdPlan) async throws -> String {
        switch plan.operation {
        case .apply, .reconcile, .remove:
            var observation = await inspector.observe(backend: plan.backend, ports: Set(plan.ports))
            readFiles([FwdPaths.stateFile, FwdPaths.sysctlFile], into: &observation)
            let blocking = observation.findings.filter { $0.severity == .error }
            if !blocking.isEmpty { throw IPFwdError.blocked(blocking) }
            return observation.fingerprint
        case .install:
            let manage =
                plan.steps.contains { $0.kind == .service }
                || (files.isSystemRoot && files.exists(FwdPaths.systemdRuntimeDirectory))
            return await installObservation(backend: plan.backend, manageUnits: manage).fingerprint
        }
    }

    // MARK: Pieces

    /// The config from the request, or from the state file when no --map is given.
    /// `interfaces` are the machine's (nil: not known, not checked).
    public func desiredConfig(_ request: FwdRequest, state: FwdState?, interfaces known: Set<String>?) async throws
        -> (FwdConfig, [Finding])
    {
        guard !request.maps.isEmpty else {
            guard let state else {
                throw IPFwdError.invalidInput([
                    "no --map given and no state file at \(files.path(FwdPaths.stateFile)); add --map <listen-port>=<host>:<port>"
                ])
            }
            return (state.config, [])
        }
        var interfaces = request.interfaces
        if interfaces.isEmpty, let dev = await inspector.defaultRouteInterface() { interfaces = [dev] }
        return try FwdValidator(knownInterfaces: known)
            .validate(maps: request.maps, interfaces: interfaces, sources: request.sources)
    }

    /// The backend: the explicit choice, else the one the state file recorded, else detection.
    public func backend(_ choice: FwdBackendChoice, state: FwdState?, nftWorks: Bool? = nil) async throws -> FwdBackend
    {
        if choice == .auto, let recorded = state?.backend { return recorded }
        return try await FwdBackendDetector(runner: environment.runner).detect(choice, nftWorks: nftWorks)
    }

    func requireState(for command: String) throws -> FwdState {
        guard let state = try files.loadState() else {
            throw IPFwdError.invalidInput([
                "no state file at \(files.path(FwdPaths.stateFile)); run 'pe-net fwd apply --map ...' first"
            ])
        }
        return state
    }

    /// Adds pe-net's files to the observation; one that exists but cannot be read is a finding.
    func readFiles(_ paths: [String], into observation: inout FwdObservation) {
        for path in paths {
            do {
                if let content = try files.read(path) { observation.files[path] = content }
            } catch {
                observation.findings.append(FwdInspector.readFailure(files.path(path), "\(error)"))
            }
        }
    }

    func installObservation(backend: FwdBackend, manageUnits: Bool) async -> FwdObservation {
        var observation = FwdObservation(backend: backend, rules: .absent, ipForwarding: true)
        readFiles(FwdPaths.installFiles, into: &observation)
        if manageUnits {
            let (units, findings) = await inspector.unitStates([FwdPaths.restoreUnit, FwdPaths.reconcileTimer])
            observation.units = units
            observation.findings += findings
        }
        return observation
    }
}

extension FwdFiles {
    /// True when the root is the machine's own `/` (not an image being built).
    public var isSystemRoot: Bool { FwdPaths.under(root, "/") == "/" }
}
