import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The examples whose capability is not built yet. Until it is, each must still decode as a generic
/// ARM resource (id, name, type, properties), a list of them, or a Resource Graph query result;
/// when the capability lands, its examples move to typed checks.
extension ExamplesTests {
    /// What an example waits for.
    enum Capability: String, Sendable {
        case dnsResolver = "DNS resolver"
        case zoneGroups = "private DNS zone groups"
        case estateScale = "estate scale (Resource Graph)"
    }

    /// Example file → the capability it waits for.
    static let awaiting: [String: Capability] = [
        "Microsoft.Network/2025-05-01/DnsForwardingRuleset_Put.json": .dnsResolver,
        "Microsoft.Network/2025-05-01/DnsResolver_Get.json": .dnsResolver,
        "Microsoft.Network/2025-05-01/ForwardingRule_Get.json": .dnsResolver,
        "Microsoft.Network/2025-05-01/ForwardingRule_Put.json": .dnsResolver,
        "Microsoft.Network/2025-05-01/InboundEndpoint_Get.json": .dnsResolver,
        "Microsoft.Network/2025-05-01/OutboundEndpoint_Get.json": .dnsResolver,
        "Microsoft.Network/2025-05-01/VirtualNetworkLink_Put.json": .dnsResolver,
        "Microsoft.Network/2026-01-01/PrivateEndpointDnsZoneGroupCreate.json": .zoneGroups,
    ]

    /// Any `properties` object (and nothing else: a string or an array fails to decode).
    struct AnyProperties: ARMResourceProperties {
        static let apiVersion = ""
        static let resourceType = ""

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init() {}

        /// Asks for an object: a struct without fields would otherwise decode from any value.
        init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: AnyKey.self) }
    }

    typealias GenericResource = ARMResource<AnyProperties>

    /// A Resource Graph query result (`POST /providers/Microsoft.ResourceGraph/resources`), rows as objects.
    struct ResourceGraphResult: Decodable {
        struct Row: Decodable {
            var id: String?
            var name: String?
            var type: String?
        }
        var totalRecords: Int64
        var count: Int64
        var resultTruncated: String
        var skipToken: String?
        var data: [Row]
        var facets: [Facet]

        struct Facet: Decodable {}

        enum CodingKeys: String, CodingKey {
            case totalRecords, count, resultTruncated, data, facets
            case skipToken = "$skipToken"
        }
    }

    /// A generic resource document: id, name (the id's last segment), properties, and a type, when
    /// present, in the example's provider namespace.
    static func expectGeneric(_ resource: GenericResource, file: String) throws {
        let id = try #require(resource.id, "\(file): no id")
        #expect(id.contains("/providers/"), "\(file): \(id)")
        #expect(resource.name == id.split(separator: "/").last.map(String.init), "\(file): name and id differ")
        #expect(resource.properties != nil, "\(file): no properties")
        let namespace = String(file.prefix { $0 != "/" }).lowercased()
        if let type = resource.type { #expect(type.lowercased().hasPrefix(namespace + "/"), "\(file): type \(type)") }
    }

    /// Decodes every response body of `file` in the shape its capability documents.
    static func expectDecodesGenerically(_ file: String, waitingFor capability: Capability) throws {
        var decoded = 0
        for status in try ARMExamples.statuses(file) {
            guard let data = try? ARMExamples.responseBody(file, status: status) else { continue }
            decoded += 1
            if capability == .estateScale {
                let result = try JSONDecoder().decode(ResourceGraphResult.self, from: data)
                #expect(Int64(result.data.count) == result.count, "\(file)")
                #expect(result.totalRecords >= result.count, "\(file)")
                #expect(["true", "false"].contains(result.resultTruncated), "\(file)")
                #expect((result.skipToken != nil) == (result.totalRecords > result.count), "\(file)")
                continue
            }
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            if object?["id"] == nil, object?["value"] != nil {
                let page = try JSONDecoder().decode(ListBody<GenericResource>.self, from: data)
                #expect(!page.value.isEmpty, "\(file): empty list")
                for item in page.value { try expectGeneric(item, file: file) }
            } else {
                try expectGeneric(try JSONDecoder().decode(GenericResource.self, from: data), file: file)
            }
        }
        #expect(decoded > 0, "\(file) has no response body")
    }
}

extension ExamplesTests {
    @Test func theGenericShapesRefuseWhatIsNotThatShape() throws {
        let id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/dnsResolvers/r1"
        let good = #"{"id":"\#(id)","name":"r1","type":"Microsoft.Network/dnsResolvers","properties":{"x":1}}"#
        let resource = try JSONDecoder().decode(GenericResource.self, from: Data(good.utf8))
        #expect(resource.name == "r1" && resource.properties != nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(GenericResource.self, from: Data(#"{"id":"\#(id)","properties":"x"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ResourceGraphResult.self, from: Data(#"{"value":[]}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(
                ResourceGraphResult.self,
                from: Data(
                    #"{"totalRecords":1,"count":1,"resultTruncated":"false","facets":[],"data":{"rows":[]}}"#.utf8))
        }
    }
}
