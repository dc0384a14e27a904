import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The ARM deployment template of the Data Factory path: golden file, the same bodies the workflow
/// sends, and the deployment template's structure (top-level keys, contentVersion pattern, every
/// resource with type/apiVersion/name, dependsOn naming resources of the template).
@Suite struct DataFactoryPathTemplateTests {
    typealias World = DataFactoryPathWorld

    static func spec() throws -> DataFactoryPathSpec {
        var spec = try World.spec()
        spec.instances[0].fqdn = "mi1.0a1b2c3d4e5f.database.windows.net"
        spec.instances[1].fqdn = "mi2.0a1b2c3d4e5f.database.windows.net"
        spec.subnets.backend.addressPrefix = "10.0.2.0/24"
        spec.forwarders = .scaleSet(
            .init(
                name: "fwd", capacity: 2, sku: "Standard_B2s", adminUsername: "azureuser",
                sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGolden test"))
        return spec
    }

    @Test func goldenTemplate() throws {
        let text = try DataFactoryPathTemplate.render([try Self.spec()]) { _ in "#cloud-config\n" }
        try Golden.check(text, against: "Tests/ARMNetworkTests/DataFactory/Golden/data-factory-path.template.json")
    }

    @Test func templateResourcesCarryTheWorkflowsBodies() throws {
        let spec = try Self.spec()
        let template = try DataFactoryPathTemplate.template([spec]) { _ in "#cloud-config\n" }
        let resources = template["resources"]?.array ?? []
        let bodies = DataFactoryPathBodies(spec)
        let lb = try #require(resources.first { $0["type"] == "Microsoft.Network/loadBalancers" })
        #expect(lb["properties"] == (try ARMDocument(encoding: bodies.loadBalancer))["properties"])
        let pls = try #require(resources.first { $0["type"] == "Microsoft.Network/privateLinkServices" })
        #expect(pls["properties"] == (try ARMDocument(encoding: bodies.privateLinkService))["properties"])
        let mpe = try #require(
            resources.first {
                $0["type"] == "Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints"
            })
        #expect(mpe["name"] == "adf1/default/adf-mi-mpe")
        #expect(
            mpe["properties"]?["fqdns"]
                == .array(["mi1.0a1b2c3d4e5f.database.windows.net", "mi2.0a1b2c3d4e5f.database.windows.net"]))
        let vmss = try #require(resources.first { $0["type"] == "Microsoft.Compute/virtualMachineScaleSets" })
        #expect(
            vmss["properties"]?["virtualMachineProfile"]?["osProfile"]?["customData"]
                == .string(Data("#cloud-config\n".utf8).base64EncodedString()))
    }

    /// The structure the 2019-04-01 deployment template schema requires of what we emit (the
    /// schema itself pulls every provider's schema over the network, so it is checked here by
    /// its rules for the template and `resourceBase`).
    @Test func templateHasTheDeploymentTemplateStructure() throws {
        let template = try DataFactoryPathTemplate.template([try Self.spec()])
        let object = try #require(template.object)
        let allowed: Set<String> = [
            "$schema", "apiProfile", "contentVersion", "variables", "parameters", "functions", "resources", "outputs",
        ]
        #expect(Set(object.keys).isSubset(of: allowed))
        #expect(object["$schema"] == .string(DataFactoryPathTemplate.schema))
        let version = try #require(object["contentVersion"]?.string)
        #expect(version.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$"#, options: .regularExpression) != nil)
        let resources = try #require(object["resources"]?.array)
        #expect(resources.count == 6, "subnets be and pls, lb, pls, vmss, mpe")
        var ids: Set<String> = []
        for resource in resources {
            let type = try #require(resource["type"]?.string)
            let name = try #require(resource["name"]?.string)
            #expect(
                resource["apiVersion"]?.string?.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil)
            // A nested type has one name segment per type segment after the namespace.
            #expect(type.split(separator: "/").count - 1 == name.split(separator: "/").count, "\(type) \(name)")
            let segments = name.split(separator: "/").map { "'\($0)'" }.joined(separator: ", ")
            ids.insert("[resourceId('\(type)', \(segments))]")
        }
        for resource in resources {
            for dependency in resource["dependsOn"]?.array ?? [] {
                #expect(
                    ids.contains(dependency.string ?? ""), "\(dependency.summary) is not a resource of the template")
            }
        }
        let outputs = try #require(object["outputs"]?.object)
        for (_, output) in outputs { #expect(output["type"] != nil && output["value"] != nil) }
        #expect(
            outputs["manualSteps"]?["value"]?.array?.contains {
                $0.string?.contains("--proxy-override Proxy") == true
            } == true)
        let parameters = try #require(object["parameters"]?.object)
        #expect(Array(parameters.keys) == ["addressPrefixAdfMiPlsSubnet"])
    }

    @Test func offlineRenderingNeedsTheFQDNsAndOneResourceGroup() throws {
        #expect(throws: DataFactoryPathTemplate.RenderError.self) {
            try DataFactoryPathTemplate.render([try World.spec()])
        }
        var other = try Self.spec()
        other.name = "other"
        other.loadBalancer = "lb2"
        other.resourceGroup = "elsewhere"
        #expect(throws: DataFactoryPathTemplate.RenderError.self) {
            try DataFactoryPathTemplate.render([try Self.spec(), other])
        }
    }
}
