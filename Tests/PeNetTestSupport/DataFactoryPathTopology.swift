import Foundation
import IPFwd

/// The Data Factory path's data plane in network namespaces: a client, a "load balancer" that
/// DNATs each new connection round-robin to two forwarders (frontend port = backend port, the
/// client's address kept, as Azure's internal load balancer does), and two backends standing in
/// for the instances. The forwarders, the load balancer and the backends share one segment (a
/// bridge in its own namespace), like NICs in one vnet; each forwarder has one NIC, `eth0`.
/// The load balancer namespace also owns 168.63.129.16, the address Azure's health probes come
/// from. Every name carries the test process id (`pn-<pid>-…`), so `FwdTopology.sweepStale()`
/// deletes what a crashed run left behind.
///
/// ```
/// [cli] 10.203.1.2 ── lbc 10.203.1.1 [lb] eth0 10.203.9.1 (+168.63.129.16)
///                                         │ br0 in [sw]
///              [fw1] eth0 10.203.9.11 ────┼──── [be1] eth0 10.203.9.21 (mi1)
///              [fw2] eth0 10.203.9.12 ────┴──── [be2] eth0 10.203.9.22 (mi2)
/// ```
public final class DataFactoryPathTopology: Sendable {
    public let client: String
    public let loadBalancer: String
    public let segment: String
    public let forwarders: [String]
    public let backends: [String]

    public static let clientAddress = "10.203.1.2"
    /// The load balancer's frontend (what the client connects to).
    public static let frontendAddress = "10.203.1.1"
    public static let loadBalancerAddress = "10.203.9.1"
    public static let forwarderAddresses = ["10.203.9.11", "10.203.9.12"]
    public static let backendAddresses = ["10.203.9.21", "10.203.9.22"]
    /// Where Azure's load balancer probes come from.
    public static let probeSource = "168.63.129.16"

    public var namespaces: [String] { [client, loadBalancer, segment] + forwarders + backends }

    private init(prefix: String) {
        client = prefix + "-cli"
        loadBalancer = prefix + "-lb"
        segment = prefix + "-sw"
        forwarders = [prefix + "-fw1", prefix + "-fw2"]
        backends = [prefix + "-be1", prefix + "-be2"]
    }

    /// Runs commands inside forwarder `index`.
    public func forwarderRunner(_ index: Int) -> SubprocessCommandRunner {
        SubprocessCommandRunner(prefix: ["ip", "netns", "exec", forwarders[index]])
    }

    /// Builds the namespaces and the load balancer's rules for `ports`; deletes everything again
    /// if a step fails.
    public static func create(ports: [Int]) throws -> DataFactoryPathTopology {
        FwdTopology.sweepStale()
        let token = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let topology = DataFactoryPathTopology(prefix: "pn-\(getpid())-\(token)")
        do {
            try topology.build(ports: ports)
        } catch {
            topology.destroy()
            throw error
        }
        return topology
    }

