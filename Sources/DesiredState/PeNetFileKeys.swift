/// The keys `pe-net.yaml` accepts, per object: the loader rejects every other key, and a test
/// compares these sets with the properties of `schema/pe-net.schema.json` so the two cannot drift.
///
/// Objects are named by their path with `[]` for "every item of the list", e.g.
/// `dataFactoryPaths[].forwarders.scaleSet`. A new top-level section adds its key to ``root`` and
/// its objects to ``all``.
public enum PeNetFileKeys {
    /// The document itself.
    public static let root = ["apiVersion", "subscription", "resourceGroup", "instances", "dataFactoryPaths"]
    /// One instance of the estate.
    public static let instanceEntry = ["instance", "endpoints", "dns", "links"]
    /// `endpoints` of an instance: its approval policy.
    public static let instanceEndpoints = ["approve", "reject"]
    /// `endpoints.approve`.
    public static let approve = ["subscriptions", "resourceGroups", "requestMessages"]
    /// `dns` of an instance.
    public static let instanceDNS = ["subscription", "resourceGroup", "zoneName", "ttl", "adopt", "endpoints"]
    /// One link of an instance: the flags of `pe-net link create` in camelCase.
    public static let link = [
        "sqlServer", "sqlEndpoint", "miFqdn", "database", "databases", "ag", "dag", "sqlVersion", "initialPrimary",
        "failoverMode", "certExpiry", "endpoint", "linkMode", "certificateName", "sqlCertificate",
    ]
    /// One Data Factory path.
    public static let dataFactoryPath = [
        "name", "subscription", "resourceGroup", "location", "virtualNetwork", "subnets", "loadBalancer",
        "privateLinkService", "probe", "allowConnectionTypeChange", "instances", "forwarders", "dataFactory",
        "managedPrivateEndpoint",
    ]
    /// `subnets` of a path.
    public static let subnets = ["frontend", "backend", "privateLinkService"]
    /// A subnet written as a mapping (it may also be a plain name).
    public static let subnet = ["name", "addressPrefix"]
    /// One instance of a path.
    public static let instance = ["instance", "port", "fqdn"]
    /// `forwarders` of a path.
    public static let forwarders = ["networkInterfaces", "scaleSet", "interfaces", "allowSources", "binary"]
    /// `forwarders.scaleSet`.
    public static let scaleSet = ["name", "capacity", "sku", "adminUsername", "sshPublicKeyFile"]

    /// Every object of the file and its keys, by path.
    public static let all: [String: [String]] = [
        "": root,
        "instances[]": instanceEntry,
        "instances[].endpoints": instanceEndpoints,
        "instances[].endpoints.approve": approve,
        "instances[].dns": instanceDNS,
        "instances[].links[]": link,
        "dataFactoryPaths[]": dataFactoryPath,
        "dataFactoryPaths[].subnets": subnets,
        "dataFactoryPaths[].subnets.frontend": subnet,
        "dataFactoryPaths[].subnets.backend": subnet,
        "dataFactoryPaths[].subnets.privateLinkService": subnet,
        "dataFactoryPaths[].instances[]": instance,
        "dataFactoryPaths[].forwarders": forwarders,
        "dataFactoryPaths[].forwarders.scaleSet": scaleSet,
    ]
}
