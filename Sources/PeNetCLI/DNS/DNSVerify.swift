import ArgumentParser
import DNSModel
import Foundation
import Resolver
import Synchronization

/// `pe-net dns verify`: prove that names resolve to the expected IPs through a given server.
struct DNSVerify: PeNetCommand {
    static var hasTableOutput: Bool { true }

    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that names resolve to the expected IP addresses through a DNS server.",
        discussion: """
            Queries the server directly (UDP, TCP when the answer is truncated), follows CNAMEs and \
            prints one line per name: expected, got, and the CNAMEs it went through. Exits 0 when \
            every name resolves to exactly its expected addresses, 3 on any mismatch, NXDOMAIN, \
            NODATA, SERVFAIL or timeout, 64 on bad input. An expect file has one `name=ip` (or \
            `name ip`) per line; `#` starts a comment.
            """
    )

    @Option(
        name: .customLong("server"),
        help: "The DNS server to ask: ip, ip:port or [ipv6]:port; repeat to check every path (reported per server).")
    var servers: [String] = []

    @Option(name: .customLong("expect"), help: "name=ip; repeat for more names (the same name twice expects both IPs).")
    var expectations: [String] = []

    @Option(name: .customLong("expect-file"), help: "A file of name=ip lines.")
    var expectFile: String?

    @Option(help: "Seconds to wait for each attempt.")
    var timeout: Double = 2

    @Option(help: "Attempts per query before it counts as a timeout.")
    var attempts: Int = 2

    @Option(name: .customLong("max-in-flight"), help: "Queries outstanding at once.")
    var maxInFlight: Int = 256

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard timeout > 0, timeout <= 60 else { throw ValidationError("--timeout must be between 0 and 60 seconds") }
        guard (1...10).contains(attempts) else { throw ValidationError("--attempts must be between 1 and 10") }
        guard (1...4096).contains(maxInFlight) else {
            throw ValidationError("--max-in-flight must be between 1 and 4096")
        }
        guard !servers.isEmpty else { throw ValidationError("no server given: add --server <ip[:port]>") }
        guard !expectations.isEmpty || expectFile != nil else {
            throw ValidationError("nothing to verify: pass --expect name=ip or --expect-file <file>")
        }
    }

    func run(_ env: Environment) async throws {
        var dnsServers: [DNSServer] = []
        var parsed: [ResolutionExpectation] = []
        do {
            for text in servers { dnsServers.append(try DNSServer(parsing: text)) }
            for text in expectations { parsed.append(try ResolutionExpectation(parsing: text)) }
        } catch {
            throw PeNetError.usage(error.description)
        }
        // An expect file alone is read a slice at a time in text output (memory bounded by the
        // slice); with --expect flags beside it, or several servers, everything is merged first.
        let file = try expectFile.map { try ExpectFile(path: $0) }
        if let file, parsed.isEmpty, dnsServers.count == 1 {
            try await verify(.file(file), through: dnsServers[0], env: env)
            return
        }
        if let file { parsed += try file.all() }
        parsed = ResolutionExpectation.merged(parsed)
        if dnsServers.count == 1 {
            try await verify(.list(parsed), through: dnsServers[0], env: env)
            return
        }
        // Several servers: the same names through each path, one report per server.
        var reports: [Report] = []
        for dnsServer in dnsServers {
            reports.append(
                Report(server: dnsServer, passed: false, results: await results(parsed, through: dnsServer, env: env)))
            reports[reports.count - 1].passed = reports[reports.count - 1].results.allSatisfy(\.passed)
        }
        let passed = reports.allSatisfy(\.passed)
        if env.reporter.isJSON {
            try env.reporter.json(MultiReport(passed: passed, servers: reports))
        } else if env.reporter.format == .table {
            env.reporter.table(
                ["SERVER", "NAME", "EXPECTED", "GOT", "STATE", "VIA"],
                reports.flatMap { report in report.results.map { ["\(report.server)"] + Self.row(for: $0) } })
        } else {
            var lines = ""
            for report in reports {
                lines += "server \(report.server)\n"
                for result in report.results { lines += "  " + Self.line(for: result) + "\n" }
                let failed = report.results.filter { !$0.passed }.count
                lines += "  \(report.results.count - failed) ok, \(failed) failed\n"
            }
            let failing = reports.filter { !$0.passed }.map { "\($0.server)" }
            lines +=
                failing.isEmpty
                ? "verified \(parsed.count) name(s) via \(reports.count) servers: every server answers as expected\n"
                : "verified \(parsed.count) name(s) via \(reports.count) servers: \(failing.joined(separator: ", ")) failed\n"
            env.reporter.raw(lines)
        }
        if !passed { throw PeNetExit.checkFailed }
    }

    /// The JSON document `-o json` prints with several `--server`s.
    struct MultiReport: Encodable {
        var passed: Bool
        var servers: [Report]
    }

    func results(_ parsed: [ResolutionExpectation], through dnsServer: DNSServer, env: Environment) async
        -> [ResolutionResult]
    {
        let client = env.dns(
            dnsServer,
            DNSQuerySettings(
                timeout: .milliseconds(Int64(timeout * 1000)), attempts: attempts, maxInFlight: maxInFlight))
        return await ResolutionVerifier(resolver: client).verify(parsed)
    }

    /// Where one server's expectations come from: already merged, or an expect file read in slices.
    enum Source: Sendable {
        case list([ResolutionExpectation])
        case file(ExpectFile)

        var count: Int {
            switch self {
            case .list(let list): list.count
            case .file(let file): file.count
            }
        }

        func slice(_ range: Range<Int>) throws -> [ResolutionExpectation] {
            switch self {
            case .list(let list): Array(list[range])
            case .file(let file): try file.expectations(range)
            }
        }
    }

    /// What the text report counts while the lines stream out.
    struct Counts {
        var names = 0
        var failed = 0
        var lookups = 0
        var overTCP = 0
        var timeouts = 0

        mutating func add(_ results: [ResolutionResult]) {
            names += results.count
            for result in results {
                if !result.passed { failed += 1 }
                for lookup in result.lookups {
                    lookups += 1
                    if lookup.usedTCP { overTCP += 1 }
                    if lookup.outcome == .timeout { timeouts += 1 }
                }
            }
        }
    }

    /// One server: the report as it always was.
    func verify(_ source: Source, through dnsServer: DNSServer, env: Environment) async throws {
        let client = env.dns(
            dnsServer,
            DNSQuerySettings(
                timeout: .milliseconds(Int64(timeout * 1000)), attempts: attempts, maxInFlight: maxInFlight))
        let started = ContinuousClock.now
        let verifier = ResolutionVerifier(resolver: client)
        var counts = Counts()
        var all: [ResolutionResult] = []
        if !env.reporter.isJSON && env.reporter.format != .table {
            // Text is printed as the answers are checked, in order, while later names are still
            // being asked: memory stays bounded by the slice and the window, not by the number of
            // names. JSON and the table need every result at once.
            let reporter = env.reporter
            let shared = Mutex(Counts())
            try await verifier.verify(
                count: source.count, sliceSize: Self.sliceSize, slice: { try source.slice($0) },
                deliver: { results in
                    var lines = ""
                    lines.reserveCapacity(results.count * 128)
                    for result in results {
                        Self.append(result, to: &lines)
                        lines += "\n"
                    }
                    reporter.raw(lines)
                    shared.withLock { $0.add(results) }
                })
            counts = shared.withLock { $0 }
        } else {
            all = await verifier.verify(try source.slice(0..<source.count))
            counts.add(all)
        }
        if env.reporter.verbose {
            env.reporter.note(
                "\(counts.lookups) lookup(s) via \(dnsServer) in \(ContinuousClock.now - started), \(counts.overTCP) over TCP, \(counts.timeouts) timed out"
            )
        }
        if env.reporter.isJSON {
            try env.reporter.json(Report(server: dnsServer, passed: counts.failed == 0, results: all))
        } else if env.reporter.format == .table {
            env.reporter.table(["NAME", "EXPECTED", "GOT", "STATE", "VIA"], all.map(Self.row(for:)))
        } else {
            env.reporter.raw(
                "verified \(counts.names) name(s) via \(dnsServer): \(counts.names - counts.failed) ok, \(counts.failed) failed\n"
            )
        }
        if counts.failed > 0 { throw PeNetExit.checkFailed }
    }

    /// Names read from the source at a time in text output.
    static let sliceSize = 1024

    /// The JSON document `-o json` prints.
    struct Report: Encodable {
        var server: DNSServer
        var passed: Bool
        var results: [ResolutionResult]
    }

    /// One table row: name, expected, got, ok/FAIL, CNAMEs followed.
    static func row(for result: ResolutionResult) -> [String] {
        let got: String
        switch result.status {
        case .match, .mismatch: got = result.addresses.map(\.description).joined(separator: ",")
        default: got = result.status.rawValue.uppercased()
        }
        return [
            result.expectation.name.relative.text,
            result.expectation.addresses.sorted().map(\.description).joined(separator: ","), got,
            result.passed ? "ok" : "FAIL", result.cnameChain.map(\.relative.text).joined(separator: " -> "),
        ]
    }

    static func line(for result: ResolutionResult) -> String {
        var line = ""
        append(result, to: &line)
        return line
    }

    /// Appends `result`'s line (without a line break) to `out`, piece by piece: this runs once per
    /// name, so it builds no intermediate arrays or strings for the usual one-address answer.
    static func append(_ result: ResolutionResult, to out: inout String) {
        out += result.passed ? "ok " : "FAIL "
        appendRelative(result.expectation.name, to: &out)
        out += " expected "
        let expected = result.expectation.addresses
        if expected.count == 1, let only = expected.first {
            out += only.description
        } else {
            out += expected.sorted().map(\.description).joined(separator: ",")
        }
        out += " got "
        switch result.status {
        case .match, .mismatch:
            let records = result.lookups.count == 1 ? result.lookups[0].records : []
            if records.count == 1, case .a(let v4) = records[0].data {
                out += v4.description
            } else {
                out += result.addresses.map(\.description).joined(separator: ",")
            }
        default:
            out += result.status.rawValue.uppercased()
        }
        let chain = result.cnameChain
        if !chain.isEmpty {
            out += " via "
            for (index, name) in chain.enumerated() {
                if index > 0 { out += " -> " }
                appendRelative(name, to: &out)
            }
        }
        if result.status == .error, let detail = result.lookups.compactMap(\.detail).first { out += " (\(detail))" }
    }

    /// `name.relative.text`, appended without building it first.
    private static func appendRelative(_ name: DomainName, to out: inout String) {
        if name.labels.isEmpty {
            out += name.relative.text
            return
        }
        for (index, label) in name.labels.enumerated() {
            if index > 0 { out += "." }
            out += label
        }
    }
}
