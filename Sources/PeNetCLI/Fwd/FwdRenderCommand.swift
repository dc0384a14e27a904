import ArgumentParser
import IPFwd

/// `pe-net fwd render`: prints an artifact without touching the machine.
struct FwdRenderCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the nft ruleset, iptables-restore input, systemd units or a cloud-init for a scale set.")

    /// The artifacts render can print.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case nft
        case iptablesRestore = "iptables-restore"
        case systemd
        case cloudInit = "cloud-init"
    }

    @Option(help: ArgumentHelp("The artifact to print.", valueName: "format"))
    var format: Format

    @OptionGroup var mappings: FwdMappingOptions
    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var unit: FwdUnitOptions
    @OptionGroup var fastPath: FwdFastPathOptions

    func run(_ env: Environment) async throws {
        let context = try FwdContext(env, system: system, command: "render", needsRoot: false)
        let workflow = context.workflow
        let reporter = env.reporter
        if mappings.interfaces.isEmpty, !mappings.maps.isEmpty {
            throw PeNetError.usage(
                "render needs --interface: the rules are for another machine", resource: "--interface")
        }
        let request = FwdRequest(
            maps: mappings.maps, interfaces: mappings.interfaces, sources: mappings.sources, backend: system.backend)
        switch format {
        case .systemd:
            let units =
                FwdRenderer.systemdUnits(
                    binary: unit.binary, interval: unit.interval, dnsServer: system.dnsServer,
                    fastPath: fastPath.fastPath)
                + [FwdRenderer.sysctl()]
            reporter.raw(units.map { "# \($0.path)\n\($0.content)\n" }.joined())
        case .cloudInit:
            let state = try workflow.environment.files.loadState()
            let (config, _) = try await workflow.desiredConfig(request, state: state, interfaces: nil)
            let fleet = FwdState(backend: state?.backend ?? .nft, config: config, resolved: [:])
            reporter.raw(
                FwdRenderer.cloudInit(
                    stateJSON: fleet.encoded(), binary: unit.binary, interval: unit.interval,
                    dnsServer: system.dnsServer, fastPath: fastPath.fastPath))
        case .nft, .iptablesRestore:
            let state = try workflow.environment.files.loadState()
            let (config, _) = try await workflow.desiredConfig(request, state: state, interfaces: nil)
            var resolution = try await FwdTargetResolver(resolver: workflow.environment.resolver)
                .resolve(config, lastKnown: state, useLastKnown: true)
            // Rendering is for another machine: only `on` adds the flowtable (auto decides there).
            resolution.ruleSet.fastPath = format == .nft && fastPath.fastPath == .on
            for finding in resolution.findings { reporter.warning(finding.message) }
            reporter.raw(
                format == .nft
                    ? FwdRenderer.nft(resolution.ruleSet) : FwdRenderer.iptablesRestore(resolution.ruleSet))
        }
    }
}
