import ARMNetwork
import Foundation
import Resolver

/// The one place pe-net prints: results on standard output (text, aligned tables or JSON),
/// errors in one format, findings once, and live progress on standard error.
///
/// - Errors: `pe-net: error: <what>` and, where there is one, `  fix: <command>` on standard error;
///   with `-o json`, `{"error": {"code", "message", "resource", "fix"}}` on standard output instead
///   (unless the command already printed its JSON document, which then carries the outcome).
/// - Progress: one line per event on standard error, flushed per line; on a terminal a single
///   line updated in place. `--quiet` silences it.
final class Reporter: @unchecked Sendable {
    let format: OutputFormat
    let quiet: Bool
    let verbose: Bool
    private let out: any OutputStream
    private let err: any OutputStream
    private let lock = NSLock()
    /// The progress line currently shown on a terminal (cleared before other output).
    private var statusLine: String?
    private var printedDocument = false

    init(
        format: OutputFormat = .text, quiet: Bool = false, verbose: Bool = false,
        out: any OutputStream = FileDescriptorStream.standardOutput,
        err: any OutputStream = FileDescriptorStream.standardError
    ) {
        self.format = format
        self.quiet = quiet
        self.verbose = verbose
        self.out = out
        self.err = err
    }

    var isJSON: Bool { format == .json }

    // MARK: Results (standard output)

    /// Human output: one or more lines on standard output (a trailing newline is added).
    func text(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        if isJSON {
            write(to: out, Self.jsonSafe(line), safe: true)
        } else {
            write(to: out, line)
        }
    }

    /// Human output printed exactly as given.
    func raw(_ text: String) {
        write(to: out, text)
    }

    /// The command's JSON document on standard output: pretty, sorted keys, unescaped slashes.
    func json<T: Encodable>(_ value: T) throws {
        let data = try Self.encoder.encode(value)
        lock.withLock { printedDocument = true }
        write(to: out, Self.jsonSafe(String(decoding: data, as: UTF8.self)) + "\n", safe: true)
    }

    /// An aligned table: a header row and one row per item, columns padded to their widest cell.
    func table(_ headers: [String], _ rows: [[String]]) {
        text(Self.tableText(headers, rows))
    }

