import Foundation
import Resolver

/// Reads the forwarder's current state through the command runner (never changes anything).
/// Every read that fails becomes an error finding naming what could not be read.
public struct FwdInspector: Sendable {
    public let runner: any CommandRunner

    public init(runner: any CommandRunner) {
        self.runner = runner
    }

    /// The finding for a read that failed: it blocks apply.
    static func readFailure(_ what: String, _ reason: String) -> Finding {
        Finding(
            severity: .error, code: "fwd.read-failed",
            message:
                "cannot read \(what): \(reason); pe-net will not plan against a guess (fix the cause, or run as root)",
            resource: what)
    }

    static func firstLine(_ output: CommandOutput) -> String {
        let text = output.standardError.isEmpty ? output.standardOutput : output.standardError
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return "exit code \(output.exitCode)\(line.isEmpty ? "" : ": \(line)")"
    }

    /// Names of the network interfaces on the machine (nil when /proc/net/dev cannot be read).
    public func interfaces() async -> Set<String>? {
        await snapshot().interfaces
    }

    /// Reads procfs once (`ip_forward`, interfaces, legacy tables) and dumps the nft ruleset,
    /// both at the same time: two processes give everything validation and planning need.
    public func snapshot() async -> FwdHostSnapshot {
        async let proc = outcome { [runner] in
            try await runner.cat(["/proc/sys/net/ipv4/ip_forward", "/proc/net/dev", "/proc/net/ip_tables_names"])
        }
        async let ruleset = outcome("nft", ["-j", "list", "ruleset"])
        var snapshot: FwdHostSnapshot
        switch await proc {
        case .success(let output):
            snapshot = FwdHostSnapshot.parse(proc: output.standardOutput)
            // ip_tables_names is missing when the legacy module is not loaded: no legacy tables.
            let problems = output.standardError.split(separator: "\n").filter { !$0.contains("ip_tables_names") }
            if !output.succeeded, let problem = problems.first {
                // One finding for the failed read, not one more per value it left unknown.
                snapshot.findings = [Self.readFailure("/proc (ip_forward, interfaces)", String(problem))]
                snapshot.interfaces = nil
            }
        case .failure(let error):
            snapshot = FwdHostSnapshot(interfaces: nil, ipForwarding: false)
            snapshot.findings.append(Self.readFailure("/proc (ip_forward, interfaces)", "\(error)"))
        }
        switch await ruleset {
        case .success(let output) where output.succeeded:
            snapshot.nftRuleset = output.standardOutput
        case .success(let output):
            snapshot.findings.append(
                Self.readFailure("the nft ruleset ('nft -j list ruleset')", Self.firstLine(output)))
        case .failure(IPFwdError.commandNotFound):
            break  // nft is not installed: there is no nft state to read.
        case .failure(let error):
            snapshot.findings.append(Self.readFailure("the nft ruleset ('nft -j list ruleset')", "\(error)"))
        }
        return snapshot
    }

    private func outcome(_ executable: String, _ arguments: [String]) async -> Result<CommandOutput, IPFwdError> {
        await outcome(executable) { [runner] in try await runner.run(executable, arguments) }
    }

    private func outcome(_ what: String = "cat", _ body: @Sendable () async throws -> CommandOutput) async -> Result<
        CommandOutput, IPFwdError
    > {
        do {
            return .success(try await body())
        } catch let error as IPFwdError {
            return .failure(error)
        } catch {
            return .failure(.commandFailed(command: what, exitCode: -1, stderr: "\(error)"))
        }
    }

