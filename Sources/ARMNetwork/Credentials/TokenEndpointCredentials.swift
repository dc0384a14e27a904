import Foundation

/// The Microsoft identity platform token response (client credentials) and the managed identity
/// response; numbers may arrive as strings.
struct TokenEndpointResponse: Decodable {
    var accessToken: String?
    var expiresIn: FlexibleNumber?
    var expiresOn: FlexibleNumber?
    var error: String?
    var errorDescription: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case expiresOn = "expires_on"
        case error
        case errorDescription = "error_description"
    }

    func token(now: Date, source: String) throws -> AccessToken {
        guard let token = accessToken, !token.isEmpty else {
            throw ARMError.credential(source: source, detail: "the token endpoint answered without an access_token")
        }
        _ = try AccessToken.validated(token, source: source)
        SecretRedaction.register(token)
        if let on = expiresOn?.value { return AccessToken(token: token, expiresOn: Date(timeIntervalSince1970: on)) }
        return AccessToken(token: token, expiresOn: now.addingTimeInterval(expiresIn?.value ?? 3600))
    }
}

/// Sends a token request and maps failures to ``ARMError/credential(source:detail:)`` without
/// echoing anything secret (only the endpoint's error code and description).
func requestToken(_ request: ARMRequest, transport: any ARMTransport, clock: any ARMClock, source: String) async throws
    -> AccessToken
{
    let response: ARMResponse
    do {
        response = try await transport.send(request)
    } catch let error as ARMError {
        throw error
    } catch {
        throw ARMError.credential(
            source: source, detail: "cannot reach \(request.url.host ?? "the token endpoint"): \(error)")
    }
    let body = try? JSONDecoder().decode(TokenEndpointResponse.self, from: response.body)
    guard (200..<300).contains(response.status), let body else {
        let reason = [
            body?.error, body?.errorDescription.map { $0.split(separator: "\n").first.map(String.init) ?? $0 },
        ]
        .compactMap { $0 }.joined(separator: ": ")
        throw ARMError.credential(
            source: source,
            detail: "the token request failed with HTTP \(response.status)" + (reason.isEmpty ? "" : " (\(reason))"))
    }
    return try body.token(now: clock.now(), source: source)
}

func formBody(_ fields: [(String, String)]) -> Data {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = fields.map { name, value in
        "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
    }.joined(separator: "&")
    return Data(text.utf8)
}

func tokenURL(authorityHost: URL, tenantID: String) throws -> URL {
    let base =
        authorityHost.absoluteString.hasSuffix("/")
        ? String(authorityHost.absoluteString.dropLast()) : authorityHost.absoluteString
    guard let url = URL(string: "\(base)/\(tenantID)/oauth2/v2.0/token") else {
        throw ARMError.credential(source: "authority host", detail: "cannot build a token URL from \(authorityHost)")
    }
    return url
}

/// A service principal with a client secret (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`).
public struct ClientSecretCredential: ARMTokenSource {
    let tenantID: String
    let clientID: String
    let secret: String
    let authorityHost: URL
    let transport: any ARMTransport
    let clock: any ARMClock

    public var name: String { "service principal \(clientID) (environment)" }

    /// A credential posting to `<authorityHost>/<tenant>/oauth2/v2.0/token`.
    public init(
        tenantID: String, clientID: String, secret: String, authorityHost: URL, transport: any ARMTransport,
        clock: any ARMClock = SystemClock()
    ) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.secret = secret
        self.authorityHost = authorityHost
        self.transport = transport
        self.clock = clock
    }

    public func token(scope: String) async throws -> AccessToken {
        SecretRedaction.register(secret)
        let body = formBody([
            ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", secret), ("scope", scope),
        ])
        let request = ARMRequest(
            method: "POST", url: try tokenURL(authorityHost: authorityHost, tenantID: tenantID),
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"], body: body)
        return try await requestToken(request, transport: transport, clock: clock, source: name)
    }
}

