import DNSModel
import Resolver

/// The seams every `pe-net fwd` command works through.
public struct FwdEnvironment: Sendable {
    public var runner: any CommandRunner
    public var resolver: any HostResolving
    public var files: FwdFiles

    public init(runner: any CommandRunner, resolver: any HostResolving, files: FwdFiles) {
        self.runner = runner
        self.resolver = resolver
        self.files = files
    }
}

/// Targets resolved to addresses, with what went wrong on the way.
public struct FwdResolution: Sendable, Equatable {
    public var ruleSet: FwdRuleSet
    /// Addresses that came from DNS this time (not from the last known good).
    public var fresh: [Int: IPv4Address]
    public var findings: [Finding]
    /// Names that did not resolve (with or without a last known good address to fall back on).
    public var failures: [ResolutionFailure]
}

/// Resolution, planning and applying in one place so plan, apply, reconcile and the boot
/// restore share one path.
public struct FwdEngine: Sendable {
    public let environment: FwdEnvironment

    public init(environment: FwdEnvironment) {
        self.environment = environment
    }

    /// Resolves every target. A name that fails keeps `lastKnown`'s address when
    /// `useLastKnown` (reconcile, restore); otherwise, or without one, it is an error.
    public func resolve(_ config: FwdConfig, lastKnown: FwdState? = nil, useLastKnown: Bool = false,
                        resolver: (any HostResolving)? = nil) async throws -> FwdResolution {
        let resolver = resolver ?? environment.resolver
        var rules: [FwdRule] = []
        var fresh: [Int: IPv4Address] = [:]
        var findings: [Finding] = []
        var failures: [ResolutionFailure] = []
        var errors: [String] = []
        for mapping in config.mappings {
            switch mapping.target {
            case .address(let address):
                rules.append(FwdRule(listenPort: mapping.listenPort, targetAddress: address, targetPort: mapping.targetPort))
            case .host(let host):
                do {
                    let addresses = try await resolver.ipv4Addresses(of: host).sorted()
                    guard let first = addresses.first else { throw ResolutionFailure(host: host, reason: "no IPv4 address") }
                    if addresses.count > 1 {
                        findings.append(Finding(
                            severity: .warning, code: "fwd.several-addresses",
                            message: "\(host) has \(addresses.count) addresses (\(addresses.map(\.description).joined(separator: ", "))); forwarding to the lowest, \(first)",
                            resource: host))
                    }
                    fresh[mapping.listenPort] = first
                    rules.append(FwdRule(listenPort: mapping.listenPort, targetAddress: first, targetPort: mapping.targetPort, host: host))
                } catch {
                    let failure = (error as? ResolutionFailure) ?? ResolutionFailure(host: host, reason: "\(error)")
                    failures.append(failure)
                    if useLastKnown, let known = lastKnown?.lastKnown(mapping.listenPort) {
                        findings.append(Finding(
                            severity: .warning, code: "fwd.kept-last-known",
                            message: "\(failure); keeping the last known good address \(known) for port \(mapping.listenPort)",
                            resource: host))
                        rules.append(FwdRule(listenPort: mapping.listenPort, targetAddress: known, targetPort: mapping.targetPort, host: host))
                    } else {
                        errors.append("mapping '\(mapping)': \(failure); fix the name or DNS, or give the IPv4 address")
                    }
                }
            }
        }
        guard errors.isEmpty else { throw IPFwdError.invalidInput(errors) }
        let ruleSet = FwdRuleSet(interfaces: config.interfaces, allowedSources: config.allowedSources, rules: rules)
        return FwdResolution(ruleSet: ruleSet, fresh: fresh, findings: findings, failures: failures)
    }

    /// Reads the forwarder and plans the changes to reach `ruleSet`.
    public func plan(_ ruleSet: FwdRuleSet, backend: FwdBackend, cleanLeftovers: Bool = false,
                     snapshot: FwdHostSnapshot? = nil) async throws -> (FwdPlan, FwdObservation) {
        let observation = try await FwdInspector(runner: environment.runner)
            .observe(backend: backend, ports: Set(ruleSet.rules.map(\.listenPort)), snapshot: snapshot)
        return (FwdPlanner.plan(desired: ruleSet, observation: observation, cleanLeftovers: cleanLeftovers), observation)
    }

    /// Applies a plan, then records the state and the sysctl.d drop-in.
    public func apply(_ plan: FwdPlan, config: FwdConfig, resolution: FwdResolution, previous: FwdState?) async throws -> FwdApplyReport {
        let report = try await FwdApplier(runner: environment.runner).apply(plan)
        var resolved: [Int: IPv4Address] = [:]
        for rule in resolution.ruleSet.rules where rule.host != nil {
            resolved[rule.listenPort] = resolution.fresh[rule.listenPort] ?? previous?.lastKnown(rule.listenPort) ?? rule.targetAddress
        }
        let state = FwdState(backend: plan.backend, config: config, resolved: resolved)
        try environment.files.write(FwdArtifact(path: FwdPaths.stateFile, content: state.encoded(), permissions: "0600"))
        try environment.files.write(FwdRenderer.sysctl())
        return report
    }
}
