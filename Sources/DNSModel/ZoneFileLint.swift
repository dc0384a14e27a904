/// The checks a zone file must pass before ldns reads it: what ldns reads leniently but the DNS
/// servers refuse (or read differently) is bad input here, reported with its line. ldns skips a
/// stray `)`, closes an unterminated quote at the end of the file, reads `$TTL abc` as 3600,
/// wraps a TTL above 2^32, drops a second SOA, keeps CH and HS records, decodes RFC 3597 hex
/// leniently and stops a name at a NUL byte.
enum ZoneFileLint {
    /// The largest TTL (RFC 2181 §8).
    static let maxTTL: UInt64 = 2_147_483_647

    /// One token of a logical entry (an entry spans lines inside parentheses).
    struct Token {
        var text: [UInt8]
        var line: Int
        var string: String { String(decoding: text, as: UTF8.self) }
    }

    /// One logical entry: its tokens, and whether it began with blank space (no owner).
    struct Entry {
        var tokens: [Token] = []
        var ownerOmitted = false
    }

    /// Throws the first problem found, as `source:line: reason`.
    static func check(_ bytes: [UInt8], source: String) throws(DNSModelError) {
        let entries = try tokenize(bytes, source: source)
        var firstSOALine: Int?
        for entry in entries {
            try check(entry, firstSOALine: &firstSOALine, source: source)
        }
    }

    private static func fail(_ source: String, _ line: Int, _ reason: String) -> DNSModelError {
        .zoneSyntax(source: source, line: line, reason: reason)
    }

