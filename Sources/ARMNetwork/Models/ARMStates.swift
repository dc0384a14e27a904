/// A state ARM spells one way for each known value, plus `unknown(raw)` for values a service
/// adds later (kept, not rejected). Text is read case-insensitively; the value is written back in
/// ARM's spelling, so JSON keeps Azure's strings.
public protocol ARMOpenEnum: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Every known value, each with ARM's spelling as its ``rawValue``.
    static var known: [Self] { get }
    /// A value pe-net does not know, as written.
    static func unknown(_ raw: String) -> Self
    /// ARM's spelling (or the text kept for an unknown value).
    var rawValue: String { get }
}

extension ARMOpenEnum {
    /// Reads ARM's (or a person's) text, case-insensitively; anything else becomes `unknown`.
    public init(_ text: String) {
        self = Self(known: text) ?? .unknown(text)
    }

    /// Reads one of the known values, case-insensitively; nil for anything else (for flags).
    public init?(known text: String) {
        let lower = text.lowercased()
        guard let value = Self.known.first(where: { $0.rawValue.lowercased() == lower }) else { return nil }
        self = value
    }

    /// True for one of the known values.
    public var isKnown: Bool { Self.known.contains(self) }

    public var description: String { rawValue }

    static func decodeText(_ decoder: any Decoder) throws -> Self {
        Self(try decoder.singleValueContainer().decode(String.self))
    }

    func encodeText(_ encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The status of a private endpoint connection (`privateLinkServiceConnectionState.status`), on
/// either side of the link: Pending, Approved, Rejected or Disconnected.
public enum ConnectionStatus: ARMOpenEnum {
    case pending, approved, rejected, disconnected
    /// A status ARM may add later, as written.
    case unknown(String)

    public static let known: [ConnectionStatus] = [.pending, .approved, .rejected, .disconnected]

    public var rawValue: String {
        switch self {
        case .pending: "Pending"
        case .approved: "Approved"
        case .rejected: "Rejected"
        case .disconnected: "Disconnected"
        case .unknown(let raw): raw
        }
    }

    public init(from decoder: any Decoder) throws { self = try Self.decodeText(decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeText(encoder) }
}

/// The state of a virtual network peering (`peeringState`): only `Connected` carries traffic;
/// `Initiated` means the other side's peering does not exist yet.
public enum PeeringState: ARMOpenEnum {
    case connected, initiated, disconnected
    /// A state ARM may add later, as written.
    case unknown(String)

    public static let known: [PeeringState] = [.connected, .initiated, .disconnected]

    public var rawValue: String {
        switch self {
        case .connected: "Connected"
        case .initiated: "Initiated"
        case .disconnected: "Disconnected"
        case .unknown(let raw): raw
        }
    }

    public init(from decoder: any Decoder) throws { self = try Self.decodeText(decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeText(encoder) }
}
