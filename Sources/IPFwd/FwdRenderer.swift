import Mustache
import Templates

/// An artifact pe-net writes or prints: where it goes on the forwarder and its text.
public struct FwdArtifact: Hashable, Sendable, Codable {
    /// Absolute path on the forwarder (before `--root`).
    public var path: String
    public var content: String
    /// Octal file mode, e.g. "0644".
    public var permissions: String

    public init(path: String, content: String, permissions: String = "0644") {
        self.path = path
        self.content = content
        self.permissions = permissions
    }
}

/// Pure renderers of pe-net's rules and persistence files from embedded templates.
public enum FwdRenderer {
    /// The nft script that replaces table `ip pe_net` in one transaction.
    public static func nft(_ ruleSet: FwdRuleSet) -> String {
        let interfaces =
            ruleSet.interfaces.count == 1
            ? quoted(ruleSet.interfaces[0])
            : "{ " + ruleSet.interfaces.map(quoted).joined(separator: ", ") + " }"
        let sources =
            ruleSet.allowedSources.isEmpty
            ? ""
            : "ip saddr { " + ruleSet.allowedSources.map(\.description).joined(separator: ", ") + " } "
        let rules: [[String: Any]] = ruleSet.rules.map {
            [
                "interfaces": interfaces, "sources": sources, "listenPort": $0.listenPort,
                "target": $0.targetEndpoint, "comment": $0.comment,
            ]
        }
        let fastPath: [[String: Any]] =
            ruleSet.fastPath
            ? [
                [
                    "name": flowtableName, "comment": fastPathComment,
                    "devices": ruleSet.interfaces.map(quoted).joined(separator: ", "),
                ]
            ] : []
        return render("fwd.nft", ["rules": rules, "masquerade": masquerade(ruleSet), "fastPath": fastPath])
    }

    /// The name of pe-net's flowtable in table `ip pe_net` (`--fast-path`).
    public static let flowtableName = "fastpath"
    /// The comment on the `flow add` rule that fills it.
    public static let fastPathComment = "pe-net:fast-path"

    /// The `iptables-restore --noflush` input for pe-net's chains; `jumps` lists the built-in
    /// chains (PREROUTING, POSTROUTING) whose jump to pe-net's chain is still missing.
    public static func iptablesRestore(_ ruleSet: FwdRuleSet, jumps: [String] = ["PREROUTING", "POSTROUTING"]) -> String
    {
        var dnat: [[String: Any]] = []
        for rule in ruleSet.rules {
            for interface in ruleSet.interfaces {
                let sources: [String] =
                    ruleSet.allowedSources.isEmpty ? [""] : ruleSet.allowedSources.map { " -s \($0)" }
                for source in sources {
                    dnat.append([
                        "interface": interface, "source": source, "listenPort": rule.listenPort,
                        "target": rule.targetEndpoint, "comment": rule.comment,
                    ])
                }
            }
        }
        return render("fwd-iptables.rules", ["jumps": jumps, "dnat": dnat, "masquerade": masquerade(ruleSet)])
    }

    /// The sysctl.d drop-in that keeps `net.ipv4.ip_forward` on across reboots.
    public static func sysctl() -> FwdArtifact {
        FwdArtifact(path: FwdPaths.sysctlFile, content: render("fwd-sysctl.conf", [:]))
    }

    /// The boot-time restore service and the reconcile service + timer.
    /// `fastPath` (when given) is passed to every `fwd reconcile` the units run.
    public static func systemdUnits(
        binary: String, interval: String = "60s", dnsServer: String? = nil, fastPath: FwdFastPath? = nil
    ) -> [FwdArtifact] {
        let arguments = (dnsServer.map { " --dns-server \($0)" } ?? "") + (fastPath.map { " --fast-path \($0)" } ?? "")
        let context: [String: Any] = [
            "binary": binary, "stateFile": FwdPaths.stateFile, "interval": interval,
            "reconcileArguments": arguments,
        ]
        return [FwdPaths.restoreUnit, "pe-net-fwd-reconcile.service", FwdPaths.reconcileTimer].map {
            FwdArtifact(path: FwdPaths.systemdDirectory + "/" + $0, content: render($0, context))
        }
    }

    /// A cloud-config that gives every scale-set instance the same state file, sysctl drop-in
    /// and units, then enables them.
    public static func cloudInit(
        stateJSON: String, binary: String, interval: String = "60s", dnsServer: String? = nil,
        fastPath: FwdFastPath? = nil
    ) -> String {
        let files =
            [FwdArtifact(path: FwdPaths.stateFile, content: stateJSON, permissions: "0600"), sysctl()]
            + systemdUnits(binary: binary, interval: interval, dnsServer: dnsServer, fastPath: fastPath)
        let entries: [[String: Any]] = files.map { file in
            let indented = file.content.split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast(file.content.hasSuffix("\n") ? 1 : 0)
                .map { $0.isEmpty ? "" : "      " + $0 }.joined(separator: "\n")
            return ["path": file.path, "permissions": file.permissions, "indentedContent": indented]
        }
        return render("fwd-cloud-init.yaml", ["files": entries, "binary": binary])
    }

    private static func masquerade(_ ruleSet: FwdRuleSet) -> [[String: Any]] {
        ruleSet.masqueradeTargets.map { endpoint in
            let ports = ruleSet.rules.filter { $0.targetAddress == endpoint.address && $0.targetPort == endpoint.port }
                .map { "pe-net:\($0.listenPort)" }
            return [
                "address": endpoint.address.description, "port": endpoint.port,
                "comment": masqueradeComment(ports),
            ]
        }
    }

    /// The longest comment nft accepts on a rule (iptables' limit, 256, is larger).
    static let maxCommentLength = 128

    /// The comment on a target's masquerade rule: the mappings that use it (`pe-net:1433
    /// pe-net:1434`), or their count and range when the list would pass nft's 128 characters.
    static func masqueradeComment(_ ports: [String]) -> String {
        let all = ports.joined(separator: " ")
        guard all.count > maxCommentLength, let first = ports.first, let last = ports.last else { return all }
        return "\(first) .. \(last) (\(ports.count) mappings)"
    }

    private static func quoted(_ text: String) -> String { "\"\(text)\"" }

    static func render(_ name: String, _ context: [String: Any]) -> String {
        guard let text = Templates.named(name), let template = try? MustacheTemplate(string: text) else {
            preconditionFailure("embedded template \(name) is missing or invalid")
        }
        return template.render(context)
    }
}

/// Where pe-net keeps its files on a forwarder; every path is prefixed by `--root`.
public enum FwdPaths {
    public static let stateFile = "/etc/pe-net/fwd.json"
    public static let sysctlFile = "/etc/sysctl.d/90-pe-net-fwd.conf"
    public static let systemdDirectory = "/etc/systemd/system"
    public static let defaultBinary = "/usr/local/bin/pe-net"
    /// The boot-time restore service.
    public static let restoreUnit = "pe-net-fwd.service"
    /// The reconcile timer.
    public static let reconcileTimer = "pe-net-fwd-reconcile.timer"
    /// The files `fwd install` writes.
    public static let installFiles =
        [sysctlFile]
        + [restoreUnit, "pe-net-fwd-reconcile.service", reconcileTimer].map { systemdDirectory + "/" + $0 }
    /// Present on a machine booted with systemd.
    public static let systemdRuntimeDirectory = "/run/systemd/system"

    /// `path` below `root` (`/` leaves it unchanged).
    public static func under(_ root: String, _ path: String) -> String {
        let trimmed = root.hasSuffix("/") ? String(root.dropLast()) : root
        return trimmed + path
    }
}
