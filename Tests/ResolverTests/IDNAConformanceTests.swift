import Foundation
import PeNetTestSupport
import Resolver
import Testing

/// A-labels as RFC 5890/5891 define them, against Unicode's IDNA conformance data
/// (Tests/Fixtures/idna/IdnaTestV2.txt, Unicode 16.0.0) and the RFC 3492 §7.1 samples.
@Suite struct IDNAConformanceTests {
    /// One line of IdnaTestV2.txt with the blanks filled in as its header describes.
    struct Case {
        var line: Int
        var source: String
        var toUnicode: String
        var toASCII: String
        var status: Set<String>
    }

    static func unescape(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let slash = rest.firstIndex(of: "\\") {
            result += rest[..<slash]
            let after = rest[rest.index(after: slash)...]
            if after.hasPrefix("u"), after.count >= 5, let value = UInt32(after.dropFirst().prefix(4), radix: 16) {
                result.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                rest = after.dropFirst(5)
            } else if after.hasPrefix("x{"), let close = after.firstIndex(of: "}"),
                let value = UInt32(after[after.index(after.startIndex, offsetBy: 2)..<close], radix: 16)
            {
                result.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                rest = after[after.index(after: close)...]
            } else {
                result += "\\"
                rest = after
            }
        }
        return result + rest
    }

