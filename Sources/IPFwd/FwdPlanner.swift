import Resolver

/// Pure planning: desired state + observation → the one list of steps `apply` executes. Every
/// write is a step: the ruleset transaction, FORWARD accepts, `ip_forward` and its sysctl.d
/// drop-in, the state file, leftovers, conntrack flushes, systemd units.
public enum FwdPlanner {
    /// The plan that makes the forwarder forward exactly `desired` with `observation.backend`
    /// and records `state` (apply and reconcile). The ruleset transaction comes first: when the
    /// kernel refuses it, nothing at all has changed.
    public static func plan(
        _ operation: FwdPlan.Operation = .apply, desired: FwdRuleSet, state: FwdState, observation: FwdObservation,
        root: String = "/", cleanLeftovers: Bool = false, findings: [Finding] = [],
        resolutionFailures: [ResolutionFailure] = []
    ) -> FwdPlan {
        let backend = observation.backend
        var steps: [FwdStep] = []
        let current = observation.rules
        if !current.matches(desired, backend: backend) {
            var details = ruleChanges(desired: desired, current: current)
            if details.isEmpty {
                details.append(
                    FwdChange(
                        .repair, "rules",
                        current.present
                            ? "rewrite pe-net's rules (they differ from the desired set: hand edits, missing jumps or masquerades)"
                            : "create pe-net's (empty) rules"))
            }
            let missingJumps = ["PREROUTING", "POSTROUTING"].filter { !current.jumps.contains($0) }
            steps.append(
                FwdStep(
                    .ruleset, current.present ? .change : .add,
                    "load \(rulesName(backend)) in one transaction (\(transactionTool(backend)))", details: details,
                    action: .loadRules(ruleSet: desired, backend: backend, jumps: backend == .nft ? [] : missingJumps)))
        }
        if !observation.ipForwarding {
            steps.append(
                FwdStep(
                    .ipForward, .change, "set net.ipv4.ip_forward = 1 at runtime (now 0)", action: .enableIPForwarding))
        }
        steps += fileSteps([FwdRenderer.sysctl()], kind: .sysctlDropIn, observation: observation)
        for chain in observation.forwardDropChains where !chain.hasAccept {
            steps.append(
                FwdStep(.forwardAccept, .add, "accept DNAT'ed flows in \(chain)", action: .allowForward(chain: chain)))
        }
        let wanted = Set(desired.rules.map { FwdEndpoint(address: $0.targetAddress, port: $0.targetPort) })
        for endpoint in Set(current.dnat.map(\.target)).subtracting(wanted).sorted() {
            steps.append(
                FwdStep(
                    .conntrack, .remove,
                    "delete conntrack entries still pinned to \(endpoint.address):\(endpoint.port)",
                    action: .flushConntrack(endpoint)))
        }
        for (other, rules) in observation.otherBackends.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            steps.append(
                FwdStep(
                    .ruleset, .remove, "remove \(rulesName(other)) (now using \(backend))",
                    action: .removeRules(backend: other, jumpCopies: rules.jumps)))
        }
        if cleanLeftovers {
            steps += observation.leftovers.map {
                FwdStep(.leftover, .remove, "delete ip_fwd.sh leftover: \($0)", action: .deleteLeftover($0))
            }
        }
        let stateFile = FwdArtifact(path: FwdPaths.stateFile, content: state.encoded(), permissions: "0600")
        steps += fileSteps([stateFile], kind: .stateFile, observation: observation)
        return FwdPlan(
            operation: operation, backend: backend, root: root, ports: desired.rules.map(\.listenPort), steps: steps,
            findings: findings + observation.findings, leftovers: observation.leftovers,
            resolutionFailures: resolutionFailures, basis: observation.fingerprint)
    }

    /// The plan that removes pe-net's rules from every backend and its forward accepts, and
    /// its files unless `keepState`; nobody else's rules.
    public static func removal(
        observation: FwdObservation, root: String = "/", ports: [Int] = [], keepState: Bool = false,
        cleanLeftovers: Bool = false
    ) -> FwdPlan {
        var steps: [FwdStep] = []
        var all = observation.otherBackends
        if observation.rules.present { all[observation.backend] = observation.rules }
        for (backend, rules) in all.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let details = rules.dnat.map {
                FwdChange(
                    .remove, "\($0.listenPort)", "remove \($0.listenPort) -> \($0.target.address):\($0.target.port)")
            }
            steps.append(
                FwdStep(
                    .ruleset, .remove, "remove \(rulesName(backend)) in one transaction (\(transactionTool(backend)))",
                    details: details, action: .removeRules(backend: backend, jumpCopies: rules.jumps)))
        }
        for chain in observation.forwardDropChains where chain.hasAccept {
            steps.append(
                FwdStep(
                    .forwardAccept, .remove, "remove pe-net's accept from \(chain)",
                    action: .removeForwardAccept(chain: chain)))
        }
        if cleanLeftovers {
            steps += observation.leftovers.map {
                FwdStep(.leftover, .remove, "delete ip_fwd.sh leftover: \($0)", action: .deleteLeftover($0))
            }
        }
        if !keepState {
            for (path, kind) in [(FwdPaths.sysctlFile, FwdStep.Kind.sysctlDropIn), (FwdPaths.stateFile, .stateFile)]
            where observation.files[path] != nil {
                steps.append(FwdStep(kind, .remove, "delete \(path)", action: .removeFile(path: path)))
            }
        }
        return FwdPlan(
            operation: .remove, backend: observation.backend, root: root, ports: ports, steps: steps,
            findings: observation.findings, leftovers: observation.leftovers, basis: observation.fingerprint)
    }

    /// The plan that installs the sysctl drop-in and the units and, when `manageUnits`, has
    /// systemd load and enable them.
    public static func install(
        artifacts: [FwdArtifact], observation: FwdObservation, root: String = "/", manageUnits: Bool
    ) -> FwdPlan {
        var steps: [FwdStep] = []
        for artifact in artifacts {
            let kind: FwdStep.Kind = artifact.path == FwdPaths.sysctlFile ? .sysctlDropIn : .unit
            steps += fileSteps([artifact], kind: kind, observation: observation)
        }
        if manageUnits {
            if steps.contains(where: { $0.kind == .unit }) {
                steps.append(
                    FwdStep(
                        .service, .change, "systemctl daemon-reload (load the new unit files)",
                        action: .systemctl(arguments: ["daemon-reload"])))
            }
            if observation.units["\(FwdPaths.restoreUnit) is-enabled"] != "enabled" {
                steps.append(
                    FwdStep(
                        .service, .add, "systemctl enable \(FwdPaths.restoreUnit) (restore the rules at boot)",
                        action: .systemctl(arguments: ["enable", FwdPaths.restoreUnit])))
            }
            let timer = FwdPaths.reconcileTimer
            if observation.units["\(timer) is-enabled"] != "enabled"
                || observation.units["\(timer) is-active"] != "active"
            {
                steps.append(
                    FwdStep(
                        .service, .add, "systemctl enable --now \(timer) (re-resolve the targets)",
                        action: .systemctl(arguments: ["enable", "--now", timer])))
            }
        }
        return FwdPlan(
            operation: .install, backend: observation.backend, root: root, steps: steps,
            findings: observation.findings, basis: observation.fingerprint)
    }

    /// A write step for each artifact whose file is missing or has other content.
    static func fileSteps(_ artifacts: [FwdArtifact], kind: FwdStep.Kind, observation: FwdObservation) -> [FwdStep] {
        artifacts.compactMap { artifact in
            let existing = observation.files[artifact.path]
            guard existing != artifact.content else { return nil }
            let purpose: String
            switch kind {
            case .sysctlDropIn: purpose = "keeps net.ipv4.ip_forward = 1 after a reboot"
            case .stateFile: purpose = "mappings, backend and last good addresses for reconcile, status and boot"
            default: purpose = "mode \(artifact.permissions)"
            }
            return FwdStep(
                kind, existing == nil ? .add : .change,
                "\(existing == nil ? "write" : "rewrite") \(artifact.path) (\(purpose))", action: .writeFile(artifact))
        }
    }

    static func rulesName(_ backend: FwdBackend) -> String {
        backend == .nft ? "pe-net's nft table ip pe_net" : "pe-net's \(backend) chains PE_NET_PREROUTING/POSTROUTING"
    }

    static func transactionTool(_ backend: FwdBackend) -> String {
        backend.iptablesRestore.map { "\($0) --noflush" } ?? "nft -f"
    }

    static func ruleChanges(desired: FwdRuleSet, current: FwdCurrentRules) -> [FwdChange] {
        var changes: [FwdChange] = []
        let now = Dictionary(current.dnat.map { ($0.listenPort, $0) }, uniquingKeysWith: { first, _ in first })
        for rule in desired.rules {
            let name = rule.host.map { " (\($0))" } ?? ""
            if let existing = now[rule.listenPort] {
                let old = "\(existing.target.address):\(existing.target.port)"
                if old != rule.targetEndpoint {
                    changes.append(
                        FwdChange(
                            .retarget, "\(rule.listenPort)",
                            "\(rule.listenPort): \(old) -> \(rule.targetEndpoint)\(name)"))
                }
            } else {
                changes.append(
                    FwdChange(
                        .add, "\(rule.listenPort)",
                        "add \(rule.listenPort) -> \(rule.targetEndpoint)\(name) on \(desired.interfaces.joined(separator: ","))"
                    ))
            }
        }
        let wanted = Set(desired.rules.map(\.listenPort))
        for port in Set(now.keys).subtracting(wanted).sorted() {
            if let rule = now[port] {
                changes.append(
                    FwdChange(.remove, "\(port)", "remove \(port) -> \(rule.target.address):\(rule.target.port)"))
            }
        }
        let currentSet = current.ruleSet
        if current.present, !current.dnat.isEmpty,
            currentSet.interfaces != desired.interfaces || currentSet.allowedSources != desired.allowedSources
        {
            let sources =
                desired.allowedSources.isEmpty
                ? "any" : desired.allowedSources.map(\.description).joined(separator: ",")
            changes.append(
                FwdChange(
                    .update, "match", "interfaces \(desired.interfaces.joined(separator: ",")), sources \(sources)"))
        }
        return changes
    }
}
