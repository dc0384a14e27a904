import ARMNetwork
import Foundation

extension PeNetFile {
    /// The file narrowed to `targets` (`--target`): instances matched by name or ARM id (with
    /// their links), Data Factory paths by name, compared ignoring case. A target that matches
    /// nothing is an error naming the valid ones; no targets leaves the file as it is.
    public func narrowed(to targets: [String]) throws(PeNetFileError) -> PeNetFile {
        guard !targets.isEmpty else { return self }
        var instanceHits: Set<ResourceID> = []
        var pathHits: Set<String> = []
        for target in targets {
            let lowered = target.lowercased()
            let id = target.hasPrefix("/") ? try? ResourceID(parsing: target) : nil
            let instances = self.instances.filter { spec in
                if let id { return spec.instance == id }
                return spec.instance.name.lowercased() == lowered
            }
            let paths = dataFactoryPaths.filter { $0.name.lowercased() == lowered }
            guard !instances.isEmpty || !paths.isEmpty else {
                throw PeNetFileError(
                    file: source, line: nil, column: nil,
                    message:
                        "--target \(target.escapingControlCharacters) matches no instance or Data Factory path of the file; valid targets: \(validTargets)"
                )
            }
            instanceHits.formUnion(instances.map(\.instance))
            pathHits.formUnion(paths.map { $0.name.lowercased() })
        }
        var narrowed = self
        narrowed.instances = instances.filter { instanceHits.contains($0.instance) }
        narrowed.links = links.filter { instanceHits.contains($0.instance) }
        narrowed.dataFactoryPaths = dataFactoryPaths.filter { pathHits.contains($0.name.lowercased()) }
        return narrowed
    }

    /// The names `--target` accepts, for messages.
    public var validTargets: String {
        let instances = instances.map(\.instance.name)
        let paths = dataFactoryPaths.map(\.name)
        var parts: [String] = []
        if !instances.isEmpty { parts.append("instances \(instances.joined(separator: ", "))") }
        if !paths.isEmpty { parts.append("Data Factory paths \(paths.joined(separator: ", "))") }
        return parts.isEmpty ? "none (the file lists nothing)" : parts.joined(separator: "; ")
    }
}
