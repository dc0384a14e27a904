import Foundation
import Resolver

/// The Azure side of Data Factory paths, shaped like a preview/push: ``plan(_:)`` checks the specs,
/// reads what exists and returns the ordered writes with findings and the linked-service hosts;
/// ``apply(_:onOutcome:)`` performs exactly that plan. A plan applied, then planned again, has no
/// changes.
public struct DataFactoryPathWorkflow: Sendable {
    let client: ARMClient
    /// The forwarders' cloud-init for a path (scale sets only); nil sends none.
    let customData: @Sendable (DataFactoryPathSpec) -> String?
    /// How long apply waits for a new managed private endpoint's connection to show on the service.
    let connectionWait: (attempts: Int, interval: Duration)
    let clock: any ARMClock

    public init(
        client: ARMClient, customData: @escaping @Sendable (DataFactoryPathSpec) -> String? = { _ in nil },
        connectionWait: (attempts: Int, interval: Duration) = (30, .seconds(10)), clock: any ARMClock = SystemClock()
    ) {
        self.client = client
        self.customData = customData
        self.connectionWait = connectionWait
        self.clock = clock
    }

    /// Validates the specs, reads every path's resources and plans them. Throws before any read
    /// when the specs contradict themselves, and when Azure cannot be read.
    public func plan(_ specs: [DataFactoryPathSpec]) async throws(DataFactoryPathError) -> DataFactoryPathPlan {
        try DataFactoryPathPlanner.validate(specs)
        var paths: [DataFactoryPathPlan.Path] = []
        for spec in specs {
            let state: DataFactoryPathState
            do {
                state = try await read(spec)
            } catch {
                throw .read("path \(spec.name): \(error)")
            }
            paths.append(DataFactoryPathPlanner.plan(spec, state: state, customData: customData(spec)))
        }
        return DataFactoryPathPlan(paths: paths)
    }

    /// Reads what exists for one path.
    func read(_ spec: DataFactoryPathSpec) async throws -> DataFactoryPathState {
        let bodies = DataFactoryPathBodies(spec)
        var state = DataFactoryPathState()
        for entry in spec.instances {
            state.instances[entry.instance] = try await client.getIfExists(ManagedInstance.self, entry.instance)
        }
        state.virtualNetworkExists =
            try await client.getIfExists(
                spec.virtualNetwork, apiVersion: VirtualNetwork.apiVersion, as: ARMDocument.self)
            != nil
        if state.virtualNetworkExists {
            for subnet in [spec.subnets.frontend, spec.subnets.backend, spec.subnets.privateLinkService] {
                state.subnets[subnet.name.lowercased()] = try await document(bodies.subnetID(subnet), Subnet.apiVersion)
            }
        }
        state.loadBalancer = try await document(bodies.loadBalancerID, LoadBalancer.apiVersion)
        state.privateLinkService = try await document(bodies.privateLinkServiceID, PrivateLinkService.apiVersion)
        if state.privateLinkService != nil {
            state.connections = try await client.list(
                PrivateLinkServiceConnection.self,
                in: bodies.privateLinkServiceID.collectionPath("privateEndpointConnections"))
        }
        switch spec.forwarders {
        case .networkInterfaces(let nics):
            for nic in nics { state.networkInterfaces[nic] = try await document(nic, NetworkInterface.apiVersion) }
        case .scaleSet:
            if let id = bodies.scaleSetID { state.scaleSet = try await document(id, VirtualMachineScaleSet.apiVersion) }
        }
        if let factory = spec.dataFactory, let endpoint = bodies.managedPrivateEndpointID {
            state.factoryExists = try await document(factory, DataFactory.apiVersion) != nil
            if state.factoryExists, let managedVnet = endpoint.parent {
                state.managedVirtualNetworkExists =
                    try await document(managedVnet, ManagedVirtualNetwork.apiVersion) != nil
            }
            if state.factoryExists {
                state.managedPrivateEndpoint = try await document(endpoint, ManagedPrivateEndpoint.apiVersion)
            }
        }
        return state
    }

    func document(_ id: ResourceID, _ apiVersion: String) async throws -> ARMDocument? {
        try await client.getIfExists(id, apiVersion: apiVersion, as: ARMDocument.self)
    }

    /// Performs the plan's writes in order, each waited for (the instance PATCH included); the
    /// first failure stops the rest (they depend on it). Refuses a plan with error findings.
    public func apply(
        _ plan: DataFactoryPathPlan, strict: Bool = false,
        onOutcome: @escaping @Sendable (DataFactoryPathOutcome) -> Void = { _ in }
    ) async -> [DataFactoryPathOutcome] {
        guard plan.blockingFindings(strict: strict).isEmpty else {
            return plan.changes.map {
                DataFactoryPathOutcome(change: $0, result: .skipped, error: "the plan has blocking findings")
            }
        }
        let executor = DataFactoryPathExecutor(client: client, connectionWait: connectionWait, clock: clock)
        var outcomes: [DataFactoryPathOutcome] = []
        var failed = false
        for change in plan.changes {
            let outcome: DataFactoryPathOutcome
            if failed {
                outcome = DataFactoryPathOutcome(change: change, result: .skipped, error: "an earlier change failed")
            } else {
                outcome = await executor.perform(change)
                failed = outcome.result == .failed
            }
            onOutcome(outcome)
            outcomes.append(outcome)
        }
        return outcomes
    }
}
