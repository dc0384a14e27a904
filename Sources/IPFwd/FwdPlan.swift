import Resolver

/// What one step of a plan does, as data: `FwdApplier` executes it through the command runner
/// and the file seam, and `FwdRenderer.operations(for:)` gives the exact commands and files.
public enum FwdAction: Hashable, Sendable, Codable {
    /// `sysctl -w net.ipv4.ip_forward=1` (runtime).
    case enableIPForwarding
    /// Write one of pe-net's files (state file, sysctl drop-in, systemd unit) below the root.
    case writeFile(FwdArtifact)
    /// Delete one of pe-net's files below the root.
    case removeFile(path: String)
    /// Insert pe-net's accept for DNAT'ed flows into a forward chain whose policy drops.
    case allowForward(chain: ForwardDropChain)
    /// Delete pe-net's accepts from a forward chain.
    case removeForwardAccept(chain: ForwardDropChain)
    /// Replace pe-net's rules with `ruleSet` in one transaction (`jumps`: missing iptables jumps).
    case loadRules(ruleSet: FwdRuleSet, backend: FwdBackend, jumps: [String])
    /// Remove pe-net's table or chains (and jumps) of one backend in one transaction.
    case removeRules(backend: FwdBackend, jumpCopies: [String])
    /// Delete one `ip_fwd.sh` leftover rule.
    case deleteLeftover(FwdLeftover)
    /// Delete conntrack entries still pinned to a target that is no longer used.
    case flushConntrack(FwdEndpoint)
    /// `systemctl <arguments>` (install: daemon-reload, enable).
    case systemctl(arguments: [String])
}

/// A rule-level change inside a ruleset transaction, shown under its step.
public struct FwdChange: Hashable, Sendable, Codable {
    /// What sort of change it is (drives the +, - or ~ in the text plan).
    public enum Kind: String, Hashable, Sendable, Codable {
        case add, remove, retarget, update, repair
    }

    public var kind: Kind
    public var subject: String
    public var message: String

    public init(_ kind: Kind, _ subject: String, _ message: String) {
        self.kind = kind
        self.subject = subject
        self.message = message
    }

    /// `+`, `-` or `~`.
    public var sign: String {
        switch kind {
        case .add: return "+"
        case .remove: return "-"
        case .retarget, .update, .repair: return "~"
        }
    }
}

/// One write of a plan: what it is about, what it does in words, and the action that does it.
/// `apply` executes exactly the steps `plan` printed, in order.
public struct FwdStep: Hashable, Sendable, Codable {
    /// The part of the forwarder a step touches.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// pe-net's nft table or iptables chains, replaced or removed in one transaction.
        case ruleset
        /// pe-net's accept in a forward chain whose policy drops.
        case forwardAccept
        /// `net.ipv4.ip_forward` at runtime.
        case ipForward
        /// The sysctl.d drop-in that keeps `ip_forward` on after a reboot.
        case sysctlDropIn
        /// The state file (mappings, backend, last good addresses).
        case stateFile
        /// A rule `ip_fwd.sh` left in a built-in chain.
        case leftover
        /// Conntrack entries pinned to an old target.
        case conntrack
        /// A systemd unit file.
        case unit
        /// systemd itself (daemon-reload, enabling units).
        case service
    }

    /// Whether the step adds, changes or removes something.
    public enum Effect: String, Hashable, Sendable, Codable {
        case add, change, remove

        /// `+`, `~` or `-`.
        public var sign: String {
            switch self {
            case .add: return "+"
            case .change: return "~"
            case .remove: return "-"
            }
        }
    }

    public var kind: Kind
    public var effect: Effect
    public var message: String
    /// Rule-level changes a ruleset transaction makes (empty for other steps).
    public var details: [FwdChange]
    public var action: FwdAction

    public init(_ kind: Kind, _ effect: Effect, _ message: String, details: [FwdChange] = [], action: FwdAction) {
        self.kind = kind
        self.effect = effect
        self.message = message
        self.details = details
        self.action = action
    }
}

/// Everything `apply` will do, and what it was planned against. Codable: a saved plan
/// (`pe-net fwd plan -o json`) is executed as is, after checking that the forwarder still looks
/// the way it did (`basis`).
public struct FwdPlan: Hashable, Sendable, Codable {
    /// The command a plan belongs to.
    public enum Operation: String, Hashable, Sendable, Codable {
        case apply, remove, reconcile, install
    }

    /// Format version of saved plans.
    public var version: Int
    public var operation: Operation
    public var backend: FwdBackend
    /// The file root the plan was made for (`--root`).
    public var root: String
    /// The listen ports whose leftovers were looked for (part of what the basis covers).
    public var ports: [Int]
    /// The writes, in order. Empty: nothing to do.
    public var steps: [FwdStep]
    /// Warnings about the input and errors about what could not be read; errors block apply.
    public var findings: [Finding]
    /// `ip_fwd.sh` leftovers seen (deleted only with `--clean-leftovers`).
    public var leftovers: [FwdLeftover]
    /// Names that did not resolve (reconcile kept their last good address).
    public var resolutionFailures: [ResolutionFailure]
    /// Fingerprint of the current state the plan was computed from (counters excluded).
    public var basis: String
    /// The `--fast-path` decision the rules were planned with (apply and reconcile).
    public var fastPath: FwdFastPathDecision?

    public init(
        operation: Operation, backend: FwdBackend, root: String, ports: [Int] = [], steps: [FwdStep],
        findings: [Finding] = [], leftovers: [FwdLeftover] = [], resolutionFailures: [ResolutionFailure] = [],
        basis: String = "", fastPath: FwdFastPathDecision? = nil
    ) {
        self.version = 1
        self.operation = operation
        self.backend = backend
        self.root = root
        self.ports = ports
        self.steps = steps
        self.findings = findings
        self.leftovers = leftovers
        self.resolutionFailures = resolutionFailures
        self.basis = basis
        self.fastPath = fastPath
    }

    /// True when there is nothing to do.
    public var isEmpty: Bool { steps.isEmpty }

    /// The actions, in order.
    public var actions: [FwdAction] { steps.map(\.action) }

    /// Findings that stop `apply`: errors, and warnings too when `strict`.
    public func blockingFindings(strict: Bool = false) -> [Finding] {
        findings.filter { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// What `apply` did.
public struct FwdOutcome: Hashable, Sendable, Codable {
    public var plan: FwdPlan
    /// The steps executed, in order (all of them: a failing step throws).
    public var executed: [FwdStep]
    /// Notes for the operator (e.g. conntrack missing).
    public var notes: [String]

    public init(plan: FwdPlan, executed: [FwdStep], notes: [String]) {
        self.plan = plan
        self.executed = executed
        self.notes = notes
    }
}

/// Live progress of `apply`: a step starting and a step done.
public enum FwdProgress: Sendable {
    case running(FwdStep, index: Int, total: Int)
    case done(FwdStep, index: Int, total: Int)
}
