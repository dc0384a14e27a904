import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `docs/pe-net.1` (written by `scripts/gen-manual.sh`) is in step with the command tree: the same
/// commands, options and abstracts as `pe-net --experimental-dump-help`, and it renders cleanly.
@Suite struct ManualPageTests {
    static let pagePath = "docs/pe-net.1"
    static let regenerate = "regenerate it with scripts/gen-manual.sh"

    /// The parts of swift-argument-parser's `--experimental-dump-help` JSON the page is built from.
    struct ToolInfo: Decodable {
        var serializationVersion: Int
        var command: CommandInfo
    }

    struct CommandInfo: Decodable {
        var commandName: String
        var abstract: String?
        var arguments: [ArgumentInfo]?
        var subcommands: [CommandInfo]?
    }

    struct ArgumentInfo: Decodable {
        struct Name: Decodable {
            var kind: String
            var name: String
        }
        var kind: String
        var shouldDisplay: Bool
        var names: [Name]?
        var valueName: String?
        var abstract: String?
    }

    /// What a page says about the tree: each command (path joined by spaces) with its arguments.
    struct Outline: Equatable {
        var arguments: [String: Set<String>] = [:]
    }

    static func dump() throws -> ToolInfo {
        try JSONDecoder().decode(ToolInfo.self, from: Data(PeNet._dumpHelp().utf8))
    }

