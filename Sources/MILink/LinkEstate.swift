import ARMNetwork
import Foundation

/// One link the desired-state file asks for on an instance (`instances[].links[]`): the flags of
/// `pe-net link create` as values, with SQL Server's certificate already read.
public struct LinkSpec: Sendable, Hashable {
    /// The instance the link is on.
    public var instance: ResourceID
    /// The link's names and choices; `request.instance` is the instance's ARM id.
    public var request: LinkRequest
    /// SQL Server's certificate (the server trust certificate's public key).
    public var certificate: PublicBlob
    /// Where in the file the link is, e.g. `instances[0].links[0]` (for messages).
    public var source: String

    public init(instance: ResourceID, request: LinkRequest, certificate: PublicBlob, source: String) {
        self.instance = instance
        self.request = request
        self.certificate = certificate
        self.source = source
    }

    /// The request validated with `miFQDN` (the instance's FQDN, or a stand-in while it is not
    /// read yet): the parameters, or the first error as `flag: message`.
    public func validate(miFQDN: String, today: CalendarDay) -> Result<LinkParameters, LinkFinding> {
        var request = request
        request.miFQDN = miFQDN
        let (parameters, findings) = LinkInvariants.validate(request, today: today)
        if let parameters, !findings.contains(where: { $0.severity == .error }) { return .success(parameters) }
        return .failure(
            findings.first { $0.severity == .error }
                ?? LinkFinding("N0", .error, flag: "--sql-server", "the link's parameters are invalid"))
    }

    /// The FQDN used to check the invariants before the instance is read: the one the file gives,
    /// or a stand-in with the instance's name.
    public var offlineFQDN: String {
        request.miFQDN ?? "\(instance.name.lowercased()).placeholder.database.windows.net"
    }
}

/// The ARM half of the file's links: per link the server trust certificate (by public key) and
/// the distributed availability group, each to create or already there.
public struct LinkEstatePlan: Codable, Sendable, Equatable {
    /// One call of a link's plan.
    public struct Change: Codable, Sendable, Equatable {
        /// `trust-certificate` or `link`.
        public var kind: String
        /// `create`, or `unchanged` when ARM already has it.
        public var action: String
        public var resource: ResourceID
        public var message: String

        public init(kind: String, action: String, resource: ResourceID, message: String) {
            self.kind = kind
            self.action = action
            self.resource = resource
            self.message = message
        }

        public var isWrite: Bool { action == "create" }
    }

    /// One link's part.
    public struct Link: Codable, Sendable, Equatable {
        public var instance: ResourceID
        /// The distributed availability group's name.
        public var name: String
        public var databases: [String]
        /// The instance FQDN the parameters were checked with.
        public var miFQDN: String?
        public var changes: [Change]
        /// Warnings: a link that exists with other names or endpoint than the file's.
        public var findings: [String]
        /// The link cannot be planned (unreadable instance, an invariant fails with the real FQDN).
        public var error: String?
        /// What the DBA runs next on SQL Server.
        public var nextSteps: [String]

        public init(
            instance: ResourceID, name: String, databases: [String], miFQDN: String? = nil, changes: [Change] = [],
            findings: [String] = [], error: String? = nil, nextSteps: [String] = []
        ) {
            self.instance = instance
            self.name = name
            self.databases = databases
            self.miFQDN = miFQDN
            self.changes = changes
            self.findings = findings
            self.error = error
            self.nextSteps = nextSteps
        }

        public var writes: [Change] { changes.filter(\.isWrite) }
    }

    public var links: [Link]

    public init(links: [Link] = []) { self.links = links }

    public var writeCount: Int { links.reduce(0) { $0 + $1.writes.count } }
    public var hasChanges: Bool { writeCount > 0 }
    /// An existing link differs from the file: apply does not change a link in place.
    public var hasDrift: Bool { links.contains { !$0.findings.isEmpty } }
    /// The first link that cannot be applied.
    public var blocked: Link? { links.first { $0.error != nil } }
}

/// What applying one link's part did: each call `done` or `failed`.
public struct LinkEstateOutcome: Codable, Sendable, Equatable {
    public var instance: ResourceID
    public var name: String
    public var change: LinkEstatePlan.Change
    /// `done` or `failed`.
    public var result: String
    public var error: String?

    public init(
        instance: ResourceID, name: String, change: LinkEstatePlan.Change, result: String, error: String? = nil
    ) {
        self.instance = instance
        self.name = name
        self.change = change
        self.result = result
        self.error = error
    }
}

/// Plans and applies the file's links: reads decide what is left to do (a trust certificate with
/// the same public key under any name counts as there; an existing link is not recreated), so a
/// second plan after apply has no changes.
public struct LinkEstateWorkflow: Sendable {
    public let client: ARMClient
    public let today: CalendarDay

    public init(client: ARMClient, today: CalendarDay) {
        self.client = client
        self.today = today
    }

