import ARMNetwork
import Foundation
import MILink
import Yams

/// The desired-state file, `pe-net.yaml`, loaded, validated and resolved: names expanded to ARM
/// ids and every default filled in.
///
/// Loading composes the YAML node tree (Yams) and walks it, so every problem — YAML syntax, an
/// unknown key, a wrong type, a missing key, a bad value, a rule across entries (duplicate names,
/// ports claimed twice) — is one ``PeNetFileError`` naming the file, line and column. Nothing is
/// read from Azure before the whole file is valid.
///
/// ```swift
/// let file = try PeNetFile.load(path: "pe-net.yaml")
/// for path in file.dataFactoryPaths { print(path.name, path.instances.map(\.port)) }
/// ```
public struct PeNetFile: Sendable, Hashable {
    /// The only `apiVersion` this build reads.
    public static let apiVersion = "pe-net/v1"

    /// Where the file was read from (for messages).
    public var source: String
    /// The instances of the estate: endpoint approval policy and private DNS, per instance.
    public var instances: [InstanceSpec]
    /// The links of the instances (`instances[].links[]`), in file order.
    public var links: [LinkSpec]
    public var dataFactoryPaths: [DataFactoryPathSpec]

    public init(
        source: String, instances: [InstanceSpec] = [], links: [LinkSpec] = [], dataFactoryPaths: [DataFactoryPathSpec]
    ) {
        self.source = source
        self.instances = instances
        self.links = links
        self.dataFactoryPaths = dataFactoryPaths
    }

    /// Parses, validates and resolves `text`. `readFile` and `readData` read files the document
    /// points at (`sshPublicKeyFile`, a link's `sqlCertificate`), relative to the document's
    /// directory; `today` is the day a link's certificate expiry is checked against.
    public static func parse(
        _ text: String, source: String,
        readFile: @escaping (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) },
        readData: @escaping (String) throws -> [UInt8] = { try Array(Data(contentsOf: URL(fileURLWithPath: $0))) },
        today: CalendarDay = CalendarDay(Date())
    ) throws(PeNetFileError) -> PeNetFile {
        let reader = YAMLNodeReader(file: source)
        let root = try compose(text, source: source)
        let fields = try reader.mapping(root, at: "", keys: PeNetFileKeys.root)
        let versionNode = try fields.required("apiVersion")
        guard versionNode.tagName == .str, versionNode.string == apiVersion else {
            throw reader.error(
                versionNode,
                "apiVersion must be \(apiVersion), found \(YAMLNodeReader.describe(versionNode)); this pe-net reads \(apiVersion) files"
            )
        }
        var defaults = FileDefaults()
        if let node = fields.optional("subscription") {
            let text = try reader.string(node, at: "subscription")
            guard text.range(of: Patterns.guid, options: .regularExpression) != nil else {
                throw reader.error(node, "subscription: '\(text)' is not a subscription id (a GUID)")
            }
            defaults.subscription = text
        }
        if let node = fields.optional("resourceGroup") {
            let text = try reader.string(node, at: "resourceGroup")
            guard text.range(of: Patterns.resourceGroup, options: .regularExpression) != nil else {
                throw reader.error(node, "resourceGroup: '\(text)' \(Patterns.resourceGroupRule)")
            }
            defaults.resourceGroup = text
        }
        var instances: [InstanceSpec] = []
        var links: [LinkSpec] = []
        if let list = fields.optional("instances") {
            let instanceReader = InstanceReader(
                reader: reader, defaults: defaults,
                values: DataFactoryPathReader(reader: reader, readFile: readFile),
                links: LinkReader(reader: reader, readData: readData, today: today))
            var seen: [ResourceID: Node] = [:]
            for (index, item) in try reader.sequence(list, at: "instances").enumerated() {
                let (spec, node, instanceLinks) = try instanceReader.read(item, at: "instances[\(index)]")
                var names: [String: String] = [:]
                for (link, linkNode) in instanceLinks {
                    let name =
                        (try? link.validate(miFQDN: link.offlineFQDN, today: today).get())?
                        .distributedAvailabilityGroup ?? link.source
                    if let first = names[name.lowercased()] {
                        throw reader.error(
                            linkNode,
                            "\(link.source): link \(name) is already described by \(first); give each link (dag) of an instance once"
                        )
                    }
                    names[name.lowercased()] = link.source
                    links.append(link)
                }
                if let first = seen[spec.instance] {
                    throw reader.error(
                        node,
                        "instances[\(index)].instance: \(spec.instance.name) is already listed at line \(first.mark.map { "\($0.line)" } ?? "?"); describe each instance once"
                    )
                }
                seen[spec.instance] = node
                instances.append(spec)
            }
        }
        var paths: [ReadDataFactoryPath] = []
        if let list = fields.optional("dataFactoryPaths") {
            let pathReader = DataFactoryPathReader(reader: reader, readFile: readFile, defaults: defaults)
            for (index, item) in try reader.sequence(list, at: "dataFactoryPaths").enumerated() {
                paths.append(try pathReader.read(item, at: "dataFactoryPaths[\(index)]"))
            }
        }
        try PeNetFileRules(reader: reader).check(paths)
        return PeNetFile(source: source, instances: instances, links: links, dataFactoryPaths: paths.map(\.spec))
    }

    /// Reads and parses the file at `path`; `sshPublicKeyFile` and `sqlCertificate` are relative
    /// to its directory.
    public static func load(path: String, today: CalendarDay = CalendarDay(Date())) throws(PeNetFileError)
        -> PeNetFile
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PeNetFileError(
                file: path, line: nil, column: nil, message: "cannot read the file (does it exist, is it UTF-8?)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let resolve = { (relative: String) in
            relative.hasPrefix("/") || directory.isEmpty
                ? relative : (directory as NSString).appendingPathComponent(relative)
        }
        return try parse(
            text, source: path, readFile: { try String(contentsOfFile: resolve($0), encoding: .utf8) },
            readData: { try Array(Data(contentsOf: URL(fileURLWithPath: resolve($0)))) }, today: today)
    }

    /// The one path named `name`, or the only path when `name` is nil.
    public func dataFactoryPath(named name: String?) throws(PeNetFileError) -> DataFactoryPathSpec {
        let names = dataFactoryPaths.map(\.name)
        if let name {
            guard let path = dataFactoryPaths.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw PeNetFileError(
                    file: source, line: nil, column: nil,
                    message:
                        "no Data Factory path named '\(name)'; the file has: \(names.isEmpty ? "none" : names.joined(separator: ", "))"
                )
            }
            return path
        }
        guard dataFactoryPaths.count == 1, let only = dataFactoryPaths.first else {
            throw PeNetFileError(
                file: source, line: nil, column: nil,
                message: dataFactoryPaths.isEmpty
                    ? "the file has no dataFactoryPaths"
                    : "the file has \(names.count) Data Factory paths (\(names.joined(separator: ", "))); choose one with --path <name>"
            )
        }
        return only
    }

    /// The root node, or the YAML error at its line and column.
    static func compose(_ text: String, source: String) throws(PeNetFileError) -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PeNetFileError(yaml: error, file: source, text: text)
        } catch {
            throw PeNetFileError(file: source, line: 1, column: 1, message: "not YAML: \(error)")
        }
        guard let node else {
            throw PeNetFileError(
                file: source, line: 1, column: 1, message: "the file is empty; start it with apiVersion: \(apiVersion)")
        }
        return node
    }
}
