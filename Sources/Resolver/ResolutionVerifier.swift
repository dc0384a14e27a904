import DNSModel
import Synchronization

/// What a name must resolve to: exactly these addresses (usually one private endpoint IP).
public struct ResolutionExpectation: Hashable, Sendable, Codable {
    public var name: DomainName
    public var addresses: Set<IPAddress>

    public init(name: DomainName, addresses: Set<IPAddress>) {
        self.name = name
        self.addresses = addresses
    }

    /// Parses `name=ip` (as given to `--expect`).
    public init(parsing text: String) throws(ResolverError) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .invalidExpectation(text, reason: "no '='") }
        try self.init(name: String(parts[0]).trimmedBlanks(), address: String(parts[1]).trimmedBlanks(), text: text)
    }

    /// One `name=ip` whose two sides are already split (`text` names the input in errors and is
    /// only made for one).
    /// Plain host names (the usual case) are checked without ldns.
    public init(name nameText: String, address addressText: String, text: @autoclosure () -> String)
        throws(ResolverError)
    {
        if HostnameRules.isPlainHostName(nameText), let name = DomainName(plainHostName: nameText) {
            guard let address = IPAddress(addressText) else {
                throw .invalidExpectation(text(), reason: "'\(addressText)' is not an IP address")
            }
            self.init(name: name.absolute, addresses: [address])
            return
        }
        let syntax = HostnameRules.syntax(of: nameText).filter { $0.severity == .error }
        if let first = syntax.first { throw .invalidExpectation(text(), reason: first.message) }
        guard let name = try? DomainName(nameText) else {
            throw .invalidExpectation(text(), reason: "'\(nameText)' is not a domain name")
        }
        guard let address = IPAddress(addressText) else {
            throw .invalidExpectation(text(), reason: "'\(addressText)' is not an IP address")
        }
        self.init(name: name.absolute, addresses: [address])
    }

    /// Merges expectations for the same name (case-insensitive) into one, keeping first-seen order.
    public static func merged(_ expectations: [ResolutionExpectation]) -> [ResolutionExpectation] {
        var order: [DomainName] = []
        var byName: [DomainName: Set<IPAddress>] = [:]
        for expectation in expectations {
            let key = expectation.name.absolute
            if byName[key] == nil { order.append(key) }
            byName[key, default: []].formUnion(expectation.addresses)
        }
        return order.map { ResolutionExpectation(name: $0, addresses: byName[$0] ?? []) }
    }
}

