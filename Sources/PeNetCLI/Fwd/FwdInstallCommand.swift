import ArgumentParser
import Foundation
import IPFwd

/// `pe-net fwd install`: persistence (boot restore service, reconcile timer, sysctl.d).
struct FwdInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the boot-time restore service, the reconcile timer and the sysctl.d drop-in.",
        discussion: """
            Run after apply (the units read the state file it writes). With --root other than / the \
            files are only written (image builds); otherwise systemd is reloaded and the units enabled.
            """)

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Path of the pe-net binary the units run.", valueName: "path"))
    var binary: String = FwdPaths.defaultBinary

    @Option(help: ArgumentHelp("How often the timer re-resolves the targets (systemd time span).", valueName: "span"))
    var interval: String = "60s"

    @Flag(name: .customLong("dry-run"), help: "List the files that would be written and change nothing.")
    var dryRun = false

    func run() async throws {
        try await FwdSupport.run {
            let environment = try FwdEnvironment.live(system: system)
            guard try environment.files.loadState() != nil else {
                throw IPFwdError.invalidInput(["no state file at \(environment.files.path(FwdPaths.stateFile)); run 'pe-net fwd apply --map ...' before install"])
            }
            guard interval.first?.isNumber == true, !interval.contains(" ") else {
                throw IPFwdError.invalidInput(["--interval '\(interval)' is not a systemd time span; use e.g. 30s or 2min"])
            }
            let artifacts = [FwdRenderer.sysctl()] + FwdRenderer.systemdUnits(binary: binary, interval: interval, dnsServer: system.dnsServer)
            var written: [String] = []
            if !dryRun {
                for artifact in artifacts where try environment.files.write(artifact) {
                    written.append(environment.files.path(artifact.path))
                }
                if system.root == "/", FileManager.default.fileExists(atPath: "/run/systemd/system") {
                    try await environment.runner.checked("systemctl", ["daemon-reload"])
                    try await environment.runner.checked("systemctl", ["enable", "pe-net-fwd.service"])
                    try await environment.runner.checked("systemctl", ["enable", "--now", "pe-net-fwd-reconcile.timer"])
                }
            }
            if output.format.isJSON {
                print(FwdSupport.json(["files": artifacts.map { environment.files.path($0.path) }, "written": written]))
            } else {
                for artifact in artifacts {
                    let path = environment.files.path(artifact.path)
                    print("\(dryRun ? "would write" : (written.contains(path) ? "wrote" : "unchanged")) \(path)")
                }
            }
        }
    }
}
