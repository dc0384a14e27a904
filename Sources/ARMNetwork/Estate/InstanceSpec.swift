import Foundation

/// One Managed Instance as the desired-state file describes it: who may connect (the approval
/// policy for its private endpoint connections) and the private DNS its endpoints need.
public struct InstanceSpec: Sendable, Hashable, Codable {
    /// The private DNS an instance's endpoints need.
    public struct DNS: Sendable, Hashable, Codable {
        /// The endpoints to serve; nil: every endpoint whose connection is Approved (or approved by
        /// the same plan).
        public var endpoints: [ResourceID]?
        /// Zone placement, same/peered zone name, TTL, adoption.
        public var options: PrivateDNSOptions

        public init(endpoints: [ResourceID]? = nil, options: PrivateDNSOptions) {
            self.endpoints = endpoints
            self.options = options
        }
    }

    public var instance: ResourceID
    public var approval: ApprovalPolicy
    public var dns: DNS?

    public init(instance: ResourceID, approval: ApprovalPolicy = ApprovalPolicy(), dns: DNS? = nil) {
        self.instance = instance
        self.approval = approval
        self.dns = dns
    }
}

/// Which pending private endpoint connections of an instance to approve or reject. A connection
/// matched by neither stays Pending and is reported.
public struct ApprovalPolicy: Sendable, Hashable, Codable {
    /// A resource group, in a subscription.
    public struct ResourceGroup: Sendable, Hashable, Codable {
        public var subscription: String
        public var name: String

        public init(subscription: String, name: String) {
            self.subscription = subscription
            self.name = name
        }
    }

    /// Approve pending connections whose private endpoint is in one of these subscriptions.
    public var subscriptions: [String]
    /// ... or in one of these resource groups.
    public var resourceGroups: [ResourceGroup]
    /// ... or whose request message matches one of these regular expressions.
    public var requestMessages: [String]
    /// Reject these (private endpoint ids or names, or connection names). Rejection wins over approval.
    public var reject: [String]

    public init(
        subscriptions: [String] = [], resourceGroups: [ResourceGroup] = [], requestMessages: [String] = [],
        reject: [String] = []
    ) {
        self.subscriptions = subscriptions
        self.resourceGroups = resourceGroups
        self.requestMessages = requestMessages
        self.reject = reject
    }

    /// What the policy says about one connection.
    public enum Verdict: String, Sendable, Hashable, Codable {
        case approve, reject, leave
    }

    /// A request-message pattern that is not a regular expression.
    public struct InvalidPattern: Error, Sendable, Hashable, CustomStringConvertible {
        public var pattern: String
        public var description: String {
            "requestMessages: '\(pattern.escapingControlCharacters)' is not a regular expression"
        }
    }

    /// Throws when a request-message pattern does not compile.
    public func validate() throws(InvalidPattern) {
        for pattern in requestMessages where (try? Regex(pattern)) == nil {
            throw InvalidPattern(pattern: pattern)
        }
    }

    /// The verdict for `connection`, whatever its current status (the state machine decides what
    /// the verdict means for it).
    public func verdict(for connection: ConnectionSnapshot) -> Verdict {
        if rejects(connection) { return .reject }
        if approves(connection) { return .approve }
        return .leave
    }

    func rejects(_ connection: ConnectionSnapshot) -> Bool {
        reject.contains { entry in
            if entry.hasPrefix("/") {
                guard let id = try? ResourceID(parsing: entry) else { return false }
                return connection.privateEndpointID == id || connection.id == id
            }
            return entry.lowercased() == connection.name.lowercased()
                || entry.lowercased() == connection.privateEndpointName?.lowercased()
        }
    }

    func approves(_ connection: ConnectionSnapshot) -> Bool {
        if let subscription = connection.privateEndpointSubscription?.lowercased(),
            subscriptions.contains(where: { $0.lowercased() == subscription })
        {
            return true
        }
        if let subscription = connection.privateEndpointSubscription?.lowercased(),
            let group = connection.privateEndpointResourceGroup?.lowercased(),
            resourceGroups.contains(where: {
                $0.subscription.lowercased() == subscription && $0.name.lowercased() == group
            })
        {
            return true
        }
        if let message = connection.description, !message.isEmpty {
            for pattern in requestMessages {
                if let regex = try? Regex(pattern), message.contains(regex) { return true }
            }
        }
        return false
    }
}
