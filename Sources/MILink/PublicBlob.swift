import Foundation

/// A certificate's public key as SQL Server and ARM exchange it: DER bytes written as `0x` plus
/// upper-case hex (invariant N8). Accepts the value with or without `0x` and in either case;
/// the DER length in the header must match the number of bytes.
public struct PublicBlob: Hashable, Sendable, CustomStringConvertible {
    /// The DER bytes.
    public let bytes: [UInt8]

    /// Parses `0x3082…` or `3082…`; surrounding white space is ignored.
    public init(hex input: String) throws(MILinkError) {
        var digits = Substring(input.trimmingCharacters(in: .whitespacesAndNewlines))
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty else { throw .invalidBlob("the certificate blob is empty") }
        guard digits.count % 2 == 0 else {
            throw .invalidBlob("the certificate blob has an odd number of hex digits (\(digits.count))")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else {
                throw .invalidBlob(
                    "the certificate blob has a character that is not a hex digit near \"\(digits[index..<next])\"")
            }
            bytes.append(byte)
            index = next
        }
        try self.init(der: bytes)
    }

    /// Checks that `der` is one DER SEQUENCE whose header length covers exactly the bytes given.
    public init(der: [UInt8]) throws(MILinkError) {
        guard let length = Self.derLength(der) else {
            throw .invalidBlob("the certificate blob is not a DER certificate (it must start with a SEQUENCE, 0x30)")
        }
        guard length == der.count else {
            throw .invalidBlob("the certificate blob is \(der.count) bytes but its DER header says \(length)")
        }
        bytes = der
    }

    /// `0x` plus upper-case hex, the form SQL Server prints and the documentation passes to ARM.
    public var hex: String {
        let digits: [Character] = Array("0123456789ABCDEF")
        var text = "0x"
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }

    public var description: String { hex }

    /// The total length (header + content) a DER SEQUENCE header announces, or nil.
    static func derLength(_ der: [UInt8]) -> Int? {
        guard der.count >= 2, der[0] == 0x30 else { return nil }
        let first = Int(der[1])
        if first < 0x80 { return 2 + first }
        let count = first & 0x7F
        guard count >= 1, count <= 4, der.count >= 2 + count else { return nil }
        var length = 0
        for byte in der[2..<(2 + count)] { length = length << 8 | Int(byte) }
        return 2 + count + length
    }
}
