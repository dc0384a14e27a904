import ARMNetwork
import Foundation
import IPFwd
import Logging
import MILink
import Resolver

/// Everything a command touches outside its own memory, passed to every command's `run(_:)`.
/// `.live(...)` builds the real one; tests build one with fakes (an in-process ARM emulator or a
/// scripted transport, a recording command runner, a table resolver, a temporary file root,
/// collected output, a scripted terminal) and run commands in-process.
struct Environment: Sendable {
    /// Builds ARM clients (transport + token source) for the Azure flags of a command.
    var arm: ARMClientFactory
    /// Every subprocess: nft, iptables-restore, sysctl, conntrack, systemctl, az.
    var runner: any CommandRunner
    /// A DNS client asking one server directly (`dns verify`, `--verify-with`, `fwd --dns-server`).
    var dns: @Sendable (DNSServer, DNSQuerySettings) -> any DNSResolving
    /// The system resolver (getaddrinfo) for host names.
    var hostResolver: any HostResolving
    /// Prefix of every file pe-net reads or writes on the machine ("/" live; a temporary folder in tests).
    var fileRoot: String
    /// Time source for waits and token caches.
    var clock: any ARMClock
    /// Where results, errors and progress go.
    var reporter: Reporter
    /// Where confirmations are asked.
    var terminal: any Terminal
    /// The process environment (AZURE_SUBSCRIPTION_ID, credentials).
    var variables: [String: String]
    /// The command line as the user typed it (without `pe-net`), for fixes that paste as printed.
    var invocation: [String]
    /// The effective user id (0: root).
    var userID: UInt32
    /// The `--sandbox` emulators this command opened (one per state file).
    var sandboxes = SandboxRegistry()
    /// The link's network probes (TCP connect, TDS PRELOGIN) of `link check-net`; tests put
    /// fakes or probes that run inside a network namespace here.
    var linkProbe: any LinkProbing = SocketLinkProbe()

    /// The real seams.
    static func live(output: OutputOptions, invocation: [String]) -> Environment {
        let reporter = Reporter(format: output.format, quiet: output.quiet, verbose: output.verbose)
        return Environment(
            arm: .live,
            runner: SubprocessCommandRunner(),
            dns: { server, settings in
                DNSClient(
                    server: server, timeout: settings.timeout, attempts: settings.attempts,
                    maxInFlight: settings.maxInFlight)
            },
            hostResolver: SystemHostResolver(),
            fileRoot: "/",
            clock: SystemClock(),
            reporter: reporter,
            terminal: ProcessTerminal(),
            variables: ProcessInfo.processInfo.environment,
            invocation: invocation,
            userID: geteuid())
    }

    /// The user's command line with `extra` arguments added, quoted for pasting.
    func commandLine(adding extra: [String] = [], removing: Set<String> = []) -> String {
        (["pe-net"] + invocation.filter { !removing.contains($0) } + extra).map(shellQuoted).joined(separator: " ")
    }

    /// The user's command line with the value of the first of `flags` set to `value`.
    func commandLine(settingValueOf flags: Set<String>, to value: String) -> String {
        var words = invocation
        if let index = words.firstIndex(where: flags.contains), index + 1 < words.count { words[index + 1] = value }
        return (["pe-net"] + words).map(shellQuoted).joined(separator: " ")
    }

    /// The user's command line with `rawExtra` appended unquoted (e.g. a `"$(az …)"` substitution).
    func commandLine(rawExtra: [String]) -> String {
        ([commandLine()] + rawExtra).joined(separator: " ")
    }

    /// The user's command line with the value `old` of `flag` replaced by `raw`, unquoted.
    func commandLine(replacing flag: String, _ old: String, withRaw raw: String) -> String {
        var words = ["pe-net"].map(shellQuoted)
        var previous = ""
        for word in invocation {
            words.append(previous == flag && word == old ? raw : shellQuoted(word))
            previous = word
        }
        return words.joined(separator: " ")
    }

    /// Asks before a bulk or destructive change. `--yes` (or a dry run) goes ahead; without a
    /// terminal and without `--yes` it refuses (exit 64, fix: the same command with `--yes`);
    /// declining exits `PeNetExit.declined`. Nothing has been written when this throws.
    func confirm(_ question: String, yes: Bool) throws {
        if yes { return }
        guard terminal.isInteractive else {
            throw PeNetError.usage(
                "standard input is not a terminal, so pe-net cannot ask \"\(question)\"; nothing was changed",
                fix: commandLine(adding: ["--yes"]), code: "input.needs-yes")
        }
        reporter.clearStatus()
        let answer = terminal.ask(question)?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw PeNetError.declined }
    }
}

/// Builds the ARM client for a command's Azure flags.
struct ARMClientFactory: Sendable {
    /// What the client is for: the cloud (endpoints applied), the credential choice.
    struct Request: Sendable {
        var cloud: AzureCloud
        var auth: AuthMethod
        var accessTokenFile: String?
        /// A PEM file of extra CA certificates to trust (`--ca-file`).
        var caFile: String? = nil
        var variables: [String: String]
        /// Live progress for writes and waits (the Reporter's).
        var progress: @Sendable (ARMProgressEvent) -> Void
        /// Log request ids (never tokens) to standard error.
        var verbose: Bool
    }

    var make: @Sendable (Request) throws -> ARMClient

    /// async-http-client, the chosen credential (cached until near expiry), the system clock;
    /// `verbose` logs request ids (never tokens) to standard error.
    static let live = ARMClientFactory { request in
        let transport = try request.caFile.map { try AsyncHTTPTransport(caFile: $0) } ?? AsyncHTTPTransport()
        let credential = try CredentialFactory(
            environment: request.variables, cloud: request.cloud, transport: transport
        ).make(request.auth, accessTokenFile: request.accessTokenFile)
        var logger = Logger(label: "pe-net.arm") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = request.verbose ? .debug : .warning
        return ARMClient(
            endpoint: request.cloud.armEndpoint, transport: transport, credential: credential,
            configuration: ARMClient.Configuration(scope: request.cloud.armScope, progress: request.progress),
            logger: logger)
    }

    /// Clients on a given transport and token source whatever the flags say, except the endpoint
    /// (tests: a scripted transport, or any transport against an in-process emulator).
    static func fixed(
        transport: any ARMTransport, credential: any ARMTokenSource, clock: any ARMClock = SystemClock(),
        configuration: ARMClient.Configuration = ARMClient.Configuration()
    ) -> ARMClientFactory {
        ARMClientFactory { request in
            var configuration = configuration
            configuration.progress = request.progress
            return ARMClient(
                endpoint: request.cloud.armEndpoint, transport: transport, credential: credential, clock: clock,
                configuration: configuration)
        }
    }
}

/// How a DNS client asks: the wait per attempt, the attempts, the queries in flight.
struct DNSQuerySettings: Sendable {
    var timeout: Duration = .seconds(2)
    var attempts = 2
    var maxInFlight = 256
}