    static func tableText(_ headers: [String], _ rows: [[String]]) -> String {
        let all = [headers] + rows
        var widths = Array(repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(widths[index])
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Findings, most severe first, one line each (`error: …`, `warning: …`, `info: …`), on
    /// standard output in text mode; in JSON mode they belong to the command's document.
    func findings(_ findings: [Finding]) {
        guard !isJSON, !findings.isEmpty else { return }
        text(Self.findingLines(findings).joined(separator: "\n"))
    }

    static func findingLines(_ findings: [Finding]) -> [String] {
        findings.sorted { $0.severity > $1.severity }.map { "\($0.severity.rawValue): \($0.message)" }
    }

    // MARK: Diagnostics (standard error)

    /// A warning on standard error: `pe-net: warning: …`.
    func warning(_ message: String) {
        write(to: err, "pe-net: warning: \(message)\n")
    }

    /// A note on standard error: `pe-net: note: …`.
    func note(_ message: String) {
        write(to: err, "pe-net: note: \(message)\n")
    }

    /// Reports a failure in the one error format and returns its exit code.
    @discardableResult
    func report(_ error: PeNetError) -> Int32 {
        clearStatus()
        let alreadyPrinted = lock.withLock { printedDocument }
        if isJSON && !alreadyPrinted {
            let document = ErrorDocument(
                error: .init(code: error.code, message: error.message, resource: error.resource, fix: error.fix))
            if let data = try? Self.encoder.encode(document) {
                write(to: out, Self.jsonSafe(String(decoding: data, as: UTF8.self)) + "\n", safe: true)
            }
        } else {
            // An error is one line (and its fix another): a line break inside either came from
            // a value (a name, a flag, a server's answer) and is shown escaped, so it cannot
            // start a line of its own.
            var text = "pe-net: error: \(Self.oneLine(error.message))\n"
            if let fix = error.fix { text += "  fix: \(Self.oneLine(fix))\n" }
            write(to: err, text)
        }
        return error.exitCode
    }

    /// `text` with line breaks written as `\u{a}` (the other control characters are escaped on output).
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains("\n") else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" { result += "\\u{a}" } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    /// The JSON error document.
    struct ErrorDocument: Encodable {
        struct Body: Encodable {
            var code: String
            var message: String
            var resource: String?
            var fix: String?
        }
        var error: Body
    }

    // MARK: Progress (standard error)

    /// One progress event: a line of its own when standard error is not a terminal, the one
    /// updating status line when it is. Nothing with `--quiet`.
    func progress(_ message: String) {
        guard !quiet else { return }
        if err.isTerminal {
            lock.withLock {
                let line = Self.terminalSafe(message).replacingOccurrences(of: "\n", with: " ")
                statusLine = line
                err.write("\r\u{1B}[2K" + line)
            }
        } else {
            write(to: err, message + "\n")
        }
    }

    /// A progress event that stays visible on a terminal (a step finished).
    func progressDone(_ message: String) {
        guard !quiet else { return }
        write(to: err, message + "\n")
    }

    /// Clears the status line (at the end of a command, before its result).
    func clearStatus() {
        lock.withLock {
            guard statusLine != nil else { return }
            statusLine = nil
            err.write("\r\u{1B}[2K")
        }
    }

    /// Progress for an ARM client: each write as it is sent, each wait with the time waited.
    var armProgress: @Sendable (ARMProgressEvent) -> Void {
        { [self] event in
            switch event {
            case .sending(let method, let resource):
                self.progress("\(method) \(resource.displayName)")
            case .waiting(let resource, let elapsed):
                self.progress("waiting for \(Self.shortName(resource)) (\(Int(elapsed)) s)")
            case .finished:
                // The workflow reports each result itself, with what it means.
                break
            }
        }
    }

    static func shortName(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.suffix(2).joined(separator: "/")
    }

    // MARK: Plumbing

    /// Every line pe-net prints passes here: tokens are redacted and control characters other
    /// than newline and tab are escaped, so text from a name, a flag or a server cannot move the
    /// cursor, ring the bell, rewrite the line or show a secret.
    static func terminalSafe(_ text: String) -> String {
        let redacted = SecretRedaction.redact(text)
        // Printable ASCII, line breaks and tabs (nearly all output) need no look at Unicode
        // properties: ASCII's only controls are below 0x20 and 0x7F.
        let plain = redacted.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { (0x20..<0x7F).contains($0) || $0 == 0x0A || $0 == 0x09 }
        }
        if plain == true { return redacted }
        guard redacted.unicodeScalars.contains(where: { isUnsafe($0) }) else { return redacted }
        var result = ""
        for scalar in redacted.unicodeScalars {
            if isUnsafe(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        case .format: return scalar.value != 0x200D && scalar.value != 0x200C
        default: return false
        }
    }

    /// A JSON document with secrets redacted and the control characters JSON allows raw (DEL,
    /// C1, U+2028/2029) written as `\u` escapes, so the document stays valid and inert.
    static func jsonSafe(_ text: String) -> String {
        let redacted = SecretRedaction.redact(text)
        var result = ""
        for scalar in redacted.unicodeScalars {
            let value = scalar.value
            if value == 0x7F || (0x80...0x9F).contains(value) || value == 0x2028 || value == 0x2029 {
                result += String(format: "\\u%04x", value)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private func write(to stream: any OutputStream, _ text: String, safe: Bool = false) {
        let text = safe ? text : Self.terminalSafe(text)
        lock.withLock {
            if let line = statusLine, stream.isTerminal || err.isTerminal {
                err.write("\r\u{1B}[2K")
                stream.write(text)
                err.write(line)
            } else {
                stream.write(text)
            }
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}

extension ResourceID {
    /// `<type>/<name>` for progress lines, e.g. `privateEndpointConnections/pec-1`.
    var displayName: String {
        "\(typeName)/\(name)"
    }
}

extension String {
    /// Left-aligned in a column of `width` characters (never truncated).
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
