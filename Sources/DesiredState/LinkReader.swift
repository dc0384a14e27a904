import ARMNetwork
import Foundation
import MILink
import Yams

/// Reads one `instances[].links[]` entry into a ``LinkSpec``: the flags of `pe-net link create`
/// as camelCase keys, checked by the same invariants N1–N10 as the command (with the instance's
/// FQDN from `miFqdn`, or a stand-in until the plan reads it), each error at the key it is about.
struct LinkReader {
    let reader: YAMLNodeReader
    let readData: (String) throws -> [UInt8]
    let today: CalendarDay

    func read(_ node: Node, at path: String, instance: ResourceID) throws(PeNetFileError) -> LinkSpec {
        let fields = try reader.mapping(node, at: path, keys: PeNetFileKeys.link)
        let sqlServer = try fields.string("sqlServer")
        let sqlEndpoint = try fields.string("sqlEndpoint")
        let databases: [String]
        switch (fields.optional("database"), fields.optional("databases")) {
        case (let one?, nil): databases = [try reader.string(one, at: fields.path("database"))]
        case (nil, _?): databases = (try fields.optionalStrings("databases") ?? []).map(\.0)
        case (_?, _?):
            throw reader.error(
                fields.keyNodes["databases"], "\(path): give database (one) or databases (a list), not both")
        case (nil, nil):
            throw reader.error(node, "\(path): missing required key 'database' (or 'databases' with linkMode: multi)")
        }
        var sqlVersion = "2022"
        if let versionNode = fields.optional("sqlVersion") {
            // `sqlVersion: 2022` reads as an integer; the flag's value is the same digits.
            if versionNode.tagName == .int, let value = versionNode.int {
                sqlVersion = String(value)
            } else {
                sqlVersion = try reader.string(versionNode, at: fields.path("sqlVersion"))
            }
        }
        let initialPrimary = try choice(fields, "initialPrimary", InitialPrimary.self) ?? .sql
        let failoverMode = try choice(fields, "failoverMode", LinkFailoverMode.self)
        let endpoint = try choice(fields, "endpoint", EndpointMode.self) ?? .create
        let linkMode = try choice(fields, "linkMode", LinkMode.self) ?? .single
        var certExpiry: String?
        if let expiryNode = fields.optional("certExpiry") {
            // An unquoted 2027-06-30 is a YAML date; its text is what the flag takes.
            guard expiryNode.scalar != nil, [.str, .timestamp].contains(expiryNode.tagName),
                let text = expiryNode.string
            else {
                throw reader.error(
                    expiryNode,
                    "\(fields.path("certExpiry")): expected a date YYYY-MM-DD, found \(YAMLNodeReader.describe(expiryNode))"
                )
            }
            certExpiry = text
        }
        let request = LinkRequest(
            sqlServer: sqlServer, sqlEndpoint: sqlEndpoint, instance: instance.path,
            miFQDN: try fields.optionalString("miFqdn")?.lowercased(), databases: databases,
            ag: try fields.optionalString("ag"), dag: try fields.optionalString("dag"), sqlVersion: sqlVersion,
            initialPrimary: initialPrimary, failoverMode: failoverMode, certExpiry: certExpiry, endpoint: endpoint,
            linkMode: linkMode, certificateName: try fields.optionalString("certificateName"))
        let certificate = try readCertificate(fields)
        let spec = LinkSpec(instance: instance, request: request, certificate: certificate, source: path)
        if case .failure(let finding) = spec.validate(miFQDN: spec.offlineFQDN, today: today) {
            let key = Self.key(for: finding.flag, in: fields)
            let at = key.flatMap { fields.optional($0) } ?? node
            throw reader.error(
                at, "\(key.map(fields.path) ?? path): \(Self.keysForFlags(finding.message)) [\(finding.invariant)]")
        }
        return spec
    }

    /// One of an enumeration's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ fields: YAMLFields, _ key: String, _: T.Type)
        throws(PeNetFileError) -> T? where T.RawValue == String
    {
        guard let node = fields.optional(key) else { return nil }
        let text = try reader.oneOf(node, at: fields.path(key), T.allCases.map(\.rawValue))
        return T(rawValue: text)
    }

    /// `sqlCertificate`: a `0x…` blob, or a file (relative to the desired-state file) holding the
    /// blob, or the DER/PEM certificate.
    func readCertificate(_ fields: YAMLFields) throws(PeNetFileError) -> PublicBlob {
        let node = try fields.required("sqlCertificate")
        let path = fields.path("sqlCertificate")
        let text = try reader.string(node, at: path)
        let bytes: [UInt8]
        if text.lowercased().hasPrefix("0x") {
            bytes = Array(text.utf8)
        } else {
            do {
                bytes = try readData(text)
            } catch {
                throw reader.error(
                    node,
                    "\(path): cannot read '\(text)' (relative paths start at the file's directory); give the file holding SQL Server's certificate, or its 0x… blob"
                )
            }
        }
        do {
            return try PublicBlob(certificateFile: bytes)
        } catch {
            throw reader.error(
                node,
                "\(path): '\(text)': \(error.description); give the 0x… blob CERTENCODED prints, or the .cer file")
        }
    }

    /// A finding's message with the flags it names written as the file's keys (`--sql-endpoint`
    /// → `sqlEndpoint`).
    static func keysForFlags(_ message: String) -> String {
        var result = message
        for key in PeNetFileKeys.link {
            let flag = "--" + key.map { $0.isUppercase ? "-\($0.lowercased())" : String($0) }.joined()
            result = result.replacingOccurrences(of: flag, with: key)
        }
        return result.replacingOccurrences(of: "--database", with: "database")
    }

    /// The key a finding's flag is about (`--sql-endpoint` → `sqlEndpoint`).
    static func key(for flag: String, in fields: YAMLFields) -> String? {
        if flag == "--database" { return fields.optional("database") != nil ? "database" : "databases" }
        if flag == "--instance" { return nil }
        var parts = flag.drop(while: { $0 == "-" }).split(separator: "-").map(String.init)
        guard !parts.isEmpty else { return nil }
        for index in parts.indices.dropFirst() {
            parts[index] = parts[index].prefix(1).uppercased() + parts[index].dropFirst()
        }
        let key = parts.joined()
        return PeNetFileKeys.link.contains(key) ? key : nil
    }
}
