import Foundation

/// What the emulator answers: status, extra headers and an optional JSON body.
struct Reply: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: JSON?
    /// Close the connection mid-response instead of answering (an injected connection reset).
    var reset = false
    /// The fault that produced this reply, for the request log.
    var fault: String?

    /// An ARM-shaped error: `{"error":{"code","message"}}` plus `x-ms-error-code`.
    static func error(_ status: Int, _ code: String, _ message: String, details: [JSON] = []) -> Reply {
        var error: [String: JSON] = ["code": .string(code), "message": .string(message)]
        if !details.isEmpty { error["details"] = .array(details) }
        return Reply(status: status, headers: [("x-ms-error-code", code)], body: .object(["error": .object(error)]))
    }

    static func notFound(_ path: ResourcePath) -> Reply {
        let type = path.resourceType
        return .error(
            404, "ResourceNotFound",
            "The Resource '\(type)/\(path.segments.map(\.name).joined(separator: "/"))' under resource group '\(path.resourceGroup)' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
        )
    }

    static func ok(_ body: JSON, status: Int = 200) -> Reply { Reply(status: status, body: body) }

    /// A hostile server: `{authorization}` in the error message (and `x-ms-error-code`) becomes
    /// the request's `Authorization` header, as a server that echoes it into its error would.
    mutating func echo(authorization: String?) {
        let marker = "{authorization}"
        guard let message = body?["error"]?["message"]?.string, message.contains(marker) else { return }
        let echoed = message.replacingOccurrences(of: marker, with: authorization ?? "")
        body?["error"]?["message"] = .string(echoed)
        headers.append(("x-ms-echo", authorization ?? ""))
    }
}
