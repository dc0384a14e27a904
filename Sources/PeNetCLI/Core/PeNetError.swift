import ARMNetwork
import ArgumentParser
import DNSModel
import Foundation
import IPFwd
import Resolver

/// An error as pe-net reports it: what went wrong, the resource it concerns, a fix that works
/// when pasted, and the documented exit code. Every failure reaches the user through
/// ``Reporter/report(_:)`` in this shape, as text (`pe-net: error: …` / `  fix: …`) or as the
/// JSON error document.
struct PeNetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable code, e.g. `input.invalid`, `arm.not-found`, `cancelled`.
    var code: String
    /// What went wrong, one line, written for the person at the terminal.
    var message: String
    /// The resource (ARM id, file, host, flag) the error is about, when there is one.
    var resource: String?
    /// A command or step that fixes it, runnable as printed.
    var fix: String?
    /// The exit code (see `PeNetExit`).
    var exitCode: Int32

    var description: String { message }

    /// Bad input: nothing was changed (exit 64).
    static func usage(_ message: String, fix: String? = nil, resource: String? = nil, code: String = "input.invalid")
        -> PeNetError
    {
        PeNetError(code: code, message: message, resource: resource, fix: fix, exitCode: PeNetExit.usage.rawValue)
    }

    /// The delete brake held an apply back: nothing was changed (exit 64); the fix adds the flag it needs.
    static func usage(_ refusal: DeleteRefusal, env: Environment) -> PeNetError {
        .usage(
            refusal.message, fix: env.commandLine(adding: [refusal.flag]), resource: refusal.resource,
            code: refusal.code)
    }

    /// An operation failed (exit 1).
    static func failure(_ message: String, fix: String? = nil, resource: String? = nil, code: String = "failed")
        -> PeNetError
    {
        PeNetError(code: code, message: message, resource: resource, fix: fix, exitCode: PeNetExit.failure.rawValue)
    }

    /// A check found a difference (exit 3).
    static func checkFailed(_ message: String, resource: String? = nil, code: String = "check.failed") -> PeNetError {
        PeNetError(code: code, message: message, resource: resource, fix: nil, exitCode: PeNetExit.checkFailed.rawValue)
    }

    /// The user declined a confirmation: nothing was changed (exit `PeNetExit.declined`).
    static let declined = PeNetError(
        code: "cancelled", message: "cancelled at the confirmation prompt; nothing was changed", resource: nil,
        fix: nil, exitCode: PeNetExit.declined.rawValue)

    /// Any error a command can throw, in pe-net's shape. `ExitCode`s are handled by the caller.
    init(_ error: any Error) {
        switch error {
        case let error as PeNetError:
            self = error
        case let error as ValidationError:
            self = .usage(error.message)
        case let error as ARMError:
            self = PeNetError.arm(error)
        case let error as IPFwdError:
            switch error {
            case .invalidInput, .invalidMapping:
                self = .usage(error.description, code: "fwd.invalid-input")
            default:
                self = .failure(error.description, code: "fwd.failed")
            }
        case let error as ResolutionFailure:
            self = .failure(error.description, resource: error.host, code: "dns.resolution-failed")
        case let error as DNSModelError:
            self = .usage(error.description, code: "dns.invalid")
        case let error as ResolverError:
            self = .usage(error.description, code: "dns.invalid")
        case let error as DecodingError:
            self = .failure("unexpected data: \(error)", code: "invalid-data")
        default:
            self = .failure(String(describing: error))
        }
    }

    init(code: String, message: String, resource: String?, fix: String?, exitCode: Int32) {
        self.code = code
        self.message = message
        self.resource = resource
        self.fix = fix
        self.exitCode = exitCode
    }

    private static func arm(_ error: ARMError) -> PeNetError {
        switch error {
        case .notFound(let resource, _):
            return .failure(error.description, resource: resource, code: "arm.not-found")
        case .requestFailed(let resource, let status, let code, _, _):
            let hint =
                status == 401 || status == 403
                ? "check the credential's role assignment on \(resource) (pe-net arm get \(shellQuoted(resource)) --verbose shows the request ids)"
                : nil
            return .failure(
                error.description, fix: hint, resource: resource, code: "arm." + (code ?? "request-failed"))
        case .preconditionFailed(let resource):
            return .failure(error.description, resource: resource, code: "arm.precondition-failed")
        case .operationFailed(let resource, _, _, _):
            return .failure(error.description, resource: resource, code: "arm.operation-failed")
        case .retriesExhausted(let resource, _, _):
            return .failure(error.description, resource: resource, code: "arm.retries-exhausted")
        case .transport(let resource, _):
            return .failure(error.description, resource: resource, code: "arm.unreachable")
        case .invalidResponse(let resource, _):
            return .failure(error.description, resource: resource, code: "arm.invalid-response")
        case .operationTimedOut(let resource, _):
            return .failure(error.description, resource: resource, code: "arm.operation-timeout")
        case .invalidResourceID(let text, _):
            return .usage(error.description, resource: text, code: "input.resource-id")
        case .insecureEndpoint(let url):
            return .usage(error.description, resource: url, code: "input.insecure-endpoint")
        case .unusableURL(let url, _):
            return .usage(error.description, resource: url, code: "input.unusable-url")
        case .credential(let source, _):
            return .failure(
                error.description, fix: "az login (or set AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)",
                resource: source, code: "auth.credential")
        }
    }
}

/// `text` quoted for a POSIX shell when it needs quoting, so hints paste as printed.
func shellQuoted(_ text: String) -> String {
    let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,")
    if !text.isEmpty, text.unicodeScalars.allSatisfy({ safe.contains($0) }) { return text }
    return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
