import Foundation

/// IDNA2008 validation of A-labels (RFC 5890 §2.3.2.1, RFC 5891 §5.4): the Punycode decodes
/// (RFC 3492), the U-label is in NFC, does not begin with a combining mark, keeps the hyphen
/// rules, is not `xn--` again, encodes back to the same A-label, and every code point is allowed
/// by RFC 5892 (PVALID, or CONTEXTJ/CONTEXTO with its rule met). The Bidi rule (RFC 5893) is a
/// rule of the whole name: `bidiProblem(_:)`. Unicode data: `IDNAData` (UCD 16.0.0).
public enum IDNA {
    /// The U-label of a valid A-label, or why the label is not one (a phrase that completes
    /// "… is not a valid A-label: ").
    public enum Validation: Equatable, Sendable {
        case valid(uLabel: String)
        case invalid(reason: String)
    }

    /// Validates one `xn--` label (any ASCII case; DNS compares labels case-insensitively).
    public static func validateALabel(_ label: String) -> Validation {
        let lower = label.lowercased()
        guard lower.hasPrefix("xn--"), lower.unicodeScalars.allSatisfy(\.isASCII) else {
            return .invalid(reason: "an A-label is ASCII and starts with xn--")
        }
        let encoded = String(lower.dropFirst(4))
        guard !encoded.isEmpty, let unicode = Punycode.decode(encoded) else {
            return .invalid(reason: "its Punycode does not decode (RFC 3492)")
        }
        guard !unicode.unicodeScalars.allSatisfy(\.isASCII) else {
            return .invalid(reason: "it decodes to plain ASCII '\(unicode)', which needs no xn-- form")
        }
        guard Punycode.encode(unicode) == encoded else {
            return .invalid(reason: "it does not encode back to itself (RFC 5891 §5.4)")
        }
        if let problem = uLabelProblem(unicode) { return .invalid(reason: problem) }
        return .valid(uLabel: unicode)
    }

    /// Why `label`, a U-label, breaks RFC 5891 §5.4 / RFC 5892; nil when it is valid.
    public static func uLabelProblem(_ label: String) -> String? {
        let scalars = Array(label.unicodeScalars)
        guard let first = scalars.first else { return "the label is empty" }
        if label.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(label.unicodeScalars) == false {
            return "its U-label is not in Unicode NFC"
        }
        if [.nonspacingMark, .spacingMark, .enclosingMark].contains(first.properties.generalCategory) {
            return "its U-label begins with the combining mark \(codePoint(first))"
        }
        if scalars.first == "-" || scalars.last == "-" {
            return "its U-label begins or ends with a hyphen"
        }
        if scalars.count >= 4, scalars[2] == "-", scalars[3] == "-" {
            return "its U-label has hyphens in the third and fourth positions"
        }
        for (index, scalar) in scalars.enumerated() {
            switch Table.idna2008.value(for: scalar.value) {
            case "P":
                continue
            case "J":
                if !contextJ(scalars, at: index) {
                    return "\(codePoint(scalar)) is not in a context RFC 5892 A.1/A.2 allows"
                }
            case "O":
                if !contextO(scalars, at: index) {
                    return "\(codePoint(scalar)) is not in a context RFC 5892 appendix A allows"
                }
            default:
                return "\(codePoint(scalar)) is not allowed in IDNA2008 (RFC 5892)"
            }
        }
        return nil
    }

    /// The Bidi rule (RFC 5893 §2) over a name's labels (U-labels, or ASCII labels as they are):
    /// when any label holds a right-to-left character, every label must keep the rule. Returns
    /// the first label that does not, with the reason; nil when the name keeps it.
    public static func bidiProblem(_ labels: [String]) -> (label: String, reason: String)? {
        let classes = labels.map { $0.unicodeScalars.map { bidiClass($0) } }
        guard classes.contains(where: { $0.contains { ["R", "AL", "AN"].contains($0) } }) else { return nil }
        for (label, kinds) in zip(labels, classes) {
            if let reason = bidiLabelProblem(kinds) { return (label, reason) }
        }
        return nil
    }

