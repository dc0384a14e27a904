import ArgumentParser
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// The whole command tree of `pe-net`, from the root down through `configuration.subcommands`.
enum CommandTree {
    /// One command: its path from the root (`["pe-net", "dns", "plan"]`) and its type.
    struct Node {
        let path: [String]
        let type: any ParsableCommand.Type
    }

    static let nodes: [Node] = walk(PeNet.self, parent: [])

    static func walk(_ type: any ParsableCommand.Type, parent: [String]) -> [Node] {
        let path = parent + [type._commandName]
        return [Node(path: path, type: type)]
            + type.configuration.subcommands.flatMap { walk($0, parent: path) }
    }

    /// The node whose path joined by spaces is `name`.
    static func node(_ name: String) throws -> Node {
        try #require(nodes.first { $0.path.joined(separator: " ") == name }, "no command \(name)")
    }
}

/// Every command's help text at 100 columns matches `Golden/help/<path joined by ->.txt`; re-record
/// with `PENET_RECORD_GOLDEN=1 swift test --filter HelpGoldenTests` after changing a command.
@Suite struct HelpGoldenTests {
    static let folder = "Tests/PeNetCLITests/Golden/help"
    static let commands = CommandTree.nodes.map { $0.path.joined(separator: " ") }

    static func fileName(_ path: [String]) -> String { path.joined(separator: "-") + ".txt" }

    @Test("help text matches its golden file", arguments: commands)
    func helpMatchesGolden(command: String) throws {
        let node = try CommandTree.node(command)
        let help = PeNet.helpMessage(for: node.type, columns: 100)
        #expect(help.contains("USAGE: \(command)"), "\(help)")
        try Golden.check(help + "\n", against: "\(Self.folder)/\(Self.fileName(node.path))")
    }

    @Test("the tree reaches every command group and leaf")
    func treeIsComplete() {
        #expect(Self.commands.first == "pe-net")
        #expect(Self.commands.contains("pe-net dns zonefile render"))
        #expect(Set(Self.commands).count == Self.commands.count, "command paths are unique")
        for node in CommandTree.nodes where !node.type.configuration.subcommands.isEmpty {
            #expect(
                node.type.configuration.subcommands.allSatisfy { child in
                    Self.commands.contains((node.path + [child._commandName]).joined(separator: " "))
                }, "\(node.path)")
        }
    }

    @Test("the golden folder holds exactly one file per command (no stale ones)")
    func noStaleGoldenFiles() throws {
        let directory = TestPaths.packageRoot.appendingPathComponent(Self.folder)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        let expected = Set(CommandTree.nodes.map { Self.fileName($0.path) })
        #expect(files.subtracting(expected).sorted() == [], "golden files of commands that no longer exist")
        #expect(expected.subtracting(files).sorted() == [], "commands without a golden file")
    }
}
