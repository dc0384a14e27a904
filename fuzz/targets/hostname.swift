import Resolver

/// Host-name rules (RFC 1123, IDNA A-labels, Bidi) on arbitrary UTF-8, and Punycode both ways.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    _ = HostnameRules(instance: "mi1", dnsZone: "abc123", topology: .peered).check(text)
    _ = HostnameRules.syntax(of: text)
    for label in text.split(separator: ".").prefix(8) {
        if case .valid(let unicode) = IDNA.validateALabel("xn--" + label) {
            precondition(Punycode.decode(Punycode.encode(unicode)) == unicode, "Punycode round trip")
        }
    }
    return 0
}
