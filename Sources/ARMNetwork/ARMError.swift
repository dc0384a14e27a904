/// Errors raised while talking to Azure Resource Manager, written for the person at the terminal:
/// each names the resource or setting involved and, where there is one, what to do next.
public enum ARMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A resource id that does not have the ARM shape.
    case invalidResourceID(String, expected: String)
    /// The resource does not exist (404).
    case notFound(resource: String, code: String?)
    /// ARM refused the request with an error status.
    case requestFailed(resource: String, status: Int, code: String?, message: String?, requestID: String?)
    /// An `If-Match` / `If-None-Match` precondition failed (412): the resource changed since it was read.
    case preconditionFailed(resource: String)
    /// A long-running operation ended `Failed` or `Canceled`.
    case operationFailed(resource: String, status: String, code: String?, message: String?)
    /// Every allowed attempt failed with a retryable error; `last` describes the final one.
    case retriesExhausted(resource: String, attempts: Int, last: String)
    /// The connection failed (refused, reset, timed out).
    case transport(resource: String, detail: String)
    /// The response body is not what the API documents.
    case invalidResponse(resource: String, detail: String)
    /// A plain-HTTP endpoint that is not on the loopback interface.
    case insecureEndpoint(String)
    /// A URL no request can be sent to (no host, a port out of range, control characters).
    case unusableURL(String, reason: String)
    /// No usable credential, or a credential failed; `detail` never contains a secret.
    case credential(source: String, detail: String)
    /// A long-running operation did not finish in the allowed time.
    case operationTimedOut(resource: String, waitedSeconds: Int)

    /// The message, with secrets redacted and control characters escaped (it may quote a server).
    public var description: String { SecretRedaction.safe(unredactedDescription) }

    private var unredactedDescription: String {
        switch self {
        case .invalidResourceID(let text, let expected):
            return "invalid resource id '\(text)': expected \(expected)"
        case .notFound(let resource, let code):
            return "\(resource) was not found" + (code.map { " (\($0))" } ?? "")
                + "; check the name, resource group and subscription"
        case .requestFailed(let resource, let status, let code, let message, let requestID):
            var text = "\(resource): ARM answered \(status)"
            if let code { text += " \(code)" }
            if let message, !message.isEmpty { text += ": \(message)" }
            if let requestID { text += " (request id \(requestID))" }
            return text
        case .preconditionFailed(let resource):
            return "\(resource) changed since it was read (412 Precondition Failed); read it again and retry"
        case .operationFailed(let resource, let status, let code, let message):
            var text = "\(resource): the operation ended \(status)"
            if let code { text += " with \(code)" }
            if let message, !message.isEmpty { text += ": \(message)" }
            return text
        case .retriesExhausted(let resource, let attempts, let last):
            return "\(resource): gave up after \(attempts) attempts; last error: \(last)"
        case .transport(let resource, let detail):
            return "\(resource): could not reach ARM: \(detail)"
        case .invalidResponse(let resource, let detail):
            return "\(resource): unexpected response from ARM: \(detail)"
        case .unusableURL(let url, let reason):
            return "cannot send a request to \(url): \(reason)"
        case .insecureEndpoint(let url):
            return
                "refusing plain-HTTP endpoint \(url): use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost)"
        case .credential(let source, let detail):
            return "\(source): \(detail)"
        case .operationTimedOut(let resource, let waited):
            return "\(resource): the operation was still running after \(waited) s; check it in the portal and rerun"
        }
    }

    /// The ARM error code when ARM supplied one.
    public var code: String? {
        switch self {
        case .notFound(_, let code), .requestFailed(_, _, let code, _, _), .operationFailed(_, _, let code, _):
            return code
        default:
            return nil
        }
    }
}
