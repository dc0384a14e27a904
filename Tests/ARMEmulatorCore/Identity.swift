import Foundation

/// The emulator's identity endpoints: a Microsoft identity platform client-credentials token
/// endpoint (`POST /{tenant}/oauth2/v2.0/token`), an IMDS-like endpoint
/// (`GET /metadata/identity/oauth2/token`, header `Metadata: true`) and an App Service-style one
/// (`GET /msi/token`, header `X-IDENTITY-HEADER`). Tokens it issues are opaque random strings.
actor Identity {
    struct Settings: Sendable {
        var clientID: String?
        var clientSecret: String?
        var identityHeader: String?
        var tokenLifetime: Int
        var acceptedTokens: [String]
    }

    private let settings: Settings
    private var issued: Set<String>
    private(set) var issuedCount = 0

    init(settings: Settings) {
        self.settings = settings
        issued = Set(settings.acceptedTokens)
    }

    func isValid(_ token: String) -> Bool { issued.contains(token) }

    private func issue() -> String {
        let token = "emu." + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        issued.insert(token)
        issuedCount += 1
        return token
    }

    /// Client credentials (secret or federated assertion).
    func clientCredentials(form: [String: String]) -> Reply {
        guard form["grant_type"] == "client_credentials" else {
            return oauthError(400, "unsupported_grant_type", "AADSTS70003: grant_type must be client_credentials.")
        }
        guard let clientID = form["client_id"], !clientID.isEmpty else {
            return oauthError(
                400, "invalid_request", "AADSTS900144: The request body must contain the parameter 'client_id'.")
        }
        if let expected = settings.clientID, expected != clientID {
            return oauthError(
                400, "unauthorized_client",
                "AADSTS700016: Application with identifier '\(clientID)' was not found in the directory.")
        }
        if let assertion = form["client_assertion"] {
            guard form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                !assertion.isEmpty
            else {
                return oauthError(400, "invalid_client", "AADSTS700023: the client assertion is invalid.")
            }
        } else {
            guard let secret = form["client_secret"], !secret.isEmpty else {
                return oauthError(
                    401, "invalid_client", "AADSTS7000216: 'client_assertion' or 'client_secret' is required.")
            }
            if let expected = settings.clientSecret, expected != secret {
                return oauthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
            }
        }
        guard let scope = form["scope"], scope.hasSuffix("/.default") else {
            return oauthError(
                400, "invalid_scope", "AADSTS70011: The provided value for the input parameter 'scope' is not valid.")
        }
        return .ok(
            .object([
                "token_type": "Bearer", "expires_in": .int(Int64(settings.tokenLifetime)),
                "ext_expires_in": .int(Int64(settings.tokenLifetime)), "access_token": .string(issue()),
            ]))
    }

    /// IMDS / App Service managed identity.
    func managedIdentity(query: [String: String], headers: [String: String], appService: Bool) -> Reply {
        if appService {
            guard let expected = settings.identityHeader, headers["x-identity-header"] == expected else {
                return .error(401, "Unauthorized", "X-IDENTITY-HEADER is missing or wrong.")
            }
        } else {
            guard headers["metadata"]?.lowercased() == "true" else {
                return .error(400, "BadRequest", "Required metadata header not specified")
            }
        }
        guard let resource = query["resource"], !resource.isEmpty else {
            return .error(400, "invalid_request", "Required query variable 'resource' is missing")
        }
        if let clientID = query["client_id"], let expected = settings.clientID, clientID != expected {
            return .error(400, "invalid_request", "Identity not found")
        }
        let expiresOn = Int(Date().timeIntervalSince1970) + settings.tokenLifetime
        return .ok(
            .object([
                "access_token": .string(issue()), "expires_in": .string(String(settings.tokenLifetime)),
                "expires_on": .string(String(expiresOn)), "resource": .string(resource), "token_type": "Bearer",
            ]))
    }

    private func oauthError(_ status: Int, _ code: String, _ description: String) -> Reply {
        Reply(status: status, body: .object(["error": .string(code), "error_description": .string(description)]))
    }
}

/// Parses `a=b&c=d` (form bodies and queries).
func parseForm(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    for pair in text.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        let key = parts[0].replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? parts[0]
        let value =
            parts.count > 1
            ? (parts[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? parts[1]) : ""
        result[key] = value
    }
    return result
}
