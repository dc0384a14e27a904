import Foundation
import MILink
import Testing

/// Every generated script through sqlfluff's tsql dialect, one run over one folder: read-only
/// scripts parse in full; the rest fail only on allow-listed DDL kinds, each still needed.
@Suite(.enabled(if: SQLFluff.isAvailable, "sqlfluff is not on PATH (scripts/setup.sh installs it)"))
struct LinkSQLFluffTests {
    @Test func scriptsParseExceptAllowListedDDL() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-link-sqlfluff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var readOnly: Set<String> = []
        var all: Set<String> = []
        // One file per batch, so a batch sqlfluff cannot parse does not hide the batches after it.
        for variant in LinkFixtures.variants {
            let plan = try LinkPlan.render(try LinkFixtures.parameters(variant.request))
            for step in plan.steps where step.target == .sqlServer {
                guard let path = step.file, let file = plan.files.first(where: { $0.path == path }) else { continue }
                for (number, batch) in Self.batches(file.content).enumerated() {
                    let name = "\(variant.name)--\(path.dropLast(4))--\(number).sql"
                    try Data(batch.utf8).write(to: folder.appendingPathComponent(name))
                    all.insert(name)
                    if step.readOnly { readOnly.insert(name) }
                }
            }
        }
        // The reverse network checks (SQL Agent jobs) hold no allow-listed DDL: they parse in full.
        for file in LinkNetworkScripts.render(
            miFQDN: "managedinstance1.6d710bcf372b.database.windows.net", sqlHost: "10.0.0.4", sqlServer: "BOX1")
        {
            for (number, batch) in Self.batches(file.content).enumerated() {
                let name =
                    "check-net--\(URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent)--\(number).sql"
                try Data(batch.utf8).write(to: folder.appendingPathComponent(name))
                all.insert(name)
                readOnly.insert(name)
            }
        }
        let unparsable = try SQLFluff.unparsable(in: folder)
        #expect(Set(unparsable.keys) == all, "sqlfluff did not report every file")
        var kindsSeen: Set<String> = []
        for (file, segments) in unparsable.sorted(by: { $0.key < $1.key }) {
            if readOnly.contains(file) {
                #expect(segments.isEmpty, "\(file) is read-only and must parse in full: \(segments)")
            }
            #expect(segments.count <= 1, "\(file): one batch, one statement kind sqlfluff cannot parse")
            for words in segments {
                let kind = SQLFluff.kind(of: words)
                #expect(kind != nil, "\(file): sqlfluff cannot parse \(words.prefix(12).joined(separator: " "))")
                if let kind { kindsSeen.insert(kind) }
            }
        }
        for kind in SQLFluff.allowList {
            #expect(kindsSeen.contains(kind), "sqlfluff now parses \(kind); take it off the allow-list")
        }
    }

    /// The batches of a script (split on `GO` lines), without comments-only batches.
    static func batches(_ script: String) -> [String] {
        var batches: [String] = []
        var current: [Substring] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).uppercased() == "GO" {
                batches.append(current.joined(separator: "\n") + "\n")
                current = []
            } else {
                current.append(line)
            }
        }
        batches.append(current.joined(separator: "\n"))
        return batches.filter { batch in
            batch.split(separator: "\n").contains {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("--")
            }
        }
    }
}
