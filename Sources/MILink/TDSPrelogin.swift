/// The TDS PRELOGIN exchange (MS-TDS 2.2.6.5), the first thing a SQL client sends on 1433: enough
/// to prove that a TDS server answers, without logging in. Pure bytes; ``LinkProbe`` sends them.
public enum TDSPrelogin {
    /// PRELOGIN option tokens.
    enum Token: UInt8 {
        case version = 0x00
        case encryption = 0x01
        case terminator = 0xFF
    }

    /// What the server said in its PRELOGIN response.
    public struct Response: Sendable, Equatable, Codable {
        /// `major.minor.build` of the server's VERSION option.
        public var version: String?
        /// The ENCRYPTION option: `off`, `on`, `not-supported`, `required` (or the raw byte).
        public var encryption: String?

        public init(version: String? = nil, encryption: String? = nil) {
            self.version = version
            self.encryption = encryption
        }
    }

    /// Why bytes are not a PRELOGIN response.
    public struct NotTDS: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The client's PRELOGIN packet: VERSION 0.0.0.0 and ENCRYPTION off (the server states its own).
    public static func request() -> [UInt8] {
        let options: [(Token, [UInt8])] = [(.version, [0, 0, 0, 0, 0, 0]), (.encryption, [0x00])]
        var table: [UInt8] = []
        var data: [UInt8] = []
        let tableSize = options.count * 5 + 1
        for (token, value) in options {
            let offset = tableSize + data.count
            table += [token.rawValue, UInt8(offset >> 8), UInt8(offset & 0xFF), 0, UInt8(value.count)]
            data += value
        }
        table.append(Token.terminator.rawValue)
        let length = 8 + table.count + data.count
        // Type 0x12 PRELOGIN, status 0x01 end of message, length, SPID 0, packet id 1, window 0.
        return [0x12, 0x01, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 1, 0] + table + data
    }

    /// The total length a TDS packet header announces, or nil when fewer than 8 bytes are there.
    public static func packetLength(_ header: [UInt8]) -> Int? {
        header.count >= 8 ? Int(header[2]) << 8 | Int(header[3]) : nil
    }

    /// Parses a server's PRELOGIN response packet (type 0x04, end of message).
    public static func parse(_ packet: [UInt8]) throws(NotTDS) -> Response {
        guard packet.count >= 8 else {
            throw NotTDS(description: "the answer is \(packet.count) bytes, not a TDS packet")
        }
        guard packet[0] == 0x04 else {
            throw NotTDS(description: "the answer's packet type is 0x\(hex(packet[0])), not 0x04 (a TDS response)")
        }
        guard packet[1] & 0x01 == 0x01 else { throw NotTDS(description: "the PRELOGIN response spans several packets") }
        guard let length = packetLength(packet), length == packet.count, length > 8 else {
            throw NotTDS(description: "the TDS header's length does not match the \(packet.count) bytes received")
        }
        let payload = Array(packet[8...])
        var response = Response()
        var index = 0
        while index < payload.count, payload[index] != Token.terminator.rawValue {
            guard index + 5 <= payload.count else {
                throw NotTDS(description: "the PRELOGIN option table is cut short")
            }
            let token = payload[index]
            let offset = Int(payload[index + 1]) << 8 | Int(payload[index + 2])
            let size = Int(payload[index + 3]) << 8 | Int(payload[index + 4])
            guard offset + size <= payload.count else {
                throw NotTDS(description: "PRELOGIN option 0x\(hex(token)) points past the end of the packet")
            }
            let value = Array(payload[offset..<(offset + size)])
            switch Token(rawValue: token) {
            case .version where value.count >= 6:
                let build = Int(value[2]) << 8 | Int(value[3])
                response.version = "\(value[0]).\(value[1]).\(build)"
            case .encryption where value.count >= 1:
                response.encryption =
                    ["off", "on", "not-supported", "required"].indices.contains(Int(value[0]))
                    ? ["off", "on", "not-supported", "required"][Int(value[0])] : "0x" + hex(value[0])
            default:
                break
            }
            index += 5
        }
        guard index < payload.count else { throw NotTDS(description: "the PRELOGIN option table has no terminator") }
        return response
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
