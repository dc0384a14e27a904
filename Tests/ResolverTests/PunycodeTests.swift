import Resolver
import Testing

@Suite struct PunycodeTests {
    @Test(arguments: [("bücher", "bcher-kva"), ("münchen", "mnchen-3ya"), ("例え", "r8jz45g"), ("abc", "abc-")])
    func roundTrips(unicode: String, encoded: String) {
        #expect(Punycode.encode(unicode) == encoded)
        #expect(Punycode.decode(encoded) == unicode)
    }

    /// Found by fuzzing: "\r\n" is two basic code points but one Character, and counting
    /// Characters made the encoder loop for ever.
    @Test func basicCodePointsAreCountedAsScalars() {
        let encoded = Punycode.encode("a\r\nü")
        #expect(encoded == "a\r\n-joa")  // as Python's punycode codec encodes it
        #expect(Punycode.decode(encoded) == "a\r\nü")
        let findings = HostnameRules.syntax(of: "x\r\n\u{C6306}\u{FFFD}.example")
        #expect(findings.contains { $0.code == "host.non-ascii" })
    }

    @Test(arguments: ["bcher-kv!", "999999999999999999", "büc"])
    func refusesGarbage(text: String) {
        #expect(Punycode.decode(text) == nil)
    }
}
