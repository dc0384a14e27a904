import ARMNetwork

/// The ARM resource-id parser: a parsed id prints as text that parses to the same id.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let id = try? ResourceID(parsing: text) else { return 0 }
    guard let again = try? ResourceID(parsing: id.description) else {
        fatalError("'\(id.description)' does not parse again")
    }
    precondition(again == id, "resource id round trip")
    return 0
}
