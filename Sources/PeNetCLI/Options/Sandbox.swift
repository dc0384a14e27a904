import ARMEmulatorCore
import ARMNetwork
import Foundation

/// `--sandbox <world.json>`: ARM answered by the emulator inside this process, loaded with a world
/// file; no Azure, no credentials. Writes persist in a state file (default under
/// `$XDG_STATE_HOME/pe-net/sandbox/`, else `~/.local/state/pe-net/sandbox/`) so the next sandboxed
/// command sees them; `--sandbox-reset` starts over from the world file.
enum Sandbox {
    /// The state file for `world`: `--sandbox-state` when given, else one per world file path.
    static func statePath(world: String, explicit: String?, variables: [String: String]) -> String {
        if let explicit { return explicit }
        let base: String
        if let state = variables["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else {
            base = (variables["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        }
        let absolute = URL(fileURLWithPath: world).standardizedFileURL.path
        let name = (absolute as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "")
        return "\(base)/pe-net/sandbox/\(name)-\(fnv1a(absolute)).state.json"
    }

    /// The client: the emulator answers in-process, with the sandbox's own token. The world file
    /// is checked here; the sandbox opens on the first request (once per state file and process).
    static func client(
        world: String, statePath: String, reset: Bool, registry: SandboxRegistry,
        progress: @escaping @Sendable (ARMProgressEvent) -> Void
    ) throws -> ARMClient {
        guard let data = FileManager.default.contents(atPath: world) else {
            throw PeNetError.usage(
                "--sandbox \(world.escapingControlCharacters) cannot be read; pass a world file (a JSON array of ARM resource documents)",
                resource: world, code: "input.sandbox")
        }
        guard (try? JSONSerialization.jsonObject(with: data)) != nil else {
            throw PeNetError.usage(
                "--sandbox \(world.escapingControlCharacters) is not JSON; a world file is a JSON array of ARM resource documents",
                resource: world, code: "input.sandbox")
        }
        let opener = SandboxOpener(registry: registry, world: world, statePath: statePath, reset: reset)
        return ARMClient(
            endpoint: ARMEmulatorSandbox.baseURL, transport: SandboxTransport(opener: opener),
            credential: SandboxToken(),
            configuration: ARMClient.Configuration(scope: AzureCloud.azureCloud.armScope, progress: progress))
    }

    /// A stable 64-bit FNV-1a hash, hex (state file names; not security relevant).
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// Opens the sandbox on first use, through the command's registry.
struct SandboxOpener: Sendable {
    let registry: SandboxRegistry
    let world: String
    let statePath: String
    let reset: Bool

    init(registry: SandboxRegistry, world: String, statePath: String, reset: Bool) {
        self.registry = registry
        self.world = world
        self.statePath = statePath
        self.reset = reset
    }

    func sandbox() async throws -> ARMEmulatorSandbox {
        try await registry.sandbox(world: world, statePath: statePath, reset: reset)
    }
}

/// The sandboxes one command opened, by state file: a second client of the same command continues
/// where the first left off (even with `--sandbox-reset`).
actor SandboxRegistry {
    private var open: [String: ARMEmulatorSandbox] = [:]

    func sandbox(world: String, statePath: String, reset: Bool) async throws -> ARMEmulatorSandbox {
        if let sandbox = open[statePath] { return sandbox }
        let sandbox = try await ARMEmulatorSandbox.open(worldPath: world, statePath: statePath, reset: reset)
        open[statePath] = sandbox
        return sandbox
    }
}

/// Hands each request to the in-process emulator.
struct SandboxTransport: ARMTransport {
    let opener: SandboxOpener

    func send(_ request: ARMRequest) async throws -> ARMResponse {
        let sandbox: ARMEmulatorSandbox
        do {
            sandbox = try await opener.sandbox()
        } catch {
            throw ARMTransportError("the sandbox could not be opened: \(error)")
        }
        let reply = try await sandbox.handle(
            method: request.method, url: request.url, headers: request.headers.map { ($0.name, $0.value) },
            body: request.body ?? Data())
        var headers = ARMHeaders()
        for (name, value) in reply.headers { headers.append(name: name, value: value) }
        return ARMResponse(status: reply.status, headers: headers, body: reply.body)
    }
}

/// The sandbox's token: accepted by the in-process emulator only.
struct SandboxToken: ARMTokenSource {
    var name: String { "sandbox" }

    func token(scope: String) async throws -> AccessToken {
        AccessToken(token: ARMEmulatorSandbox.token, expiresOn: Date().addingTimeInterval(3600))
    }
}