    /// The interface of the default route, the usual choice for `--interface` (nil: none found;
    /// validation then asks for `--interface`).
    public func defaultRouteInterface() async -> String? {
        guard case .success(let output) = await outcome("ip", ["-j", "route", "show", "default"]), output.succeeded,
            let items = try? JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]]
        else { return nil }
        return items.first?["dev"] as? String
    }

    /// pe-net's rules as one backend sees them. Throws when they cannot be read.
    public func rules(_ backend: FwdBackend) async throws -> FwdCurrentRules {
        switch backend {
        case .nft:
            let output = try await runner.run("nft", ["-j", "list", "table", "ip", "pe_net"])
            if !output.succeeded, output.standardError.contains("No such file or directory") { return .absent }
            guard output.succeeded else {
                throw IPFwdError.blocked([Self.readFailure("nft table ip pe_net", Self.firstLine(output))])
            }
            return try NftStateParser.parse(json: output.standardOutput)
        case .iptablesNft, .iptablesLegacy:
            if backend == .iptablesLegacy {
                let names = try await runner.cat(["/proc/net/ip_tables_names"])
                guard names.succeeded, names.standardOutput.split(separator: "\n").contains("nat") else {
                    return .absent
                }
            }
            let (save, finding) = await natSave(backend, required: true)
            if let finding { throw IPFwdError.blocked([finding]) }
            return save.map(IptablesStateParser.parse(save:)) ?? .absent
        }
    }

    /// `iptables-save -c -t nat` of a variant; nil without a finding when the variant is not
    /// installed and not `required`.
    func natSave(_ backend: FwdBackend, required: Bool) async -> (String?, Finding?) {
        guard let save = backend.iptablesSave else { return (nil, nil) }
        switch await outcome(save, ["-c", "-t", "nat"]) {
        case .success(let output) where output.succeeded:
            return (output.standardOutput, nil)
        case .success(let output):
            return (nil, Self.readFailure("the \(backend) nat table ('\(save) -c -t nat')", Self.firstLine(output)))
        case .failure(IPFwdError.commandNotFound) where !required:
            return (nil, nil)
        case .failure(let error):
            return (nil, Self.readFailure("the \(backend) nat table ('\(save) -c -t nat')", "\(error)"))
        }
    }

    /// Reads everything planning needs: pe-net's rules in every backend, forward chains that
    /// drop, ip_fwd.sh leftovers. iptables-save runs only for nat tables that exist.
    public func observe(backend: FwdBackend, ports: Set<Int>, snapshot given: FwdHostSnapshot? = nil) async
        -> FwdObservation
    {
        let snapshot: FwdHostSnapshot
        if let given { snapshot = given } else { snapshot = await self.snapshot() }
        let ruleset = snapshot.nftRuleset
        let legacy = snapshot.legacyTables
        // One JSON parse of the ruleset serves pe-net's table, the nat check and the drop chains.
        let parsed = ruleset.map { json in Result { try NftRulesetItems(json: json) } }
        let readNftSave = (try? parsed?.get()).map(ForwardFilterInspector.hasIPNatTable) ?? true
        async let nftSave =
            readNftSave ? natSave(.iptablesNft, required: backend == .iptablesNft) : (nil, nil)
        async let legacySave =
            legacy.contains("nat") ? natSave(.iptablesLegacy, required: true) : (nil, nil)
        async let drops = ForwardFilterInspector(runner: runner).dropChains(
            parsed: parsed, legacyFilter: legacy.contains("filter"))

        var findings = snapshot.findings
        var all: [FwdBackend: FwdCurrentRules] = [:]
        if let parsed {
            do {
                all[.nft] = try NftStateParser.parse(parsed.get())
            } catch {
                findings.append(Self.readFailure("nft table ip pe_net", "\(error)"))
            }
        }
        var leftovers: [FwdLeftover] = []
        for (variant, (save, finding)) in [
            (FwdBackend.iptablesNft, await nftSave), (.iptablesLegacy, await legacySave),
        ] {
            if let finding { findings.append(finding) }
            guard let save, let binary = variant.iptables else { continue }
            all[variant] = IptablesStateParser.parse(save: save)
            leftovers += IptablesStateParser.leftovers(save: save, ports: ports)
                .map { FwdLeftover(binary: binary, rule: $0) }
        }
        let (chains, chainFindings) = await drops
        findings += chainFindings
        let rules = all[backend] ?? .absent
        let others = all.filter { $0.key != backend && $0.value.present }
        return FwdObservation(
            backend: backend, rules: rules, otherBackends: others, ipForwarding: snapshot.ipForwarding,
            forwardDropChains: chains, leftovers: leftovers, findings: findings)
    }

    /// The state of systemd units (`systemctl is-enabled` / `is-active`), for install.
    public func unitStates(_ units: [String]) async -> ([String: String], [Finding]) {
        var states: [String: String] = [:]
        var findings: [Finding] = []
        for (verb, unit) in units.flatMap({ unit in ["is-enabled", "is-active"].map { ($0, unit) } }) {
            switch await outcome("systemctl", [verb, unit]) {
            case .success(let output):
                let state = output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
                // is-enabled/is-active exit non-zero for "disabled", "inactive", "not-found": a state, not a failure.
                if state.isEmpty {
                    findings.append(
                        Self.readFailure("systemd unit \(unit) ('systemctl \(verb)')", Self.firstLine(output)))
                } else {
                    states["\(unit) \(verb)"] = state
                }
            case .failure(let error):
                findings.append(Self.readFailure("systemd unit \(unit) ('systemctl \(verb)')", "\(error)"))
            }
        }
        return (states, findings)
    }
}
