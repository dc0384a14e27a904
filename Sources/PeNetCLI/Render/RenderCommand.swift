import ARMNetwork
import ArgumentParser
import DesiredState
import Foundation
import IPFwd
import Resolver

/// `pe-net render -f <file>`: the artifacts of the file's Data Factory paths, printed, nothing changed.
struct RenderCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the ARM template, the forwarders' cloud-init or their rules from pe-net.yaml.",
        discussion: """
            Loads and validates the file first (errors name file:line:column). arm-template covers \
            every path (or --path); cloud-init, nft and iptables-restore are for the forwarders of one \
            path (--path when the file has several): each listen port forwards to its instance's FQDN \
            on 1433, probes from 168.63.129.16 included. Instance FQDNs come from the file's fqdn, else \
            from Azure (properties.fullyQualifiedDomainName). nft and iptables-restore resolve the FQDNs \
            where pe-net runs (or through --dns-server); the cloud-init resolves them on the forwarder \
            and installs no package: pe-net must be on the image.
            """)

    /// The artifacts render prints.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case armTemplate = "arm-template"
        case cloudInit = "cloud-init"
        case nft
        case iptablesRestore = "iptables-restore"
    }

    @Option(
        name: [.customShort("f"), .customLong("file")], help: ArgumentHelp("The pe-net.yaml file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The artifact to print.", valueName: "format"))
    var format: Format

    @Option(
        help: ArgumentHelp("The Data Factory path to render (needed when the file has several).", valueName: "name"))
    var path: String?

    @Option(
        name: .customLong("dns-server"),
        help: ArgumentHelp(
            "nft, iptables-restore: resolve the instance FQDNs by asking this DNS server.", valueName: "ip[:port]"))
    var dnsServer: String?

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    /// What `-o json` prints.
    struct Rendered: Encodable {
        var format: String
        var paths: [String]
        var text: String
    }

    func run(_ env: Environment) async throws {
        let loaded = try Self.load(file)
        var specs = loaded.dataFactoryPaths
        if format != .armTemplate || path != nil {
            specs = [try Self.select(loaded, path)]
        }
        var fqdns: [ResourceID: String] = [:]
        if InstanceFQDNs.needed(for: specs) {
            fqdns = try await Self.translating {
                try await InstanceFQDNs.read(for: specs, client: try azure.client(env))
            }
        }
        let text: String
        switch format {
        case .armTemplate:
            for index in specs.indices {
                for item in specs[index].instances.indices where specs[index].instances[item].fqdn == nil {
                    specs[index].instances[item].fqdn = fqdns[specs[index].instances[item].instance]
                }
            }
            let filled = specs
            text = try Self.translating { try DataFactoryPathTemplate.render(filled) }
        case .cloudInit:
            let spec = specs[0]
            text = try Self.translating { try ForwarderCloudInit.render(spec, fqdns: fqdns) }
        case .nft, .iptablesRestore:
            var resolver = env.hostResolver
            if let dnsServer {
                let server: DNSServer
                do {
                    server = try DNSServer(parsing: dnsServer)
                } catch {
                    throw PeNetError.usage("--dns-server '\(dnsServer)': \(error)", resource: "--dns-server")
                }
                resolver = DNSServerHostResolver(client: env.dns(server, DNSQuerySettings()))
            }
            let spec = specs[0]
            let (ruleSet, findings) = try await Self.translating {
                try await ForwarderCloudInit.ruleSet(spec, fqdns: fqdns, resolver: resolver)
            }
            for finding in findings { env.reporter.warning(finding.message) }
            text = format == .nft ? FwdRenderer.nft(ruleSet) : FwdRenderer.iptablesRestore(ruleSet)
        }
        if env.reporter.isJSON {
            try env.reporter.json(Rendered(format: format.rawValue, paths: specs.map(\.name), text: text))
        } else {
            env.reporter.raw(text.hasSuffix("\n") ? text : text + "\n")
        }
    }

    /// The file, or its one-line error (exit 64).
    static func load(_ file: String) throws -> PeNetFile {
        do {
            return try PeNetFile.load(path: file)
        } catch {
            throw PeNetError.usage(error.description, resource: file, code: "file.invalid")
        }
    }

    /// The path `--path` names, or the only one.
    static func select(_ file: PeNetFile, _ name: String?) throws -> DataFactoryPathSpec {
        do {
            return try file.dataFactoryPath(named: name)
        } catch {
            throw PeNetError.usage(error.description, resource: name ?? file.source, code: "file.path")
        }
    }

    /// Runs `body`, turning render errors into pe-net's failure (exit 1).
    static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ForwarderRenderError {
            throw PeNetError.failure(error.description, code: "render.failed")
        } catch let error as PeNetError {
            throw error
        } catch let error as ARMError {
            throw PeNetError(error)
        } catch let error as IPFwdError {
            throw PeNetError.failure("\(error)", code: "render.resolve")
        } catch {
            throw PeNetError.failure("cannot render: \(error)", code: "render.failed")
        }
    }

    /// Synchronous form of ``translating(_:)``.
    static func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ForwarderRenderError {
            throw PeNetError.failure(error.description, code: "render.failed")
        } catch let error as PeNetError {
            throw error
        } catch {
            throw PeNetError.failure("cannot render: \(error)", code: "render.failed")
        }
    }
}
