import ARMNetwork
import ArgumentParser
import Foundation

extension AuthMethod: ExpressibleByArgument {}

/// Azure flags shared by every command that talks to ARM (`@OptionGroup var azure: AzureOptions`):
/// cloud and endpoints, subscription / resource group defaults, and the credential.
struct AzureOptions: ParsableArguments {
    @Option(help: "Azure cloud: AzureCloud, AzureUSGovernment or AzureChinaCloud.")
    var cloud: String = "AzureCloud"

    @Option(
        help: ArgumentHelp("Override the ARM endpoint URL (https, or http on a loopback address).", valueName: "url"))
    var armEndpoint: String?

    @Option(help: ArgumentHelp("Override the Microsoft Entra authority host URL.", valueName: "url"))
    var authorityHost: String?

    @Option(help: "Default subscription id for resources given by name (else AZURE_SUBSCRIPTION_ID).")
    var subscription: String?

    @Option(name: [.customShort("g"), .long], help: "Default resource group for resources given by name.")
    var resourceGroup: String?

    @Option(help: "Credential: auto, env, workload-identity, managed-identity, cli or token-file.")
    var auth: AuthMethod = .auto

    @Option(
        help: ArgumentHelp(
            "Read the bearer token from this file (raw token or az get-access-token JSON).", valueName: "file"))
    var accessTokenFile: String?

    @Option(
        help: ArgumentHelp(
            "Also trust the CA certificates in this PEM file for ARM and the authority host (a private CA).",
            valueName: "file"))
    var caFile: String?

    @Option(
        help: ArgumentHelp(
            "Answer ARM from the built-in emulator loaded with this world file (no Azure, no credentials); writes persist for the next --sandbox command.",
            valueName: "world.json"))
    var sandbox: String?

    @Flag(help: "With --sandbox: start over from the world file, forgetting earlier sandboxed writes.")
    var sandboxReset = false

    @Option(
        help: ArgumentHelp(
            "With --sandbox: the state file (default: one per world file under $XDG_STATE_HOME/pe-net/sandbox).",
            valueName: "file"))
    var sandboxState: String?

    func validate() throws {
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ValidationError("--ca-file \(caFile.escapingControlCharacters) cannot be read; check the path")
        }
        _ = try resolvedCloud()
        if sandbox == nil, sandboxReset || sandboxState != nil {
            throw ValidationError("--sandbox-reset and --sandbox-state need --sandbox <world.json>")
        }
        if let accessTokenFile, auth != .auto, auth != .tokenFile {
            throw ValidationError(
                "--access-token-file \(accessTokenFile.escapingControlCharacters) conflicts with --auth \(auth.rawValue); drop one"
            )
        }
        if auth == .tokenFile, accessTokenFile == nil {
            throw ValidationError("--auth token-file needs --access-token-file <file>")
        }
        if let accessTokenFile, !FileManager.default.isReadableFile(atPath: accessTokenFile) {
            throw ValidationError(
                "--access-token-file \(accessTokenFile.escapingControlCharacters) cannot be read; check the path")
        }
    }

    /// The cloud with `--arm-endpoint` / `--authority-host` applied.
    func resolvedCloud() throws -> AzureCloud {
        guard var resolved = AzureCloud.named(cloud) else {
            throw ValidationError(
                "unknown --cloud \(cloud); use one of " + AzureCloud.all.map(\.name).joined(separator: ", "))
        }
        for (flag, value) in [("--arm-endpoint", armEndpoint), ("--authority-host", authorityHost)] {
            if let value,
                value.unicodeScalars.contains(where: {
                    $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
                })
            {
                throw ValidationError(
                    "\(flag) \(value.escapingControlCharacters) contains whitespace or control characters; pass the URL alone"
                )
            }
        }
        if let armEndpoint {
            guard let url = URL(string: armEndpoint), url.host != nil else {
                throw ValidationError(
                    "--arm-endpoint \(armEndpoint.escapingControlCharacters) is not a URL; e.g. https://management.azure.com"
                )
            }
            do { try url.requireSecureOrLoopback() } catch { throw ValidationError("--arm-endpoint: \(error)") }
            resolved.armEndpoint = url
        }
        if let authorityHost {
            guard let url = URL(string: authorityHost), url.host != nil else {
                throw ValidationError(
                    "--authority-host \(authorityHost.escapingControlCharacters) is not a URL; e.g. https://login.microsoftonline.com"
                )
            }
            do { try url.requireSecureOrLoopback() } catch { throw ValidationError("--authority-host: \(error)") }
            resolved.authorityHost = url
        }
        return resolved
    }

    /// The subscription for resources given by name: `--subscription`, else `AZURE_SUBSCRIPTION_ID`.
    func defaultSubscription(_ env: Environment) -> String? {
        subscription ?? env.variables["AZURE_SUBSCRIPTION_ID"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A resource given either as a full ARM id or, as `az` allows, as a name combined with
    /// `--resource-group` and `--subscription`. `flag` names the option in error messages; the fix
    /// of a missing piece runs as pasted (it asks `az` for the value).
    func resourceID(_ text: String, namespace: String, type: String, flag: String, env: Environment) throws
        -> ResourceID
    {
        if text.hasPrefix("/") {
            do {
                return try ResourceID(parsing: text)
            } catch {
                throw PeNetError.usage("\(flag): \(error)", resource: text, code: "input.resource-id")
            }
        }
        guard let subscription = defaultSubscription(env) else {
            throw PeNetError.usage(
                "\(flag) \(text) is a name, and no subscription is set: add --subscription (or set AZURE_SUBSCRIPTION_ID), or pass the full resource id",
                fix: env.commandLine(rawExtra: ["--subscription", "\"$(az account show --query id -o tsv)\""]),
                resource: text, code: "input.needs-subscription")
        }
        guard let resourceGroup else {
            let lookup =
                "\"$(az resource list --subscription \(shellQuoted(subscription)) --name \(shellQuoted(text)) --resource-type \(namespace)/\(type) --query [0].id -o tsv)\""
            throw PeNetError.usage(
                "\(flag) \(text) is a name, and no resource group is set: add --resource-group, or pass the full resource id",
                fix: env.commandLine(replacing: flag, text, withRaw: lookup), resource: text,
                code: "input.needs-resource-group")
        }
        do {
            return try ResourceID(
                subscription: subscription, resourceGroup: resourceGroup, namespace: namespace, type: type, name: text)
        } catch {
            throw PeNetError.usage("\(flag): \(error)", resource: text, code: "input.resource-id")
        }
    }

    /// The ARM client for these options, from the Environment's factory (live: async-http-client and
    /// the chosen credential; tests: a fake transport or the in-process emulator).
    func client(_ env: Environment) throws -> ARMClient {
        if let sandbox {
            return try Sandbox.client(
                world: sandbox,
                statePath: Sandbox.statePath(world: sandbox, explicit: sandboxState, variables: env.variables),
                reset: sandboxReset, registry: env.sandboxes, progress: env.reporter.armProgress)
        }
        let request = ARMClientFactory.Request(
            cloud: try resolvedCloud(), auth: auth, accessTokenFile: accessTokenFile, caFile: caFile,
            variables: env.variables,
            progress: env.reporter.armProgress, verbose: env.reporter.verbose)
        do {
            return try env.arm.make(request)
        } catch let error as ARMError {
            throw PeNetError(error)
        } catch {
            throw PeNetError.usage("\(error)", code: "auth.credential")
        }
    }
}