    private static func bidiLabelProblem(_ kinds: [String]) -> String? {
        guard let first = kinds.first else { return nil }
        let trimmed = kinds.reversed().drop { $0 == "NSM" }
        let last = trimmed.first
        if first == "R" || first == "AL" {
            let allowed: Set = ["R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"]
            if let bad = kinds.first(where: { !allowed.contains($0) }) {
                return "a right-to-left label holds a character of Bidi class \(bad) (RFC 5893 rule 2)"
            }
            guard let last, ["R", "AL", "EN", "AN"].contains(last) else {
                return "a right-to-left label must end with a right-to-left character or a digit (RFC 5893 rule 3)"
            }
            if kinds.contains("EN") && kinds.contains("AN") {
                return "a right-to-left label mixes European and Arabic-Indic digits (RFC 5893 rule 4)"
            }
            return nil
        }
        guard first == "L" else {
            return "in a name with right-to-left labels every label must begin with a letter (RFC 5893 rule 1)"
        }
        let allowed: Set = ["L", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"]
        if let bad = kinds.first(where: { !allowed.contains($0) }) {
            return "a left-to-right label holds a character of Bidi class \(bad) (RFC 5893 rule 5)"
        }
        guard let last, ["L", "EN"].contains(last) else {
            return "a left-to-right label must end with a letter or a digit (RFC 5893 rule 6)"
        }
        return nil
    }

    static func bidiClass(_ scalar: Unicode.Scalar) -> String {
        Table.bidiClass.value(for: scalar.value) ?? "L"
    }

    /// RFC 5892 A.1 (ZERO WIDTH NON-JOINER) and A.2 (ZERO WIDTH JOINER).
    static func contextJ(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        if index > 0, scalars[index - 1].properties.canonicalCombiningClass.rawValue == 9 { return true }
        guard scalars[index].value == 0x200C else { return false }
        func joining(_ scalar: Unicode.Scalar) -> String? { Table.joiningType.value(for: scalar.value) }
        var before = index - 1
        while before >= 0, joining(scalars[before]) == "T" { before -= 1 }
        var after = index + 1
        while after < scalars.count, joining(scalars[after]) == "T" { after += 1 }
        guard before >= 0, after < scalars.count else { return false }
        return ["L", "D"].contains(joining(scalars[before])) && ["R", "D"].contains(joining(scalars[after]))
    }

    /// RFC 5892 A.3-A.9.
    static func contextO(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        func script(_ scalar: Unicode.Scalar) -> String? { Table.script.value(for: scalar.value) }
        let value = scalars[index].value
        switch value {
        case 0x00B7:
            return index > 0 && index + 1 < scalars.count && scalars[index - 1] == "l" && scalars[index + 1] == "l"
        case 0x0375:
            return index + 1 < scalars.count && script(scalars[index + 1]) == "G"
        case 0x05F3, 0x05F4:
            return index > 0 && script(scalars[index - 1]) == "H"
        case 0x30FB:
            return scalars.contains { ["I", "K", "C"].contains(script($0)) }
        case 0x0660...0x0669:
            return !scalars.contains { (0x06F0...0x06F9).contains($0.value) }
        case 0x06F0...0x06F9:
            return !scalars.contains { (0x0660...0x0669).contains($0.value) }
        default:
            return false
        }
    }

    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// A sorted table of code point ranges with a short value, read once from `IDNAData`.
    struct Table: Sendable {
        let starts: [UInt32]
        let ends: [UInt32]
        let values: [String]

        init(_ text: String) {
            var starts: [UInt32] = []
            var ends: [UInt32] = []
            var values: [String] = []
            for entry in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let parts = entry.split(separator: ":")
                let range = parts[0].split(separator: "-")
                let start = UInt32(range[0], radix: 16) ?? 0
                starts.append(start)
                ends.append(range.count > 1 ? UInt32(range[1], radix: 16) ?? start : start)
                values.append(String(parts[1]))
            }
            self.starts = starts
            self.ends = ends
            self.values = values
        }

        func value(for code: UInt32) -> String? {
            var low = 0
            var high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle] <= code { low = middle + 1 } else { high = middle }
            }
            let index = low - 1
            return index >= 0 && code <= ends[index] ? values[index] : nil
        }

        static let idna2008 = Table(IDNAData.idna2008)
        static let bidiClass = Table(IDNAData.bidiClass)
        static let joiningType = Table(IDNAData.joiningType)
        static let script = Table(IDNAData.script)
    }
}
