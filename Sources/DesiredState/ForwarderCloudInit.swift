import ARMNetwork
import Foundation
import IPFwd
import Resolver

/// The forwarders of a Data Factory path as `pe-net fwd` runs them, from the same port map as the
/// load balancer's rules: listen port → instance FQDN:1433 on the path's interfaces, the allowed
/// sources plus the load balancer's probe source 168.63.129.16, so the probe on each rule's port
/// is forwarded end to end.
///
/// ```swift
/// let customData = try ForwarderCloudInit.render(spec, fqdns: fqdns)   // the scale set's cloud-init
/// let config = try ForwarderCloudInit.config(spec, fqdns: fqdns)       // what `pe-net fwd apply` takes
/// ```
public enum ForwarderCloudInit {
    /// The source address of Azure load balancer health probes.
    public static let probeSource = "168.63.129.16"
    /// How often the forwarders re-resolve the instance FQDNs.
    public static let reconcileInterval = "60s"

    /// The `pe-net fwd` configuration of `spec`'s forwarders. `fqdns` supplies the FQDN of every
    /// instance the file gives none for (see ``InstanceFQDNs``).
    public static func config(_ spec: DataFactoryPathSpec, fqdns: [ResourceID: String] = [:])
        throws(ForwarderRenderError)
        -> FwdConfig
    {
        var maps: [String] = []
        for instance in spec.instances {
            guard let fqdn = instance.fqdn ?? fqdns[instance.instance] else {
                throw ForwarderRenderError(
                    "instance \(instance.instance.name) of path \(spec.name) has no FQDN: add fqdn to it in the file, or let pe-net read it from Azure"
                )
            }
            maps.append("\(instance.port)=\(fqdn):\(DataFactoryPathSpec.Defaults.instancePort)")
        }
        var sources = spec.forwarderSettings.allowedSources
        if !sources.isEmpty, !sources.contains(probeSource), !sources.contains(probeSource + "/32") {
            sources.append(probeSource)
        }
        do {
            return try FwdValidator(knownInterfaces: nil)
                .validate(maps: maps, interfaces: spec.forwarderSettings.interfaces, sources: sources).0
        } catch {
            throw ForwarderRenderError("path \(spec.name): \(error)")
        }
    }

    /// The `#cloud-config` of the path's forwarders: the state file of `pe-net fwd` (the port map,
    /// nothing resolved yet), the sysctl drop-in and the units (boot-time restore, which resolves
    /// and loads the rules, and the re-resolve timer), enabled at first boot. It installs no
    /// package and needs no internet: pe-net must already be on the image at
    /// `forwarderSettings.binary`.
    public static func render(_ spec: DataFactoryPathSpec, fqdns: [ResourceID: String] = [:])
        throws(ForwarderRenderError) -> String
    {
        let state = FwdState(backend: .nft, config: try config(spec, fqdns: fqdns), resolved: [:])
        return FwdRenderer.cloudInit(
            stateJSON: state.encoded(), binary: spec.forwarderSettings.binary, interval: reconcileInterval)
    }

    /// The rules of the path's forwarders with the FQDNs resolved by `resolver` (as `pe-net fwd`
    /// would load them on a machine that resolves names like `resolver`).
    public static func ruleSet(
        _ spec: DataFactoryPathSpec, fqdns: [ResourceID: String] = [:], resolver: any HostResolving
    ) async throws -> (FwdRuleSet, [Finding]) {
        let resolution = try await FwdTargetResolver(resolver: resolver).resolve(try config(spec, fqdns: fqdns))
        return (resolution.ruleSet, resolution.findings)
    }
}

/// Why the forwarders' configuration cannot be rendered.
public struct ForwarderRenderError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// Reads the FQDNs the file leaves out from ARM (`properties.fullyQualifiedDomainName`).
public enum InstanceFQDNs {
    /// The FQDN of every instance of `specs` that has no `fqdn` in the file, read with `client`.
    /// An instance without one in Azure is an error naming it; ARM errors are passed on.
    public static func read(for specs: [DataFactoryPathSpec], client: ARMClient) async throws -> [ResourceID: String] {
        var result: [ResourceID: String] = [:]
        for instance in specs.flatMap(\.instances) where instance.fqdn == nil && result[instance.instance] == nil {
            let resource = try await client.get(ManagedInstance.self, instance.instance)
            guard let fqdn = resource.properties?.fullyQualifiedDomainName?.lowercased(), !fqdn.isEmpty,
                fqdn.split(separator: ".").count >= 2
            else {
                throw ForwarderRenderError(
                    "instance \(instance.instance.name) has no usable fullyQualifiedDomainName in Azure (is it still being created?); add fqdn to it in the file"
                )
            }
            result[instance.instance] = fqdn
        }
        return result
    }

    /// True when some instance of `specs` needs its FQDN from ARM.
    public static func needed(for specs: [DataFactoryPathSpec]) -> Bool {
        specs.contains { $0.instances.contains { $0.fqdn == nil } }
    }
}
