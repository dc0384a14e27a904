import Foundation

/// The ARM error body `{"error":{"code","message","target","details":[...]}}` (also `odata.error`),
/// and the mapping of an error response to ``ARMError``.
struct ARMErrorBody: Decodable {
    struct Detail: Decodable {
        var code: String?
        var message: String?
        var target: String?
        var details: [Detail]?
    }

    var error: Detail?
    var odataError: Detail?
    /// Some RPs put code/message at the top level.
    var code: String?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case error, code, message
        case odataError = "odata.error"
    }

    var primary: Detail? {
        error ?? odataError ?? (code != nil || message != nil ? Detail(code: code, message: message) : nil)
    }

    static func decode(_ data: Data) -> ARMErrorBody? {
        try? JSONDecoder().decode(ARMErrorBody.self, from: data)
    }

    /// The error code: `x-ms-error-code` first, then the body's `error.code`.
    static func code(_ response: ARMResponse) -> String? {
        guard response.status >= 400 else { return nil }
        if let header = response.headers["x-ms-error-code"], !header.isEmpty { return header }
        return decode(response.body)?.primary?.code
    }

    /// The message with the details ARM nested (the actionable code is often there).
    static func message(_ detail: Detail?) -> String? {
        guard let detail else { return nil }
        var text = detail.message ?? ""
        let inner = (detail.details ?? []).compactMap { item -> String? in
            let parts = [item.code, item.message].compactMap { $0 }.filter { !$0.isEmpty }
            return parts.isEmpty ? nil : parts.joined(separator: ": ")
        }
        if !inner.isEmpty {
            text += (text.isEmpty ? "" : " ") + "(" + inner.joined(separator: "; ") + ")"
        }
        return text.isEmpty ? nil : text
    }

    static func error(for response: ARMResponse, resource: String) -> ARMError {
        let body = decode(response.body)?.primary
        let code = Self.code(response)
        let requestID = response.headers["x-ms-request-id"]
        switch response.status {
        case 404:
            return .notFound(resource: resource, code: code)
        case 412:
            return .preconditionFailed(resource: resource)
        default:
            return .requestFailed(
                resource: resource, status: response.status, code: code, message: message(body), requestID: requestID)
        }
    }
}
