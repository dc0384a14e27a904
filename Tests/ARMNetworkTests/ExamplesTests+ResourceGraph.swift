import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Typed checks of the Resource Graph examples: the request pe-net sends and the pages it reads.
extension ExamplesTests {
    /// The example's request (`parameters.query`) as pe-net's request type.
    static func graphRequest(_ file: String) throws -> ResourceGraphRequest {
        let object = try JSONSerialization.jsonObject(with: try ARMExamples.file(file)) as? [String: Any]
        let query = try #require((object?["parameters"] as? [String: Any])?["query"], "\(file): no parameters.query")
        return try JSONDecoder().decode(ResourceGraphRequest.self, from: JSONSerialization.data(withJSONObject: query))
    }

    /// A page as pe-net reads it: rows with the resource columns.
    typealias GraphPage = ResourceGraphResponse<ResourceGraphRow<AnyProperties>>

    static let resourceGraphChecks: [String: Check] = [
        "Microsoft.ResourceGraph/2024-04-01/ResourcesBasicQuery.json": { file in
            let page = try #require(try bodies(file, as: GraphPage.self).first)
            #expect(page.count == 3 && page.data.count == 3 && page.totalRecords == 3)
            #expect(page.skipToken == nil && page.resultTruncated == "false")
            #expect(
                page.data.map(\.type) == [
                    "microsoft.network/networkinterfaces", "microsoft.network/virtualnetworks",
                    "microsoft.network/publicipaddresses",
                ])
            #expect(page.data[0].tags == ["tag1": "Value1"])
            let request = try graphRequest(file)
            #expect(request.subscriptions == ["cfbbd179-59d2-4052-aa06-9270a38aa9d6"])
            #expect(request.options == nil)
        },
        "Microsoft.ResourceGraph/2024-04-01/ResourcesNextPageQuery.json": { file in
            let page = try #require(try bodies(file, as: GraphPage.self).first)
            #expect(page.count == 3 && page.totalRecords == 386)
            #expect(page.skipToken == "eyAibm8yIjogImx1Y2syIiwgImJ1dDIiOiAibmljZTIiLCAidHJ5MiI6ICIhIiB9")
            #expect(try page.data.map { try ResourceID(parsing: $0.id ?? "").resourceGroup } == ["RG1", "RG2", "RG2"])
            let request = try graphRequest(file)
            #expect(request.options?.skipToken == "eyAibm8iOiAibHVjayIsICJidXQiOiAibmljZSIsICJ0cnkiOiAiISIgfQ==")
            // pe-net's request encodes the token under the same key.
            let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? [String: Any]
            #expect((encoded?["options"] as? [String: Any])?["$skipToken"] as? String == request.options?.skipToken)
        },
        "Microsoft.ResourceGraph/2024-04-01/ResourcesPropertiesQuery.json": { file in
            struct Summary: Decodable {
                var osType: String
                var count: Int

                enum CodingKeys: String, CodingKey {
                    case osType = "properties_storageProfile_osDisk_osType"
                    case count
                }
            }
            let page = try #require(try bodies(file, as: ResourceGraphResponse<Summary>.self).first)
            #expect(page.data.map(\.count) == [7, 23])
            #expect(page.data.map(\.osType) == ["Linux", "Windows"])
            #expect(try graphRequest(file).query.hasPrefix("Resources | where type =~"))
        },
    ]
}
