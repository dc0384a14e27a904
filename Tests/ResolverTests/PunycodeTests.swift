import Resolver
import Testing

@Suite struct PunycodeTests {
    @Test(arguments: [("bücher", "bcher-kva"), ("münchen", "mnchen-3ya"), ("例え", "r8jz45g"), ("abc", "abc-")])
    func roundTrips(unicode: String, encoded: String) {
        #expect(Punycode.encode(unicode) == encoded)
        #expect(Punycode.decode(encoded) == unicode)
    }

    @Test(arguments: ["bcher-kv!", "999999999999999999", "büc"])
    func refusesGarbage(text: String) {
        #expect(Punycode.decode(text) == nil)
    }
}
