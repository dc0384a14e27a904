/// A minimal T-SQL lexer for tests: bracketed identifiers, string literals, comments and the
/// rest, so a test can see which names a script really contains and that every literal closes.
struct TSQLToken: Equatable {
    enum Kind: Equatable {
        /// `[…]`, with `]]` undone.
        case identifier
        /// `'…'` or `N'…'`, with `''` undone.
        case string
        /// `-- …` to the end of the line.
        case comment
        /// Anything else (one non-space run).
        case word
    }
    var kind: Kind
    var value: String

    /// Lexes `text`; nil when a bracket or a quote is never closed.
    static func lex(_ text: String) -> [TSQLToken]? {
        var tokens: [TSQLToken] = []
        let characters = Array(text)
        var index = 0
        func closing(_ close: Character, from start: Int) -> (String, Int)? {
            var value = ""
            var position = start
            while position < characters.count {
                if characters[position] == close {
                    if position + 1 < characters.count, characters[position + 1] == close {
                        value.append(close)
                        position += 2
                        continue
                    }
                    return (value, position + 1)
                }
                value.append(characters[position])
                position += 1
            }
            return nil
        }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "[" {
                guard let (value, next) = closing("]", from: index + 1) else { return nil }
                tokens.append(TSQLToken(kind: .identifier, value: value))
                index = next
            } else if character == "'"
                || (character == "N" && index + 1 < characters.count && characters[index + 1] == "'"
                    && (index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber)))
            {
                let start = character == "N" ? index + 2 : index + 1
                guard let (value, next) = closing("'", from: start) else { return nil }
                tokens.append(TSQLToken(kind: .string, value: value))
                index = next
            } else if character == "-", index + 1 < characters.count, characters[index + 1] == "-" {
                var end = index
                while end < characters.count, characters[end] != "\n" { end += 1 }
                tokens.append(TSQLToken(kind: .comment, value: String(characters[index..<end])))
                index = end
            } else {
                var end = index
                while end < characters.count, !characters[end].isWhitespace, !"[',()".contains(characters[end]) {
                    end += 1
                }
                if end == index { end += 1 }
                tokens.append(TSQLToken(kind: .word, value: String(characters[index..<end])))
                index = end
            }
        }
        return tokens
    }
}