    static let cases: [Case] = {
        let path = TestPaths.packageRoot.appendingPathComponent("Tests/Fixtures/idna/IdnaTestV2.txt").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var cases: [Case] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let columns = content.split(separator: ";", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard columns.count >= 5 else { continue }
            func value(_ text: String, _ fallback: String) -> String {
                text.isEmpty ? fallback : text == "\"\"" ? "" : unescape(text)
            }
            func codes(_ text: String) -> Set<String> {
                Set(
                    text.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces)
                    })
            }
            let source = value(columns[0], "")
            let toUnicode = value(columns[1], source)
            let unicodeStatus = codes(columns[2])
            let toASCII = value(columns[3], toUnicode)
            let status = columns[4].isEmpty ? unicodeStatus : codes(columns[4])
            cases.append(Case(line: index + 1, source: source, toUnicode: toUnicode, toASCII: toASCII, status: status))
        }
        return cases
    }()

    /// The codes for a label's own validity (not UTS #46 mapping, lengths or empty labels).
    static let labelCodes: Set<String> = [
        "P1", "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "A3", "U1", "B1", "B2", "B3", "B4", "B5", "B6",
        "C1", "C2",
    ]

    /// pe-net's verdict on an ASCII name: every `xn--` label a valid A-label, every other label
    /// LDH with the hyphen rules, and the Bidi rule over the U-labels. nil when valid, else why.
    static func verdict(_ name: String) -> String? {
        var uLabels: [String] = []
        for label in name.lowercased().split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            if label.hasPrefix("xn--") {
                switch IDNA.validateALabel(label) {
                case .valid(let unicode): uLabels.append(unicode)
                case .invalid(let reason): return "\(label): \(reason)"
                }
            } else {
                guard HostnameRules.isLDHLabel(label) else { return "\(label): not LDH" }
                let bytes = Array(label.utf8)
                if bytes.count >= 4, bytes[2] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: "-") {
                    return "\(label): hyphens in positions 3 and 4"
                }
                uLabels.append(label)
            }
        }
        if let bidi = IDNA.bidiProblem(uLabels) { return "\(bidi.label): \(bidi.reason)" }
        return nil
    }

    /// Where IDNA2008 is stricter than UTS #46: code points UTS #46 keeps valid (its NV8 and
    /// XV8 symbols) that RFC 5892 disallows, and the CONTEXTO rules UTS #46 does not test.
    static func isIDNA2008Stricter(_ reason: String) -> Bool {
        reason.contains("is not allowed in IDNA2008") || reason.contains("RFC 5892 appendix A allows")
    }

    @Test func validNamesFromTheConformanceDataAreAccepted() throws {
        let valid = Self.cases.filter { $0.status.isEmpty && $0.toASCII.contains("xn--") }
        #expect(valid.count == 534, "IdnaTestV2.txt not read whole: \(valid.count) valid names with A-labels")
        var stricter = 0
        var mismatches: [String] = []
        for test in valid {
            guard let reason = Self.verdict(test.toASCII) else { continue }
            if Self.isIDNA2008Stricter(reason) {
                stricter += 1
            } else {
                mismatches.append("line \(test.line): \(test.toASCII): \(reason)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) refused: \(mismatches.prefix(10).joined(separator: "\n"))")
        // 160 of the 534 hold a code point RFC 5892 disallows or a CONTEXTO one out of context
        // (counted independently from Idna2008-16.0.0.txt with Python's Punycode codec).
        #expect(stricter == 160, "\(stricter) of \(valid.count) refused as IDNA2008-only")
        print(
            "IdnaTestV2 valid names: \(valid.count), accepted \(valid.count - stricter - mismatches.count), refused by the stricter IDNA2008 code point and CONTEXTO rules \(stricter)"
        )
    }

    @Test func invalidASCIINamesFromTheConformanceDataAreRefused() throws {
        let invalid = Self.cases.filter { test in
            test.source.unicodeScalars.allSatisfy(\.isASCII) && test.source.lowercased().contains("xn--")
                && !test.status.isEmpty && test.status.isSubset(of: Self.labelCodes)
                && !test.source.split(separator: ".", omittingEmptySubsequences: false).contains { $0.isEmpty }
        }
        #expect(invalid.count == 1943, "IdnaTestV2.txt not read whole: \(invalid.count) cases")
        let accepted = invalid.filter { Self.verdict($0.source) == nil }.map {
            "line \($0.line): \($0.source) \($0.status.sorted())"
        }
        #expect(accepted.isEmpty, "\(accepted.count) accepted: \(accepted.prefix(10).joined(separator: "\n"))")
        print(
            "IdnaTestV2 invalid ASCII names with xn-- labels: \(invalid.count), refused \(invalid.count - accepted.count)"
        )
    }

    @Test func theHostRulesUseTheSameValidation() {
        let findings = HostnameRules.syntax(of: "xn--bcher-kva.example")
        #expect(findings.contains { $0.code == "host.idn" && $0.message.contains("'bücher'") })
        for bad in ["xn--ls8h.example", "xn--xn---epa.example", "xn--a-vbb.example", "xn--a-ubb.example"] {
            #expect(HostnameRules.syntax(of: bad).contains { $0.code == "host.punycode-invalid" }, "\(bad)")
        }
        let bidi = HostnameRules.syntax(of: "1a.xn--4db.example")
        #expect(bidi.contains { $0.code == "host.idn-bidi" }, "\(bidi)")
    }

    /// (A-label, why it is not one)
    @Test(
        arguments: [
            ("xn--", "does not decode"),
            ("xn--abc", "U+0082 is not allowed in IDNA2008"),
            ("xn--99999999999", "does not decode"),
            ("xn--a-9", "does not decode"),
            ("xn--abc-", "plain ASCII"),
            ("xn--a-ubb", "begins with the combining mark U+0300"),
            ("xn--a-vbb", "not in Unicode NFC"),
            ("xn---a-cja", "begins or ends with a hyphen"),
            ("xn--ab---epa", "hyphens in the third and fourth positions"),
            ("xn--xn---epa", "hyphens in the third and fourth positions"),
            ("xn--ls8h", "U+1F4A9 is not allowed in IDNA2008"),
            ("xn--bcher-KVA", nil),
            ("xn--a-gda", "U+00B7 is not in a context"),
            ("xn--ll-0ea", nil),
            ("xn--a-sgn", "U+200C is not in a context"),
            ("xn---9ca", "not encode back"),
        ] as [(String, String?)])
    func aLabel(_ label: String, _ reason: String?) {
        switch IDNA.validateALabel(label) {
        case .valid(let unicode):
            #expect(reason == nil, "\(label) accepted as \(unicode)")
        case .invalid(let why):
            #expect(reason.map { why.contains($0) } == true, "\(label): \(why)")
        }
    }

    /// RFC 3492 §7.1: (sample, code points, Punycode as the RFC prints it)
    @Test(arguments: [
        (
            "A",
            "\u{0644}\u{064A}\u{0647}\u{0645}\u{0627}\u{0628}\u{062A}\u{0643}\u{0644}\u{0645}\u{0648}\u{0634}\u{0639}\u{0631}\u{0628}\u{064A}\u{061F}",
            "egbpdaj6bu4bxfgehfvwxn"
        ),
        ("B", "\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}", "ihqwcrb4cv8a8dqg056pqjye"),
        (
            "C", "\u{4ED6}\u{5011}\u{7232}\u{4EC0}\u{9EBD}\u{4E0D}\u{8AAA}\u{4E2D}\u{6587}",
            "ihqwctvzc91f659drss3x8bo0yb"
        ),
        (
            "D",
            "\u{0050}\u{0072}\u{006F}\u{010D}\u{0070}\u{0072}\u{006F}\u{0073}\u{0074}\u{011B}\u{006E}\u{0065}\u{006D}\u{006C}\u{0075}\u{0076}\u{00ED}\u{010D}\u{0065}\u{0073}\u{006B}\u{0079}",
            "Proprostnemluvesky-uyb24dma41a"
        ),
        (
            "E",
            "\u{05DC}\u{05DE}\u{05D4}\u{05D4}\u{05DD}\u{05E4}\u{05E9}\u{05D5}\u{05D8}\u{05DC}\u{05D0}\u{05DE}\u{05D3}\u{05D1}\u{05E8}\u{05D9}\u{05DD}\u{05E2}\u{05D1}\u{05E8}\u{05D9}\u{05EA}",
            "4dbcagdahymbxekheh6e0a7fei0b"
        ),
        (
            "F",
            "\u{092F}\u{0939}\u{0932}\u{094B}\u{0917}\u{0939}\u{093F}\u{0928}\u{094D}\u{0926}\u{0940}\u{0915}\u{094D}\u{092F}\u{094B}\u{0902}\u{0928}\u{0939}\u{0940}\u{0902}\u{092C}\u{094B}\u{0932}\u{0938}\u{0915}\u{0924}\u{0947}\u{0939}\u{0948}\u{0902}",
            "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd"
        ),
        (
            "G",
            "\u{306A}\u{305C}\u{307F}\u{3093}\u{306A}\u{65E5}\u{672C}\u{8A9E}\u{3092}\u{8A71}\u{3057}\u{3066}\u{304F}\u{308C}\u{306A}\u{3044}\u{306E}\u{304B}",
            "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"
        ),
        (
            "H",
            "\u{C138}\u{ACC4}\u{C758}\u{BAA8}\u{B4E0}\u{C0AC}\u{B78C}\u{B4E4}\u{C774}\u{D55C}\u{AD6D}\u{C5B4}\u{B97C}\u{C774}\u{D574}\u{D55C}\u{B2E4}\u{BA74}\u{C5BC}\u{B9C8}\u{B098}\u{C88B}\u{C744}\u{AE4C}",
            "989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c"
        ),
        (
            "I",
            "\u{043F}\u{043E}\u{0447}\u{0435}\u{043C}\u{0443}\u{0436}\u{0435}\u{043E}\u{043D}\u{0438}\u{043D}\u{0435}\u{0433}\u{043E}\u{0432}\u{043E}\u{0440}\u{044F}\u{0442}\u{043F}\u{043E}\u{0440}\u{0443}\u{0441}\u{0441}\u{043A}\u{0438}",
            "b1abfaaepdrnnbgefbaDotcwatmq2g4l"
        ),
        (
            "J",
            "\u{0050}\u{006F}\u{0072}\u{0071}\u{0075}\u{00E9}\u{006E}\u{006F}\u{0070}\u{0075}\u{0065}\u{0064}\u{0065}\u{006E}\u{0073}\u{0069}\u{006D}\u{0070}\u{006C}\u{0065}\u{006D}\u{0065}\u{006E}\u{0074}\u{0065}\u{0068}\u{0061}\u{0062}\u{006C}\u{0061}\u{0072}\u{0065}\u{006E}\u{0045}\u{0073}\u{0070}\u{0061}\u{00F1}\u{006F}\u{006C}",
            "PorqunopuedensimplementehablarenEspaol-fmd56a"
        ),
        (
            "K",
            "\u{0054}\u{1EA1}\u{0069}\u{0073}\u{0061}\u{006F}\u{0068}\u{1ECD}\u{006B}\u{0068}\u{00F4}\u{006E}\u{0067}\u{0074}\u{0068}\u{1EC3}\u{0063}\u{0068}\u{1EC9}\u{006E}\u{00F3}\u{0069}\u{0074}\u{0069}\u{1EBF}\u{006E}\u{0067}\u{0056}\u{0069}\u{1EC7}\u{0074}",
            "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g"
        ),
        ("L", "\u{0033}\u{5E74}\u{0042}\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}", "3B-ww4c5e180e575a65lsy2b"),
        (
            "M",
            "\u{5B89}\u{5BA4}\u{5948}\u{7F8E}\u{6075}\u{002D}\u{0077}\u{0069}\u{0074}\u{0068}\u{002D}\u{0053}\u{0055}\u{0050}\u{0045}\u{0052}\u{002D}\u{004D}\u{004F}\u{004E}\u{004B}\u{0045}\u{0059}\u{0053}",
            "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"
        ),
        (
            "N",
            "\u{0048}\u{0065}\u{006C}\u{006C}\u{006F}\u{002D}\u{0041}\u{006E}\u{006F}\u{0074}\u{0068}\u{0065}\u{0072}\u{002D}\u{0057}\u{0061}\u{0079}\u{002D}\u{305D}\u{308C}\u{305E}\u{308C}\u{306E}\u{5834}\u{6240}",
            "Hello-Another-Way--fc4qua05auwb3674vfr0b"
        ),
        ("O", "\u{3072}\u{3068}\u{3064}\u{5C4B}\u{6839}\u{306E}\u{4E0B}\u{0032}", "2-u9tlzr9756bt3uc0v"),
        (
            "P",
            "\u{004D}\u{0061}\u{006A}\u{0069}\u{3067}\u{004B}\u{006F}\u{0069}\u{3059}\u{308B}\u{0035}\u{79D2}\u{524D}",
            "MajiKoi5-783gue6qz075azm5e"
        ),
        ("Q", "\u{30D1}\u{30D5}\u{30A3}\u{30FC}\u{0064}\u{0065}\u{30EB}\u{30F3}\u{30D0}", "de-jg4avhby1noc0d"),
        ("R", "\u{305D}\u{306E}\u{30B9}\u{30D4}\u{30FC}\u{30C9}\u{3067}", "d9juau41awczczp"),
        (
            "S", "\u{002D}\u{003E}\u{0020}\u{0024}\u{0031}\u{002E}\u{0030}\u{0030}\u{0020}\u{003C}\u{002D}",
            "-> $1.00 <--"
        ),
    ])
    func rfc3492Samples(_ sample: String, _ unicode: String, _ encoded: String) {
        #expect(Punycode.encode(unicode).lowercased() == encoded.lowercased(), "sample \(sample)")
        let decoded = Punycode.decode(encoded)
        #expect(decoded.map { Array($0.unicodeScalars) } == Array(unicode.unicodeScalars), "sample \(sample)")
    }
}