    /// Splits the text into entries as RFC 1035 §5.1 reads it: `;` comments, quoted strings,
    /// backslash escapes and parentheses that join lines.
    static func tokenize(_ bytes: [UInt8], source: String) throws(DNSModelError) -> [Entry] {
        var entries: [Entry] = []
        var entry = Entry()
        var token: [UInt8] = []
        var tokenLine = 1
        var line = 1
        var depth = 0
        var openLine = 0
        var quoteLine: Int?
        var atLineStart = true
        var index = 0

        func endToken() {
            if !token.isEmpty || quoteLine != nil {
                entry.tokens.append(Token(text: token, line: tokenLine))
            }
            token = []
        }
        func endEntry() {
            if !entry.tokens.isEmpty { entries.append(entry) }
            entry = Entry()
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 { throw fail(source, line, "a NUL byte; zone files are text") }
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F {
                throw fail(source, line, "control character 0x\(hex(byte)); write it as a \\DDD escape, if at all")
            }
            if quoteLine != nil {
                switch byte {
                case UInt8(ascii: "\""):
                    token.append(byte)
                    entry.tokens.append(Token(text: token, line: tokenLine))
                    token = []
                    quoteLine = nil
                case UInt8(ascii: "\n"):
                    throw fail(source, tokenLine, "unterminated quote: a quoted string ends on the line it starts")
                case UInt8(ascii: "\\"):
                    token.append(byte)
                    if index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "\n") {
                        index += 1
                        token.append(bytes[index])
                    }
                default:
                    token.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\n"):
                endToken()
                line += 1
                if depth == 0 {
                    endEntry()
                    atLineStart = true
                }
                index += 1
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                if atLineStart && depth == 0 && entry.tokens.isEmpty && token.isEmpty { entry.ownerOmitted = true }
                endToken()
            case UInt8(ascii: ";"):
                endToken()
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    if bytes[index] == 0 { throw fail(source, line, "a NUL byte; zone files are text") }
                    index += 1
                }
                continue
            case UInt8(ascii: "("):
                endToken()
                if depth > 0 { throw fail(source, line, "a '(' inside parentheses opened on line \(openLine)") }
                depth = 1
                openLine = line
            case UInt8(ascii: ")"):
                endToken()
                if depth == 0 { throw fail(source, line, "a ')' without a '(' before it") }
                depth = 0
            case UInt8(ascii: "\""):
                // A quote inside a word (alpn="h2") belongs to the word, as ldns reads it.
                if token.isEmpty { tokenLine = line }
                quoteLine = line
                token.append(byte)
            case UInt8(ascii: "\\"):
                if token.isEmpty { tokenLine = line }
                token.append(byte)
                if index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "\n") {
                    index += 1
                    let next = bytes[index]
                    if next == 0 { throw fail(source, line, "a NUL byte; zone files are text") }
                    if (next < 0x20 && next != 0x09) || next == 0x7F {
                        throw fail(source, line, "an escaped control byte 0x\(hex(next)); write \\DDD")
                    }
                    token.append(next)
                }
            default:
                if token.isEmpty { tokenLine = line }
                token.append(byte)
            }
            atLineStart = false
            index += 1
        }
        if let quoteLine { throw fail(source, quoteLine, "unterminated quote") }
        if depth > 0 { throw fail(source, openLine, "the '(' on this line is never closed") }
        endToken()
        endEntry()
        return entries
    }

    private static func check(_ entry: Entry, firstSOALine: inout Int?, source: String) throws(DNSModelError) {
        let tokens = entry.tokens
        guard let first = tokens.first else { return }
        if !entry.ownerOmitted, first.text.first == UInt8(ascii: "$") {
            let directive = first.string  // ldns reads directives in upper case only
            guard ["$TTL", "$ORIGIN", "$INCLUDE"].contains(directive) else {
                throw fail(
                    source, first.line,
                    "unknown directive '\(first.string)' (a name that starts with $ is written \\$)")
            }
            if directive == "$TTL" || directive == "$ORIGIN" {
                guard tokens.count >= 2 else { throw fail(source, first.line, "\(directive) without a value") }
                // ldns would take the rest of the line, blanks included, as the value.
                guard tokens.count == 2 else {
                    throw fail(source, tokens[2].line, "\(directive) takes one value; remove what follows it")
                }
                if directive == "$TTL" { _ = try ttl(tokens[1], source: source, what: "$TTL") }
                if directive == "$ORIGIN" {
                    try checkOwner(tokens[1], source: source)
                    do {
                        _ = try DomainName(tokens[1].string)
                    } catch {
                        throw fail(source, tokens[1].line, "$ORIGIN \(error.description)")
                    }
                }
            }
            return
        }
        var position = 0
        if !entry.ownerOmitted {
            try checkOwner(first, source: source)
            position = 1
        }
        // TTL and class, in either order, before the type.
        while position < tokens.count {
            let token = tokens[position]
            let upper = token.string.uppercased()
            if let firstByte = token.text.first, (0x30...0x39).contains(firstByte) {
                _ = try ttl(token, source: source, what: "TTL")
            } else if ["IN", "CH", "CS", "HS", "NONE", "ANY"].contains(upper) || isGenericClass(upper) {
                if upper != "IN" && upper != "CLASS1" {
                    throw fail(
                        source, token.line,
                        "class \(upper): a zone holds class IN records only; remove the record or write IN")
                }
            } else {
                break
            }
            position += 1
        }
        guard position < tokens.count else {
            throw fail(source, tokens[tokens.count - 1].line, "the record has no type (A, CNAME, TXT, …)")
        }
        let type = tokens[position]
        guard let recordType = RecordType(type.string), recordType.rawValue != 0 else {
            throw fail(
                source, type.line, "'\(type.string)' is not a record type (a mnemonic such as A, or TYPE<number>)")
        }
        if ["SOA", "TYPE6"].contains(type.string.uppercased()) {
            if let firstSOALine {
                throw fail(
                    source, type.line,
                    "a second SOA record (the first is on line \(firstSOALine)); a zone has one SOA, at its apex")
            }
            firstSOALine = type.line
        }
        let rdata = tokens[(position + 1)...]
        if let marker = rdata.first, marker.string == "\\#" {
            try checkGeneric(Array(rdata.dropFirst()), marker: marker, type: recordType, source: source)
        }
    }

    private static func isGenericClass(_ upper: String) -> Bool {
        upper.hasPrefix("CLASS") && upper.count > 5 && upper.dropFirst(5).allSatisfy(\.isNumber)
    }

    /// An owner name: no octet below 0x20 or 0x7F, also not as a `\DDD` escape, and no bare `"`
    /// (ldns reads a quote glued to an owner as the start of a quoted string that runs on past the
    /// blank and a `;`, so the name it keeps is not the one written).
    private static func checkOwner(_ token: Token, source: String) throws(DNSModelError) {
        let text = token.text
        if text.contains(where: { $0 >= 0x80 }) {
            throw fail(
                source, token.line,
                "a name with non-ASCII characters: write an internationalized name as its A-label (xn--…)")
        }
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "\\"), index + 3 < text.count,
                text[(index + 1)...(index + 3)].allSatisfy({ (0x30...0x39).contains($0) })
            {
                let value = text[(index + 1)...(index + 3)].reduce(0) { $0 * 10 + Int($1) - 0x30 }
                if value < 0x20 || value == 0x7F {
                    throw fail(
                        source, token.line,
                        "the owner name '\(token.string)' contains control character \\\(String(text[(index + 1)...(index + 3)].map { Character(Unicode.Scalar($0)) }))"
                    )
                }
                index += 4
                continue
            }
            if text[index] == UInt8(ascii: "\\"), index + 1 < text.count,
                text[index + 1] < 0x20 || text[index + 1] == 0x7F
            {
                throw fail(
                    source, token.line,
                    "an owner name contains an escaped control character 0x\(hex(text[index + 1]))")
            }
            if text[index] == UInt8(ascii: "\"") {
                throw fail(
                    source, token.line,
                    "the owner name '\(token.string)' contains a quote; write it escaped as \\\" if it is meant")
            }
            index += text[index] == UInt8(ascii: "\\") ? 2 : 1
        }
    }

    /// A TTL: seconds, or BIND's units (`1h30m`), at most 2^31-1.
    static func ttl(_ token: Token, source: String, what: String) throws(DNSModelError) -> UInt64 {
        let text = token.string
        guard let value = parseTTL(text) else {
            throw fail(source, token.line, "\(what) '\(text)' is not a TTL: write seconds (3600) or units (1h)")
        }
        guard value <= maxTTL else {
            throw fail(source, token.line, "\(what) \(text) is above \(maxTTL), the largest TTL (RFC 2181 §8)")
        }
        return value
    }

    /// Seconds for `3600` or `1w2d3h4m5s`; nil for anything else or beyond 64 bits.
    static func parseTTL(_ text: String) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var total: UInt64 = 0
        var number: UInt64?
        for character in text.lowercased().unicodeScalars {
            if let digit = Int(String(character)), character.isASCII {
                let (times, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (plus, overflow2) = times.addingReportingOverflow(UInt64(digit))
                guard !overflow1, !overflow2 else { return nil }
                number = plus
                continue
            }
            let unit: UInt64
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86400
            case "w": unit = 604800
            default: return nil
            }
            guard let value = number else { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: unit)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
            number = nil
        }
        if let number {
            let (sum, overflow) = total.addingReportingOverflow(number)
            return overflow ? nil : sum
        }
        return total
    }

    /// RFC 3597 generic rdata: `\# <length> <hex>…`, the hex exactly `length` octets.
    private static func checkGeneric(
        _ tokens: [Token], marker: Token, type: RecordType, source: String
    ) throws(DNSModelError) {
        guard let lengthToken = tokens.first, let length = Int(lengthToken.string), length >= 0, length <= 65535
        else {
            throw fail(source, marker.line, "RFC 3597 data '\\#' must be followed by its length in octets (0-65535)")
        }
        let hexText = tokens.dropFirst().flatMap(\.text)
        if let bad = hexText.first(where: { !isHexDigit($0) }) {
            throw fail(
                source, lengthToken.line,
                "RFC 3597 data has '\(Character(Unicode.Scalar(bad)))', not a hex digit")
        }
        guard hexText.count % 2 == 0 else {
            throw fail(source, lengthToken.line, "RFC 3597 data has an odd number of hex digits (\(hexText.count))")
        }
        guard hexText.count / 2 == length else {
            throw fail(
                source, lengthToken.line,
                "RFC 3597 data says \(length) octets but has \(hexText.count / 2)")
        }
        // For a type with a presentation form the octets must be that type's data: what ldns
        // reads from them must print as text that reads back.
        if type.hasPresentationForm {
            let generic = ". 0 IN TYPE\(type.rawValue) \\# \(length) \(String(decoding: hexText, as: UTF8.self))"
            guard let record = try? ResourceRecord(parsing: generic),
                (try? ResourceRecord(parsing: record.presentation)) == record
            else {
                throw fail(source, lengthToken.line, "RFC 3597 data is not valid \(type) data")
            }
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
