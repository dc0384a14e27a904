import Foundation

/// Runs `sqlfluff parse --dialect tsql` once over a folder and reports, per file, the statement
/// kinds it could not parse.
enum SQLFluff {
    /// The sqlfluff executable on PATH, or nil.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin"
        return path.split(separator: ":").map { "\($0)/sqlfluff" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    static var isAvailable: Bool { executable != nil }

    /// The statement kinds sqlfluff 4.5 cannot parse (the scripts' DDL). A kind is the leading
    /// keywords of an unparsable segment, after an `IF [NOT] EXISTS (…)` guard.
    static let allowList: [String] = [
        "BACKUP DATABASE",
        "CREATE CERTIFICATE",
        "CREATE ENDPOINT",
        "CREATE AVAILABILITY GROUP",
        "ALTER AVAILABILITY GROUP",
        "DROP AVAILABILITY GROUP",
    ]

    /// Unparsable segments per file (file name → the words of each segment).
    static func unparsable(in directory: URL) throws -> [String: [[String]]] {
        guard let executable else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["parse", "--dialect", "tsql", "--format", "json", "--nofail", directory.path]
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let files = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw SQLFluffError(message: "sqlfluff printed no JSON list")
        }
        var result: [String: [[String]]] = [:]
        for file in files {
            guard let path = file["filepath"] as? String else { continue }
            var segments: [[String]] = []
            collect(file["segments"] as Any, into: &segments)
            result[URL(fileURLWithPath: path).lastPathComponent] = segments
        }
        return result
    }

    /// Every `unparsable` node's leaf words (keywords and names, no white space or comments).
    static func collect(_ node: Any, into segments: inout [[String]]) {
        if let dictionary = node as? [String: Any] {
            for (key, value) in dictionary {
                if key == "unparsable" {
                    var words: [String] = []
                    leaves(value, into: &words)
                    segments.append(words)
                } else {
                    collect(value, into: &segments)
                }
            }
        } else if let array = node as? [Any] {
            for element in array { collect(element, into: &segments) }
        }
    }

    static func leaves(_ node: Any, into words: inout [String]) {
        if let dictionary = node as? [String: Any] {
            for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) {
                if let text = value as? String {
                    if !["whitespace", "newline", "inline_comment", "block_comment"].contains(key) {
                        words.append(text)
                    }
                } else {
                    leaves(value, into: &words)
                }
            }
        } else if let array = node as? [Any] {
            for element in array { leaves(element, into: &words) }
        }
    }

    /// The allow-listed kind an unparsable segment starts with (after an `IF … EXISTS (…)` guard), or nil.
    static func kind(of words: [String]) -> String? {
        var rest = words.map { $0.uppercased() }[...]
        if rest.first == "IF" {
            // Skip `IF [NOT] EXISTS ( … )` with balanced parentheses.
            rest = rest.dropFirst()
            if rest.first == "NOT" { rest = rest.dropFirst() }
            guard rest.first == "EXISTS" else { return nil }
            rest = rest.dropFirst()
            var depth = 0
            while let word = rest.first {
                rest = rest.dropFirst()
                if word == "(" { depth += 1 }
                if word == ")" {
                    depth -= 1
                    if depth == 0 { break }
                }
            }
            if rest.first == "BEGIN" { rest = rest.dropFirst() }
        }
        let head = rest.prefix(3).joined(separator: " ")
        return allowList.first { head.hasPrefix($0) }
    }

    struct SQLFluffError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
