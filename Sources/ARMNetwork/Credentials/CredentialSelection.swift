import Foundation

/// Which credential to use (`--auth`).
public enum AuthMethod: String, CaseIterable, Sendable {
    /// Environment service principal, workload identity, managed identity, Azure CLI: the first configured.
    case auto
    /// `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`.
    case env
    /// `AZURE_FEDERATED_TOKEN_FILE` with `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`.
    case workloadIdentity = "workload-identity"
    /// `IDENTITY_ENDPOINT` / `IDENTITY_HEADER`, else IMDS; user-assigned via `AZURE_CLIENT_ID`.
    case managedIdentity = "managed-identity"
    /// `az account get-access-token`.
    case cli
    /// `--access-token-file`.
    case tokenFile = "token-file"
}

/// Builds the credential for an ``AuthMethod`` from the process environment, cached until near expiry.
public struct CredentialFactory: Sendable {
    /// The environment variables to read (the process environment in production).
    public var environment: [String: String]
    /// The cloud whose authority host and ARM audience apply.
    public var cloud: AzureCloud
    /// The transport token requests go through.
    public var transport: any ARMTransport
    /// The clock of the token cache.
    public var clock: any ARMClock
    /// The Azure CLI executable.
    public var azureCLI: String

    /// A factory.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, cloud: AzureCloud,
        transport: any ARMTransport, clock: any ARMClock = SystemClock(), azureCLI: String = "az"
    ) {
        self.environment = environment
        self.cloud = cloud
        self.transport = transport
        self.clock = clock
        self.azureCLI = azureCLI
    }

    /// The credential for `method` (and `accessTokenFile` for `.tokenFile`), wrapped in a cache.
    /// Throws ``ARMError/credential(source:detail:)`` naming the missing settings.
    public func make(_ method: AuthMethod, accessTokenFile: String? = nil) throws -> any ARMTokenSource {
        let source: any ARMTokenSource
        switch method {
        case .auto:
            if let accessTokenFile {
                source = AccessTokenFileCredential(path: accessTokenFile, clock: clock)
            } else {
                source = CredentialChain(autoChain())
            }
        case .tokenFile:
            guard let accessTokenFile else {
                throw ARMError.credential(source: "--auth token-file", detail: "pass --access-token-file <file>")
            }
            source = AccessTokenFileCredential(path: accessTokenFile, clock: clock)
        case .env:
            guard let credential = environmentCredential() else {
                throw ARMError.credential(
                    source: "--auth env", detail: "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET")
            }
            source = credential
        case .workloadIdentity:
            guard let credential = workloadIdentity() else {
                throw ARMError.credential(
                    source: "--auth workload-identity",
                    detail: "set AZURE_FEDERATED_TOKEN_FILE, AZURE_TENANT_ID and AZURE_CLIENT_ID")
            }
            source = credential
        case .managedIdentity:
            source = managedIdentity()
        case .cli:
            source = AzureCLICredential(executable: azureCLI, tenantID: value("AZURE_TENANT_ID"))
        }
        return CachingTokenSource(source, clock: clock)
    }

    /// The configured credentials in the documented order.
    func autoChain() -> [any ARMTokenSource] {
        var chain: [any ARMTokenSource] = []
        if let credential = environmentCredential() { chain.append(credential) }
        if let credential = workloadIdentity() { chain.append(credential) }
        if value("IDENTITY_ENDPOINT") != nil || value("AZURE_POD_IDENTITY_AUTHORITY_HOST") != nil
            || Self.looksLikeAzureVM()
        {
            chain.append(managedIdentity())
        }
        let cli = AzureCLICredential(executable: azureCLI, tenantID: value("AZURE_TENANT_ID"))
        if cli.resolvedPath != nil { chain.append(cli) }
        return chain
    }

    private func value(_ name: String) -> String? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        return text
    }

    private func environmentCredential() -> ClientSecretCredential? {
        guard let tenant = value("AZURE_TENANT_ID"), let client = value("AZURE_CLIENT_ID"),
            let secret = value("AZURE_CLIENT_SECRET")
        else { return nil }
        return ClientSecretCredential(
            tenantID: tenant, clientID: client, secret: secret, authorityHost: authorityHost, transport: transport,
            clock: clock)
    }

    private func workloadIdentity() -> WorkloadIdentityCredential? {
        guard let file = value("AZURE_FEDERATED_TOKEN_FILE"), let tenant = value("AZURE_TENANT_ID"),
            let client = value("AZURE_CLIENT_ID")
        else { return nil }
        return WorkloadIdentityCredential(
            tenantID: tenant, clientID: client, tokenFile: file, authorityHost: authorityHost, transport: transport,
            clock: clock)
    }

    private func managedIdentity() -> ManagedIdentityCredential {
        let imds =
            value("AZURE_POD_IDENTITY_AUTHORITY_HOST").flatMap(URL.init(string:))
            ?? ManagedIdentityCredential.imdsEndpoint
        return ManagedIdentityCredential(
            clientID: value("AZURE_CLIENT_ID"), identityEndpoint: value("IDENTITY_ENDPOINT").flatMap(URL.init(string:)),
            identityHeader: value("IDENTITY_HEADER"), imds: imds, transport: transport, clock: clock)
    }

    /// `AZURE_AUTHORITY_HOST` overrides the cloud's authority host, as in the Azure SDKs.
    private var authorityHost: URL { value("AZURE_AUTHORITY_HOST").flatMap(URL.init(string:)) ?? cloud.authorityHost }

    /// Azure VMs carry this chassis asset tag; IMDS is probed automatically only there.
    static func looksLikeAzureVM() -> Bool {
        let tag = (try? String(contentsOfFile: "/sys/class/dmi/id/chassis_asset_tag", encoding: .utf8)) ?? ""
        return tag.trimmingCharacters(in: .whitespacesAndNewlines) == "7783-7084-3265-9085"
    }
}
