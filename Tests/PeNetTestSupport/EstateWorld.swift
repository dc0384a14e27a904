import Foundation

/// A generated estate for the emulator: `instances` managed instances spread over `subscriptions`
/// subscriptions, each with `connectionsPerInstance` private endpoint connections (Approved,
/// Pending and Rejected in turn) carried in the instance's `properties.privateEndpointConnections`
/// summary, as ARM and Resource Graph show them. Every `withoutSummaryEvery`-th instance (0: none)
/// has no summary and its connections only as child documents, so discovery must read it from ARM.
public enum EstateWorld {
    /// The subscription id number `index` (stable, lower-case).
    public static func subscription(_ index: Int) -> String {
        String(format: "%08x-e57a-4e00-8000-%012x", index + 1, index + 1)
    }

    /// The world's documents, one JSON object each.
    public static func documents(
        instances: Int, subscriptions: Int, connectionsPerInstance: Int = 2, withoutSummaryEvery: Int = 0
    ) -> [[String: Any]] {
        var documents: [[String: Any]] = []
        let statuses = ["Approved", "Pending", "Rejected"]
        for index in 0..<instances {
            let sub = subscription(index % max(1, subscriptions))
            let group = "mi-rg-\(index % 7)"
            let name = String(format: "mi-%04d", index)
            let id = "/subscriptions/\(sub)/resourceGroups/\(group)/providers/Microsoft.Sql/managedInstances/\(name)"
            let connections: [[String: Any]] = (0..<connectionsPerInstance).map { number in
                let status = statuses[(index + number) % statuses.count]
                let endpoint =
                    "/subscriptions/\(sub)/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/pe-\(name)-\(number)"
                return [
                    "id":
                        "\(id)/privateEndpointConnections/pe-\(name)-\(number).\(String(format: "%08x", index * 31 + number))",
                    "properties": [
                        "privateEndpoint": ["id": endpoint],
                        "privateLinkServiceConnectionState": [
                            "status": status, "description": status == "Pending" ? "please approve \(name)" : status,
                            "actionsRequired": "None",
                        ],
                        "provisioningState": "Ready",
                    ],
                ]
            }
            let summarized = withoutSummaryEvery == 0 || index % withoutSummaryEvery != 0
            var properties: [String: Any] = [
                "dnsZone": String(format: "z%011x", index + 1),
                "fullyQualifiedDomainName": "\(name).\(String(format: "z%011x", index + 1)).database.windows.net",
                "subnetId":
                    "/subscriptions/\(sub)/resourceGroups/\(group)/providers/Microsoft.Network/virtualNetworks/mi-vnet/subnets/mi-subnet",
                "state": "Ready", "provisioningState": "Succeeded", "proxyOverride": "Proxy",
            ]
            if summarized { properties["privateEndpointConnections"] = connections }
            documents.append([
                "id": id, "name": name, "type": "Microsoft.Sql/managedInstances", "location": "westeurope",
                "properties": properties,
            ])
            if !summarized {
                for connection in connections {
                    var child = connection
                    let childID = connection["id"] as? String ?? ""
                    child["name"] = childID.split(separator: "/").last.map(String.init)
                    child["type"] = "Microsoft.Sql/managedInstances/privateEndpointConnections"
                    documents.append(child)
                }
            }
        }
        return documents
    }

    /// The documents as a JSON array, as `arm-emulator --world` loads it.
    public static func json(
        instances: Int, subscriptions: Int, connectionsPerInstance: Int = 2, withoutSummaryEvery: Int = 0
    ) throws -> Data {
        try JSONSerialization.data(
            withJSONObject: documents(
                instances: instances, subscriptions: subscriptions, connectionsPerInstance: connectionsPerInstance,
                withoutSummaryEvery: withoutSummaryEvery),
            options: [.sortedKeys])
    }
}
