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

/// libFuzzer's driver, the body of the `main` it ships (LLVM 12 and later).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable target's `main` to `<target>_main`, so libFuzzer's own `main` is not
/// used: this entry point hands the arguments to its driver.
@_cdecl("penetyaml_main")
public func penetyamlMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return runFuzzerDriver(&count, &arguments, fuzz)
}