    /// Plans every link; links of one instance in file order, instances a bounded number at once.
    public func plan(_ specs: [LinkSpec], maxConcurrent: Int = 4) async -> LinkEstatePlan {
        let groups = Self.grouped(specs)
        let parts = await ConnectionExecutor.boundedMap(groups, limit: maxConcurrent) { group in
            var trusted: [PublicBlob: String] = [:]
            var links: [LinkEstatePlan.Link] = []
            for spec in group { links.append(await planLink(spec, trustedInPlan: &trusted)) }
            return links
        }
        return LinkEstatePlan(links: parts.flatMap { $0 })
    }

    /// The specs grouped by instance, in the order instances first appear.
    static func grouped(_ specs: [LinkSpec]) -> [[LinkSpec]] {
        var order: [ResourceID] = []
        var groups: [ResourceID: [LinkSpec]] = [:]
        for spec in specs {
            if groups[spec.instance] == nil { order.append(spec.instance) }
            groups[spec.instance, default: []].append(spec)
        }
        return order.map { groups[$0] ?? [] }
    }

    func planLink(_ spec: LinkSpec, trustedInPlan: inout [PublicBlob: String]) async -> LinkEstatePlan.Link {
        let offline = spec.validate(miFQDN: spec.offlineFQDN, today: today)
        let name = (try? offline.get())?.distributedAvailabilityGroup ?? spec.request.dag ?? "?"
        var part = LinkEstatePlan.Link(instance: spec.instance, name: name, databases: spec.request.databases)
        let workflow = LinkARMWorkflow(client: client, instance: spec.instance)
        do {
            let fqdn: String
            if let given = spec.request.miFQDN {
                fqdn = given
            } else if let read = try await workflow.instanceFQDN() {
                fqdn = read
            } else {
                part.error = "ARM reports no fullyQualifiedDomainName for \(spec.instance.name); add miFqdn to the link"
                return part
            }
            part.miFQDN = fqdn
            let parameters: LinkParameters
            switch spec.validate(miFQDN: fqdn, today: today) {
            case .success(let valid): parameters = valid
            case .failure(let finding):
                part.error = "\(spec.source): \(finding.description)"
                return part
            }
            part.name = parameters.distributedAvailabilityGroup
            part.databases = parameters.databases
            let trustID = try spec.instance.child("serverTrustCertificates", parameters.certificateName)
            if let existing = try await workflow.trustCertificate(holding: spec.certificate) {
                part.changes.append(
                    .init(
                        kind: "trust-certificate", action: "unchanged", resource: trustID,
                        message: "SQL Server's certificate is trusted as \(existing.name ?? "?") (same public key)"))
            } else if let earlier = trustedInPlan[spec.certificate] {
                part.changes.append(
                    .init(
                        kind: "trust-certificate", action: "unchanged", resource: trustID,
                        message: "SQL Server's certificate is trusted by link \(earlier) of this plan"))
            } else {
                trustedInPlan[spec.certificate] = parameters.distributedAvailabilityGroup
                part.changes.append(
                    .init(
                        kind: "trust-certificate", action: "create", resource: trustID,
                        message:
                            "trust SQL Server's certificate as \(parameters.certificateName) on \(spec.instance.name)"))
            }
            let linkID = try workflow.linkID(parameters.distributedAvailabilityGroup)
            if let existing = try await workflow.link(parameters.distributedAvailabilityGroup) {
                part.changes.append(
                    .init(
                        kind: "link", action: "unchanged", resource: linkID,
                        message: "link \(parameters.distributedAvailabilityGroup) exists"))
                part.findings = Self.differences(existing, parameters, instance: spec.instance)
            } else {
                part.changes.append(
                    .init(
                        kind: "link", action: "create", resource: linkID,
                        message:
                            "create link \(parameters.distributedAvailabilityGroup) on \(spec.instance.name) for \(parameters.databases.joined(separator: ", ")) from \(parameters.partnerEndpoint) (long-running)"
                    ))
            }
            part.nextSteps = Self.nextSteps(spec, parameters)
        } catch {
            part.error = "\(spec.source): \(error)"
        }
        return part
    }

    /// Where an existing link differs from the file: a link is not changed in place.
    static func differences(
        _ existing: DistributedAvailabilityGroup, _ parameters: LinkParameters, instance: ResourceID
    ) -> [String] {
        let wanted = LinkARMWorkflow.linkBody(parameters).properties
        let have = existing.properties
        var fields: [String] = []
        if let value = have?.partnerEndpoint, value.lowercased() != wanted?.partnerEndpoint?.lowercased() {
            fields.append("partnerEndpoint \(value) (the file: \(wanted?.partnerEndpoint ?? "?"))")
        }
        if let value = have?.partnerAvailabilityGroupName, value != wanted?.partnerAvailabilityGroupName {
            fields.append(
                "partnerAvailabilityGroupName \(value) (the file: \(wanted?.partnerAvailabilityGroupName ?? "?"))")
        }
        let names = Set((have?.databases ?? []).compactMap(\.databaseName))
        if !names.isEmpty, names != Set(parameters.databases) {
            fields.append(
                "databases \(names.sorted().joined(separator: ", ")) (the file: \(parameters.databases.joined(separator: ", ")))"
            )
        }
        guard !fields.isEmpty else { return [] }
        return [
            "link \(parameters.distributedAvailabilityGroup) exists with \(fields.joined(separator: "; ")); a link is not changed in place: pe-net link delete --instance \(shell(instance.path)) --dag \(shell(parameters.distributedAvailabilityGroup)), then apply again"
        ]
    }

