import DNSModel
import Foundation

/// The live DNS client: queries built and answers parsed by ldns, sent over our own non-blocking
/// sockets to one explicit server. Many names are in flight at once; each query has its own
/// timeout and retries; replies are accepted only from the server's address and port, with the
/// query's id and question; truncated answers are retried over TCP; CNAME chains are followed
/// (re-querying the target when the server did not include it), bounded and loop-checked.
/// Nothing is remembered between calls, so a dead server never affects later lookups.
public struct DNSClient: DNSResolving {
    public var server: DNSServer
    /// How long to wait for each attempt.
    public var timeout: Duration
    /// How many times a query is sent before it counts as a timeout.
    public var attempts: Int
    /// Queries outstanding at once.
    public var maxInFlight: Int
    /// CNAME hops followed before giving up.
    public var maxCNAMEHops: Int
    /// The EDNS UDP payload size advertised (nil: no EDNS).
    public var ednsUDPSize: UInt16?
    /// Set the RD bit (ask a resolver to recurse). Authoritative servers ignore it.
    public var recursionDesired: Bool

    public init(
        server: DNSServer, timeout: Duration = .seconds(2), attempts: Int = 2, maxInFlight: Int = 256,
        maxCNAMEHops: Int = 8, ednsUDPSize: UInt16? = 1232, recursionDesired: Bool = true
    ) {
        self.server = server
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.maxInFlight = max(1, maxInFlight)
        self.maxCNAMEHops = max(0, maxCNAMEHops)
        self.ednsUDPSize = ednsUDPSize
        self.recursionDesired = recursionDesired
    }

    /// Resolves every name on a dedicated thread (blocking I/O never runs on the cooperative pool).
    public func lookup(_ names: [DomainName], type: RecordType) async -> [DNSLookup] {
        if names.isEmpty { return [] }
        let client = self
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: client.lookupBlocking(names, type: type))
            }
            thread.name = "pe-net.dns"
            thread.start()
        }
    }

    /// Resolves questions pulled from `next` on a dedicated thread, handing results to `deliver`
    /// in order (see ``lookupBlocking(next:deliver:)``).
    public func lookup(
        next: @escaping @Sendable () -> DNSQuestion?, deliver: @escaping @Sendable ([DNSLookup]) -> Void
    ) async {
        let client = self
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                client.lookupBlocking(next: next, deliver: deliver)
                continuation.resume()
            }
            thread.name = "pe-net.dns"
            thread.start()
        }
    }

    /// Resolves every name on the calling thread; results are in the order of `names`.
    public func lookupBlocking(_ names: [DomainName], type: RecordType) -> [DNSLookup] {
        var results: [DNSLookup] = []
        results.reserveCapacity(names.count)
        var position = 0
        var engine = QueryEngine(client: self)
        engine.run(
            next: {
                guard position < names.count else { return nil }
                defer { position += 1 }
                return DNSQuestion(name: names[position].absolute, type: type)
            },
            deliver: { results += $0 })
        return results
    }

    /// Resolves questions on the calling thread as a stream: `next` is asked for the following
    /// question whenever the window has room (nil: no more), and results are handed to `deliver`
    /// in the order the questions came, a batch at a time, as soon as they and every earlier one
    /// are known. At most ``reorderLimit`` questions are held between `next` and `deliver`, so
    /// memory does not grow with the number of names, and the window never drains between
    /// batches. Both closures are called on this thread only.
    public func lookupBlocking(next: () -> DNSQuestion?, deliver: ([DNSLookup]) -> Void) {
        var engine = QueryEngine(client: self)
        engine.run(next: next, deliver: deliver)
    }

    /// Questions taken from `next` but not yet delivered, at most (at least the window, 4096 or
    /// four windows).
    public var reorderLimit: Int { max(4096, 4 * maxInFlight) }
}

/// The event loop behind `DNSClient`: one unconnected UDP socket, a window of outstanding
/// queries keyed by transaction id, `poll` until the nearest deadline. Questions are pulled as the
/// window has room; results wait in a ring until every earlier one is known, then leave in order.
struct QueryEngine {
    struct Job {
        var index: Int
        /// The question as pulled (what the lookup reports).
        var original: DNSQuestion
        /// What is asked now: the original, or the target of a CNAME the server did not follow.
        var question: DNSQuestion
        var chain: [DomainName] = []
    }

    struct Flight {
        var job: Job
        var wire: [UInt8]
        var deadline: UInt64
        var attemptsLeft: Int
    }

    let client: DNSClient
    let address: SocketAddress
    let timeoutNanos: UInt64
    /// Finished lookups by index modulo `limit`, until every earlier one is finished too.
    var ring: [DNSLookup?]
    let limit: Int
    /// Questions pulled so far (the next one gets this index).
    var pulled = 0
    /// Lookups handed out so far (in order).
    var delivered = 0
    var exhausted = false
    var flights: [UInt16: Flight] = [:]
    /// (id, deadline) in send order: every attempt waits the same time, so deadlines only grow
    /// and the nearest one is at the front. Entries whose flight is gone or was re-sent are skipped.
    var deadlines: [(id: UInt16, deadline: UInt64)] = []
    var deadlineHead = 0
    var ids = TransactionIDs()

