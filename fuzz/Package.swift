// swift-tools-version:6.1
// The libFuzzer targets that need the whole package graph (today `penetyaml`: DesiredState reaches
// ARMNetwork's client, IPFwd and MILink), built by SwiftPM against the root package with
// `-sanitize=fuzzer,address`; see README.md and build.sh. The other targets are built by build.sh
// with swiftc alone.
import Foundation
import PackageDescription

/// The root package's identity: the name of the directory it is checked out in.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "pe-net-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "penetyaml",
            dependencies: [.product(name: "DesiredState", package: root)],
            path: "targets",
            sources: ["penetyaml.swift"],
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        )
    ]
)
