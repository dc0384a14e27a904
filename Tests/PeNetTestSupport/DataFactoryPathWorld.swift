import ARMNetwork
import Foundation

/// An emulator world for the Data Factory path, as the tutorial starts it: a hub vnet with the
/// frontend, backend and Private Link Service subnets, two managed instances (one on the Redirect
/// connection type unless told otherwise), two forwarder NICs in the backend subnet, and a Data
/// Factory with its managed vnet.
public enum DataFactoryPathWorld {
    public static let subscription = "11111111-2222-3333-4444-555555555555"
    public static let group = "net-rg"
    public static let prefix = "/subscriptions/\(subscription)/resourceGroups/\(group)/providers"
    public static let vnet = "\(prefix)/Microsoft.Network/virtualNetworks/hub-vnet"
    public static let mi1 = "\(prefix)/Microsoft.Sql/managedInstances/mi1"
    public static let mi2 = "\(prefix)/Microsoft.Sql/managedInstances/mi2"
    public static let nic1 = "\(prefix)/Microsoft.Network/networkInterfaces/fwd1-nic"
    public static let nic2 = "\(prefix)/Microsoft.Network/networkInterfaces/fwd2-nic"
    public static let factory = "\(prefix)/Microsoft.DataFactory/factories/adf1"

    /// The world's documents; `mi2ConnectionType` is mi2's `proxyOverride`.
    public static func documents(
        mi2ConnectionType: String = "Redirect", subnets: [String] = ["fe-subnet", "be-subnet", "pls-subnet"],
        managedVirtualNetwork: Bool = true
    )
        -> [Data]
    {
        let prefixes = ["fe-subnet": "10.0.1.0/24", "be-subnet": "10.0.2.0/24", "pls-subnet": "10.0.3.0/24"]
        let subnetDocs = subnets.map { name in
            """
            {"name":"\(name)","id":"\(vnet)/subnets/\(name)","properties":{"addressPrefix":"\(prefixes[name] ?? "10.0.9.0/24")",\
            "privateEndpointNetworkPolicies":"Disabled","privateLinkServiceNetworkPolicies":"Enabled","provisioningState":"Succeeded"}}
            """
        }.joined(separator: ",")
        func instance(_ id: String, _ name: String, _ connectionType: String) -> String {
            """
            {"id":"\(id)","name":"\(name)","type":"Microsoft.Sql/managedInstances","location":"eastus",\
            "sku":{"name":"GP_Gen5","tier":"GeneralPurpose"},"properties":{"fullyQualifiedDomainName":"\(name).0a1b2c3d4e5f.database.windows.net",\
            "dnsZone":"0a1b2c3d4e5f","proxyOverride":"\(connectionType)","state":"Ready","provisioningState":"Succeeded",\
            "subnetId":"\(prefix)/Microsoft.Network/virtualNetworks/mi-vnet/subnets/mi-subnet"}}
            """
        }
        func nic(_ id: String, _ name: String, _ address: String) -> String {
            """
            {"id":"\(id)","name":"\(name)","type":"Microsoft.Network/networkInterfaces","location":"eastus",\
            "etag":"W/\\"\(UUID().uuidString.lowercased())\\"","properties":{"enableIPForwarding":true,"ipConfigurations":[{"name":"ipconfig1",\
            "id":"\(id)/ipConfigurations/ipconfig1","properties":{"privateIPAddress":"\(address)","privateIPAllocationMethod":"Dynamic",\
            "primary":true,"subnet":{"id":"\(vnet)/subnets/be-subnet"}}}],"provisioningState":"Succeeded"}}
            """
        }
        let world = """
            [{"id":"\(vnet)","name":"hub-vnet","type":"Microsoft.Network/virtualNetworks","location":"eastus",\
            "etag":"W/\\"0\\"","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[\(subnetDocs)],"provisioningState":"Succeeded"}},
            \(instance(mi1, "mi1", "Proxy")),
            \(instance(mi2, "mi2", mi2ConnectionType)),
            \(nic(nic1, "fwd1-nic", "10.0.2.4")),
            \(nic(nic2, "fwd2-nic", "10.0.2.5")),
            {"id":"\(factory)","name":"adf1","type":"Microsoft.DataFactory/factories","location":"eastus","properties":{"provisioningState":"Succeeded"}}\
            \(managedVirtualNetwork ? managedVnetDocument : "")]
            """
        return [Data(world.utf8)]
    }

    /// The factory's managed virtual network `default` (where managed private endpoints live).
    static let managedVnetDocument = """
        ,{"id":"\(factory)/managedVirtualNetworks/default","name":"default","type":"Microsoft.DataFactory/factories/managedVirtualNetworks",\
        "properties":{"alias":"adf1","vNetId":"5a7bd944-87e6-454a-8d4d-9fba446514fd"}}
        """

    /// The tutorial's two-instance path over this world: mi1 on 1433, mi2 on 1434, the two NICs
    /// as forwarders, and the factory's managed private endpoint.
    public static func spec(allowConnectionTypeChange: Bool = false, probe: DataFactoryPathSpec.Probe = .forwarded)
        throws -> DataFactoryPathSpec
    {
        let vnetID = try ResourceID(parsing: vnet)
        return DataFactoryPathSpec(
            name: "adf-mi", subscription: subscription, resourceGroup: group, location: "eastus",
            virtualNetwork: vnetID,
            subnets: .init(
                frontend: .init(name: "fe-subnet"), backend: .init(name: "be-subnet"),
                privateLinkService: .init(name: "pls-subnet")),
            loadBalancer: "myLoadBalancer", privateLinkService: "myPrivateLinkService", probe: probe,
            allowConnectionTypeChange: allowConnectionTypeChange,
            instances: [
                .init(instance: try ResourceID(parsing: mi1), port: 1433),
                .init(instance: try ResourceID(parsing: mi2), port: 1434),
            ],
            forwarders: .networkInterfaces([try ResourceID(parsing: nic1), try ResourceID(parsing: nic2)]),
            dataFactory: try ResourceID(parsing: factory))
    }
}
