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
        // Each expression only runs (and is only compiled, through ICU, on first use: about a
        // millisecond) when its literal part is in the text: `bearer` in any case (no other
        // character case-folds to these letters), `eyJ` exactly; searched as bytes, so grapheme
        // clusters cannot hide them.
        if contains(Array("bearer".utf8), in: result, ignoringASCIICase: true) {
            result = replace(bearer, in: result, with: "$1<redacted>")
        }
        if contains(Array("eyJ".utf8), in: result, ignoringASCIICase: false) {
            result = replace(jwt, in: result, with: "<redacted>")
        }
        return result
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

    /// True when the UTF-8 bytes of `text` contain `needle` (lowercase ASCII when ignoring case).
    static func contains(_ needle: [UInt8], in text: String, ignoringASCIICase: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            candidates: for start in 0...(bytes.count - needle.count) {
                for offset in 0..<needle.count {
                    var byte = bytes[start + offset]
                    if ignoringASCIICase, byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
                    if byte != needle[offset] { continue candidates }
                }
                return true
            }
            return false
        }
    }

    private static func replace(_ expression: NSRegularExpression?, in text: String, with template: String) -> String {
        guard let expression else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return expression.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }
}
