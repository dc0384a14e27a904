import Foundation

/// Where the Reporter writes: standard output or standard error, a terminal or not. The live
/// implementation writes each line straight to the file descriptor (no stdio buffering, so a
/// pipe sees the plan and the progress as they happen); tests collect the text.
protocol OutputStream: Sendable {
    /// Writes `text` as is.
    func write(_ text: String)
    /// True when the stream is a terminal (progress then updates one line in place).
    var isTerminal: Bool { get }
}

/// Standard output or standard error of the process.
struct FileDescriptorStream: OutputStream {
    let handle: FileHandle
    let isTerminal: Bool

    static let standardOutput = FileDescriptorStream(
        handle: .standardOutput, isTerminal: isatty(STDOUT_FILENO) == 1)
    static let standardError = FileDescriptorStream(handle: .standardError, isTerminal: isatty(STDERR_FILENO) == 1)

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }
}

/// Collects what is written, for tests and for commands that render before printing.
final class CollectingStream: OutputStream, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    let isTerminal: Bool

    init(isTerminal: Bool = false) {
        self.isTerminal = isTerminal
    }

    func write(_ text: String) {
        lock.withLock { buffer += text }
    }

    /// Everything written so far.
    var text: String { lock.withLock { buffer } }
}
