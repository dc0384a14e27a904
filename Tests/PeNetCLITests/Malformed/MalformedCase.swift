import ARMNetwork
import Foundation
import PeNetTestSupport

/// One malformed input and the command line it is fed to.
struct MalformedCase: CustomStringConvertible, Sendable {
    /// Where the input comes from (`values.txt:name`, `plans/empty`, `arm/instance/{}`).
    var source: String
    /// The command line; `{file}` is replaced by the path of a file holding `file`.
    var arguments: [String]
    /// Content of the input file, when the case has one.
    var file: Data?
    /// The ARM GET path fragment whose answer is replaced by `body` (ARM response cases).
    var armPath: String?
    var body: Data?

    var description: String {
        "\(source): pe-net " + arguments.map { $0.escapingControlCharacters }.joined(separator: " ")
    }
}

/// Reads the data files next to this source and expands them into cases.
enum MalformedCorpus {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let instance = PrivateDNSCLITests.separate.instance
    static let miID =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"
    static let scope = ["-g", "mi-rg", "--subscription", "00000000-1111-2222-3333-444444444444"]
    /// `dns plan`/`apply` need the endpoint; without it every case would stop at "no endpoint given".
    static let endpoint = ["--endpoint", PrivateDNSCLITests.separate.endpoint]

