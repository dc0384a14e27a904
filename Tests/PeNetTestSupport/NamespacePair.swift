import Foundation

/// Two network namespaces joined by a veth pair on `10.<subnet>.1/24` and `.2/24`, loopback up in
/// both (SQL Server's side and the instance's side of the link's network checks). Unique names per
/// test; ``destroy()`` kills what runs inside and deletes both, even after a failure.
public struct NamespacePair: Sendable {
    /// SQL Server's side (the `.1` address).
    public let sql: String
    /// The instance's side (the `.2` address).
    public let mi: String
    public let sqlAddress: String
    public let miAddress: String

    /// Creates the pair; `tag` keeps names and interfaces apart between tests, `subnet` is the
    /// `a.b.c` of the /24 (e.g. `10.202.1`).
    public static func create(tag: String, subnet: String) throws -> NamespacePair {
        let token = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let pair = NamespacePair(
            sql: "pn-\(getpid())-\(tag)\(token)-s", mi: "pn-\(getpid())-\(tag)\(token)-m",
            sqlAddress: "\(subnet).1", miAddress: "\(subnet).2")
        do {
            for namespace in [pair.sql, pair.mi] {
                try Shell.check(["ip", "netns", "add", namespace])
                try Shell.check(["ip", "-n", namespace, "link", "set", "lo", "up"])
            }
            let (sqlLink, miLink) = ("\(tag)s0", "\(tag)m0")
            try Shell.check([
                "ip", "link", "add", sqlLink, "netns", pair.sql, "type", "veth", "peer", "name", miLink, "netns",
                pair.mi,
            ])
            try Shell.check(["ip", "-n", pair.sql, "addr", "add", "\(pair.sqlAddress)/24", "dev", sqlLink])
            try Shell.check(["ip", "-n", pair.mi, "addr", "add", "\(pair.miAddress)/24", "dev", miLink])
            try Shell.check(["ip", "-n", pair.sql, "link", "set", sqlLink, "up"])
            try Shell.check(["ip", "-n", pair.mi, "link", "set", miLink, "up"])
        } catch {
            pair.destroy()
            throw error
        }
        return pair
    }

    /// Kills every process in both namespaces and deletes them. Safe to call twice.
    public func destroy() {
        for namespace in [sql, mi] {
            if let pids = try? Shell.run(["ip", "netns", "pids", namespace]).output {
                for pid in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            _ = try? Shell.run(["ip", "netns", "del", namespace])
        }
    }
}
