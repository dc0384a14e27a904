import DNSModel
import Resolver

/// Targets resolved to addresses, with what went wrong on the way.
public struct FwdResolution: Sendable, Equatable {
    public var ruleSet: FwdRuleSet
    /// Addresses that came from DNS this time (not from the last known good).
    public var fresh: [Int: IPv4Address]
    public var findings: [Finding]
    /// Names that did not resolve (with or without a last known good address to fall back on).
    public var failures: [ResolutionFailure]

    /// The state file to record after applying: the config and the last good address of every
    /// host mapping (fresh, else the previous state's, else the address in the rules).
    public func state(backend: FwdBackend, config: FwdConfig, previous: FwdState?) -> FwdState {
        var resolved: [Int: IPv4Address] = [:]
        for rule in ruleSet.rules where rule.host != nil {
            resolved[rule.listenPort] =
                fresh[rule.listenPort] ?? previous?.lastKnown(rule.listenPort) ?? rule.targetAddress
        }
        return FwdState(backend: backend, config: config, resolved: resolved)
    }
}

/// Resolves the targets of a config: IPv4 targets as they are, host names through a resolver,
/// the lowest address when a name has several.
public struct FwdTargetResolver: Sendable {
    public let resolver: any HostResolving

    public init(resolver: any HostResolving) {
        self.resolver = resolver
    }

    /// Resolves every target. A name that fails keeps `lastKnown`'s address when
    /// `useLastKnown` (reconcile, restore); otherwise, or without one, it is an error.
    public func resolve(_ config: FwdConfig, lastKnown: FwdState? = nil, useLastKnown: Bool = false) async throws
        -> FwdResolution
    {
        var rules: [FwdRule] = []
        var fresh: [Int: IPv4Address] = [:]
        var findings: [Finding] = []
        var failures: [ResolutionFailure] = []
        var errors: [String] = []
        for mapping in config.mappings {
            switch mapping.target {
            case .address(let address):
                rules.append(
                    FwdRule(listenPort: mapping.listenPort, targetAddress: address, targetPort: mapping.targetPort))
            case .host(let host):
                do {
                    let addresses = try await resolver.ipv4Addresses(of: host).sorted()
                    guard let first = addresses.first else {
                        throw ResolutionFailure(host: host, reason: "no IPv4 address")
                    }
                    if let reason = FwdTarget.unusableReason(first) {
                        throw ResolutionFailure(host: host, reason: "resolves to \(reason)")
                    }
                    if addresses.count > 1 {
                        let all = addresses.map(\.description).joined(separator: ", ")
                        findings.append(
                            Finding(
                                severity: .warning, code: "fwd.several-addresses",
                                message:
                                    "\(host) has \(addresses.count) addresses (\(all)); forwarding to the lowest, \(first)",
                                resource: host))
                    }
                    fresh[mapping.listenPort] = first
                    rules.append(
                        FwdRule(
                            listenPort: mapping.listenPort, targetAddress: first, targetPort: mapping.targetPort,
                            host: host))
                } catch {
                    let failure = (error as? ResolutionFailure) ?? ResolutionFailure(host: host, reason: "\(error)")
                    failures.append(failure)
                    if useLastKnown, let known = lastKnown?.lastKnown(mapping.listenPort) {
                        findings.append(
                            Finding(
                                severity: .warning, code: "fwd.kept-last-known",
                                message:
                                    "\(failure); keeping the last known good address \(known) for port \(mapping.listenPort)",
                                resource: host))
                        rules.append(
                            FwdRule(
                                listenPort: mapping.listenPort, targetAddress: known, targetPort: mapping.targetPort,
                                host: host))
                    } else {
                        errors.append(
                            "mapping '\(mapping)': \(failure); fix the name or DNS, or give the IPv4 address")
                    }
                }
            }
        }
        guard errors.isEmpty else { throw IPFwdError.invalidInput(errors) }
        let ruleSet = FwdRuleSet(interfaces: config.interfaces, allowedSources: config.allowedSources, rules: rules)
        return FwdResolution(ruleSet: ruleSet, fresh: fresh, findings: findings, failures: failures)
    }
}

/// Answers with the state file's recorded addresses, never a fresh lookup: status compares the
/// rules with what was applied (reconcile does the fresh lookups).
public struct LastKnownResolver: HostResolving {
    public let state: FwdState

    public init(state: FwdState) {
        self.state = state
    }

    public func ipv4Addresses(of host: String) async throws -> [IPv4Address] {
        let ports = state.config.mappings.filter { $0.target.hostName == host }.map(\.listenPort)
        guard let first = ports.compactMap({ state.lastKnown($0) }).first else {
            throw ResolutionFailure(host: host, reason: "no recorded address")
        }
        return [first]
    }
}
