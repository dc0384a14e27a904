import ARMNetwork
import DNSModel
import DesiredState
import Foundation
import PeNetTestSupport
import Resolver
import Testing

/// Replays the fuzzing corpus (fuzz/corpus/<target>/, run by bench/fuzz.sh under libFuzzer)
/// through the same entry points as the fuzz targets in fuzz/targets/, in the normal test build:
/// no input may trap, and the round trips the targets assert hold here too.
@Suite struct FuzzCorpusReplayTests {
    static func inputs(_ target: String) -> [(String, Data)] {
        let directory = TestPaths.packageRoot.appendingPathComponent("fuzz/corpus/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            (try? Data(contentsOf: directory.appendingPathComponent(name))).map { (name, $0) }
        }
    }

    @Test func hostname() {
        let inputs = Self.inputs("hostname")
        #expect(inputs.count >= 5)
        for (_, data) in inputs {
            let text = String(decoding: data, as: UTF8.self)
            _ = HostnameRules(instance: "mi1", dnsZone: "abc123", topology: .peered).check(text)
            _ = HostnameRules.syntax(of: text)
            for label in text.split(separator: ".").prefix(8) {
                if case .valid(let unicode) = IDNA.validateALabel("xn--" + label) {
                    #expect(Punycode.decode(Punycode.encode(unicode)) == unicode)
                }
            }
        }
    }

    @Test func zonefile() throws {
        let inputs = Self.inputs("zonefile")
        #expect(inputs.count >= 5)
        var parsed = 0
        for (name, data) in inputs {
            guard let zone = try? Zone(parsing: String(decoding: data, as: UTF8.self), origin: "fuzz.test.") else {
                continue
            }
            parsed += 1
            _ = ZoneRules.check(zone)
            let rendered = zone.render()
            let again = try Zone(parsing: rendered)
            #expect(again.render() == rendered, "\(name)")
        }
        #expect(parsed >= 4)
    }

    @Test func dnsMessage() {
        let inputs = Self.inputs("dnsmessage")
        #expect(inputs.count >= 2)
        let decoded = inputs.filter { (try? DNSMessage(wire: Array($0.1))) != nil }
        #expect(decoded.count >= 2)
    }

    @Test func resourceID() throws {
        let inputs = Self.inputs("resourceid")
        #expect(inputs.count >= 3)
        for (name, data) in inputs {
            guard let id = try? ResourceID(parsing: String(decoding: data, as: UTF8.self)) else { continue }
            #expect(try ResourceID(parsing: id.description) == id, "\(name)")
        }
    }

    @Test func armJSON() {
        let inputs = Self.inputs("armjson")
        #expect(inputs.count >= 20)
        let decoder = JSONDecoder()
        for (_, body) in inputs {
            _ = try? decoder.decode(PrivateEndpoint.self, from: body)
            _ = try? decoder.decode(NetworkInterface.self, from: body)
            _ = try? decoder.decode(VirtualNetwork.self, from: body)
            _ = try? decoder.decode(Subnet.self, from: body)
            _ = try? decoder.decode(PrivateDNSZone.self, from: body)
            _ = try? decoder.decode(VirtualNetworkLink.self, from: body)
            _ = try? decoder.decode(LoadBalancer.self, from: body)
            _ = try? decoder.decode(PrivateLinkService.self, from: body)
            _ = try? decoder.decode(ManagedInstance.self, from: body)
        }
    }

    @Test func peNetYAML() {
        let inputs = Self.inputs("penetyaml")
        #expect(inputs.count >= 2)
        let loaded = inputs.filter { _, data in
            (try? PeNetFile.parse(
                String(decoding: data, as: UTF8.self), source: "pe-net.yaml",
                readFile: { _ in "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFuzz fuzz" })) != nil
        }
        #expect(loaded.count >= 1)
    }
}
