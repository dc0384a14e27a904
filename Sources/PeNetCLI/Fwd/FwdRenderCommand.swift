import ArgumentParser
import IPFwd

/// `pe-net fwd render`: prints an artifact without touching the machine.
struct FwdRenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the nft ruleset, iptables-restore input, systemd units or a cloud-init for a scale set.")

    /// The artifacts render can print.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case nft, iptablesRestore = "iptables-restore", systemd, cloudInit = "cloud-init"
    }

    @Option(help: ArgumentHelp("The artifact to print.", valueName: "format"))
    var format: Format

    @OptionGroup var mappings: FwdMappingOptions
    @OptionGroup var system: FwdSystemOptions

    @Option(help: ArgumentHelp("Path of the pe-net binary the units run.", valueName: "path"))
    var binary: String = FwdPaths.defaultBinary

    @Option(help: ArgumentHelp("How often the timer re-resolves the targets (systemd time span).", valueName: "span"))
    var interval: String = "60s"

    func run() async throws {
        try await FwdSupport.run {
            let environment = try FwdEnvironment.live(system: system)
            let state = try environment.files.loadState()
            if mappings.interfaces.isEmpty, !mappings.maps.isEmpty {
                throw IPFwdError.invalidInput(["render needs --interface: the rules are for another machine"])
            }
            switch format {
            case .systemd:
                for unit in FwdRenderer.systemdUnits(binary: binary, interval: interval, dnsServer: system.dnsServer)
                    + [FwdRenderer.sysctl()]
                {
                    print("# \(unit.path)\n\(unit.content)")
                }
            case .cloudInit:
                let (config, _) = try await FwdWorkflow(environment: environment).desiredConfig(
                    FwdEnvironment.request(mappings, system, FwdChangeOptions()), state: state, interfaces: nil)
                let fleet = FwdState(backend: state?.backend ?? .nft, config: config, resolved: [:])
                print(
                    FwdRenderer.cloudInit(
                        stateJSON: fleet.encoded(), binary: binary, interval: interval, dnsServer: system.dnsServer),
                    terminator: "")
            case .nft, .iptablesRestore:
                let (config, _) = try await FwdWorkflow(environment: environment).desiredConfig(
                    FwdEnvironment.request(mappings, system, FwdChangeOptions()), state: state, interfaces: nil)
                let resolution = try await FwdTargetResolver(resolver: environment.resolver).resolve(
                    config, lastKnown: state, useLastKnown: true)
                FwdSupport.printWarnings(resolution.findings)
                print(
                    format == .nft
                        ? FwdRenderer.nft(resolution.ruleSet) : FwdRenderer.iptablesRestore(resolution.ruleSet),
                    terminator: "")
            }
        }
    }
}