    static func page() throws -> String {
        try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(pagePath), encoding: .utf8)
    }

    /// `--long`, `-s` for options and flags, `<value>` for positionals.
    static func label(_ argument: ArgumentInfo) -> String {
        if argument.kind == "positional" { return "<\(argument.valueName ?? "")>" }
        return (argument.names ?? []).map { $0.kind == "long" ? "--\($0.name)" : "-\($0.name)" }.sorted()
            .joined(separator: " ")
    }

    static func outline(of command: CommandInfo, parent: [String] = []) -> Outline {
        let path = parent + [command.commandName]
        var outline = Outline()
        outline.arguments[path.joined(separator: " ")] = Set(
            (command.arguments ?? []).filter(\.shouldDisplay).map(label))
        for subcommand in command.subcommands ?? [] {
            outline.arguments.merge(self.outline(of: subcommand, parent: path).arguments) { $1 }
        }
        return outline
    }

    /// Reads the nested `.Bl`/`.It`/`.El` lists of generate-manual's single page back into an
    /// outline: `.It Em <name>` is a subcommand whose own list follows, `.It Fl …` an option or
    /// flag, `.It Ar <value>` a positional; lists under anything else (value lists) are skipped.
    static func outline(ofPage page: String) throws -> Outline {
        var outline = Outline()
        var root: String?
        var lists: [[String]?] = []
        var lastItem: [String]?
        var inDescription = false
        for line in page.split(separator: "\n").map(String.init) {
            let words = line.split(separator: " ").map(String.init)
            switch words.first {
            case ".Nm" where root == nil && words.count > 1:
                root = words[1]
            case ".Sh":
                inDescription = words.dropFirst().first == "DESCRIPTION"
            case ".Bl" where inDescription:
                if lists.isEmpty {
                    lists.append([try #require(root, "the page has no .Nm")])
                } else if let parent = lists.last ?? nil, let item = lastItem {
                    lists.append(parent + item)
                } else {
                    lists.append(nil)
                }
                lastItem = nil
            case ".El" where inDescription:
                lists.removeLast()
                lastItem = nil
            case ".It" where inDescription:
                lastItem = nil
                guard let path = lists.last ?? nil else { continue }
                let key = path.joined(separator: " ")
                outline.arguments[key, default: []].formUnion([])
                switch words.dropFirst().first {
                case "Em":
                    let name = words[2].trimmingCharacters(in: CharacterSet(charactersIn: ","))
                    lastItem = [name]
                    outline.arguments[(path + [name]).joined(separator: " "), default: []].formUnion([])
                case "Fl":
                    let names = words.dropFirst(2).prefix { $0 != "Ar" }.filter { $0 != "," }.map { "-\($0)" }
                    outline.arguments[key, default: []].insert(names.sorted().joined(separator: " "))
                case "Ar":
                    let value = words[2].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    let name = value.hasSuffix("...") ? String(value.dropLast(3)) : value
                    outline.arguments[key, default: []].insert("<\(name)>")
                default:
                    continue
                }
            default:
                continue
            }
        }
        return outline
    }

    /// generate-manual's text-line escaping: ASCII only, `\` as `\e`, a leading dot or apostrophe
    /// behind `\&`.
    static func escapedTextLine(_ text: String) -> String {
        var escaped = text.filter(\.isASCII).replacingOccurrences(of: "\\", with: "\\e")
        if escaped.hasPrefix(".") || escaped.hasPrefix("'") { escaped = "\\&" + escaped }
        return escaped
    }

    static func abstracts(_ command: CommandInfo, isRoot: Bool = true) -> [String] {
        (isRoot ? [] : [command.abstract].compactMap { $0 })
            + (command.arguments ?? []).filter(\.shouldDisplay).compactMap(\.abstract)
            + (command.subcommands ?? []).flatMap { abstracts($0, isRoot: false) }
    }

    @Test("the page lists exactly the commands, options and arguments of the tree")
    func pageMatchesTheCommandTree() throws {
        let tool = try Self.dump()
        #expect(tool.serializationVersion == 0)
        let expected = Self.outline(of: tool.command).arguments
        let actual = try Self.outline(ofPage: Self.page()).arguments
        #expect(expected.count > 20, "the dump walks the whole tree")
        let missing = Set(expected.keys).subtracting(actual.keys).sorted()
        let extra = Set(actual.keys).subtracting(expected.keys).sorted()
        #expect(missing == [], "commands missing from \(Self.pagePath); \(Self.regenerate)")
        #expect(extra == [], "commands in \(Self.pagePath) that no longer exist; \(Self.regenerate)")
        for (command, arguments) in expected.sorted(by: { $0.key < $1.key }) {
            guard let listed = actual[command] else { continue }
            #expect(
                listed == arguments,
                "\(command): missing \(arguments.subtracting(listed).sorted()), extra \(listed.subtracting(arguments).sorted()); \(Self.regenerate)"
            )
        }
    }

    @Test("every command and argument abstract is in the page as written")
    func abstractsAreCurrent() throws {
        let lines = Set(try Self.page().split(separator: "\n").map(String.init))
        let stale = Self.abstracts(try Self.dump().command).map(Self.escapedTextLine).filter { !lines.contains($0) }
        #expect(stale == [], "abstracts not in \(Self.pagePath); \(Self.regenerate)")
    }

    @Test("the outline reader sees a command added to the tree without regenerating the page")
    func outlineReaderNoticesANewCommand() throws {
        var tool = try Self.dump()
        let page = try Self.outline(ofPage: Self.page())
        #expect(Self.outline(of: tool.command) == page)
        tool.command.subcommands?.append(
            CommandInfo(
                commandName: "new", abstract: "A command the page does not know.",
                arguments: [
                    ArgumentInfo(
                        kind: "option", shouldDisplay: true, names: [.init(kind: "long", name: "flag")],
                        valueName: "value", abstract: nil)
                ], subcommands: nil))
        #expect(Self.outline(of: tool.command) != page)
    }

    @Test(
        "man renders the page without warnings",
        .enabled(if: TestConditions.installed("man"), "man is not installed: run scripts/setup.sh"))
    func manRendersWithoutWarnings() throws {
        let page = TestPaths.packageRoot.appendingPathComponent(Self.pagePath).path
        let result = try Shell.run(["MANWIDTH=80", "man", "--warnings", "-l", page])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error == "", "warnings rendering \(Self.pagePath)")
        #expect(result.output.contains("PE-NET(1)"), "\(result.output.prefix(400))")
        #expect(result.output.contains("--expect-no-changes"))
    }
}
