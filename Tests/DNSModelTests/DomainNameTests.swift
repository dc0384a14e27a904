import DNSModel
import Testing

@Suite struct DomainNameTests {
    static let label63 = String(repeating: "a", count: 63)
    static let label64 = String(repeating: "a", count: 64)
    /// 4 labels of 63 + 3 dots = 255 characters: 257 wire octets, too long.
    static let name255 = [String](repeating: label63, count: 4).joined(separator: ".")
    /// 253 characters: 63+1+63+1+63+1+61 → 255 wire octets, the maximum.
    static let name253 = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
    /// 254 characters: one more octet than the maximum.
    static let name254 = [label63, label63, label63, String(repeating: "b", count: 62)].joined(separator: ".")

    @Test(arguments: [
        ("mi1.abc123.database.windows.net", 5, false),
        ("mi1.abc123.database.windows.net.", 5, true),
        ("MI1.ABC123.Database.Windows.NET", 5, false),
        (".", 0, true),
        ("localhost", 1, false),
        (label63 + ".example", 2, false),
        (name253, 4, false),
        (name253 + ".", 4, true),
        ("xn--bcher-kva.example", 2, false),
    ])
    func parsesValidNames(text: String, labels: Int, absolute: Bool) throws {
        let name = try DomainName(text)
        #expect(name.labelCount == labels)
        #expect(name.isAbsolute == absolute)
        #expect(name.text == text)
    }

    @Test(arguments: [
        ("", "empty"),
        ("a..b", "Empty label"),
        (".leading", "Empty label"),
        (label64 + ".example", "Label length overflow"),
        (name254, "overflow"),
        (name255, "length overflow"),
    ])
    func refusesInvalidNames(text: String, reasonFragment: String) {
        #expect {
            try DomainName(text)
        } throws: { error in
            guard case .invalidName(let name, let reason) = error as? DNSModelError else { return false }
            return name == text && reason.lowercased().contains(reasonFragment.lowercased())
        }
    }

    @Test func equalityIgnoresCaseButNotTheTrailingDot() throws {
        let lower = try DomainName("mi1.abc123.database.windows.net")
        let upper = try DomainName("MI1.Abc123.DATABASE.windows.net")
        let absolute = try DomainName("mi1.abc123.database.windows.net.")
        #expect(lower == upper)
        #expect(lower.hashValue == upper.hashValue)
        #expect(lower != absolute)
        #expect(lower.absolute == absolute)
        #expect(absolute.relative == lower)
        #expect(upper.text == "MI1.Abc123.DATABASE.windows.net")
        #expect(upper.lowercased.text == "mi1.abc123.database.windows.net")
    }

    @Test func hierarchy() throws {
        let name = try DomainName("mi1.privatelink.abc123.database.windows.net.")
        let zone = try DomainName("PrivateLink.abc123.database.windows.net")
        #expect(name.isSubdomain(of: zone))
        #expect(!zone.isSubdomain(of: name))
        #expect(name.relative(to: zone) == "mi1")
        #expect(zone.relative(to: zone) == "@")
        #expect(name.firstLabel == "mi1")
        #expect(name.parent?.text == "privatelink.abc123.database.windows.net.")
        #expect(try zone.prepending("mi2").text == "mi2.PrivateLink.abc123.database.windows.net")
        #expect(name.wireLength == 45)
        #expect(DomainName.root.parent == nil)
    }

    @Test func canonicalOrderComparesFromTheRight() throws {
        let names = try ["b.example.", "a.example.", "example.", "A.b.example.", "z.a.example."].map {
            try DomainName($0)
        }
        #expect(names.sorted().map(\.text) == ["example.", "a.example.", "z.a.example.", "b.example.", "A.b.example."])
    }
}
