import Foundation

/// A generated estate for planning private DNS at scale: `instances` managed instances spread over
/// `subscriptions` subscriptions, each in its own vnet (`mi-vnet-<n>`) with one Approved private
/// endpoint in its subscription's shared application vnet (`app-vnet`, separate vnets, no
/// peering), the endpoint's NIC holding `10.20.<n / 250>.<n % 250 + 4>`, and no private DNS zone
/// yet. Every `withoutEndpointEvery`-th instance (0: none) has its connection Pending instead.
public enum DNSEstateWorld {
    /// The subscription id number `index` (the same as ``EstateWorld/subscription(_:)``).
    public static func subscription(_ index: Int) -> String { EstateWorld.subscription(index) }

    /// The instance number `index`'s id.
    public static func instance(_ index: Int, subscriptions: Int) -> String {
        let sub = subscription(index % max(1, subscriptions))
        return
            "/subscriptions/\(sub)/resourceGroups/mi-rg-\(index % 3)/providers/Microsoft.Sql/managedInstances/\(String(format: "mi-%04d", index))"
    }

    /// The world's documents, one JSON object each.
    public static func documents(instances: Int, subscriptions: Int, withoutEndpointEvery: Int = 0) -> [[String: Any]] {
        var documents: [[String: Any]] = []
        for index in 0..<max(1, subscriptions) {
            let sub = subscription(index)
            let vnet =
                "/subscriptions/\(sub)/resourceGroups/app-rg/providers/Microsoft.Network/virtualNetworks/app-vnet"
            documents.append([
                "id": vnet, "name": "app-vnet", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
                "properties": [
                    "addressSpace": ["addressPrefixes": ["10.20.0.0/16"]],
                    "subnets": [["name": "endpoints", "properties": ["addressPrefix": "10.20.0.0/16"]]],
                    "virtualNetworkPeerings": [] as [Any], "provisioningState": "Succeeded",
                ],
            ])
        }
        for index in 0..<instances {
            let sub = subscription(index % max(1, subscriptions))
            let group = "mi-rg-\(index % 3)"
            let name = String(format: "mi-%04d", index)
            let zone = String(format: "z%011x", index + 1)
            let id = instance(index, subscriptions: subscriptions)
            let miVNet =
                "/subscriptions/\(sub)/resourceGroups/\(group)/providers/Microsoft.Network/virtualNetworks/mi-vnet-\(index)"
            let endpoint =
                "/subscriptions/\(sub)/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/pe-\(name)"
            let nic =
                "/subscriptions/\(sub)/resourceGroups/app-rg/providers/Microsoft.Network/networkInterfaces/pe-\(name).nic"
            let subnet =
                "/subscriptions/\(sub)/resourceGroups/app-rg/providers/Microsoft.Network/virtualNetworks/app-vnet/subnets/endpoints"
            let approved = withoutEndpointEvery == 0 || index % withoutEndpointEvery != 0
            let state: [String: Any] = [
                "status": approved ? "Approved" : "Pending", "description": approved ? "Approved" : "please approve",
                "actionsRequired": "None",
            ]
            documents.append([
                "id": id, "name": name, "type": "Microsoft.Sql/managedInstances", "location": "westeurope",
                "properties": [
                    "dnsZone": zone, "fullyQualifiedDomainName": "\(name).\(zone).database.windows.net",
                    "subnetId": "\(miVNet)/subnets/mi-subnet", "state": "Ready", "provisioningState": "Succeeded",
                    "privateEndpointConnections": [
                        [
                            "id": "\(id)/privateEndpointConnections/pe-\(name).\(String(format: "%08x", index))",
                            "properties": [
                                "privateEndpoint": ["id": endpoint], "privateLinkServiceConnectionState": state,
                                "provisioningState": "Ready",
                            ],
                        ]
                    ],
                ],
            ])
            documents.append([
                "id": miVNet, "name": "mi-vnet-\(index)", "type": "Microsoft.Network/virtualNetworks",
                "location": "westeurope",
                "properties": [
                    "addressSpace": ["addressPrefixes": ["10.0.0.0/16"]],
                    "subnets": [["name": "mi-subnet", "properties": ["addressPrefix": "10.0.0.0/24"]]],
                    "virtualNetworkPeerings": [] as [Any], "provisioningState": "Succeeded",
                ],
            ])
            documents.append([
                "id": endpoint, "name": "pe-\(name)", "type": "Microsoft.Network/privateEndpoints",
                "location": "westeurope",
                "properties": [
                    "subnet": ["id": subnet], "networkInterfaces": [["id": nic]], "provisioningState": "Succeeded",
                    "privateLinkServiceConnections": [
                        [
                            "name": "pe-\(name)",
                            "properties": [
                                "privateLinkServiceId": id, "groupIds": ["managedInstance"],
                                "privateLinkServiceConnectionState": state,
                            ],
                        ]
                    ],
                ],
            ])
            documents.append([
                "id": nic, "name": "pe-\(name).nic", "type": "Microsoft.Network/networkInterfaces",
                "location": "westeurope",
                "properties": [
                    "ipConfigurations": [
                        [
                            "name": "privateEndpointIpConfig",
                            "properties": [
                                "privateIPAddress": "10.20.\(index / 250).\(index % 250 + 4)", "primary": true,
                                "subnet": ["id": subnet],
                                "privateLinkConnectionProperties": ["groupId": "managedInstance"],
                            ],
                        ]
                    ]
                ],
            ])
        }
        return documents
    }

    /// The documents as a JSON array, as `arm-emulator --world` loads it.
    public static func json(instances: Int, subscriptions: Int, withoutEndpointEvery: Int = 0) throws -> Data {
        try JSONSerialization.data(
            withJSONObject: documents(
                instances: instances, subscriptions: subscriptions, withoutEndpointEvery: withoutEndpointEvery),
            options: [.sortedKeys])
    }
}
