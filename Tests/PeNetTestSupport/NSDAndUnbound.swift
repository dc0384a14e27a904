import DNSModel
import Foundation
import Resolver

#if canImport(Glibc)
    import Glibc
#endif

/// Starts NSD (authoritative) and unbound (resolver) on free loopback high ports for tests.
///
/// ```swift
/// try await DNSServers.withNSD(zones: ["abc123.database.windows.net": zoneText]) { nsd in
///     try await DNSServers.withUnbound(stubZones: ["abc123.database.windows.net"], to: nsd.server) { unbound in
///         let lookup = await DNSClient(server: unbound.server).lookup("mi1.abc123.database.windows.net", type: .a)
///     }
/// }
/// ```
public enum DNSServers {
    /// True when `::1` can be bound here (some containers have no IPv6 loopback).
    public static var ipv6LoopbackAvailable: Bool {
        let fd = socket(AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        } == 0
    }

    /// Launches a server up to three times (another process can take the free port between the
    /// probe and the bind) and returns the first one that answers; a failed one is always stopped.
    private static func startWithRetries(
        _ what: String, _ launch: () throws -> DNSServerProcess
    ) async throws -> DNSServerProcess {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let server = try launch()
            do {
                try await server.waitUntilReady()
                return server
            } catch {
                lastError = error
                await server.stop()
            }
        }
        throw lastError ?? DNSServerHarnessError("\(what) did not start")
    }

    /// Starts NSD serving `zones` (zone name → RFC 1035 zone text) and waits until it answers;
    /// on 127.0.0.1, or on ::1 with `ipv6: true`.
    public static func startNSD(zones: [String: String], ipv6: Bool = false) async throws -> DNSServerProcess {
        guard let probe = zones.keys.sorted().first else {
            throw DNSServerHarnessError("startNSD needs at least one zone")
        }
        let nsd = try DNSServerProcess.executable("nsd")
        return try await startWithRetries("NSD") {
            let directory = try DNSServerProcess.makeDirectory("pe-net-nsd")
            let port = try LoopbackPorts.free()
            let zonesDirectory = directory.appendingPathComponent("zones")
            try FileManager.default.createDirectory(at: zonesDirectory, withIntermediateDirectories: true)
            var zoneStanzas = ""
            for (name, text) in zones.sorted(by: { $0.key < $1.key }) {
                try text.write(
                    to: zonesDirectory.appendingPathComponent("\(name).zone"), atomically: true, encoding: .utf8)
                zoneStanzas += "zone:\n    name: \(name)\n    zonefile: \(name).zone\n"
            }
            let d = directory.path
            let config = """
                server:
                    ip-address: \(ipv6 ? "::1" : "127.0.0.1")
                    port: \(port)
                    do-ip6: \(ipv6 ? "yes" : "no")
                    server-count: 1
                    username: ""
                    chroot: ""
                    zonesdir: "\(d)/zones"
                    database: ""
                    zonelistfile: "\(d)/zone.list"
                    pidfile: "\(d)/nsd.pid"
                    xfrdfile: "\(d)/xfrd.state"
                    xfrdir: "\(d)"
                    logfile: "\(d)/server.log"
                    verbosity: 1
                    hide-version: yes
                    rrl-ratelimit: 0
                    rrl-whitelist-ratelimit: 0
                remote-control:
                    control-enable: no

                """ + zoneStanzas
            try config.write(to: directory.appendingPathComponent("nsd.conf"), atomically: true, encoding: .utf8)
            let child = try DNSServerProcess.launch(
                nsd, arguments: ["-d", "-c", "\(d)/nsd.conf"], directory: directory)
            guard let address = IPAddress(ipv6 ? "::1" : "127.0.0.1") else {
                throw DNSServerHarnessError("bad loopback address")
            }
            let server = DNSServerProcess(
                server: DNSServer(address: address, port: port), directory: directory,
                child: child, probeZone: probe)
            return server
        }
    }

    /// Starts unbound as a resolver whose `stubZones` go to `upstream`; everything else is
    /// answered NXDOMAIN locally, so no query leaves loopback. `localData` lines are served by
    /// unbound itself (e.g. `"db1.privatelink.other.test. 10 IN A 10.9.8.7"`), under `localZones`.
    public static func startUnbound(
        stubZones: [String], to upstream: DNSServer, localZones: [String] = [], localData: [String] = []
    ) async throws -> DNSServerProcess {
        guard let probe = stubZones.sorted().first else {
            throw DNSServerHarnessError("startUnbound needs at least one stub zone")
        }
        let unbound = try DNSServerProcess.executable("unbound")
        return try await startWithRetries("unbound") {
            let directory = try DNSServerProcess.makeDirectory("pe-net-unbound")
            let port = try LoopbackPorts.free()
            let d = directory.path
            var config = """
                server:
                    interface: 127.0.0.1
                    port: \(port)
                    do-ip6: no
                    do-daemonize: no
                    num-threads: 1
                    username: ""
                    chroot: ""
                    directory: "\(d)"
                    pidfile: "\(d)/unbound.pid"
                    use-syslog: no
                    logfile: ""
                    verbosity: 1
                    access-control: 127.0.0.0/8 allow
                    module-config: "iterator"
                    do-not-query-localhost: no
                    qname-minimisation: no
                    outgoing-interface: 127.0.0.1
                    cache-max-ttl: 0
                    cache-max-negative-ttl: 0
                    ratelimit: 0
                    ip-ratelimit: 0
                    local-zone: "." static

                """
            for zone in stubZones { config += "    local-zone: \"\(zone).\" transparent\n" }
            for zone in localZones { config += "    local-zone: \"\(zone).\" static\n" }
            for line in localData { config += "    local-data: \"\(line)\"\n" }
            config += "remote-control:\n    control-enable: no\n"
            for zone in stubZones {
                config += "stub-zone:\n    name: \"\(zone)\"\n    stub-addr: \(upstream.address)@\(upstream.port)\n"
            }
            try config.write(to: directory.appendingPathComponent("unbound.conf"), atomically: true, encoding: .utf8)
            let child = try DNSServerProcess.launch(
                unbound, arguments: ["-d", "-c", "\(d)/unbound.conf"], directory: directory)
            let server = DNSServerProcess(
                server: DNSServer(address: .v4(IPv4Address(octets: 127, 0, 0, 1)), port: port), directory: directory,
                child: child, probeZone: probe)
            return server
        }
    }

    /// Runs `body` with a started NSD and always stops it afterwards.
    public static func withNSD<T>(
        zones: [String: String], _ body: (DNSServerProcess) async throws -> T
    ) async throws -> T {
        let nsd = try await startNSD(zones: zones)
        do {
            let result = try await body(nsd)
            await nsd.stop()
            return result
        } catch {
            await nsd.stop()
            throw error
        }
    }

    /// Runs `body` with a started unbound and always stops it afterwards.
    public static func withUnbound<T>(
        stubZones: [String], to upstream: DNSServer, localZones: [String] = [], localData: [String] = [],
        _ body: (DNSServerProcess) async throws -> T
    ) async throws -> T {
        let unbound = try await startUnbound(
            stubZones: stubZones, to: upstream, localZones: localZones, localData: localData)
        do {
            let result = try await body(unbound)
            await unbound.stop()
            return result
        } catch {
            await unbound.stop()
            throw error
        }
    }
}

extension DNSServerProcess {
    /// Replaces a zone's file with `text`, sends SIGHUP and waits until NSD serves the new SOA serial.
    public func updateZone(_ name: String, text: String, timeout: Duration = .seconds(5)) async throws {
        let zone = try Zone(parsing: text, source: name)
        guard case .soa(let soa)? = zone.soa?.data else { throw DNSServerHarnessError("zone \(name) has no SOA") }
        try text.write(to: directory.appendingPathComponent("zones/\(name).zone"), atomically: true, encoding: .utf8)
        reload()
        let client = DNSClient(server: server, timeout: .milliseconds(150), attempts: 1)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let lookup = await client.lookup(try DomainName(name), type: .soa)
            if case .soa(let served)? = lookup.records.first?.data, served.serial == soa.serial { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw DNSServerHarnessError("NSD did not load serial \(soa.serial) of \(name) within \(timeout): \(log)")
    }
}
