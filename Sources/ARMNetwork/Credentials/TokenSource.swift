import Foundation

/// A bearer token and its expiry. Its description never shows the token.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The bearer token itself: send it, never print or log it.
    public let token: String
    /// When the token stops being valid.
    public let expiresOn: Date

    /// A token.
    public init(token: String, expiresOn: Date) {
        self.token = token
        self.expiresOn = expiresOn
    }

    public var description: String { "AccessToken(<redacted>, expires \(expiresOn))" }
    public var debugDescription: String { description }

    /// The longest bearer token accepted (Entra ID tokens are a few KiB).
    public static let maximumLength = 16 * 1024

    /// `token` when it can be sent as a bearer token (RFC 6750 `b64token`: letters, digits,
    /// `-._~+/`, trailing `=`, at most ``maximumLength`` bytes); otherwise
    /// ``ARMError/credential(source:detail:)`` saying what is wrong without quoting the token.
    public static func validated(_ token: String, source: String) throws -> String {
        guard !token.isEmpty else {
            throw ARMError.credential(source: source, detail: "the token is empty")
        }
        guard token.utf8.count <= maximumLength else {
            throw ARMError.credential(
                source: source,
                detail: "the token is \(token.utf8.count) bytes, more than the \(maximumLength) a bearer token can be")
        }
        if token.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.value >= 0x7F }) {
            throw ARMError.credential(
                source: source, detail: "the token contains control or non-ASCII characters; write the token alone")
        }
        let trimmed = token.reversed().drop(while: { $0 == "=" })
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/")
        guard !trimmed.isEmpty, trimmed.allSatisfy({ allowed.contains($0) }) else {
            throw ARMError.credential(
                source: source,
                detail:
                    "this is not a bearer token (only letters, digits and - . _ ~ + / = are allowed); write the token or az account get-access-token JSON"
            )
        }
        return token
    }
}

/// The credential edge: something that can produce a bearer token for a scope
/// (e.g. `https://management.azure.com/.default`).
///
/// Implementations: ``AccessTokenFileCredential`` and the credential chain built by
/// ``CredentialChain``; wrap any of them in ``CachingTokenSource`` so a token is reused
/// until shortly before it expires.
public protocol ARMTokenSource: Sendable {
    /// A short name for messages, e.g. `access token file /run/token`.
    var name: String { get }
    /// A token valid for `scope`; throws ``ARMError/credential(source:detail:)``.
    func token(scope: String) async throws -> AccessToken
}

/// Caches the tokens of another source per scope until `refreshMargin` before expiry.
public actor CachingTokenSource: ARMTokenSource {
    private let source: any ARMTokenSource
    private let clock: any ARMClock
    private let refreshMargin: TimeInterval
    private var cache: [String: AccessToken] = [:]
    private var inFlight: [String: Task<AccessToken, any Error>] = [:]
    private var fetches = 0

    public nonisolated let name: String

    /// Wraps `source`; a cached token is reused while it has more than `refreshMargin` seconds left.
    public init(_ source: any ARMTokenSource, clock: any ARMClock = SystemClock(), refreshMargin: TimeInterval = 300) {
        self.source = source
        self.clock = clock
        self.refreshMargin = refreshMargin
        self.name = source.name
    }

    public func token(scope: String) async throws -> AccessToken {
        if let cached = cache[scope], cached.expiresOn.timeIntervalSince(clock.now()) > refreshMargin {
            return cached
        }
        // Concurrent callers share one fetch instead of each asking the identity endpoint.
        if let pending = inFlight[scope] { return try await pending.value }
        let source = self.source
        let fetch = Task { try await source.token(scope: scope) }
        inFlight[scope] = fetch
        defer { inFlight[scope] = nil }
        let fresh = try await fetch.value
        SecretRedaction.register(fresh.token)
        fetches += 1
        cache[scope] = fresh
        return fresh
    }

    /// How many times the underlying source was asked (for tests and `--verbose`).
    public var fetchCount: Int { fetches }
}

/// Reads a token from a file, for pipelines that obtained one elsewhere (`--access-token-file`).
///
/// The file holds either the bare token, or the JSON printed by
/// `az account get-access-token -o json` (`accessToken` plus `expires_on` or `expiresOn`).
/// A bare token is re-read every five minutes so a pipeline may rotate the file.
public struct AccessTokenFileCredential: ARMTokenSource {
    /// The file path.
    public let path: String
    private let clock: any ARMClock

    public var name: String { "access token file \(path)" }

    /// A credential reading `path`.
    public init(path: String, clock: any ARMClock = SystemClock()) {
        self.path = path
        self.clock = clock
    }

    public func token(scope: String) async throws -> AccessToken {
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= 64 * 1024 else {
                throw ARMError.credential(
                    source: name,
                    detail:
                        "the file is \(size) bytes; a bearer token is at most \(AccessToken.maximumLength) bytes: check --access-token-file"
                )
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ARMError {
            throw error
        } catch {
            throw ARMError.credential(source: name, detail: "cannot read the file; check --access-token-file")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw ARMError.credential(source: name, detail: "the file is empty; write a bearer token into it")
        }
        if text.hasPrefix("{") {
            return try AzureCLIOutput.parse(data, source: name)
        }
        guard !text.contains(where: \.isWhitespace) else {
            throw ARMError.credential(
                source: name, detail: "the file must hold one bearer token (or az account get-access-token JSON)")
        }
        let token = try AccessToken.validated(text, source: name)
        SecretRedaction.register(token)
        return AccessToken(token: token, expiresOn: clock.now().addingTimeInterval(600))
    }
}

/// Parses the JSON of `az account get-access-token -o json`.
enum AzureCLIOutput {
    private struct Body: Decodable {
        var accessToken: String?
        var expiresOn: String?
        var expiresOnSeconds: FlexibleNumber?

        enum CodingKeys: String, CodingKey {
            case accessToken, expiresOn
            case expiresOnSeconds = "expires_on"
        }
    }

    static func parse(_ data: Data, source: String) throws -> AccessToken {
        guard let body = try? JSONDecoder().decode(Body.self, from: data), let token = body.accessToken, !token.isEmpty
        else {
            throw ARMError.credential(source: source, detail: "the JSON has no accessToken field")
        }
        _ = try AccessToken.validated(token, source: source)
        SecretRedaction.register(token)
        if let seconds = body.expiresOnSeconds?.value {
            return AccessToken(token: token, expiresOn: Date(timeIntervalSince1970: seconds))
        }
        if let text = body.expiresOn, let date = parseExpiresOn(text) {
            return AccessToken(token: token, expiresOn: date)
        }
        throw ARMError.credential(source: source, detail: "the JSON has neither expires_on nor a readable expiresOn")
    }

    /// `expiresOn` is local time `YYYY-MM-DD HH:MM:SS.ffffff` (no zone), or RFC 3339 in Cloud Shell.
    static func parseExpiresOn(_ text: String) -> Date? {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        for format in ["yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyy-MM-dd HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

/// A JSON number that may arrive as a string (`"3599"`), as the identity endpoints send it.
struct FlexibleNumber: Decodable, Sendable {
    let value: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Double(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number")
        }
    }
}
