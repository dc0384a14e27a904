import Foundation
import Synchronization

/// Keeps bearer tokens out of everything pe-net prints or logs.
///
/// Every token a credential hands out is registered here; ``redact(_:)`` replaces those exact
/// values (also percent-encoded), anything after `Bearer `, and JWT-shaped text with
/// `<redacted>`. Text that came from a server (error bodies, headers, request ids, operation
/// URLs) and every line the CLI prints pass through it, so a server that echoes the
/// `Authorization` header cannot put the token on a terminal or into a log.
public enum SecretRedaction {
    private static let secrets = Mutex<Set<String>>([])

    /// Remembers `secret` so that later output never contains it. Short values are ignored
    /// (they would redact ordinary words).
    public static func register(_ secret: String) {
        guard secret.utf8.count >= 8 else { return }
        secrets.withLock { _ = $0.insert(secret) }
    }

    /// `text` with registered secrets, bearer credentials and JWT-shaped text replaced by `<redacted>`.
    public static func redact(_ text: String) -> String {
        var result = text
        let known = secrets.withLock { $0 }
        for secret in known where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        for secret in known {
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != secret,
                result.contains(encoded)
            {
                result = result.replacingOccurrences(of: encoded, with: "<redacted>")
            }
        }
        // The expressions only run on text that holds their fixed part: `bearer` in any ASCII
        // case (no other character folds to these letters) or `eyJ`. Output such as thousands of
        // `dns verify` lines holds neither, and regular expressions over it cost more than making it.
        if containsASCIICaseInsensitive(result, "bearer") { result = replace(bearer, in: result, with: "$1<redacted>") }
        if containsASCIICaseInsensitive(result, "eyJ", exactCase: true) {
            result = replace(jwt, in: result, with: "<redacted>")
        }
        return result
    }

    /// True when `text` contains `needle` (ASCII), comparing ASCII letters without case unless
    /// `exactCase`; one pass over the UTF-8 bytes, no copies.
    static func containsASCIICaseInsensitive(_ text: String, _ needle: StaticString, exactCase: Bool = false) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        func fold(_ byte: UInt8) -> UInt8 { !exactCase && (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        let first = fold(pattern[0])
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.count >= pattern.count else { return false }
            var index = 0
            let last = bytes.count - pattern.count
            while index <= last {
                if fold(bytes[index]) == first {
                    var offset = 1
                    while offset < pattern.count, fold(bytes[index + offset]) == fold(pattern[offset]) { offset += 1 }
                    if offset == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
        if let found { return found }
        var copy = text
        copy.makeContiguousUTF8()
        return containsASCIICaseInsensitive(copy, needle, exactCase: exactCase)
    }

    /// `text` redacted and with control characters escaped: safe to show in a one-line message.
    public static func safe(_ text: String) -> String {
        redact(text).escapingControlCharacters
    }

    // `Bearer <b64token>` (RFC 6750), case-insensitive, also after `Authorization:`: a value of
    // at least 8 characters with a digit or punctuation, so prose such as "bearer tokens" stays.
    private static let bearer = try? NSRegularExpression(
        pattern: #"(?i)(bearer(?:\s|%20|\+)+)(?=[A-Za-z]*[0-9.\-_~+/=%])[A-Za-z0-9\-._~+/=%]{8,}"#)
    // A JWT: base64url header starting `eyJ`, a dot, a payload, optionally a dot and a signature.
    private static let jwt = try? NSRegularExpression(
        pattern: #"eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}(?:\.[A-Za-z0-9_\-]*)?"#)

    private static func replace(_ expression: NSRegularExpression?, in text: String, with template: String) -> String {
        guard let expression else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return expression.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }
}
