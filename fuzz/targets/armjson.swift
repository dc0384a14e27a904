import ARMNetwork
import Foundation

/// ARM response bodies through the models' Codable conformances (what ARMClient decodes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let body = Data(bytes: data, count: count)
    let decoder = JSONDecoder()
    _ = try? decoder.decode(PrivateEndpoint.self, from: body)
    _ = try? decoder.decode(NetworkInterface.self, from: body)
    _ = try? decoder.decode(VirtualNetwork.self, from: body)
    _ = try? decoder.decode(Subnet.self, from: body)
    _ = try? decoder.decode(PrivateDNSZone.self, from: body)
    _ = try? decoder.decode(VirtualNetworkLink.self, from: body)
    _ = try? decoder.decode(LoadBalancer.self, from: body)
    _ = try? decoder.decode(PrivateLinkService.self, from: body)
    _ = try? decoder.decode(ManagedInstance.self, from: body)
    return 0
}
