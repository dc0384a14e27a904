import DNSModel

#if canImport(Glibc)
    import Glibc
#endif

/// An IP address literal found where a host name was expected.
public enum IPLiteral: Hashable, Sendable {
    case v4(String)
    case v6(String)
    /// IPv6 with a zone id, as in `fe80::1%eth0`.
    case v6Scoped(address: String, zone: String)

    public var familyName: String {
        switch self {
        case .v4: return "IPv4"
        case .v6, .v6Scoped: return "IPv6"
        }
    }
}

/// The rules a connection host name must pass for a Managed Instance: RFC 1123 syntax, no IP
/// literals (the instance needs its host name), IDN only as valid A-labels (RFC 5890/5891, with
/// the RFC 5892 code points and the RFC 5893 Bidi rule: `IDNA`), the instance name as the
/// first label, and the zone-naming rule of the topology. Returns findings; never prints or throws.
public struct HostnameRules: Sendable, Hashable {
    /// The instance the host must reach (compared with the first label), if known.
    public var instance: String?
    /// The instance's DNS zone id, if known.
    public var dnsZone: String?
    /// The topology between the endpoint's and the instance's virtual networks, if known.
    public var topology: Topology?

    /// The longest host name in text form, without the trailing dot.
    public static let maxNameLength = 253

    public init(instance: String? = nil, dnsZone: String? = nil, topology: Topology? = nil) {
        self.instance = instance
        self.dnsZone = dnsZone
        self.topology = topology
    }

    /// Every finding for `host` as a connection host of the configured instance.
    public func check(_ host: String) -> [Finding] {
        if host.isEmpty {
            return [Finding(severity: .error, code: "host.empty", message: "the host name is empty", resource: host)]
        }
        if let literal = HostnameRules.ipLiteral(host) {
            let example =
                "\(instance ?? "<instance>").\(dnsZone ?? "<dns-zone>").\(ManagedInstanceDNSSuffix.azureCloud)"
            return [
                Finding(
                    severity: .error, code: "host.ip-literal",
                    message:
                        "\(host) is an \(literal.familyName) address and cannot be used: Managed Instance requires its host name (e.g. \(example)) in the connection string; set up DNS for the private endpoint instead",
                    resource: host)
            ]
        }
        var findings = HostnameRules.syntax(of: host)
        if findings.contains(where: { $0.severity == .error }) { return findings }
        findings += instanceFindings(host)
        return findings
    }

    private func instanceFindings(_ host: String) -> [Finding] {
        var findings: [Finding] = []
        let trimmed = host.hasSuffix(".") ? String(host.dropLast()) : host
        let labels = trimmed.lowercased().split(separator: ".").map(String.init)
        if let instance, let first = labels.first, first != instance.lowercased() {
            findings.append(
                Finding(
                    severity: .error, code: "mi.first-label",
                    message:
                        "the first label '\(first)' is not the instance name '\(instance.lowercased())': Managed Instance requires the instance name as the host's first label",
                    resource: host))
        }
        guard let mi = ManagedInstanceFQDN(parsing: trimmed) else {
            findings += customZoneFindings(host, labels: labels)
            return findings
        }
        if let dnsZone, mi.dnsZone != dnsZone.lowercased() {
            findings.append(
                Finding(
                    severity: .error, code: "mi.dns-zone",
                    message: "the host's DNS zone '\(mi.dnsZone)' is not the instance's '\(dnsZone.lowercased())'",
                    resource: host))
        }
        switch (mi.isPrivatelink, topology) {
        case (true, .same?), (true, .peered?):
            findings.append(
                Finding(
                    severity: .error, code: "zone.forbidden-name",
                    message: ZoneNamingRule(topology: topology ?? .same, instance: mi).reason, resource: host))
        case (true, _):
            findings.append(
                Finding(
                    severity: .warning, code: "mi.privatelink-host",
                    message:
                        "connect with \(mi.fqdn) instead: it resolves through the privatelink CNAME and matches the instance's certificate",
                    resource: host))
        case (false, .same?), (false, .peered?):
            findings.append(
                Finding(
                    severity: .warning, code: "mi.vnet-local",
                    message:
                        "with \(topology ?? .same) \(mi.fqdn) reaches the VNet-local endpoint, not the private endpoint; to use the endpoint connect to \(mi.instance).<custom zone> with Encrypt=false;TrustServerCertificate=true",
                    resource: host))
        case (false, _):
            break
        }
        return findings
    }