extension String {
    fileprivate func trimmedBlanks() -> String {
        func blank(_ c: Character) -> Bool { c == " " || c == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

/// The verdict for one expected name.
public struct ResolutionResult: Hashable, Sendable, Codable {
    /// `match` when the name resolved to exactly the expected addresses.
    public enum Status: String, Hashable, Sendable, Codable {
        case match, mismatch, nxdomain, nodata, servfail, refused, timeout, error
    }

    public var expectation: ResolutionExpectation
    public var status: Status
    /// The lookups made (one per address family expected).
    public var lookups: [DNSLookup]

    public var passed: Bool { status == .match }

    /// Every address the lookups returned, sorted.
    public var addresses: [IPAddress] { lookups.flatMap(\.addresses).sorted() }

    /// The CNAME chain of the first lookup that has one.
    public var cnameChain: [DomainName] { lookups.first { !$0.cnameChain.isEmpty }?.cnameChain ?? [] }
}

/// Proves that names resolve to the expected addresses through one resolver; used by
/// `pe-net dns verify`, `dns apply --verify-with` and forwarding re-resolution.
public struct ResolutionVerifier: Sendable {
    public var resolver: any DNSResolving

    public init(resolver: any DNSResolving) {
        self.resolver = resolver
    }

    /// Verifies every expectation (merged by name), all names in flight at once; results in input order.
    public func verify(_ expectations: [ResolutionExpectation]) async -> [ResolutionResult] {
        let merged = ResolutionExpectation.merged(expectations)
        var lookupsByType: [RecordType: [DomainName: DNSLookup]] = [:]
        for type in [RecordType.a, .aaaa] {
            let names = merged.filter { $0.addresses.contains { $0.recordType == type } }.map(\.name)
            guard !names.isEmpty else { continue }
            let lookups = await resolver.lookup(names, type: type)
            lookupsByType[type] = Dictionary(zip(names, lookups), uniquingKeysWith: { first, _ in first })
        }
        return merged.map { expectation in
            let types = Set(expectation.addresses.map(\.recordType)).sorted()
            let lookups = types.compactMap { lookupsByType[$0]?[expectation.name] }
            return ResolutionResult(
                expectation: expectation, status: Self.status(expectation, lookups), lookups: lookups)
        }
    }

    /// Verifies `count` distinct names (already merged) read a slice at a time from `slice`, as a
    /// stream: results leave through `deliver` in input order, in batches, while later names are
    /// still being asked, so the resolver's window never drains between slices and memory is
    /// bounded by the slice and the window, not by `count`. Each name is asked once per address
    /// family it expects. An error thrown by `slice` stops the run (names already verified are
    /// delivered) and is rethrown.
    public func verify(
        count: Int, sliceSize: Int = 1024,
        slice: @escaping @Sendable (Range<Int>) throws -> [ResolutionExpectation],
        deliver: @escaping @Sendable ([ResolutionResult]) -> Void
    ) async throws {
        let stream = VerificationStream(count: count, sliceSize: max(1, sliceSize), slice: slice)
        await resolver.lookup(
            next: { stream.next() },
            deliver: { lookups in
                let results = stream.take(lookups)
                if !results.isEmpty { deliver(results) }
            })
        let rest = stream.take([])
        if !rest.isEmpty { deliver(rest) }
        if let error = stream.error { throw error }
    }

    static func status(_ expectation: ResolutionExpectation, _ lookups: [DNSLookup]) -> ResolutionResult.Status {
        guard !lookups.isEmpty else { return .error }
        for lookup in lookups where lookup.outcome != .answer {
            switch lookup.outcome {
            case .nxdomain: return .nxdomain
            case .nodata: return .nodata
            case .servfail: return .servfail
            case .refused: return .refused
            case .timeout: return .timeout
            case .error, .answer: return .error
            }
        }
        if lookups.count == 1, lookups[0].records.count == 1, expectation.addresses.count == 1,
            case .a(let got) = lookups[0].records[0].data, case .v4(let wanted)? = expectation.addresses.first
        {
            return got == wanted ? .match : .mismatch  // the usual case, without building a set
        }
        return Set(lookups.flatMap(\.addresses)) == expectation.addresses ? .match : .mismatch
    }
}

/// The state between a streaming verification's question side (names read a slice at a time and
/// turned into questions) and its answer side (lookups, in question order, gathered back into one
/// result per name). The resolver calls the two sides one at a time; the lock only makes that
/// visible to the compiler.
private final class VerificationStream: Sendable {
    struct Waiting {
        var expectation: ResolutionExpectation
        var types: [RecordType]
    }

    struct State {
        var loaded = 0
        var questions: [DNSQuestion] = []
        var questionHead = 0
        /// Names whose questions are out, in order, and the lookups gathered for the first one.
        var waiting: [Waiting] = []
        var waitingHead = 0
        var gathered: [DNSLookup] = []
        var error: (any Error)?
    }

    let count: Int
    let sliceSize: Int
    let slice: @Sendable (Range<Int>) throws -> [ResolutionExpectation]
    private let state = Mutex(State())

    init(count: Int, sliceSize: Int, slice: @escaping @Sendable (Range<Int>) throws -> [ResolutionExpectation]) {
        self.count = count
        self.sliceSize = sliceSize
        self.slice = slice
    }

    var error: (any Error)? { state.withLock { $0.error } }

    /// The next question; reads the next slice of names when the current one is used up.
    func next() -> DNSQuestion? {
        state.withLock { state in
            while state.questionHead == state.questions.count {
                guard state.error == nil, state.loaded < count else { return nil }
                let range = state.loaded..<min(state.loaded + sliceSize, count)
                let expectations: [ResolutionExpectation]
                do {
                    expectations = try slice(range)
                } catch {
                    state.error = error
                    return nil
                }
                state.loaded = range.upperBound
                state.questions.removeAll(keepingCapacity: true)
                state.questionHead = 0
                for expectation in expectations {
                    let types = Set(expectation.addresses.map(\.recordType)).sorted()
                    state.waiting.append(Waiting(expectation: expectation, types: types))
                    for type in types {
                        state.questions.append(DNSQuestion(name: expectation.name.absolute, type: type))
                    }
                }
            }
            defer { state.questionHead += 1 }
            return state.questions[state.questionHead]
        }
    }

    /// Gathers lookups (in question order) and returns the results of every name now complete.
    func take(_ lookups: [DNSLookup]) -> [ResolutionResult] {
        state.withLock { state in
            var results: [ResolutionResult] = []
            results.reserveCapacity(lookups.count)
            var position = 0
            while state.waitingHead < state.waiting.count {
                let head = state.waiting[state.waitingHead]
                while state.gathered.count < head.types.count, position < lookups.count {
                    state.gathered.append(lookups[position])
                    position += 1
                }
                guard state.gathered.count == head.types.count else { break }
                results.append(
                    ResolutionResult(
                        expectation: head.expectation,
                        status: ResolutionVerifier.status(head.expectation, state.gathered), lookups: state.gathered))
                state.gathered.removeAll(keepingCapacity: true)
                state.waitingHead += 1
            }
            if state.waitingHead > 4096 {
                state.waiting.removeFirst(state.waitingHead)
                state.waitingHead = 0
            }
            return results
        }
    }
}
