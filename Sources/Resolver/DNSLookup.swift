import DNSModel

/// How a lookup ended. NXDOMAIN, NODATA, SERVFAIL and timeout are kept apart because they
/// call for different fixes (missing record, wrong type, broken server, unreachable server).
public enum DNSOutcome: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Records of the asked type were found (after following CNAMEs).
    case answer
    /// The name (or the end of its CNAME chain) does not exist.
    case nxdomain
    /// The name exists but has no records of the asked type.
    case nodata
    /// The server answered SERVFAIL.
    case servfail
    /// The server refused the query.
    case refused
    /// No answer within the timeout, after every retry.
    case timeout
    /// Anything else: another response code, a CNAME loop or chain too long, a TCP failure.
    case error

    public var description: String { rawValue.uppercased() }
}

/// The result of resolving one name: the outcome, the CNAME chain followed and the final records.
public struct DNSLookup: Hashable, Sendable, Codable {
    public var question: DNSQuestion
    public var server: DNSServer
    public var outcome: DNSOutcome
    /// CNAME targets followed, in order (empty when the name had the records itself).
    public var cnameChain: [DomainName]
    /// The records of the asked type at the end of the chain.
    public var records: [ResourceRecord]
    /// More detail for `.error` (and the response code for unusual answers).
    public var detail: String?
    /// True when the answer came over TCP after a truncated UDP answer.
    public var usedTCP: Bool

    public init(
        question: DNSQuestion, server: DNSServer, outcome: DNSOutcome, cnameChain: [DomainName] = [],
        records: [ResourceRecord] = [], detail: String? = nil, usedTCP: Bool = false
    ) {
        self.question = question
        self.server = server
        self.outcome = outcome
        self.cnameChain = cnameChain
        self.records = records
        self.detail = detail
        self.usedTCP = usedTCP
    }

    /// The addresses of A/AAAA records in the answer, sorted.
    public var addresses: [IPAddress] {
        records.compactMap { record -> IPAddress? in
            switch record.data {
            case .a(let v4): return .v4(v4)
            case .aaaa(let v6): return .v6(v6)
            default: return nil
            }
        }.sorted()
    }
}

/// Resolves names against one DNS server. The live implementation is `DNSClient`; tests and
/// other modules can substitute their own.
///
/// ```swift
/// struct FixedAnswers: DNSResolving {
///     var answers: [DomainName: [IPAddress]]
///     func lookup(_ names: [DomainName], type: RecordType) async -> [DNSLookup] { ... }
/// }
/// ```
public protocol DNSResolving: Sendable {
    /// The server queries go to.
    var server: DNSServer { get }
    /// Resolves every name (many in flight at once); results are in the order of `names`.
    func lookup(_ names: [DomainName], type: RecordType) async -> [DNSLookup]
    /// Resolves the questions `next` hands out (nil: no more) and gives the results to `deliver`
    /// in the same order, a batch at a time, while later questions are still being asked; the
    /// two closures are never called concurrently. The default asks ``lookup(_:type:)`` for
    /// slices of 4096 questions.
    func lookup(next: @escaping @Sendable () -> DNSQuestion?, deliver: @escaping @Sendable ([DNSLookup]) -> Void) async
}

extension DNSResolving {
    public func lookup(
        next: @escaping @Sendable () -> DNSQuestion?, deliver: @escaping @Sendable ([DNSLookup]) -> Void
    ) async {
        while true {
            var slice: [DNSQuestion] = []
            while slice.count < 4096, let question = next() { slice.append(question) }
            if slice.isEmpty { return }
            var byType: [RecordType: [DNSLookup]] = [:]
            for type in Set(slice.map(\.type)) {
                byType[type] = await lookup(slice.filter { $0.type == type }.map(\.name), type: type)
            }
            var taken: [RecordType: Int] = [:]
            var results: [DNSLookup] = []
            results.reserveCapacity(slice.count)
            for question in slice {
                let position = taken[question.type, default: 0]
                taken[question.type] = position + 1
                results.append(
                    byType[question.type].flatMap { position < $0.count ? $0[position] : nil }
                        ?? DNSLookup(question: question, server: server, outcome: .error, detail: "no result"))
            }
            deliver(results)
        }
    }

    /// Resolves one name.
    public func lookup(_ name: DomainName, type: RecordType = .a) async -> DNSLookup {
        await lookup([name], type: type).first
            ?? DNSLookup(
                question: DNSQuestion(name: name, type: type), server: server, outcome: .error, detail: "no result")
    }
}
