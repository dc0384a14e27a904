import Foundation

extension PublicBlob {
    /// SQL Server's certificate as `--sql-certificate` gives it: the `0x…` blob `CERTENCODED`
    /// prints (in a text file), or the certificate itself as DER or PEM (`.cer`). Every form is
    /// normalised to the same public blob.
    public init(certificateFile contents: [UInt8]) throws(MILinkError) {
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("-----BEGIN CERTIFICATE-----") {
            let body =
                text
                .replacingOccurrences(of: "-----BEGIN CERTIFICATE-----", with: "")
                .components(separatedBy: "-----END CERTIFICATE-----")[0]
                .filter { !$0.isWhitespace }
            guard let der = Data(base64Encoded: body) else {
                throw .invalidBlob("the PEM certificate's base64 cannot be decoded")
            }
            try self.init(der: Array(der))
        } else if text.hasPrefix("0x") || text.hasPrefix("0X") || (!text.isEmpty && text.allSatisfy(\.isHexDigit)) {
            // Checked before DER: the text "0x30…" also starts with the byte 0x30.
            try self.init(hex: text)
        } else if contents.first == 0x30 {
            try self.init(der: contents)
        } else {
            throw .invalidBlob("it is neither a 0x… blob, a PEM certificate nor a DER certificate")
        }
    }

    /// The hex digits without `0x`, upper-case: how two blobs are compared whatever their spelling.
    public static func normalizedDigits(_ text: String) -> String? {
        try? PublicBlob(hex: text).hex.dropFirst(2).description
    }

    /// Whether `text` (hex with or without `0x`, any case) spells the same bytes, even when it is
    /// not a whole DER certificate (ARM sometimes shortens what it shows).
    public func matches(_ text: String) -> Bool {
        var digits = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if digits.lowercased().hasPrefix("0x") { digits = digits.dropFirst(2) }
        return digits.uppercased() == hex.dropFirst(2)
    }
}
