import DesiredState

/// The `pe-net.yaml` loader (Yams, then resolution of names and defaults); referenced files are
/// never read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    _ = try? PeNetFile.parse(
        text, source: "pe-net.yaml", readFile: { _ in "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFuzz fuzz" })
    return 0
}
