import DNSModel
import Resolver

/// The zone-file reader (the pre-pass and ldns), the zone rules, and render → parse → render.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let zone = try? Zone(parsing: text, origin: "fuzz.test.") else { return 0 }
    _ = ZoneRules.check(zone)
    let rendered = zone.render()
    guard let again = try? Zone(parsing: rendered) else {
        fatalError("a rendered zone does not parse again:\n\(rendered)")
    }
    precondition(again.render() == rendered, "render is not stable")
    return 0
}
