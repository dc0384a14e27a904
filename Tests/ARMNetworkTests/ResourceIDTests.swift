import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@Suite struct ResourceIDTests {
    @Test(arguments: [
        (
            "/subscriptions/20d7082a-0fc7-4468-82bd-542694d5042b/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testinstance",
            "Microsoft.Sql/managedInstances", "testinstance", "testrg"
        ),
        (
            "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/Default/providers/Microsoft.Sql/managedInstances/test-cl/privateEndpointConnections/private-endpoint-connection-name",
            "Microsoft.Sql/managedInstances/privateEndpointConnections", "private-endpoint-connection-name", "Default"
        ),
        (
            "/subscriptions/s/resourcegroups/rg1/providers/Microsoft.Network/privateDnsZones/privatezone1.com/A/recorda/",
            "Microsoft.Network/privateDnsZones/A", "recorda", "rg1"
        ),
    ])
    func parsesAndFormats(text: String, type: String, name: String, group: String) throws {
        let id = try ResourceID(parsing: text)
        #expect(id.resourceType == type)
        #expect(id.name == name)
        #expect(id.resourceGroup == group)
        #expect(try ResourceID(parsing: id.path) == id)
        #expect(id.path.lowercased() == text.lowercased().trimmingSuffix("/"))
    }

    @Test func comparesCaseInsensitively() throws {
        let upper = try ResourceID(
            parsing:
                "/subscriptions/20D7082A-0FC7/resourceGroups/TestRG/providers/Microsoft.Network/virtualNetworks/VNet1")
        let lower = try ResourceID(
            parsing:
                "/subscriptions/20d7082a-0fc7/resourcegroups/testrg/providers/microsoft.network/virtualnetworks/vnet1")
        #expect(upper == lower)
        #expect(Set([upper, lower]).count == 1)
        #expect(upper.path.contains("VNet1"))
    }

    @Test func childParentAndRoot() throws {
        let mi = try ResourceID(
            subscription: "sub", resourceGroup: "rg", namespace: "Microsoft.Sql", type: "managedInstances", name: "mi1")
        let pec = try mi.child("privateEndpointConnections", "pec1")
        #expect(
            pec.path
                == "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1/privateEndpointConnections/pec1"
        )
        #expect(pec.parent == mi)
        #expect(pec.root == mi)
        #expect(mi.parent == nil)
        #expect(pec.isDescendant(of: mi))
        #expect(!mi.isDescendant(of: pec))
        #expect(mi.collectionPath("privateEndpointConnections") == mi.path + "/privateEndpointConnections")
        let subnet = try ResourceID(
            parsing: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/sn")
        #expect(subnet.parent?.name == "v")
    }

    @Test(arguments: [
        "",
        "subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi",
        "/subscriptions/subId/resourceGroups/rg1/provders/Microsoft.Network/networkInterfaces/testPe.nic.abcd1234",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql",
        "/subscriptions/s/resourceGroups//providers/Microsoft.Sql/managedInstances/mi",
        "/subscriptions/s/resourceGroups/rg",
    ])
    func rejectsMalformedIDsShowingTheShape(text: String) {
        #expect {
            try ResourceID(parsing: text)
        } throws: { error in
            guard let error = error as? ARMError, case .invalidResourceID(let shown, _) = error else { return false }
            let message = "\(error)"
            return shown == text && message.contains("/subscriptions/<subscription>/resourceGroups/<group>/providers/")
        }
    }

    @Test func rejectsSlashesInBuiltNames() {
        #expect(throws: ARMError.self) {
            try ResourceID(
                subscription: "s", resourceGroup: "rg", namespace: "Microsoft.Sql", type: "managedInstances",
                name: "a/b")
        }
    }

    @Test func codableAsString() throws {
        let id = try ResourceID(
            parsing: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi")
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self).contains("managedInstances"))
        #expect(try JSONDecoder().decode([ResourceID].self, from: data) == [id])
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

@Suite struct ResourceIDLookupTests {
    static let subnet = ResourceID.fixture(
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/App-VNet/subnets/pe")

    @Test(
        arguments: [
            (
                "virtualNetworks", "App-VNet",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/App-VNet"
            ),
            (
                "VIRTUALNETWORKS", "App-VNet",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/App-VNet"
            ),
            ("subnets", "pe", subnet.path),
        ])
    func ancestorOfType(type: String, name: String, path: String) throws {
        let ancestor = try #require(Self.subnet.ancestor(ofType: type))
        #expect(ancestor.path == path)
        #expect(ancestor.name == name)
        #expect(Self.subnet.name(ofType: type) == name)
        #expect(Self.subnet.isDescendant(of: ancestor))
    }

    @Test func missingTypeIsNil() {
        #expect(Self.subnet.ancestor(ofType: "privateEndpoints") == nil)
        #expect(Self.subnet.name(ofType: "networkInterfaces") == nil)
        #expect(Self.subnet.typeName == "subnets")
        #expect(Self.subnet.parent?.typeName == "virtualNetworks")
    }

    @Test func dictionariesKeyedByIDsEncodeAsObjects() throws {
        let upper = ResourceID.fixture(Self.subnet.path.uppercased())
        let data = try JSONEncoder().encode([Self.subnet: "Approved"])
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object == [Self.subnet.path: "Approved"], "keys are the id text")
        let decoded = try JSONDecoder().decode([ResourceID: String].self, from: data)
        #expect(decoded[upper] == "Approved", "lookups ignore case as ARM does")
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode([ResourceID: String].self, from: Data(#"{"not an id":"x"}"#.utf8))
        }
    }
}
