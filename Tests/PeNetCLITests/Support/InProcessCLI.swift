import ARMNetwork
import Foundation
import IPFwd
import MILink
import PeNetTestSupport
import Resolver

@testable import PeNetCLI

/// Runs `pe-net` commands in-process with fake seams and collects what they print.
///
/// ```swift
/// let run = await InProcessCLI(armEndpoint: emulator.baseURL).run(["endpoints", "list", "--instance", id])
/// #expect(run.status == 0)
/// ```
struct InProcessCLI {
    /// What one run printed and how it exited.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
        /// Standard output (the name `Shell.Result` uses).
        var output: String { stdout }
        /// Standard error (the name `Shell.Result` uses).
        var error: String { stderr }
    }

    /// The bearer token every run hands to ARM; it must never appear in any output.
    static let token = "in-process-canary-token-51c9"

    /// The ARM endpoint (`--arm-endpoint` is added to every command line when set).
    var armEndpoint: URL?
    var transport: any ARMTransport = AsyncHTTPTransport()
    var runner: any CommandRunner = RecordingCommandRunner()
    var hostResolver: any HostResolving = TableHostResolver()
    var dns: @Sendable (DNSServer, DNSQuerySettings) -> any DNSResolving = { server, settings in
        DNSClient(
            server: server, timeout: settings.timeout, attempts: settings.attempts, maxInFlight: settings.maxInFlight)
    }
    var terminal: any Terminal = ScriptedTerminal(interactive: false)
    var variables: [String: String] = [:]
    var fileRoot = "/"
    var userID: UInt32 = 0
    /// Whether standard error behaves as a terminal (progress updates one line in place).
    var stderrIsTerminal = false
    var clock: any ARMClock = SystemClock()
    /// The probes of `link check-net` (real sockets unless a test puts fakes here).
    var linkProbe: any LinkProbing = SocketLinkProbe()
    /// Build the credential from the command's flags and `variables` (token file, service
    /// principal, workload identity, az) instead of handing every run ``token``.
    var credentialsFromFlags = false

    /// Runs `arguments` (without `pe-net`).
    func run(_ arguments: [String]) async -> Result {
        let out = CollectingStream()
        let err = CollectingStream(isTerminal: stderrIsTerminal)
        let full = arguments + (armEndpoint.map { ["--arm-endpoint", $0.absoluteString] } ?? [])
        let status = await PeNetMain.run(full) { output, invocation in
            environment(output: output, invocation: invocation, out: out, err: err)
        }
        return Result(status: status, stdout: out.text, stderr: err.text)
    }

    /// The Environment the run uses.
    func environment(output: OutputOptions, invocation: [String], out: CollectingStream, err: CollectingStream)
        -> Environment
    {
        let reporter = Reporter(
            format: output.format, quiet: output.quiet, verbose: output.verbose, out: out, err: err)
        let arm: ARMClientFactory
        if credentialsFromFlags {
            let (transport, clock, variables) = (transport, clock, variables)
            arm = ARMClientFactory { request in
                let credential = try CredentialFactory(
                    environment: variables, cloud: request.cloud, transport: transport, clock: clock,
                    azureCLI: variables["PENET_TEST_AZ"] ?? "az"
                ).make(request.auth, accessTokenFile: request.accessTokenFile)
                return ARMClient(
                    endpoint: request.cloud.armEndpoint, transport: transport, credential: credential, clock: clock,
                    configuration: ARMClient.Configuration(
                        scope: request.cloud.armScope, defaultPollInterval: .milliseconds(20),
                        progress: request.progress))
            }
        } else {
            arm = .fixed(
                transport: transport, credential: StaticTokenSource(token: Self.token), clock: clock,
                configuration: ARMClient.Configuration(defaultPollInterval: .milliseconds(20)))
        }
        return Environment(
            arm: arm,
            runner: runner, dns: dns, hostResolver: hostResolver, fileRoot: fileRoot, clock: clock,
            reporter: reporter, terminal: terminal, variables: variables, invocation: invocation, userID: userID,
            linkProbe: linkProbe)
    }
}
