/// A DNS domain name as written in presentation format: its labels and whether it is absolute
/// (written with a trailing dot). Parsing goes through ldns, so its limits hold: no empty label,
/// labels of at most 63 octets, names of at most 255 octets on the wire. Equality and hashing
/// ignore ASCII case; the text keeps the case it was written in.
public struct DomainName: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The labels, leftmost first, in presentation form (escapes such as `\.` kept). Empty for the root.
    public let labels: [String]
    /// True when the name was written with a trailing dot (or is the root).
    public let isAbsolute: Bool

    /// The longest label ldns accepts, in octets.
    public static let maxLabelOctets = 63
    /// The longest name ldns accepts, in wire octets (including the root label).
    public static let maxWireOctets = 255

    /// The root name `.`.
    public static let root = DomainName(validatedLabels: [], absolute: true)

    /// Parses presentation text such as `mi1.abc123.database.windows.net` or `example.com.`.
    public init(_ text: String) throws(DNSModelError) {
        if text == "." {
            self = .root
            return
        }
        guard !text.isEmpty else { throw .invalidName(text, reason: "the name is empty") }
        _ = try LDNSName(text)  // ldns is the judge of the syntax and the limits
        var parts = DomainName.splitLabels(text)
        let absolute = parts.last == ""
        if absolute { parts.removeLast() }
        if let empty = parts.firstIndex(of: "") {
            throw .invalidName(text, reason: "label \(empty + 1) is empty")
        }
        let wire = parts.reduce(1) { $0 + DomainName.octetCount($1) + 1 }
        guard wire <= DomainName.maxWireOctets else {
            throw .invalidName(text, reason: "the name is \(wire) octets on the wire; at most 255")
        }
        self.init(validatedLabels: parts, absolute: absolute)
    }

    /// A literal name; traps on an invalid literal, so use it only for constants.
    public init(stringLiteral value: String) {
        do {
            try self.init(value)
        } catch {
            preconditionFailure("invalid DomainName literal '\(value)': \(error)")
        }
    }

    /// A plain host name (ASCII letters, digits and hyphens in dot-separated labels of 1-63
    /// octets, at most 253 octets, optionally with a trailing dot), checked and split here
    /// without ldns: such names cannot need escapes, so ldns would accept them unchanged.
    /// Nil for anything else (parse those with `init(_:)`).
    public init?(plainHostName text: String) {
        var labels: [String] = []
        var absolute = false
        let valid = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.isEmpty, bytes.count <= 254 else { return false }
            var start = 0
            for index in 0...bytes.count {
                if index == bytes.count || bytes[index] == UInt8(ascii: ".") {
                    let length = index - start
                    if length == 0 {
                        // only a trailing dot may end an empty label
                        guard index == bytes.count, start > 0 else { return false }
                        absolute = true
                        break
                    }
                    guard length <= DomainName.maxLabelOctets else { return false }
                    labels.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    start = index + 1
                    continue
                }
                let byte = bytes[index] | 0x20  // ASCII lowercase
                guard (0x61...0x7A).contains(byte) || (0x30...0x39).contains(bytes[index]) || bytes[index] == 0x2D
                else { return false }
            }
            return (bytes.count - (absolute ? 1 : 0)) <= 253
        }
        guard valid == true else { return nil }
        self.init(validatedLabels: labels, absolute: absolute)
    }

    /// A name ldns printed (already validated by ldns): only split, not parsed again.
    init(ldnsText text: String) {
        if text == "." {
            self = .root
            return
        }
        var parts = DomainName.splitLabels(text)
        let absolute = parts.last == ""
        if absolute { parts.removeLast() }
        self.init(validatedLabels: parts, absolute: absolute)
    }

    init(validatedLabels: [String], absolute: Bool) {
        labels = validatedLabels
        isAbsolute = absolute
    }

    /// The name as written: labels joined by dots, with a trailing dot when absolute.
    public var text: String {
        if labels.isEmpty { return isAbsolute ? "." : "" }
        return labels.joined(separator: ".") + (isAbsolute ? "." : "")
    }

    public var description: String { text }

    /// The same name with a trailing dot.
    public var absolute: DomainName { DomainName(validatedLabels: labels, absolute: true) }

    /// The same name without a trailing dot (the root stays `.`).
    public var relative: DomainName {
        labels.isEmpty ? self : DomainName(validatedLabels: labels, absolute: false)
    }

    /// The name in lower case (ASCII only, as DNS compares names).
    public var lowercased: DomainName {
        DomainName(validatedLabels: labels.map { $0.lowercased() }, absolute: isAbsolute)
    }

    /// The leftmost label, or nil for the root.
    public var firstLabel: String? { labels.first }

    /// The number of labels, not counting the root (`.` → 0, `mi1.abc123.database.windows.net` → 5).
    public var labelCount: Int { labels.count }

    /// Octets on the wire, including the root label.
    public var wireLength: Int { labels.reduce(1) { $0 + DomainName.octetCount($1) + 1 } }

    /// The name with its first label removed; nil for the root.
    public var parent: DomainName? {
        labels.isEmpty ? nil : DomainName(validatedLabels: Array(labels.dropFirst()), absolute: isAbsolute)
    }

    /// `self` is `other` or lies below it (case-insensitive, ignoring the trailing dot).
    public func isSubdomain(of other: DomainName) -> Bool {
        guard other.labels.count <= labels.count else { return false }
        return zip(labels.suffix(other.labels.count), other.labels).allSatisfy {
            DomainName.asciiCaseInsensitiveEqual($0, $1)
        }
    }

    /// Prepends labels: `DomainName("abc.example").prepending("mi1")` is `mi1.abc.example`.
    public func prepending(_ label: String) throws(DNSModelError) -> DomainName {
        try DomainName(label + "." + (labels.isEmpty ? "" : text))
    }

    /// The part of `self` below `origin` (`mi1` for `mi1.zone.` under `zone.`); `@` when equal.
    public func relative(to origin: DomainName) -> String {
        guard isSubdomain(of: origin) else { return absolute.text }
        let own = labels.prefix(labels.count - origin.labels.count)
        return own.isEmpty ? "@" : own.joined(separator: ".")
    }

    public static func == (lhs: DomainName, rhs: DomainName) -> Bool {
        lhs.isAbsolute == rhs.isAbsolute && lhs.labels.count == rhs.labels.count
            && zip(lhs.labels, rhs.labels).allSatisfy { DomainName.asciiCaseInsensitiveEqual($0, $1) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isAbsolute)
        for label in labels {
            for byte in label.utf8 { hasher.combine(DomainName.lowercase(byte)) }
            hasher.combine(UInt8(ascii: "."))
        }
    }

    static func lowercase(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// DNS compares names ignoring ASCII case only (RFC 4343); no allocation.
    static func asciiCaseInsensitiveEqual(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let l?, let r?) where lowercase(l) == lowercase(r): continue
            default: return false
            }
        }
    }

    /// DNSSEC canonical order (RFC 4034 §6.1): compare labels from the right, case-insensitively.
    public static func < (lhs: DomainName, rhs: DomainName) -> Bool {
        let left = lhs.labels.reversed().map { $0.lowercased() }
        let right = rhs.labels.reversed().map { $0.lowercased() }
        for (l, r) in zip(left, right) where l != r {
            return Array(l.utf8).lexicographicallyPrecedes(Array(r.utf8))
        }
        if left.count != right.count { return left.count < right.count }
        return !lhs.isAbsolute && rhs.isAbsolute
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// Splits on dots that are not escaped with a backslash.
    static func splitLabels(_ text: String) -> [String] {
        var parts: [String] = []
        let bytes = Array(text.utf8)
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == UInt8(ascii: ".") {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                start = index + 1
            }
            index += 1
        }
        parts.append(String(decoding: bytes[min(start, bytes.count)..<bytes.count], as: UTF8.self))
        return parts
    }

    /// Octets a presentation label takes on the wire (`\DDD` and `\X` are one octet each).
    static func octetCount(_ label: String) -> Int {
        var count = 0
        var bytes = Array(label.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "\\") {
                if let first = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
                    bytes = bytes.dropFirst(3)
                } else {
                    bytes = bytes.dropFirst()
                }
            }
            count += 1
        }
        return count
    }
}
