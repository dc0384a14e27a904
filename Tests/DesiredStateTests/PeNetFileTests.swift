import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import DesiredState

/// Loading `pe-net.yaml`: every malformed file is one line naming file, line and column; valid
/// files resolve with their defaults.
struct PeNetFileTests {
    @Test(arguments: DesiredStateFiles.malformed)
    func malformedFileIsOneLineWithFileLineAndColumn(_ file: DesiredStateFiles.Malformed) throws {
        let error = #expect(throws: PeNetFileError.self) { try PeNetFile.load(path: file.url.path) }
        let actual = "\(error?.line ?? 0):\(error?.column ?? 0): \(error?.message ?? "")"
        if Golden.mode == .record {
            try DesiredStateFiles.record(file, actual: actual)
            Issue.record("recorded the expectation of \(file.name)")
            return
        }
        #expect(actual == file.expected)
        #expect(error?.description == "\(file.url.path):\(file.expected)")
        #expect(error?.description.contains("\n") == false, "one line")
    }

    @Test(arguments: DesiredStateFiles.valid)
    func validFilesLoad(_ url: URL) throws {
        let file = try PeNetFile.load(path: url.path)
        #expect(file.source == url.path)
    }

    @Test func theTutorialExampleResolvesWithItsDefaults() throws {
        let file = try PeNetFile.load(path: TestPaths.packageRoot.appendingPathComponent("examples/adf-mi.yaml").path)
        let path = try #require(file.dataFactoryPaths.first)
        #expect(file.dataFactoryPaths.count == 1)
        #expect(path.name == "adf-mi")
        #expect(path.instances.map(\.port) == [1433, 1434])
        #expect(path.instances.map(\.instance.name) == ["mi1", "mi2"])
        #expect(
            path.instances.map(\.fqdn) == [
                "mi1.abc123def456.database.windows.net", "mi2.abc123def456.database.windows.net",
            ])
        #expect(path.loadBalancer == "myLoadBalancer")
        #expect(path.privateLinkService == "myPrivateLinkService")
        #expect(path.managedPrivateEndpoint == "adf-mi-mpe")
        #expect(path.probe == .forwarded)
        #expect(
            path.virtualNetwork.path
                == "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub-vnet"
        )
        #expect(path.subnets.privateLinkService == .init(name: "pls-subnet", addressPrefix: "10.0.3.0/24"))
        #expect(path.dataFactory?.name == "contoso-adf")
        guard case .scaleSet(let scaleSet) = path.forwarders else {
            Issue.record("expected a scale set, got \(path.forwarders)")
            return
        }
        #expect(scaleSet.capacity == 2)
        #expect(scaleSet.sshPublicKey.hasPrefix("ssh-ed25519 AAAA"))
        #expect(path.forwarderSettings == .init())
    }

    @Test func defaultsAreFilledIn() throws {
        let file = try PeNetFile.load(
            path: DesiredStateFiles.directory.appendingPathComponent("valid/minimal-nics.yaml").path)
        let path = try #require(file.dataFactoryPaths.first)
        #expect(path.privateLinkService == "adf-mi-pls")
        #expect(path.managedPrivateEndpoint == "adf-mi-mpe")
        #expect(path.allowConnectionTypeChange == false)
        #expect(path.forwarderSettings.interfaces == ["eth0"])
        #expect(path.forwarderSettings.binary == "/usr/local/bin/pe-net")
        guard case .networkInterfaces(let nics) = path.forwarders else {
            Issue.record("expected NICs, got \(path.forwarders)")
            return
        }
        #expect(nics.map(\.name) == ["fwd1-nic", "fwd2-nic"])
    }

    @Test func choosingAPath() throws {
        let file = try PeNetFile.load(
            path: DesiredStateFiles.directory.appendingPathComponent("valid/two-paths.yaml").path)
        #expect(try file.dataFactoryPath(named: "adf-other").name == "adf-other")
        let many = #expect(throws: PeNetFileError.self) { try file.dataFactoryPath(named: nil) }
        #expect(many?.message.contains("--path") == true)
        let unknown = #expect(throws: PeNetFileError.self) { try file.dataFactoryPath(named: "nope") }
        #expect(unknown?.message.contains("adf-mi, adf-other") == true)
    }

    @Test func anUnreadableFileNamesItself() {
        let error = #expect(throws: PeNetFileError.self) { try PeNetFile.load(path: "/nonexistent/pe-net.yaml") }
        #expect(error?.description.hasPrefix("/nonexistent/pe-net.yaml: cannot read") == true)
    }

    @Test(arguments: [("loadbalancer", "loadBalancer"), ("instnces", "instances"), ("zzzzzz", nil)])
    func closestKeyIsSuggested(typed: String, suggested: String?) {
        #expect(YAMLNodeReader.closest(to: typed, in: PeNetFileKeys.dataFactoryPath) == suggested)
    }
}