    private func customZoneFindings(_ host: String, labels: [String]) -> [Finding] {
        let zone = labels.dropFirst().joined(separator: ".")
        switch topology {
        case .separate?:
            let expected =
                "\(instance ?? "<instance>").\(dnsZone ?? "<dns-zone>").\(ManagedInstanceDNSSuffix.azureCloud)"
            return [
                Finding(
                    severity: .error, code: "mi.not-instance-fqdn",
                    message:
                        "with separate virtual networks clients must connect to the instance FQDN (\(expected)); '\(host)' would not match the instance's certificate",
                    resource: host)
            ]
        case .same?, .peered?:
            var findings: [Finding] = []
            if let dnsZone, !zone.isEmpty {
                findings += ZoneNamingRule(topology: topology ?? .same, dnsZone: dnsZone).check(zoneName: zone).filter {
                    $0.code != "zone.invalid-name"
                }
            }
            findings.append(
                Finding(
                    severity: .info, code: "mi.encrypt-off",
                    message:
                        "through a custom zone the connection string needs Encrypt=false;TrustServerCertificate=true (no trusted encryption with \(topology ?? .same))",
                    resource: host))
            return findings
        case nil:
            return [
                Finding(
                    severity: .info, code: "mi.not-instance-fqdn",
                    message:
                        "'\(host)' is not a Managed Instance FQDN; it works only through a custom private zone (same or peered virtual networks) with Encrypt=false;TrustServerCertificate=true",
                    resource: host)
            ]
        }
    }

