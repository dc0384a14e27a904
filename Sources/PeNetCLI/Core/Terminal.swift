import Foundation

/// The terminal a confirmation is asked on. Live: standard input and standard error must both be
/// terminals; tests script the answers.
protocol Terminal: Sendable {
    /// True when a question can be asked and answered.
    var isInteractive: Bool { get }
    /// Asks `question` and returns the answer line (nil at end of input).
    func ask(_ question: String) -> String?
}

/// Standard input / standard error of the process.
struct ProcessTerminal: Terminal {
    var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }

    func ask(_ question: String) -> String? {
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        return readLine()
    }
}

/// A terminal that answers from a list (or is not there at all), for tests.
final class ScriptedTerminal: Terminal, @unchecked Sendable {
    let isInteractive: Bool
    private let lock = NSLock()
    private var answers: [String]
    private(set) var questions: [String] = []

    init(interactive: Bool, answers: [String] = []) {
        self.isInteractive = interactive
        self.answers = answers
    }

    func ask(_ question: String) -> String? {
        lock.withLock {
            questions.append(question)
            return answers.isEmpty ? nil : answers.removeFirst()
        }
    }

    /// The questions asked so far.
    var asked: [String] { lock.withLock { questions } }
}
