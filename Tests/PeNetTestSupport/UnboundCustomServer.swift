import DNSModel
import Foundation
import Resolver

extension DNSServers {
    /// Starts unbound standing in for a vnet's custom DNS server, configured with `clauses` as an
    /// administrator would include them (e.g. pe-net's rendered `forward-zone:` clauses), plus
    /// `stubZones` sent to `upstream` (the public side). `servedZones` lists every zone the
    /// clauses and stubs cover; everything else is answered NXDOMAIN locally, so no query leaves
    /// loopback.
    public static func startCustomServer(
        clauses: String, servedZones: [String], stubZones: [String] = [], upstream: DNSServer
    ) async throws -> DNSServerProcess {
        guard let probe = stubZones.sorted().first ?? servedZones.sorted().first else {
            throw DNSServerHarnessError("startCustomServer needs at least one zone")
        }
        let unbound = try DNSServerProcess.executable("unbound")
        var lastError: (any Error)?
        for _ in 0..<3 {
            let directory = try DNSServerProcess.makeDirectory("pe-net-custom-dns")
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
                    local-zone: "." static

                """
            for zone in servedZones + stubZones { config += "    local-zone: \"\(zone).\" transparent\n" }
            config += "remote-control:\n    control-enable: no\n"
            for zone in stubZones {
                config += "stub-zone:\n    name: \"\(zone)\"\n    stub-addr: \(upstream.address)@\(upstream.port)\n"
            }
            config += clauses
            try config.write(to: directory.appendingPathComponent("unbound.conf"), atomically: true, encoding: .utf8)
            let child = try DNSServerProcess.launch(
                unbound, arguments: ["-d", "-c", "\(d)/unbound.conf"], directory: directory)
            let server = DNSServerProcess(
                server: DNSServer(address: .v4(IPv4Address(octets: 127, 0, 0, 1)), port: port), directory: directory,
                child: child, probeZone: probe)
            do {
                try await server.waitUntilReady()
                return server
            } catch {
                lastError = error
                await server.stop()
            }
        }
        throw lastError ?? DNSServerHarnessError("unbound did not start")
    }
}