/// Workload identity federation (`AZURE_FEDERATED_TOKEN_FILE` with `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`):
/// the file's JWT is exchanged as a client assertion; the file is re-read for every token.
public struct WorkloadIdentityCredential: ARMTokenSource {
    let tenantID: String
    let clientID: String
    let tokenFile: String
    let authorityHost: URL
    let transport: any ARMTransport
    let clock: any ARMClock

    public var name: String { "workload identity \(clientID)" }

    /// A credential reading the federated token from `tokenFile`.
    public init(
        tenantID: String, clientID: String, tokenFile: String, authorityHost: URL, transport: any ARMTransport,
        clock: any ARMClock = SystemClock()
    ) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.tokenFile = tokenFile
        self.authorityHost = authorityHost
        self.transport = transport
        self.clock = clock
    }

    public func token(scope: String) async throws -> AccessToken {
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw ARMError.credential(source: name, detail: "cannot read AZURE_FEDERATED_TOKEN_FILE \(tokenFile)")
        }
        let assertion = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !assertion.isEmpty else {
            throw ARMError.credential(source: name, detail: "AZURE_FEDERATED_TOKEN_FILE \(tokenFile) is empty")
        }
        _ = try AccessToken.validated(assertion, source: "AZURE_FEDERATED_TOKEN_FILE \(tokenFile)")
        SecretRedaction.register(assertion)
        let body = formBody([
            ("grant_type", "client_credentials"), ("client_id", clientID),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", assertion), ("scope", scope),
        ])
        let request = ARMRequest(
            method: "POST", url: try tokenURL(authorityHost: authorityHost, tenantID: tenantID),
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"], body: body)
        return try await requestToken(request, transport: transport, clock: clock, source: name)
    }
}

/// A managed identity: App Service style (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`) when those are
/// set, else the VM's IMDS endpoint. A user-assigned identity is picked by client id.
public struct ManagedIdentityCredential: ARMTokenSource {
    /// The IMDS address (link-local, plain HTTP by design).
    public static let imdsEndpoint = URL(string: "http://169.254.169.254")

    let clientID: String?
    let identityEndpoint: URL?
    let identityHeader: String?
    let imds: URL?
    let transport: any ARMTransport
    let clock: any ARMClock

    public var name: String {
        "managed identity" + (clientID.map { " \($0)" } ?? "")
            + (identityEndpoint != nil ? " (IDENTITY_ENDPOINT)" : " (IMDS)")
    }

    /// A credential; `imds` overrides the IMDS base URL (tests point it at the emulator).
    public init(
        clientID: String? = nil, identityEndpoint: URL? = nil, identityHeader: String? = nil,
        imds: URL? = ManagedIdentityCredential.imdsEndpoint, transport: any ARMTransport,
        clock: any ARMClock = SystemClock()
    ) {
        self.clientID = clientID
        self.identityEndpoint = identityEndpoint
        self.identityHeader = identityHeader
        self.imds = imds
        self.transport = transport
        self.clock = clock
    }

    public func token(scope: String) async throws -> AccessToken {
        let resource = AzureCloud.resource(forScope: scope)
        var components: URLComponents?
        var headers = ARMHeaders()
        headers["Accept"] = "application/json"
        if let identityEndpoint, let identityHeader {
            components = URLComponents(url: identityEndpoint, resolvingAgainstBaseURL: false)
            components?.queryItems = [
                URLQueryItem(name: "api-version", value: "2019-08-01"), URLQueryItem(name: "resource", value: resource),
            ]
            headers["X-IDENTITY-HEADER"] = identityHeader
        } else if let imds {
            components = URLComponents(
                url: imds.appendingPathComponent("metadata/identity/oauth2/token"), resolvingAgainstBaseURL: false)
            components?.queryItems = [
                URLQueryItem(name: "api-version", value: "2018-02-01"), URLQueryItem(name: "resource", value: resource),
            ]
            headers["Metadata"] = "true"
        }
        if let clientID { components?.queryItems?.append(URLQueryItem(name: "client_id", value: clientID)) }
        guard let url = components?.url else {
            throw ARMError.credential(source: name, detail: "no managed identity endpoint is configured")
        }
        return try await requestToken(
            ARMRequest(method: "GET", url: url, headers: headers), transport: transport, clock: clock, source: name)
    }
}
