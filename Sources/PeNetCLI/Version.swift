/// The version `pe-net --version` prints.
enum PeNetVersion {
    static let current = "0.1.0"
}
