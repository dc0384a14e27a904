import Foundation

/// HTTP header fields with case-insensitive lookup, in the order they were added.
public struct ARMHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields as sent or received.
    public private(set) var fields: [(name: String, value: String)]

    /// Empty headers.
    public init() { fields = [] }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of `name` (case-insensitive), or nil.
    public subscript(_ name: String) -> String? {
        get {
            let key = name.lowercased()
            return fields.first { $0.name.lowercased() == key }?.value
        }
        set {
            let key = name.lowercased()
            fields.removeAll { $0.name.lowercased() == key }
            if let newValue { fields.append((name: name, value: newValue)) }
        }
    }

    /// Appends a field without replacing earlier ones of the same name.
    public mutating func append(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (lhs: ARMHeaders, rhs: ARMHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy {
                $0.name.lowercased() == $1.name.lowercased() && $0.value == $1.value
            }
    }
}

/// One HTTP request to ARM (or to a token endpoint): method, absolute URL, headers, body.
public struct ARMRequest: Sendable {
    /// `GET`, `PUT`, `PATCH`, `DELETE` or `POST`.
    public var method: String
    /// Absolute URL including the query (`api-version`).
    public var url: URL
    /// Request headers; `Authorization` is added by ``ARMClient``.
    public var headers: ARMHeaders
    /// JSON (or form) body.
    public var body: Data?

    /// A request.
    public init(method: String, url: URL, headers: ARMHeaders = ARMHeaders(), body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response: status, headers, body bytes.
public struct ARMResponse: Sendable {
    /// HTTP status code.
    public var status: Int
    /// Response headers.
    public var headers: ARMHeaders
    /// Body bytes (may be empty).
    public var body: Data

    /// A response.
    public init(status: Int, headers: ARMHeaders = ARMHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The HTTP edge of ARMNetwork. ``AsyncHTTPTransport`` is the live implementation; tests use the
/// emulator through it, or a fake in PeNetTestSupport.
///
/// A transport sends exactly one request and returns the response whatever its status; it throws
/// only when no response arrived (connection refused or reset, timeout). Retries, tokens and
/// error decoding belong to ``ARMClient``.
///
/// ```swift
/// struct CannedTransport: ARMTransport {
///     func send(_ request: ARMRequest) async throws -> ARMResponse {
///         ARMResponse(status: 200, body: Data(#"{"value":[]}"#.utf8))
///     }
/// }
/// ```
public protocol ARMTransport: Sendable {
    /// Sends one request and returns its response.
    func send(_ request: ARMRequest) async throws -> ARMResponse
}

/// A failure below HTTP: no response was received.
public struct ARMTransportError: Error, Sendable, CustomStringConvertible {
    /// What happened, without any header or body content.
    public var description: String

    /// A transport error.
    public init(_ description: String) { self.description = description }
}

extension URL {
    /// True for 127.0.0.0/8, ::1 and localhost, where plain HTTP is allowed.
    public var isLoopbackHost: Bool {
        guard let host = host?.lowercased() else { return false }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        // 127.0.0.0/8 only as an address literal: a name such as 127.example.com can resolve anywhere.
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        let isLoopbackV4 =
            octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
        return bare == "localhost" || bare == "::1" || isLoopbackV4
    }

    /// Throws ``ARMError/insecureEndpoint(_:)`` unless the URL is https, or plain HTTP to loopback
    /// or to the link-local IMDS address 169.254.169.254 (which only speaks HTTP).
    public func requireSecureOrLoopback() throws {
        try requireUsable()
        let scheme = scheme?.lowercased()
        if scheme == "https" { return }
        if scheme == "http", isLoopbackHost || host == "169.254.169.254" { return }
        throw ARMError.insecureEndpoint(absoluteString)
    }

    /// Throws ``ARMError/unusableURL(_:reason:)`` unless a request can be built from the URL: a
    /// host, a port in 1–65535 when one is given, and no whitespace or control characters
    /// (HTTP client and URL libraries trap on those instead of failing).
    public func requireUsable() throws {
        let text = absoluteString
        if text.unicodeScalars.contains(where: {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control
        }) {
            throw ARMError.unusableURL(
                text.escapingControlCharacters, reason: "it contains whitespace or control characters")
        }
        guard let host, !host.isEmpty else { throw ARMError.unusableURL(text, reason: "it has no host") }
        if let port, !(1...65535).contains(port) {
            throw ARMError.unusableURL(text, reason: "port \(port) is outside 1-65535")
        }
    }
}

extension String {
    /// The text with control characters, line breaks and other invisible separators written as
    /// `\u{…}` escapes, so that a value echoed in a one-line message stays one harmless line.
    public var escapingControlCharacters: String {
        var result = ""
        for scalar in unicodeScalars {
            let category = scalar.properties.generalCategory
            if category == .control || category == .lineSeparator || category == .paragraphSeparator
                || category == .format
            {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
