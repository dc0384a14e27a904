import Foundation

/// `GET /subscriptions?api-version=2022-12-01`: every subscription that holds a resource of the
/// world, in the shape ARM lists them (`subscriptionId`, `displayName`, `state`), one page.
extension World {
    func subscriptionList() -> Reply {
        advance()
        let subscriptions = Set(resources.keys.compactMap { ResourcePath(id: $0)?.subscription.lowercased() }).sorted()
        return .ok(
            .object([
                "value": .array(
                    subscriptions.map {
                        .object([
                            "id": .string("/subscriptions/\($0)"), "subscriptionId": .string($0),
                            "displayName": .string("subscription \($0.prefix(8))"), "state": "Enabled",
                        ])
                    })
            ]))
    }
}
