/// One step of a plan, as executed by `FwdApplier`.
public enum FwdAction: Hashable, Sendable, Codable {
    /// `sysctl -w net.ipv4.ip_forward=1`.
    case enableIPForwarding
    /// Insert pe-net's accept for DNAT'ed flows into a forward chain whose policy drops.
    case allowForward(ForwardDropChain)
    /// Replace pe-net's rules with `ruleSet` in one transaction (`jumps`: missing iptables jumps).
    case loadRules(FwdRuleSet, backend: FwdBackend, jumps: [String])
    /// Remove pe-net's table or chains (and jumps) of one backend in one transaction.
    case removeRules(FwdBackend, jumpCopies: [String])
    /// Delete pe-net's accepts from a forward chain.
    case removeForwardAccept(ForwardDropChain)
    /// Delete one `ip_fwd.sh` leftover rule.
    case deleteLeftover(FwdLeftover)
    /// Delete conntrack entries still pinned to a target that is no longer used.
    case flushConntrack(FwdEndpoint)
}

/// A change shown to the operator: what kind, about which mapping or object, in words.
public struct FwdChange: Hashable, Sendable, Codable {
    /// What sort of change it is (drives the +, - or ~ in the text plan).
    public enum Kind: String, Hashable, Sendable, Codable {
        case add, remove, retarget, update, repair, enableForwarding, allowForward, removeForwardAccept,
             removeLeftover, flushConntrack
    }

    public var kind: Kind
    public var subject: String
    public var message: String

    public init(_ kind: Kind, _ subject: String, _ message: String) {
        self.kind = kind
        self.subject = subject
        self.message = message
    }
}

/// Changes and the actions that make them; `apply` executes exactly what `plan` printed.
public struct FwdPlan: Hashable, Sendable, Codable {
    public var backend: FwdBackend
    public var changes: [FwdChange]
    public var actions: [FwdAction]

    public var isEmpty: Bool { actions.isEmpty }
}

/// Pure planning: desired ruleset + observation → plan.
public enum FwdPlanner {
    /// The plan that makes the forwarder forward exactly `desired` with `observation.backend`.
    public static func plan(desired: FwdRuleSet, observation: FwdObservation, cleanLeftovers: Bool = false) -> FwdPlan {
        let backend = observation.backend
        var changes: [FwdChange] = []
        var actions: [FwdAction] = []
        if !observation.ipForwarding {
            changes.append(FwdChange(.enableForwarding, "net.ipv4.ip_forward", "set net.ipv4.ip_forward = 1 (now 0)"))
            actions.append(.enableIPForwarding)
        }
        for chain in observation.forwardDropChains where !chain.hasAccept {
            changes.append(FwdChange(.allowForward, chain.description, "accept DNAT'ed flows in \(chain)"))
            actions.append(.allowForward(chain))
        }
        let current = observation.rules
        if !current.matches(desired, backend: backend) {
            changes += ruleChanges(desired: desired, current: current)
            if changes.allSatisfy({ $0.kind == .enableForwarding || $0.kind == .allowForward }) {
                changes.append(FwdChange(.repair, "rules", current.present
                    ? "rewrite pe-net's rules (they differ from the desired set: hand edits, missing jumps or masquerades)"
                    : "create pe-net's rules"))
            }
            let missingJumps = ["PREROUTING", "POSTROUTING"].filter { !current.jumps.contains($0) }
            actions.append(.loadRules(desired, backend: backend, jumps: backend == .nft ? [] : missingJumps))
        }
        let stale = Set(current.dnat.map(\.target)).subtracting(desired.rules.map { FwdEndpoint(address: $0.targetAddress, port: $0.targetPort) })
        for endpoint in stale.sorted() {
            changes.append(FwdChange(.flushConntrack, "\(endpoint.address):\(endpoint.port)",
                                     "delete conntrack entries still pinned to \(endpoint.address):\(endpoint.port)"))
            actions.append(.flushConntrack(endpoint))
        }
        for (other, rules) in observation.otherBackends.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            changes.append(FwdChange(.remove, other.rawValue, "remove pe-net's \(other) rules (now using \(backend))"))
            actions.append(.removeRules(other, jumpCopies: rules.jumps))
        }
        if cleanLeftovers {
            for leftover in observation.leftovers {
                changes.append(FwdChange(.removeLeftover, leftover.binary, "delete ip_fwd.sh leftover: \(leftover)"))
                actions.append(.deleteLeftover(leftover))
            }
        }
        return FwdPlan(backend: backend, changes: changes, actions: actions)
    }

    /// The plan that removes pe-net's rules from every backend and its forward accepts, and
    /// nothing else.
    public static func removal(observation: FwdObservation, cleanLeftovers: Bool = false) -> FwdPlan {
        var changes: [FwdChange] = []
        var actions: [FwdAction] = []
        var all = observation.otherBackends
        if observation.rules.present { all[observation.backend] = observation.rules }
        for (backend, rules) in all.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for rule in rules.dnat {
                changes.append(FwdChange(.remove, "\(rule.listenPort)",
                                         "remove \(rule.listenPort) -> \(rule.target.address):\(rule.target.port) (\(backend))"))
            }
            if rules.dnat.isEmpty { changes.append(FwdChange(.remove, backend.rawValue, "remove pe-net's empty \(backend) rules")) }
            actions.append(.removeRules(backend, jumpCopies: rules.jumps))
        }
        for chain in observation.forwardDropChains where chain.hasAccept {
            changes.append(FwdChange(.removeForwardAccept, chain.description, "remove pe-net's accept from \(chain)"))
            actions.append(.removeForwardAccept(chain))
        }
        if cleanLeftovers {
            for leftover in observation.leftovers {
                changes.append(FwdChange(.removeLeftover, leftover.binary, "delete ip_fwd.sh leftover: \(leftover)"))
                actions.append(.deleteLeftover(leftover))
            }
        }
        return FwdPlan(backend: observation.backend, changes: changes, actions: actions)
    }

    static func ruleChanges(desired: FwdRuleSet, current: FwdCurrentRules) -> [FwdChange] {
        var changes: [FwdChange] = []
        let now = Dictionary(current.dnat.map { ($0.listenPort, $0) }, uniquingKeysWith: { first, _ in first })
        for rule in desired.rules {
            let name = rule.host.map { " (\($0))" } ?? ""
            if let existing = now[rule.listenPort] {
                let old = "\(existing.target.address):\(existing.target.port)"
                if old != rule.targetEndpoint {
                    changes.append(FwdChange(.retarget, "\(rule.listenPort)", "\(rule.listenPort): \(old) -> \(rule.targetEndpoint)\(name)"))
                }
            } else {
                changes.append(FwdChange(.add, "\(rule.listenPort)", "add \(rule.listenPort) -> \(rule.targetEndpoint)\(name) on \(desired.interfaces.joined(separator: ","))"))
            }
        }
        let wanted = Set(desired.rules.map(\.listenPort))
        for port in Set(now.keys).subtracting(wanted).sorted() {
            if let rule = now[port] {
                changes.append(FwdChange(.remove, "\(port)", "remove \(port) -> \(rule.target.address):\(rule.target.port)"))
            }
        }
        let currentSet = current.ruleSet
        if current.present, !current.dnat.isEmpty,
           currentSet.interfaces != desired.interfaces || currentSet.allowedSources != desired.allowedSources {
            changes.append(FwdChange(.update, "match", "interfaces \(desired.interfaces.joined(separator: ",")), sources \(desired.allowedSources.isEmpty ? "any" : desired.allowedSources.map(\.description).joined(separator: ","))"))
        }
        return changes
    }
}