    /// The DBA's next steps: render the scripts, run them on SQL Server, follow the link.
    static func nextSteps(_ spec: LinkSpec, _ parameters: LinkParameters) -> [String] {
        let request = spec.request
        var flags = [
            "--sql-server \(shell(request.sqlServer))", "--sql-endpoint \(shell(request.sqlEndpoint))",
            "--instance \(shell(spec.instance.path))", "--mi-fqdn \(shell("\(parameters.instance.fqdn)"))",
        ]
        flags += parameters.databases.map { "--database \(shell($0))" }
        if let ag = request.ag { flags.append("--ag \(shell(ag))") }
        if let dag = request.dag { flags.append("--dag \(shell(dag))") }
        if request.sqlVersion != "2022" { flags.append("--sql-version \(request.sqlVersion)") }
        if request.initialPrimary != .sql { flags.append("--initial-primary \(request.initialPrimary.rawValue)") }
        if let mode = request.failoverMode { flags.append("--failover-mode \(mode.rawValue)") }
        if let expiry = request.certExpiry { flags.append("--cert-expiry \(expiry)") }
        if request.endpoint != .create { flags.append("--endpoint \(request.endpoint.rawValue)") }
        if request.linkMode != .single { flags.append("--link-mode \(request.linkMode.rawValue)") }
        if let name = request.certificateName { flags.append("--certificate-name \(shell(name))") }
        let directory = "link-\(parameters.distributedAvailabilityGroup)"
        return [
            "pe-net link plan \(flags.joined(separator: " ")) --output-dir \(shell(directory))",
            "run the numbered scripts in \(directory)/ on SQL Server in order; 05-instance-certificate.sql takes properties.publicBlob of: pe-net arm get \(shell(spec.instance.path))/endpointCertificates/DATABASE_MIRRORING --api-version \(LinkARMWorkflow.apiVersion)",
            "pe-net link status --instance \(shell(spec.instance.path)) --dag \(shell(parameters.distributedAvailabilityGroup))  (until CONNECTED/HEALTHY)",
        ]
    }

    static func shell(_ text: String) -> String {
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./:=@"))
        if !text.isEmpty, text.unicodeScalars.allSatisfy(safe.contains) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Applies each link's writes in order (trust certificate, then the link, waiting for it);
    /// instances a bounded number at once. A failed write stops that instance's remaining links.
    public func apply(
        _ plan: LinkEstatePlan, specs: [LinkSpec], maxConcurrent: Int = 4,
        onOutcome: @escaping @Sendable (LinkEstateOutcome) -> Void = { _ in }
    ) async -> [LinkEstateOutcome] {
        var byInstance: [ResourceID: [LinkEstatePlan.Link]] = [:]
        var order: [ResourceID] = []
        for link in plan.links where !link.writes.isEmpty {
            if byInstance[link.instance] == nil { order.append(link.instance) }
            byInstance[link.instance, default: []].append(link)
        }
        let groups = order.map { byInstance[$0] ?? [] }
        let results = await ConnectionExecutor.boundedMap(groups, limit: maxConcurrent) { links in
            var outcomes: [LinkEstateOutcome] = []
            for link in links {
                for change in link.writes {
                    var outcome = LinkEstateOutcome(
                        instance: link.instance, name: link.name, change: change, result: "done")
                    do {
                        try await perform(change, link: link, specs: specs)
                    } catch {
                        outcome.result = "failed"
                        outcome.error = "\(error)"
                    }
                    onOutcome(outcome)
                    outcomes.append(outcome)
                    if outcome.result == "failed" { return outcomes }
                }
            }
            return outcomes
        }
        return results.flatMap { $0 }
    }

    func perform(_ change: LinkEstatePlan.Change, link: LinkEstatePlan.Link, specs: [LinkSpec]) async throws {
        guard
            let spec = specs.first(where: {
                $0.instance == link.instance
                    && (try? $0.validate(miFQDN: link.miFQDN ?? $0.offlineFQDN, today: today).get())?
                        .distributedAvailabilityGroup == link.name
            }), case .success(let parameters) = spec.validate(miFQDN: link.miFQDN ?? spec.offlineFQDN, today: today)
        else {
            throw LinkEstateError(
                description: "the file no longer describes link \(link.name) on \(link.instance.name)")
        }
        let workflow = LinkARMWorkflow(client: client, instance: link.instance)
        switch change.kind {
        case "trust-certificate":
            try await workflow.putTrustCertificate(name: parameters.certificateName, blob: spec.certificate)
        default:
            _ = try await workflow.putLink(parameters)
        }
    }
}

/// A planned link the specs no longer describe (a plan applied against another file).
struct LinkEstateError: Error, CustomStringConvertible {
    var description: String
}

/// An invariant's error finding, thrown or returned as a `Result` failure.
extension LinkFinding: Error {}