    /// `values.txt` as (category, decoded value).
    static func values() -> [(String, String)] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("values.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line in
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
            return (String(line[..<tab]), decode(String(line[line.index(after: tab)...])))
        }
    }

    /// `\e \a \r \n \t \0 \x7f \u{…}` escapes.
    static func decode(_ text: String) -> String {
        var result = ""
        var chars = Array(text)
        var index = 0
        while index < chars.count {
            let char = chars[index]
            guard char == "\\", index + 1 < chars.count else {
                result.append(char)
                index += 1
                continue
            }
            let next = chars[index + 1]
            index += 2
            switch next {
            case "e": result.append("\u{1B}")
            case "a": result.append("\u{07}")
            case "r": result.append("\r")
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "0": result.append("\u{0}")
            case "x":
                let hex = String(chars[index..<min(index + 2, chars.count)])
                index += 2
                result.unicodeScalars.append(Unicode.Scalar(UInt8(hex, radix: 16) ?? 0x3F))
            case "u":
                let end = chars[index...].firstIndex(of: "}") ?? index
                let hex = String(chars[(index + 1)..<end])
                index = end + 1
                result.unicodeScalars.append(Unicode.Scalar(UInt32(hex, radix: 16) ?? 0x3F) ?? "?")
            default: result.append(next)
            }
        }
        chars = []
        return result
    }

    /// Every command a value of a category is given to.
    static func commands(for category: String, _ v: String) -> [[String]] {
        switch category {
        case "name":
            return [
                ["endpoints", "approve", "--instance", v, "--all-pending", "--yes"] + scope,
                ["endpoints", "list", "--instance", v] + scope,
                ["endpoints", "reject", "--instance", miID, "--name", v, "--yes"],
                ["dns", "plan", "--instance", v] + endpoint + scope,
                ["arm", "get", v, "--type", "Microsoft.Sql/managedInstances"] + scope,
                ["check", "host", v],
            ]
        case "id":
            return [
                ["arm", "get", v],
                ["endpoints", "approve", "--instance", v, "--all-pending", "--yes"],
                ["endpoints", "delete", "--instance", v, "--name", "x", "--yes"],
                ["dns", "plan", "--instance", v] + endpoint,
                ["dns", "apply", "--instance", v, "--yes"] + endpoint,
            ]
        case "number":
            return [
                ["dns", "apply", "--instance", miID, "--ttl", v, "--yes"] + endpoint,
                ["endpoints", "approve", "--instance", miID, "--all-pending", "--max-parallel", v, "--yes"],
                ["dns", "verify", "--server", "127.0.0.1:9", "--expect", "a.b=10.0.0.1", "--timeout", v],
            ]
        case "map":
            return [
                ["fwd", "apply", "--yes", "--backend", "nft", "--interface", "eth0", "--map", v],
                ["fwd", "render", "--format", "nft", "--interface", "eth0", "--map", v],
            ]
        case "expect":
            return [
                ["dns", "verify", "--server", "127.0.0.1:9", "--expect", v],
                ["dns", "verify", "--server", "127.0.0.1:9", "--expect-file", "{file}"],
            ]
        case "zone-name":
            return [["dns", "apply", "--instance", miID, "--zone-name", v, "--yes"] + endpoint]
        default:
            return []
        }
    }

    /// Cases from `values.txt`.
    static func valueCases() -> [MalformedCase] {
        values().flatMap { category, value in
            commands(for: category, value).map { arguments in
                MalformedCase(
                    source: "values.txt:\(category)", arguments: arguments,
                    file: arguments.contains("{file}") ? Data(value.utf8) : nil)
            }
        }
    }

    /// Files in a subdirectory of the corpus, each fed to every command line of `commands`.
    static func fileCases(_ folder: String, _ commands: [[String]]) -> [MalformedCase] {
        let url = directory.appendingPathComponent(folder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        return names.flatMap { name in
            let data = (try? Data(contentsOf: url.appendingPathComponent(name))) ?? Data()
            return commands.map { MalformedCase(source: "\(folder)/\(name)", arguments: $0, file: data) }
        }
            + generated(folder).flatMap { name, data in
                commands.map { MalformedCase(source: "\(folder)/\(name) (generated)", arguments: $0, file: data) }
            }
    }

    /// Inputs too large or too binary to keep as files.
    static func generated(_ folder: String) -> [(String, Data)] {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let huge = "{\"x\":\"" + String(repeating: "a", count: 8 * 1024 * 1024) + "\"}"
        switch folder {
        case "tokens":
            return [
                ("10 MB", Data(repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024)),
                ("nul bytes", Data([0x61, 0x62, 0x00, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68])),
                ("invalid UTF-8", Data([0xFF, 0xFE, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67])),
                ("deep JSON", Data(("{\"accessToken\":" + deep + "}").utf8)),
            ]
        case "plans", "zones", "expect-files":
            return [
                ("deeply nested", Data(deep.utf8)), ("8 MB", Data(huge.utf8)),
                ("nul bytes", Data([0x7B, 0x00, 0x7D])), ("invalid UTF-8", Data([0xFF, 0xFE, 0xFD])),
            ]
        default:
            return []
        }
    }

    /// Malformed bodies for ARM GETs: each replaces the answer to one read of a command.
    static let armBodies: [(String, String)] = [
        ("empty", ""), ("{}", "{}"), ("[]", "[]"), ("null", "null"), ("number", "42"), ("string", "\"x\""),
        ("truncated", "{\"id\": \"/subscriptions/"), ("not JSON", "<html>502 Bad Gateway</html>"),
        ("id is a number", "{\"id\": 5, \"name\": 7, \"properties\": \"x\"}"),
        ("value is an object", "{\"value\": {\"id\": \"x\"}}"), ("value items are numbers", "{\"value\": [1, 2, 3]}"),
        ("deeply nested", String(repeating: "{\"a\":", count: 50_000) + "1" + String(repeating: "}", count: 50_000)),
    ]

    /// Reads of the separate world and a command that needs each answer to be right.
    static let armTargets: [(String, [String])] = [
        ("/managedInstances/sales-mi?", ["endpoints", "approve", "--instance", miID, "--all-pending", "--yes"]),
        ("/privateEndpointConnections?", ["endpoints", "approve", "--instance", miID, "--all-pending", "--yes"]),
        ("/managedInstances/sales-mi?", ["dns", "apply", "--instance", miID, "--yes"] + endpoint),
        ("/privateEndpoints/pe-sales-mi?", ["dns", "apply", "--instance", miID, "--yes"] + endpoint),
        ("/networkInterfaces/", ["dns", "apply", "--instance", miID, "--yes"] + endpoint),
        ("/managedInstances/sales-mi?", ["arm", "get", miID]),
        ("/privateEndpointConnections?", ["endpoints", "list", "--instance", miID]),
    ]

    static func armCases() -> [MalformedCase] {
        armTargets.flatMap { path, arguments in
            armBodies.map { name, body in
                MalformedCase(
                    source: "arm \(path) \(name)", arguments: arguments, armPath: path, body: Data(body.utf8))
            }
        }
    }

    /// The source and command of a case: `values.txt:name endpoints approve`, `tokens endpoints list`.
    static func group(_ c: MalformedCase) -> String {
        let source = c.source.hasPrefix("values.txt") ? c.source : String(c.source.prefix { $0 != "/" && $0 != " " })
        let target = c.armPath.map { " \($0)" } ?? ""
        return source + target + " " + c.arguments.prefix(2).joined(separator: " ")
    }

    /// The cases `swift test` runs by default: in every group (source and command), the first
    /// case and then every fourth, so each kind of input reaches each command it is fed to.
    static let sample: [MalformedCase] = {
        var seen: [String: Int] = [:]
        return all.filter { c in
            let key = group(c)
            let index = seen[key, default: 0]
            seen[key] = index + 1
            return index % 4 == 0
        }
    }()

    /// Every case of the corpus.
    static let all: [MalformedCase] =
        valueCases()
        + fileCases(
            "plans",
            [
                ["endpoints", "approve", "--instance", miID, "--plan-file", "{file}", "--yes"],
                ["dns", "apply", "--instance", miID, "--plan-file", "{file}", "--yes"] + endpoint,
                ["fwd", "apply", "--plan-file", "{file}", "--yes"],
            ])
        + fileCases("tokens", [["endpoints", "list", "--instance", miID, "--access-token-file", "{file}"]])
        + fileCases("zones", [["dns", "zonefile", "check", "{file}"]])
        + fileCases("expect-files", [["dns", "verify", "--server", "127.0.0.1:9", "--expect-file", "{file}"]])
        + armCases()
}
