import Foundation

/// One served request, as `GET /_emulator/requests` returns it. Never holds a token or a secret:
/// only whether an `Authorization` header was present.
struct LoggedRequest: Codable, Sendable {
    var sequence: Int
    var method: String
    var path: String
    var apiVersion: String?
    var status: Int
    var fault: String?
    var clientRequestId: String?
    var authorization: Bool
    var ifMatch: String?
    var ifNoneMatch: String?
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
