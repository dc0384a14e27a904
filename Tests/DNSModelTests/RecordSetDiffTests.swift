import DNSModel
import Testing

@Suite struct RecordSetDiffTests {
    static func a(_ name: String, _ ttl: UInt32, _ ips: [String]) -> RecordSet {
        RecordSet(
            name: DomainName(stringLiteral: name), type: .a, ttl: ttl,
            data: ips.compactMap { IPv4Address($0).map(RecordData.a) })
    }

    @Test func identicalListsHaveNoChanges() {
        let sets = [Self.a("mi1.privatelink.site", 10, ["10.1.2.3"]), Self.a("mi2.privatelink.site", 10, ["10.1.2.4"])]
        #expect(RecordSetDiff.changes(from: sets, to: sets.reversed()).isEmpty)
    }

    @Test func dataOrderAndDuplicatesAndNameCaseDoNotMatter() {
        let current = [Self.a("MI1.privatelink.site", 10, ["10.1.2.4", "10.1.2.3", "10.1.2.3"])]
        let desired = [Self.a("mi1.privatelink.site", 10, ["10.1.2.3", "10.1.2.4"])]
        #expect(RecordSetDiff.changes(from: current, to: desired).isEmpty)
    }

    @Test func addRemoveUpdate() {
        let current = [
            Self.a("mi1.z", 10, ["10.1.2.3"]), Self.a("old.z", 10, ["10.9.9.9"]), Self.a("ttl.z", 10, ["10.0.0.1"]),
        ]
        let desired = [
            Self.a("mi1.z", 10, ["10.1.2.5"]), Self.a("new.z", 10, ["10.0.0.2"]), Self.a("ttl.z", 60, ["10.0.0.1"]),
        ]
        let changes = RecordSetDiff.changes(from: current, to: desired)
        #expect(changes.count == 4)
        #expect(changes.contains(.add(Self.a("new.z", 10, ["10.0.0.2"]))))
        #expect(changes.contains(.remove(Self.a("old.z", 10, ["10.9.9.9"]))))
        #expect(
            changes.contains(.update(from: Self.a("mi1.z", 10, ["10.1.2.3"]), to: Self.a("mi1.z", 10, ["10.1.2.5"]))))
        #expect(
            changes.contains(.update(from: Self.a("ttl.z", 10, ["10.0.0.1"]), to: Self.a("ttl.z", 60, ["10.0.0.1"]))))
        #expect(changes.map(\.key) == changes.map(\.key).sorted())
    }

    @Test func typesAreSeparateSets() throws {
        let records = [
            try ResourceRecord(parsing: "mi1.z. 10 IN A 10.1.2.3"),
            try ResourceRecord(parsing: "mi1.z. 10 IN TXT \"x\""),
            try ResourceRecord(parsing: "mi1.z. 5 IN A 10.1.2.4"),
        ]
        let sets = RecordSet.grouping(records)
        #expect(sets.count == 2)
        #expect(sets.first { $0.type == .a }?.ttl == 5)
        #expect(sets.first { $0.type == .a }?.data.count == 2)
        let change = RecordSetDiff.changes(from: [], to: sets).first
        #expect(change?.description.hasPrefix("+ mi1.z.") == true)
    }
}
