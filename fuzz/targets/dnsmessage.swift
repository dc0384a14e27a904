import DNSModel

/// The DNS message decoder (ldns `wire2pkt` and the copy into values) on arbitrary bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = try? DNSMessage(wire: Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}
