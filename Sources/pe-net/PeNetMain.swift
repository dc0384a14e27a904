import PeNetCLI

/// The `pe-net` executable: runs PeNetCLI's root command. An async function (not top-level code)
/// so that the compiler picks AsyncParsableCommand's `main()`; the synchronous one stops at startup.
@main
enum PeNetMain {
    static func main() async {
        await PeNet.main()
    }
}