    init(client: DNSClient) {
        self.client = client
        address = SocketAddress(client.server)
        let (seconds, attoseconds) = client.timeout.components
        timeoutNanos = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        limit = client.reorderLimit
        ring = []
    }

    /// Runs until `next` has no more questions and every lookup is delivered.
    mutating func run(next: () -> DNSQuestion?, deliver: ([DNSLookup]) -> Void) {
        let fd: Int32
        do {
            fd = try Sockets.udp(for: address)
        } catch {
            while let question = next() {
                deliver([
                    DNSLookup(question: question, server: client.server, outcome: .error, detail: error.description)
                ])
            }
            return
        }
        defer { close(fd) }
        ring = Array(repeating: nil, count: limit)
        var buffer = [UInt8](repeating: 0, count: 65_535)
        var ready: [DNSLookup] = []
        while true {
            collect(into: &ready)
            // Hand results out in batches (one write of output per batch, not per name), and
            // whatever is ready once nothing is outstanding.
            if ready.count >= 512 || (flights.isEmpty && !ready.isEmpty) {
                deliver(ready)
                ready.removeAll(keepingCapacity: true)
            }
            refill(fd: fd, next: next)
            if flights.isEmpty {
                if exhausted && delivered == pulled { break }
                continue
            }
            let now = Sockets.now()
            let nearest = nearestDeadline() ?? now
            if nearest > now {
                var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(min((nearest - now + 999_999) / 1_000_000, 60_000))
                _ = poll(&entry, 1, milliseconds)
            }
            receiveAll(fd: fd, buffer: &buffer, next: next)
            expire(fd: fd)
        }
    }

    /// Moves the finished lookups that every earlier one precedes out of the ring.
    private mutating func collect(into ready: inout [DNSLookup]) {
        while delivered < pulled, let lookup = ring[delivered % limit] {
            ready.append(lookup)
            ring[delivered % limit] = nil
            delivered += 1
        }
    }

    /// Keeps the window full; called after every answer so the server always has work queued
    /// while answers are being decoded. A question is pulled only while the ring has room for it.
    private mutating func refill(fd: Int32, next: () -> DNSQuestion?) {
        while !exhausted, flights.count < client.maxInFlight, pulled - delivered < limit {
            guard let question = next() else {
                exhausted = true
                return
            }
            let index = pulled
            pulled += 1
            launch(Job(index: index, original: question, question: question), fd: fd)
        }
    }

    private mutating func launch(_ job: Job, fd: Int32) {
        var id = ids.next()
        while flights[id] != nil { id = ids.next() }
        let wire: [UInt8]
        do {
            wire = try DNSMessage.queryWire(
                id: id, question: job.question, recursionDesired: client.recursionDesired,
                ednsUDPSize: client.ednsUDPSize)
        } catch {
            finish(job, outcome: .error, detail: error.description)
            return
        }
        _ = Sockets.send(fd, wire, to: address)
        let deadline = Sockets.now() + timeoutNanos
        flights[id] = Flight(job: job, wire: wire, deadline: deadline, attemptsLeft: client.attempts - 1)
        deadlines.append((id, deadline))
    }

    /// Drops stale entries from the front of `deadlines` and returns the nearest live deadline.
    private mutating func nearestDeadline() -> UInt64? {
        while deadlineHead < deadlines.count {
            let entry = deadlines[deadlineHead]
            if let flight = flights[entry.id], flight.deadline == entry.deadline { return entry.deadline }
            deadlineHead += 1
        }
        deadlines.removeAll(keepingCapacity: true)
        deadlineHead = 0
        return nil
    }

    private mutating func expire(fd: Int32) {
        let now = Sockets.now()
        while let deadline = nearestDeadline(), deadline <= now {
            let id = deadlines[deadlineHead].id
            deadlineHead += 1
            guard let flight = flights[id] else { continue }
            if flight.attemptsLeft > 0 {
                _ = Sockets.send(fd, flight.wire, to: address)
                flights[id]?.attemptsLeft -= 1
                flights[id]?.deadline = now + timeoutNanos
                deadlines.append((id, now + timeoutNanos))
            } else {
                flights[id] = nil
                finish(
                    flight.job, outcome: .timeout,
                    detail: "no answer from \(client.server) after \(client.attempts) attempt(s) of \(client.timeout)")
            }
        }
        if deadlineHead > 4096 {
            deadlines.removeFirst(deadlineHead)
            deadlineHead = 0
        }
    }

