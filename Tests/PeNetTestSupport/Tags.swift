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
}
