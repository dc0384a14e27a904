// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "pe-net",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pe-net", targets: ["pe-net"]),
        .executable(name: "arm-emulator", targets: ["ARMEmulator"]),
        .library(name: "DNSModel", targets: ["DNSModel"]),
        .library(name: "Resolver", targets: ["Resolver"]),
        .library(name: "ARMNetwork", targets: ["ARMNetwork"]),
        .library(name: "IPFwd", targets: ["IPFwd"]),
        .library(name: "MILink", targets: ["MILink"]),
        .library(name: "DesiredState", targets: ["DesiredState"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // libldns from Debian's libldns-dev, linked statically (see Sources/CLDNS/module.modulemap;
        // no pkg-config, whose `-lldns` would link the shared library); see Sources/CLDNS/shim.h
        // for why the shim exists.
        .systemLibrary(name: "CLDNS", providers: [.apt(["libldns-dev"])]),
        .target(name: "DNSModel", dependencies: ["CLDNS"], swiftSettings: swiftSettings),
        .target(name: "Resolver", dependencies: ["DNSModel", "CLDNS"], swiftSettings: swiftSettings),
        .target(
            name: "ARMNetwork",
            dependencies: [
                "DNSModel",
                "Resolver",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IPFwd",
            dependencies: [
                "DNSModel",
                "Resolver",
                "Templates",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Managed Instance link: invariants N1-N10, T-SQL scripts and ARM bodies (offline), the
        // ARM half through ARMNetwork, status interpretation and the network preflight probes.
        .target(
            name: "MILink", dependencies: ["DNSModel", "Resolver", "IPFwd", "Templates", "ARMNetwork"],
            swiftSettings: swiftSettings),
        .target(
            name: "Templates",
            path: "templates",
            exclude: ["README.md"],
            resources: [.embedInCode("files")],
            swiftSettings: swiftSettings
        ),
        // The desired-state file (`pe-net.yaml`): YAML loading with file:line:column errors, resolution
        // of names and defaults into the libraries' specs.
        .target(
            name: "DesiredState",
            dependencies: ["ARMNetwork", "IPFwd", "MILink", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The command tree, as a library so tests run every command in-process with fake seams.
        .target(
            name: "PeNetCLI",
            dependencies: [
                "DNSModel", "Resolver", "ARMNetwork", "IPFwd", "MILink", "Templates", "DesiredState", "ARMEmulatorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The `pe-net` executable: only calls PeNetCLI's root command. With the Swift runtime
        // linked statically the toolchain exports every public symbol of the package's modules
        // (`-export-dynamic` in static-stdlib-args.lnk): some 44,000 dynamic symbols, which the
        // runtime's start-up `dladdr` scans one by one and which keep `--gc-sections` from
        // dropping anything. Nothing looks pe-net's own symbols up by name, so release builds
        // export none.
        .executableTarget(
            name: "pe-net", dependencies: ["PeNetCLI"], swiftSettings: swiftSettings,
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(configuration: .release))]),
        // Test support: fakes, harnesses for NSD/unbound, network namespaces and the ARM emulator (as a
        // process, or in-process through ARMEmulatorCore).
        .target(
            name: "PeNetTestSupport",
            dependencies: [
                "DNSModel", "Resolver", "ARMNetwork", "IPFwd", "MILink", "ARMEmulatorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PeNetTestSupport",
            swiftSettings: swiftSettings
        ),
        // The local ARM emulator: world, faults, identity and routing, served by Hummingbird; tests run
        // it in-process, the `arm-emulator` executable runs it for benchmarks and by hand.
        .target(
            name: "ARMEmulatorCore",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/ARMEmulatorCore",
            swiftSettings: swiftSettings
        ),
        // The `arm-emulator` executable: parses its flags and runs ARMEmulatorCore until a signal.
        .executableTarget(
            name: "ARMEmulator",
            dependencies: [
                "ARMEmulatorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/ARMEmulator",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DNSModelTests", dependencies: ["DNSModel", "PeNetTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ResolverTests", dependencies: ["Resolver", "PeNetTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PeNetTestSupportTests", dependencies: ["PeNetTestSupport"], exclude: ["Golden"],
            swiftSettings: swiftSettings),
        // Golden files are read from the source tree by path (re-recorded with PENET_RECORD_GOLDEN=1).
        .testTarget(
            name: "ARMNetworkTests", dependencies: ["ARMNetwork", "PeNetTestSupport"],
            exclude: ["PrivateDNS/Golden", "DataFactory/Golden"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ARMEmulatorTests", dependencies: ["ARMEmulatorCore", "ARMNetwork", "PeNetTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IPFwdTests", dependencies: ["IPFwd", "PeNetTestSupport"], exclude: ["Golden"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "MILinkTests", dependencies: ["MILink", "ARMNetwork", "PeNetTestSupport"], exclude: ["Golden"],
            swiftSettings: swiftSettings),
        // The desired-state file: malformed files (one line, file:line:column each), the JSON Schema kept in
        // step with the loader, the forwarders' cloud-init and rules rendered from the file.
        .testTarget(
            name: "DesiredStateTests",
            dependencies: [
                "DesiredState", "IPFwd", "ARMNetwork", "PeNetTestSupport", .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Files", "Golden"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PeNetCLITests",
            dependencies: [
                "PeNetTestSupport", "ARMNetwork", "PeNetCLI", "ARMEmulatorCore", "DesiredState",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: [
                "Golden", "Malformed/MANIFEST.md", "Malformed/values.txt", "Malformed/plans", "Malformed/tokens",
                "Malformed/zones", "Malformed/expect-files", "Malformed/yaml",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
