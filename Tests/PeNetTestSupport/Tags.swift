import Foundation
import Testing

extension Tag {
    /// Needs root: network namespaces, netfilter, binding privileged resources.
    @Tag public static var root: Self
    /// Starts real daemons (NSD, unbound, a TDS listener) on loopback.
    @Tag public static var daemons: Self
    /// Runs against the ARM emulator (in-process or as the `arm-emulator` process).
    @Tag public static var emulator: Self
    /// Runs the built `pe-net` binary as a subprocess (end to end).
    @Tag public static var binary: Self
}

/// Conditions for `.enabled(if:)`: a test that cannot run here is reported as skipped, never passes vacuously.
public enum TestConditions {
    /// True when the tests run as root (uid 0).
    public static var isRoot: Bool { getuid() == 0 }

    /// True when `name` is an executable in one of the system's binary directories (the `sbin`
    /// ones included, which a normal user's PATH often lacks).
    public static func installed(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"].map { $0.split(separator: ":").map(String.init) } ?? []
        let directories = path + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        return directories.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    /// True when NSD and unbound are installed (the DNS tests start both on loopback).
    public static var dnsDaemonsInstalled: Bool { installed("nsd") && installed("unbound") }
}
