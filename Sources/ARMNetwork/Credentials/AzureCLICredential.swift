import Foundation

/// The Azure CLI's login: runs `az account get-access-token --output json --resource <resource>`
/// (plus `--tenant` when given) from `/`, with a 10 s timeout. Understands both `expires_on`
/// (POSIX seconds, newer CLIs) and `expiresOn` (local time). The CLI's output holds the token, so
/// it is never echoed; only stderr's first line appears in errors.
public struct AzureCLICredential: ARMTokenSource {
    let executable: String
    let tenantID: String?
    let timeout: TimeInterval

    public var name: String { "Azure CLI (\(executable))" }

    /// A credential running `executable` (a path, or a name searched on `PATH`).
    public init(executable: String = "az", tenantID: String? = nil, timeout: TimeInterval = 10) {
        self.executable = executable
        self.tenantID = tenantID
        self.timeout = timeout
    }

    /// The absolute path of the CLI, or nil when it is not installed.
    public var resolvedPath: String? {
        if executable.contains("/") {
            return FileManager.default.isExecutableFile(atPath: executable) ? executable : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func token(scope: String) async throws -> AccessToken {
        guard let path = resolvedPath else {
            throw ARMError.credential(
                source: name,
                detail: "the Azure CLI is not installed; install it and run az login, or choose another --auth")
        }
        var arguments = [
            "account", "get-access-token", "--output", "json", "--resource", AzureCloud.resource(forScope: scope),
        ]
        if let tenantID { arguments += ["--tenant", tenantID] }
        let result = try await run(path, arguments)
        guard result.status == 0 else {
            let error = String(decoding: result.stderr, as: UTF8.self)
            if error.contains("az login") || error.contains("az account set") {
                throw ARMError.credential(source: name, detail: "not logged in; run az login")
            }
            let first = error.split(separator: "\n").first.map(String.init) ?? "exit status \(result.status)"
            throw ARMError.credential(source: name, detail: "az account get-access-token failed: \(first)")
        }
        return try AzureCLIOutput.parse(result.stdout, source: name)
    }

    private func run(_ path: String, _ arguments: [String]) async throws -> (status: Int32, stdout: Data, stderr: Data)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        var environment = ProcessInfo.processInfo.environment
        environment["AZURE_CORE_NO_COLOR"] = "true"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ARMError.credential(source: name, detail: "cannot run the Azure CLI: \(error.localizedDescription)")
        }
        let timeout = self.timeout
        let watchdog = Task.detached {
            try await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
            if process.isRunning { process.terminate() }
        }
        async let stdout = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }.value
        async let stderr = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }.value
        let (output, errors) = await (stdout, stderr)
        process.waitUntilExit()
        watchdog.cancel()
        if process.terminationReason == .uncaughtSignal {
            throw ARMError.credential(
                source: name, detail: "az account get-access-token did not finish within \(Int(timeout)) s")
        }
        return (process.terminationStatus, output, errors)
    }
}

/// Tries credentials in order and keeps the first that produces a token.
///
/// Each entry is built only when its settings are present, so "not configured" never hides behind
/// a later success; when every entry fails the error lists why each one did.
public actor CredentialChain: ARMTokenSource {
    private let sources: [any ARMTokenSource]
    private var chosen: (any ARMTokenSource)?

    public nonisolated let name: String

    /// A chain over `sources` (in order).
    public init(_ sources: [any ARMTokenSource]) {
        self.sources = sources
        name = "credential chain (" + sources.map(\.name).joined(separator: ", ") + ")"
    }

    public func token(scope: String) async throws -> AccessToken {
        if let chosen { return try await chosen.token(scope: scope) }
        var reasons: [String] = []
        for source in sources {
            do {
                let token = try await source.token(scope: scope)
                chosen = source
                return token
            } catch let error as ARMError {
                reasons.append("\(error)")
            }
        }
        throw ARMError.credential(
            source: "Azure credentials",
            detail:
                "no credential worked. Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, use workload or managed identity, run az login, or pass --access-token-file"
                + (reasons.isEmpty ? "" : ". Tried: " + reasons.joined(separator: "; ")))
    }

    /// The name of the credential that worked, once one has.
    public var chosenName: String? { chosen?.name }
}
