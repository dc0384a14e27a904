import Foundation

/// One served request, as `GET /_emulator/requests` returns it. Never holds a token or a secret:
/// only whether an `Authorization` header was present.
public struct LoggedRequest: Codable, Sendable, Equatable {
    /// 1 for the first request served, counting on after the log was cleared.
    public var sequence: Int
    public var method: String
    public var path: String
    public var apiVersion: String?
    /// The status answered; 0 when the connection was reset instead.
    public var status: Int
    /// The injected fault (`throttle`, `serverError`, `unavailable`, `reset`, `conflict`, `budget`, `status`,
    /// `concurrentWrite`), if any.
    public var fault: String?
    public var clientRequestId: String?
    /// Whether the request carried an `Authorization` header.
    public var authorization: Bool
    public var ifMatch: String?
    public var ifNoneMatch: String?
    /// The JSON body of an ARM write (PUT, PATCH, POST under `/subscriptions/`); nil otherwise, so
    /// token requests and their secrets never reach the log.
    public var body: String?
}

/// The request log tests read.
actor RequestLog {
    private var entries: [LoggedRequest] = []

    func append(_ entry: LoggedRequest) {
        var entry = entry
        entry.sequence = entries.count + 1
        entries.append(entry)
    }

    func all() -> [LoggedRequest] { entries }
    func clear() { entries = [] }
}
