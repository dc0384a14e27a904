import MILink
import Testing

/// Identifiers are `]`-escaped inside brackets and strings `'`-doubled, so any name reaches
/// SQL Server exactly as given.
@Suite struct TSQLEscapingTests {
    @Test(arguments: [
        ("SalesDB", "[SalesDB]"),
        ("db]x", "[db]]x]"),
        ("]]", "[]]]]]"),
        ("[a]", "[[a]]]"),
        ("it's", "[it's]"),
        ("db]; DROP DATABASE x; --", "[db]]; DROP DATABASE x; --]"),
    ])
    func identifierDoublesClosingBrackets(_ name: String, _ expected: String) {
        #expect(SQLIdentifier(name).description == expected)
        #expect(TSQLToken.lex(expected) == [TSQLToken(kind: .identifier, value: name)])
    }

    @Test(arguments: [
        ("plain", "N'plain'"),
        ("it's", "N'it''s'"),
        ("''", "N''''''"),
        ("a]b", "N'a]b'"),
        ("x'; DROP DATABASE y; --", "N'x''; DROP DATABASE y; --'"),
    ])
    func stringDoublesQuotes(_ value: String, _ expected: String) {
        #expect(SQLString(value).description == expected)
        #expect(TSQLToken.lex(expected) == [TSQLToken(kind: .string, value: value)])
    }

    static let hostileNames = ["db]; DROP DATABASE x; --", "o'brien", "a]]'b", "[x]", "名前"]

    /// Every script of a plan for a hostile database name names exactly that database: each
    /// bracketed identifier and string decodes to a known name, and no statement escapes.
    @Test(arguments: hostileNames)
    func everyScriptNamesExactlyTheDatabase(_ database: String) throws {
        let request = LinkFixtures.request {
            $0.databases = [database]; $0.ag = "AG_1"; $0.dag = "DAG_1"
        }
        let plan = try LinkPlan.render(try LinkFixtures.parameters(request))
        var sawIdentifier = false
        var sawString = false
        for file in plan.files where file.path.hasSuffix(".sql") {
            let tokens = try #require(TSQLToken.lex(file.content), "\(file.path) has an unclosed literal")
            let words = tokens.filter { $0.kind == .word }.map { $0.value.uppercased() }
            #expect(!words.contains("x;"), "\(file.path): the name leaked out of its literal")
            #expect(!zip(words, words.dropFirst()).contains { $0 == ("DROP", "DATABASE") }, "\(file.path)")
            sawIdentifier = sawIdentifier || tokens.contains(TSQLToken(kind: .identifier, value: database))
            sawString = sawString || tokens.contains(TSQLToken(kind: .string, value: database))
        }
        #expect(sawIdentifier)
        #expect(sawString)
        let database09 = try #require(plan.files.first { $0.path == "09-availability-group.sql" })
        #expect(database09.content.contains("FOR DATABASE \(SQLIdentifier(database))"))
    }

    /// The instance-primary LISTENER_URL holds `Database=[<db>]` inside a string: both escapes apply.
    @Test func listenerURLEscapesTheDatabaseTwice() throws {
        let request = LinkFixtures.request {
            $0.databases = ["a]'b"]; $0.initialPrimary = .mi
        }
        let parameters = try LinkFixtures.parameters(request)
        #expect(parameters.instanceListenerURL.hasSuffix(";Database=[a]]'b]"))
        let plan = try LinkPlan.render(parameters)
        let dag = try #require(plan.files.first { $0.path == "10-distributed-availability-group.sql" })
        #expect(dag.content.contains("Server=[managedinstance1];Database=[a]]''b]'"))
    }
}