    /// Recognises IPv4, IPv6 (bracketed or not) and IPv6 with a zone id.
    public static func ipLiteral(_ host: String) -> IPLiteral? {
        var text = Substring(host)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(text), &v4) == 1 { return .v4(String(text)) }
        var v6 = in6_addr()
        if let percent = text.firstIndex(of: "%") {
            let address = String(text[..<percent])
            if inet_pton(AF_INET6, address, &v6) == 1 {
                return .v6Scoped(address: address, zone: String(text[text.index(after: percent)...]))
            }
            return nil
        }
        if inet_pton(AF_INET6, String(text), &v6) == 1 { return .v6(String(text)) }
        return nil
    }

    /// True for a label of ASCII letters, digits and inner hyphens, 1–63 characters.
    public static func isLDHLabel(_ label: String) -> Bool {
        let bytes = Array(label.utf8)
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return false
        }
        return bytes.allSatisfy(isLDH)
    }

    private static func isLDH(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == UInt8(ascii: "-")
    }

    /// One pass over the common case: lower-case LDH labels of 1–63 octets, at least two labels,
    /// at most 253 octets, no trailing dot, no `??--` label, a top-level label that is not all
    /// digits. Such a name has no findings at all; anything else takes the full path.
    static func isPlainHostName(_ host: String) -> Bool {
        var labelLength = 0
        var labels = 1
        var total = 0
        var previous: UInt8 = UInt8(ascii: ".")
        var lastLabelAllDigits = true
        for byte in host.utf8 {
            total += 1
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                labels += 1
                labelLength = 0
                lastLabelAllDigits = true
            } else {
                let lowerLetter = (0x61...0x7A).contains(byte)
                let digit = (0x30...0x39).contains(byte)
                guard lowerLetter || digit || byte == UInt8(ascii: "-") else { return false }
                if byte == UInt8(ascii: "-") && (labelLength == 0 || labelLength == 3 && previous == UInt8(ascii: "-"))
                {
                    return false
                }
                if !digit { lastLabelAllDigits = false }
                labelLength += 1
                guard labelLength <= 63 else { return false }
            }
            previous = byte
        }
        return total <= maxNameLength && labels >= 2 && labelLength > 0 && previous != UInt8(ascii: "-")
            && !lastLabelAllDigits
    }

    /// `text` with control characters, line breaks and invisible format characters written as
    /// `\u{…}`, so a quoted name stays on one line and cannot drive a terminal.
    static func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator, .format:
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// RFC 1123 host-name syntax findings (no instance or topology rules).
    public static func syntax(of host: String) -> [Finding] {
        func error(_ code: String, _ message: String) -> Finding {
            Finding(severity: .error, code: code, message: message, resource: host)
        }
        if host.isEmpty { return [error("host.empty", "the host name is empty")] }
        if isPlainHostName(host) { return [] }
        var findings: [Finding] = []
        var name = host
        if name.hasSuffix(".") && name != "." {
            name.removeLast()
            findings.append(
                Finding(
                    severity: .warning, code: "host.trailing-dot",
                    message:
                        "drop the trailing dot from '\(visible(host))': SQL clients compare the host with the instance's certificate name",
                    resource: host))
        }
        let octets = name.utf8.count
        if octets > maxNameLength {
            findings.append(
                error(
                    "host.name-too-long",
                    "the name is \(octets) characters long; at most \(maxNameLength) (without the trailing dot)"))
        }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var uLabels = labels.map { $0.lowercased() }
        for (index, label) in labels.enumerated() {
            let position = "label \(index + 1)"
            if label.isEmpty {
                findings.append(
                    error("host.label-empty", "\(position) is empty (two dots in a row, or a leading or trailing dot)"))
                continue
            }
            if label.utf8.count > 63 {
                findings.append(
                    error(
                        "host.label-too-long",
                        "\(position) '\(visible(String(label.prefix(20))))…' is \(label.utf8.count) octets long; at most 63"
                    ))
            }
            if !label.unicodeScalars.allSatisfy(\.isASCII) {
                findings.append(
                    error(
                        "host.non-ascii",
                        "\(position) '\(visible(label))' is not ASCII: write an internationalized name as its punycode A-label, here 'xn--\(Punycode.encode(label.lowercased()))'"
                    ))
                continue
            }
            if label.utf8.contains(UInt8(ascii: "_")) {
                findings.append(
                    error(
                        "host.underscore",
                        "\(position) '\(visible(label))' contains an underscore; host names allow only letters, digits and hyphens"
                    ))
            }
            if let bad = label.utf8.first(where: { !isLDH($0) && $0 != UInt8(ascii: "_") }) {
                let shown =
                    bad == 0x20
                    ? "a space"
                    : bad < 0x20 || bad == 0x7F ? "a control character" : "'\(Character(Unicode.Scalar(bad)))'"
                findings.append(
                    error(
                        "host.invalid-character",
                        "\(position) '\(visible(label))' contains \(shown); host names allow only letters, digits and hyphens"
                    ))
            }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                findings.append(
                    error("host.hyphen-edge", "\(position) '\(visible(label))' starts or ends with a hyphen"))
            }
            let lower = label.lowercased()
            if lower.hasPrefix("xn--") {
                switch IDNA.validateALabel(lower) {
                case .valid(let unicode):
                    uLabels[index] = unicode
                    findings.append(
                        Finding(
                            severity: .info, code: "host.idn",
                            message: "\(position) '\(visible(label))' is the internationalized label '\(unicode)'",
                            resource: host))
                case .invalid(let reason):
                    findings.append(
                        error(
                            "host.punycode-invalid",
                            "\(position) '\(visible(label))' starts with xn-- but is not a valid A-label: \(reason)"))
                }
            } else if lower.utf8.count >= 4, Array(lower.utf8)[2] == UInt8(ascii: "-"),
                Array(lower.utf8)[3] == UInt8(ascii: "-")
            {
                findings.append(
                    Finding(
                        severity: .warning, code: "host.reserved-hyphens",
                        message:
                            "\(position) '\(visible(label))' has hyphens in positions 3 and 4, reserved for IDN prefixes",
                        resource: host))
            }
        }
        if !findings.contains(where: { $0.severity == .error }), let bidi = IDNA.bidiProblem(uLabels) {
            findings.append(
                error(
                    "host.idn-bidi",
                    "label '\(bidi.label)' breaks the IDNA Bidi rule for names with right-to-left labels: \(bidi.reason)"
                ))
        }
        if let last = labels.last, !last.isEmpty, last.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            findings.append(
                error(
                    "host.numeric-tld",
                    "the last label '\(last)' is all digits; a host name's top-level label must contain a letter (is this a partial IP address?)"
                ))
        }
        if labels.count == 1, !findings.contains(where: { $0.severity == .error }) {
            findings.append(
                Finding(
                    severity: .warning, code: "host.single-label",
                    message: "'\(visible(host))' is a single label, not a fully qualified name", resource: host))
        }
        if name != name.lowercased(), !findings.contains(where: { $0.severity == .error }) {
            findings.append(
                Finding(
                    severity: .info, code: "host.uppercase",
                    message:
                        "names are case-insensitive; '\(visible(host))' is compared as '\(visible(host.lowercased()))'",
                    resource: host))
        }
        return findings
    }
}

extension [Finding] {
    /// True when any finding is an error (or a warning, when `strict`).
    public func fails(strict: Bool = false) -> Bool {
        contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}