    private mutating func receiveAll(fd: Int32, buffer: inout [UInt8], next: () -> DNSQuestion?) {
        while true {
            var from = sockaddr_storage()
            var fromLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &fromLength)
                    }
                }
            }
            if count < 0 {
                if errno == EINTR { continue }
                return  // EAGAIN: drained (ICMP errors are not reported on unconnected sockets)
            }
            guard address.matches(from, length: fromLength), count >= 12 else { continue }  // source check
            let id = UInt16(buffer[0]) << 8 | UInt16(buffer[1])
            guard let flight = flights[id] else { continue }  // unknown or late id
            let message: DNSMessage
            do {
                message = try buffer.withUnsafeBytes { raw throws(DNSModelError) in
                    try DNSMessage(wire: UnsafeRawBufferPointer(rebasing: raw[0..<count]))
                }
            } catch {
                continue  // garbage with a matching id: keep waiting for the real answer
            }
            guard message.isResponse, message.questions.count == 1, message.questions[0] == flight.job.question else {
                continue
            }
            flights[id] = nil
            if message.isTruncated {
                handleTruncated(flight, fd: fd)
            } else {
                handle(message, for: flight.job, usedTCP: false, fd: fd)
            }
            refill(fd: fd, next: next)
        }
    }

    private mutating func handleTruncated(_ flight: Flight, fd: Int32) {
        do {
            let reply = try Sockets.tcpExchange(flight.wire, with: address, until: Sockets.now() + timeoutNanos)
            let message = try DNSMessage(wire: reply)
            guard message.id == UInt16(flight.wire[0]) << 8 | UInt16(flight.wire[1]),
                message.questions.first == flight.job.question
            else {
                finish(flight.job, outcome: .error, detail: "the TCP answer does not match the query")
                return
            }
            handle(message, for: flight.job, usedTCP: true, fd: fd)
        } catch let error as ResolverError {
            finish(flight.job, outcome: .error, detail: "answer truncated; \(error)")
        } catch {
            finish(flight.job, outcome: .error, detail: "answer truncated; TCP answer unreadable: \(error)")
        }
    }

    private mutating func handle(_ message: DNSMessage, for job: Job, usedTCP: Bool, fd: Int32) {
        switch message.responseCode {
        case .noError: break
        case .nameError:
            finish(
                job, outcome: .nxdomain, chain: job.chain + chain(in: message, from: job.question).targets,
                usedTCP: usedTCP)
            return
        case .serverFailure:
            finish(job, outcome: .servfail, chain: job.chain, usedTCP: usedTCP)
            return
        case .refused:
            finish(job, outcome: .refused, chain: job.chain, usedTCP: usedTCP)
            return
        default:
            finish(
                job, outcome: .error, chain: job.chain, detail: "the server answered \(message.responseCode)",
                usedTCP: usedTCP)
            return
        }
        let walk = chain(in: message, from: job.question)
        var fullChain = job.chain
        for target in walk.targets {
            if fullChain.contains(target) || target == job.original.name {
                finish(
                    job, outcome: .error, chain: fullChain + [target], detail: "CNAME loop at \(target.text)",
                    usedTCP: usedTCP)
                return
            }
            fullChain.append(target)
        }
        if fullChain.count > client.maxCNAMEHops {
            finish(
                job, outcome: .error, chain: fullChain, detail: "more than \(client.maxCNAMEHops) CNAMEs",
                usedTCP: usedTCP)
            return
        }
        if !walk.records.isEmpty {
            finish(job, outcome: .answer, chain: fullChain, records: walk.records, usedTCP: usedTCP)
        } else if let last = walk.targets.last {
            // The server gave only the CNAME (its target is in another zone): ask for the target.
            launch(
                Job(
                    index: job.index, original: job.original,
                    question: DNSQuestion(name: last, type: job.question.type),
                    chain: fullChain),
                fd: fd)
        } else {
            finish(job, outcome: .nodata, chain: fullChain, usedTCP: usedTCP)
        }
    }

    /// Follows CNAMEs inside one answer section from the question's name.
    private func chain(in message: DNSMessage, from question: DNSQuestion) -> (
        targets: [DomainName], records: [ResourceRecord]
    ) {
        var current = question.name
        var targets: [DomainName] = []
        while targets.count <= client.maxCNAMEHops {
            let owned = message.answer.filter { $0.name == current }
            let matching = owned.filter { $0.type == question.type }
            if !matching.isEmpty { return (targets, matching) }
            guard question.type != .cname,
                let next = owned.lazy.compactMap({ record -> DomainName? in
                    if case .cname(let target) = record.data { return target.absolute }
                    return nil
                }).first, !targets.contains(next)
            else { break }
            targets.append(next)
            current = next
        }
        return (targets, [])
    }

    private mutating func finish(
        _ job: Job, outcome: DNSOutcome, chain: [DomainName]? = nil, records: [ResourceRecord] = [],
        detail: String? = nil, usedTCP: Bool = false
    ) {
        ring[job.index % limit] = DNSLookup(
            question: job.original, server: client.server, outcome: outcome, cnameChain: chain ?? job.chain,
            records: records, detail: detail, usedTCP: usedTCP)
    }
}

/// Unpredictable transaction ids (RFC 5452 §9.2) from the C library's CSPRNG (`arc4random_buf`,
/// the kernel's `getrandom` in glibc), read 4 KiB at a time instead of once per query.
struct TransactionIDs {
    private var buffer = [UInt16](repeating: 0, count: 2048)
    private var position = 2048

    mutating func next() -> UInt16 {
        if position == buffer.count {
            buffer.withUnsafeMutableBytes { raw in arc4random_buf(raw.baseAddress!, raw.count) }
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }
}
