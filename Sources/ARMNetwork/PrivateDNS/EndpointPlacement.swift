import Resolver

/// Where one private endpoint sits relative to the instance: same vnet, a vnet peered with the
/// instance's, or a separate one; with the evidence (the ids and peering states) that decided it.
public struct EndpointPlacement: Equatable, Codable, Sendable {
    public var endpoint: EndpointFacts
    public var topology: Topology
    /// One line per fact that decided the topology, printed under the plan's topology line.
    public var evidence: [String]

    public init(endpoint: EndpointFacts, topology: Topology, evidence: [String]) {
        self.endpoint = endpoint
        self.topology = topology
        self.evidence = evidence
    }
}

/// Decides same / peered / separate from discovered facts. Pure.
public enum TopologyClassifier {
    /// The relation of each endpoint's vnet to the instance's vnet. Peered counts only when a
    /// peering on either side is `Connected` and its remote id matches the other vnet.
    public static func classify(_ facts: PrivateDNSFacts) -> [EndpointPlacement] {
        facts.endpoints.map { placement(of: $0, facts: facts) }
    }

    static func placement(of endpoint: EndpointFacts, facts: PrivateDNSFacts) -> EndpointPlacement {
        let instanceVNet = facts.instance.vnetID
        if endpoint.vnetID == instanceVNet {
            return EndpointPlacement(
                endpoint: endpoint, topology: .same,
                evidence: [
                    "endpoint subnet \(endpoint.subnetID.name) is in the instance's vnet \(vnetLabel(instanceVNet)) (instance subnet \(facts.instance.subnetID.name))"
                ])
        }
        let between = facts.peerings.filter {
            ($0.vnetID == endpoint.vnetID && $0.remoteVNetID == instanceVNet)
                || ($0.vnetID == instanceVNet && $0.remoteVNetID == endpoint.vnetID)
        }
        let describe: (PeeringFacts) -> String = {
            "peering \($0.name) on \($0.vnetID.name) → \($0.remoteVNetID.name): \($0.state)"
        }
        if let connected = between.first(where: \.isConnected) {
            return EndpointPlacement(
                endpoint: endpoint, topology: .peered,
                evidence: [
                    "endpoint vnet \(vnetLabel(endpoint.vnetID)) differs from the instance's vnet \(vnetLabel(instanceVNet))"
                ]
                    + [describe(connected)])
        }
        var evidence = [
            "endpoint vnet \(vnetLabel(endpoint.vnetID)) differs from the instance's vnet \(vnetLabel(instanceVNet))"
        ]
        if between.isEmpty {
            evidence.append("no peering between \(endpoint.vnetID.name) and \(instanceVNet.name)")
        } else {
            evidence += between.map { describe($0) + " (only Connected counts)" }
        }
        for unreadable in facts.unreadableVNets
        where unreadable.vnetID == instanceVNet || unreadable.vnetID == endpoint.vnetID {
            evidence.append("peerings of \(unreadable.vnetID.name) not readable: \(unreadable.reason)")
        }
        return EndpointPlacement(endpoint: endpoint, topology: .separate, evidence: evidence)
    }

    /// Vnets that are the instance's own or peered (Connected) with it: the forbidden zone name
    /// must never be linked to any of them.
    public static func instanceSideVNets(_ facts: PrivateDNSFacts) -> [ResourceID] {
        let instanceVNet = facts.instance.vnetID
        var result = [instanceVNet]
        for peering in facts.peerings where peering.isConnected {
            let other: ResourceID?
            if peering.vnetID == instanceVNet {
                other = peering.remoteVNetID
            } else if peering.remoteVNetID == instanceVNet {
                other = peering.vnetID
            } else {
                other = nil
            }
            if let other, !result.contains(other) { result.append(other) }
        }
        return result
    }
}

/// `app-vnet in app-rg`: a vnet named for messages, with its resource group.
func vnetLabel(_ id: ResourceID) -> String {
    "\(id.name) in \(id.resourceGroup)"
}
