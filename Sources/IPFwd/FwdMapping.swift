import DNSModel
import Foundation

/// Where a mapping sends traffic: a fixed IPv4 address or a host name resolved at apply and
/// reconcile time.
public enum FwdTarget: Hashable, Sendable, Codable, CustomStringConvertible {
    case address(IPv4Address)
    case host(String)

    /// Reads an IPv4 address or a host name (lowercased, without a trailing dot).
    public init(parsing text: String) {
        if let address = IPv4Address(text) {
            self = .address(address)
        } else {
            var name = text.lowercased()
            if name.hasSuffix(".") { name.removeLast() }
            self = .host(name)
        }
    }

    public var description: String {
        switch self {
        case .address(let address): return address.description
        case .host(let name): return name
        }
    }

    /// Why traffic cannot be forwarded to `address`, or nil when it can: the "this network"
    /// block 0.0.0.0/8, loopback (the forwarder itself), link-local, multicast and the reserved
    /// and broadcast block 240.0.0.0/4 are never a database behind a forwarder.
    public static func unusableReason(_ address: IPv4Address) -> String? {
        let first = address.octets[0]
        switch first {
        case 0: return "\(address) is in 0.0.0.0/8 (\"this network\"), not a host traffic can be sent to"
        case 127: return "\(address) is a loopback address: it would forward to the forwarder itself"
        case 169 where address.octets[1] == 254:
            return "\(address) is link-local (169.254.0.0/16), not reachable through a forwarder"
        case 224...239: return "\(address) is a multicast address"
        case 240...255: return "\(address) is reserved or the broadcast address"
        default: return nil
        }
    }

    /// The host name, when the target is one.
    public var hostName: String? {
        if case .host(let name) = self { return name }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One forwarding mapping: connections arriving on `listenPort` go to `target:targetPort`.
/// The listen port identifies the mapping (rule comments read `pe-net:<listen-port>`).
public struct FwdMapping: Hashable, Sendable, Codable, CustomStringConvertible {
    public var listenPort: Int
    public var target: FwdTarget
    public var targetPort: Int

    public init(listenPort: Int, target: FwdTarget, targetPort: Int) {
        self.listenPort = listenPort
        self.target = target
        self.targetPort = targetPort
    }

    /// Parses `<listen-port>=<host or IPv4>[:<target-port>]`; the target port defaults to 1433,
    /// the port every Managed Instance listens on. Ranges are checked by `FwdValidator`.
    public init(parsing text: String) throws {
        let sides = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard sides.count == 2 else { throw IPFwdError.invalidMapping(text, reason: "missing '='") }
        guard let listen = Int(sides[0].trimmingCharacters(in: .whitespaces)) else {
            throw IPFwdError.invalidMapping(text, reason: "listen port '\(sides[0])' is not a number")
        }
        let right = sides[1].trimmingCharacters(in: .whitespaces)
        var hostPart = Substring(right)
        var port = 1433
        if let colon = right.lastIndex(of: ":") {
            let portText = right[right.index(after: colon)...]
            guard let parsed = Int(portText) else {
                throw IPFwdError.invalidMapping(text, reason: "target port '\(portText)' is not a number")
            }
            port = parsed
            hostPart = right[..<colon]
        }
        guard !hostPart.isEmpty else { throw IPFwdError.invalidMapping(text, reason: "the target host is empty") }
        self.init(listenPort: listen, target: FwdTarget(parsing: String(hostPart)), targetPort: port)
    }

    /// The mapping as typed on the command line.
    public var description: String { "\(listenPort)=\(target):\(targetPort)" }

    /// The tag every rule of this mapping carries, so status and remove can find it.
    public var ruleTag: String { "pe-net:\(listenPort)" }
}

/// Everything the operator asked for: the mappings, where traffic arrives, who may use it.
public struct FwdConfig: Hashable, Sendable, Codable {
    public var mappings: [FwdMapping]
    /// Interfaces the forwarded traffic arrives on (e.g. `eth0`).
    public var interfaces: [String]
    /// When not empty, only these sources are forwarded (keep 168.63.129.16 for the LB probe).
    public var allowedSources: [IPv4Network]
    /// `--fast-path` as given to apply (nil: auto).
    public var fastPath: FwdFastPath?

    public init(
        mappings: [FwdMapping], interfaces: [String], allowedSources: [IPv4Network] = [], fastPath: FwdFastPath? = nil
    ) {
        self.mappings = mappings.sorted { $0.listenPort < $1.listenPort }
        self.interfaces = interfaces
        self.allowedSources = allowedSources
        self.fastPath = fastPath
    }
}
