import DNSModel
import Testing

@Suite struct DNSMessageTests {
    @Test(arguments: [(UInt16(0), RecordType.a, true), (0xBEEF, .aaaa, false), (0xFFFF, .txt, true)])
    func queriesRoundTripThroughTheWire(id: UInt16, type: RecordType, recursion: Bool) throws {
        let question = DNSQuestion(name: "mi1.abc123.database.windows.net", type: type)
        let wire = try DNSMessage.queryWire(id: id, question: question, recursionDesired: recursion)
        #expect(wire[0] == UInt8(id >> 8) && wire[1] == UInt8(id & 0xFF))
        let message = try DNSMessage(wire: wire)
        #expect(message.id == id)
        #expect(!message.isResponse)
        #expect(message.recursionDesired == recursion)
        #expect(message.questions == [DNSQuestion(name: "mi1.abc123.database.windows.net.", type: type)])
        #expect(message.answer.isEmpty)
        #expect(message.additional.isEmpty, "the OPT record is not a resource record of the answer")
    }

    @Test func withoutEDNSTheQueryIsSmaller() throws {
        let question = DNSQuestion(name: "a.example", type: .a)
        let plain = try DNSMessage.queryWire(id: 1, question: question, ednsUDPSize: nil)
        let edns = try DNSMessage.queryWire(id: 1, question: question, ednsUDPSize: 1232)
        #expect(plain.count == 12 + 11 + 4)
        #expect(edns.count == plain.count + 11)
    }

    @Test(arguments: [[UInt8](), [0, 1, 2], [0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 3, 0x61]])
    func garbageIsRefused(bytes: [UInt8]) {
        #expect(throws: DNSModelError.self) { try DNSMessage(wire: bytes) }
    }

    @Test func responseCodesHaveTheirNames() {
        #expect(DNSResponseCode.nameError.description == "NXDOMAIN")
        #expect(DNSResponseCode.serverFailure.description == "SERVFAIL")
        #expect(DNSResponseCode(rawValue: 9).description == "RCODE9")
    }
}
