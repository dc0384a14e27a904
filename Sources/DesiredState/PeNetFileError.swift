import Foundation
import Yams

/// A problem in the desired-state file: file, line and column when known, and what is wrong.
/// Printed as `file:line:column: message`, the shape editors and CI annotate.
public struct PeNetFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line, nil when the problem is the file as a whole (e.g. it cannot be read).
    public var line: Int?
    /// 1-based column (in Unicode scalars), nil when `line` is nil.
    public var column: Int?
    public var message: String

    public init(file: String, line: Int?, column: Int?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }

    /// A YAML syntax error at its position, in one line.
    init(yaml error: YamlError, file: String, text: String) {
        func oneLine(_ problem: String, _ context: YamlError.Context?) -> String {
            let what = context.map { "\($0.text) at \($0.mark.line):\($0.mark.column): " } ?? ""
            return "YAML syntax: \(what)\(problem)"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            self.init(file: file, line: mark.line, column: mark.column, message: oneLine(problem, context))
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(
                file: file, line: context.mark.line, column: context.mark.column,
                message:
                    "key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping; keep one"
            )
        case .reader(let problem, let offset, _, _):
            let prefix = offset.map { text.prefix($0) } ?? ""
            let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
            self.init(
                file: file, line: max(lines.count, 1), column: (lines.last?.unicodeScalars.count ?? 0) + 1,
                message: "not readable as YAML text: \(problem)")
        default:
            self.init(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }
}
