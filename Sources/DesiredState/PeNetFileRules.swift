import ARMNetwork
import Yams

/// The rules across entries of the file, checked after every entry was read and before
/// anything else happens: path names are unique, a port is used once per path and once per load
/// balancer, an instance keeps one port everywhere, an instance is listed once per path. Each
/// error points at the second occurrence and names the first.
struct PeNetFileRules {
    let reader: YAMLNodeReader

    func check(_ paths: [ReadDataFactoryPath]) throws(PeNetFileError) {
        var names: [String: Int] = [:]
        /// Load balancer id → port → (path index, instance index).
        var lbPorts: [String: [Int: (Int, Int)]] = [:]
        /// Instance id → (path index, instance index).
        var instancePorts: [ResourceID: (Int, Int)] = [:]
        for (pathIndex, path) in paths.enumerated() {
            let spec = path.spec
            let key = spec.name.lowercased()
            if let first = names[key] {
                throw reader.error(
                    path.nameNode,
                    "dataFactoryPaths[\(pathIndex)].name: '\(spec.name)' is already the name of dataFactoryPaths[\(first)] (line \(paths[first].nameNode.mark?.line ?? 0)); path names must be unique"
                )
            }
            names[key] = pathIndex
            var ports: [Int: Int] = [:]
            var instances: [ResourceID: Int] = [:]
            let loadBalancer = "\(spec.subscription)/\(spec.resourceGroup)/\(spec.loadBalancer)".lowercased()
            for (index, instance) in spec.instances.enumerated() {
                let here = "dataFactoryPaths[\(pathIndex)].instances[\(index)]"
                if let first = ports[instance.port] {
                    throw reader.error(
                        path.portNodes[index],
                        "\(here).port: port \(instance.port) is already used by instances[\(first)] of this path; give each instance its own port (1433, 1434, …)"
                    )
                }
                ports[instance.port] = index
                if let first = instances[instance.instance] {
                    throw reader.error(
                        path.instanceNodes[index],
                        "\(here).instance: instance '\(instance.instance.name)' is already listed as instances[\(first)] of this path; list each instance once"
                    )
                }
                instances[instance.instance] = index
                if let (otherPath, otherIndex) = lbPorts[loadBalancer]?[instance.port] {
                    throw reader.error(
                        path.portNodes[index],
                        "\(here).port: port \(instance.port) of load balancer '\(spec.loadBalancer)' is already claimed by dataFactoryPaths[\(otherPath)].instances[\(otherIndex)] (\(paths[otherPath].spec.name)); paths sharing a load balancer need different ports"
                    )
                }
                lbPorts[loadBalancer, default: [:]][instance.port] = (pathIndex, index)
                if let (otherPath, otherIndex) = instancePorts[instance.instance],
                    paths[otherPath].spec.instances[otherIndex].port != instance.port
                {
                    let otherPort = paths[otherPath].spec.instances[otherIndex].port
                    throw reader.error(
                        path.portNodes[index],
                        "\(here).port: instance '\(instance.instance.name)' has port \(otherPort) in dataFactoryPaths[\(otherPath)] (\(paths[otherPath].spec.name)) and \(instance.port) here; give it the same port in every path"
                    )
                }
                if instancePorts[instance.instance] == nil { instancePorts[instance.instance] = (pathIndex, index) }
            }
        }
    }
}