    private func build(ports: [Int]) throws {
        for namespace in namespaces {
            try Shell.check(["ip", "netns", "add", namespace])
            try Shell.check(["ip", "-n", namespace, "link", "set", "lo", "up"])
        }
        try Shell.check([
            "ip", "link", "add", "cli0", "netns", client, "type", "veth", "peer", "name", "lbc", "netns", loadBalancer,
        ])
        try address(client, "cli0", Self.clientAddress + "/24")
        try address(loadBalancer, "lbc", Self.frontendAddress + "/24")
        try Shell.check(["ip", "-n", client, "route", "add", "default", "via", Self.frontendAddress])
        try Shell.check(["ip", "-n", segment, "link", "add", "br0", "type", "bridge"])
        try Shell.check(["ip", "-n", segment, "link", "set", "br0", "up"])
        let members =
            [(loadBalancer, Self.loadBalancerAddress)] + Array(zip(forwarders, Self.forwarderAddresses))
            + Array(zip(backends, Self.backendAddresses))
        for (index, (namespace, ip)) in members.enumerated() {
            let port = "p\(index)"
            try Shell.check([
                "ip", "link", "add", "eth0", "netns", namespace, "type", "veth", "peer", "name", port, "netns", segment,
            ])
            try Shell.check(["ip", "-n", segment, "link", "set", port, "master", "br0"])
            try Shell.check(["ip", "-n", segment, "link", "set", port, "up"])
            try address(namespace, "eth0", ip + "/24")
        }
        // The forwarders answer through the load balancer (the client and the probe source);
        // the backends have no route out: replies reach anyone only when a forwarder masquerades.
        for forwarder in forwarders {
            try Shell.check(["ip", "-n", forwarder, "route", "add", "default", "via", Self.loadBalancerAddress])
        }
        try Shell.check(["ip", "-n", loadBalancer, "addr", "add", Self.probeSource + "/32", "dev", "lo"])
        try exec(loadBalancer, ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])
        let portSet = ports.map(String.init).joined(separator: ", ")
        let rules = """
            table ip lb {
                chain prerouting {
                    type nat hook prerouting priority dstnat; policy accept;
                    iifname "lbc" tcp dport { \(portSet) } counter dnat to numgen inc mod 2 map { 0 : \(Self.forwarderAddresses[0]), 1 : \(Self.forwarderAddresses[1]) }
                }
            }

            """
        let result = try exec(loadBalancer, ["nft", "-f", "-"], input: rules)
        guard result.status == 0 else { throw Shell.Failure(description: "load balancer rules: \(result.error)") }
    }

    private func address(_ namespace: String, _ link: String, _ cidr: String) throws {
        try Shell.check(["ip", "-n", namespace, "addr", "add", cidr, "dev", link])
        try Shell.check(["ip", "-n", namespace, "link", "set", link, "up"])
    }

    /// Runs a command inside `namespace`.
    @discardableResult
    public func exec(_ namespace: String, _ arguments: [String], input: String? = nil) throws -> Shell.Result {
        try Shell.run(["ip", "netns", "exec", namespace] + arguments, input: input)
    }

    /// Starts a TCP server in backend `index` on `port` that answers every connection with `reply`.
    public func startBackend(_ index: Int, port: Int = 1433, reply: String) throws {
        try Shell.spawn([
            "ip", "netns", "exec", backends[index], "socat",
            "TCP-LISTEN:\(port),bind=\(Self.backendAddresses[index]),fork,reuseaddr", "SYSTEM:echo \(reply)",
        ])
        for _ in 0..<50 {
            if !(try exec(backends[index], ["ss", "-Hltn", "sport = :\(port)"]).output.isEmpty) { return }
            usleep(20_000)
        }
    }

    /// Stops every process in backend `index` (the instance goes down).
    public func stopBackend(_ index: Int) {
        if let pids = try? Shell.run(["ip", "netns", "pids", backends[index]]).output {
            for pid in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
        }
        for _ in 0..<50 {
            if (try? exec(backends[index], ["ss", "-Hltn"]).output.isEmpty) == true { return }
            usleep(20_000)
        }
    }

    /// Connects from `namespace` (bound to `source` when given) to `host:port`; what the server
    /// said, or nil when the connection failed.
    public func connect(from namespace: String, source: String? = nil, to host: String, port: Int) -> String? {
        let bind = source.map { ",bind=\($0)" } ?? ""
        guard
            let result = try? exec(
                namespace, ["socat", "-T", "3", "STDIO", "TCP:\(host):\(port),connect-timeout=3\(bind)"], input: ""),
            result.status == 0
        else { return nil }
        let text = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// A client connection through the load balancer's frontend.
    public func connectThroughLoadBalancer(port: Int) -> String? {
        connect(from: client, to: Self.frontendAddress, port: port)
    }

    /// A health probe from 168.63.129.16 to forwarder `index` on `port`, as Azure sends it:
    /// passes (true) when the connection is answered end to end.
    public func probe(forwarder index: Int, port: Int) -> Bool {
        connect(from: loadBalancer, source: Self.probeSource, to: Self.forwarderAddresses[index], port: port) != nil
    }

    /// Kills every process in the namespaces and deletes them. Safe to call twice.
    public func destroy() {
        for namespace in namespaces {
            if let pids = try? Shell.run(["ip", "netns", "pids", namespace]).output {
                for pid in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            _ = try? Shell.run(["ip", "netns", "del", namespace])
        }
    }
}
