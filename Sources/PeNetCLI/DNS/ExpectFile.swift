import DNSModel
import Foundation
import Resolver

/// An expect file (`name=ip` / `name ip` lines, `#` comments) read once and validated in full,
/// then handed out as merged expectations a slice at a time.
///
/// Only the file's bytes and a 16-byte entry per line are held for the run; expectations are
/// built per slice, so verifying 100,000 names does not hold 100,000 parsed names at once. The
/// same name on several lines (case-insensitive) is one expectation with every address, in the
/// position of its first line — as `ResolutionExpectation.merged` would give.
struct ExpectFile: Sendable {
    /// Byte offsets of one line's two fields.
    private struct Entry: Sendable {
        var nameStart: UInt32
        var nameEnd: UInt32
        var addressStart: UInt32
        var addressEnd: UInt32
    }

    let path: String
    private let bytes: [UInt8]
    private var entries: [Entry] = []
    /// Entry indices of each name's first line, in file order.
    private var firsts: [UInt32] = []
    /// For a name on several lines: its first entry → the later entries.
    private var repeats: [UInt32: [UInt32]] = [:]

    /// Distinct names in the file.
    var count: Int { firsts.count }

    /// Reads and validates the whole file; every problem names the file and line.
    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable" : "no such file"
            throw PeNetError.usage("cannot read --expect-file '\(path)': \(reason)")
        }
        guard data.count < Int(UInt32.max) else {
            throw PeNetError.usage("--expect-file '\(path)' is larger than 4 GiB")
        }
        self.path = path
        self.bytes = [UInt8](data)
        try index()
        if entries.isEmpty { throw PeNetError.usage("--expect-file '\(path)' has no name=ip lines") }
    }

    /// The merged expectations for distinct names `range` (in file order).
    func expectations(_ range: Range<Int>) throws -> [ResolutionExpectation] {
        var result: [ResolutionExpectation] = []
        result.reserveCapacity(range.count)
        for first in firsts[range] {
            var expectation = try parse(entries[Int(first)], line: nil)
            for later in repeats[first] ?? [] {
                expectation.addresses.formUnion(try parse(entries[Int(later)], line: nil).addresses)
            }
            result.append(expectation)
        }
        return result
    }

    /// Every merged expectation (for output that needs all results at once).
    func all() throws -> [ResolutionExpectation] { try expectations(0..<count) }

    private func text(_ start: UInt32, _ end: UInt32) -> String {
        bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(start)..<Int(end)]), as: UTF8.self)
        }
    }

    private func parse(_ entry: Entry, line: Int?) throws -> ResolutionExpectation {
        let name = text(entry.nameStart, entry.nameEnd)
        let address = text(entry.addressStart, entry.addressEnd)
        do {
            return try ResolutionExpectation(name: name, address: address, text: "\(name)=\(address)")
        } catch {
            throw PeNetError.usage("\(path)\(line.map { ":\($0)" } ?? ""): \(error)")
        }
    }

    /// One pass over the bytes: split lines into fields, validate each, find repeated names.
    private mutating func index() throws {
        var firstByHash: [Int: UInt32] = [:]
        // Names whose hash equals another name's (rare): compared by value.
        var collided: [DomainName: UInt32] = [:]
        var lineStart = 0
        var number = 0
        let count = bytes.count
        while lineStart < count {
            number += 1
            var lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var contentEnd = lineStart
            while contentEnd < lineEnd, bytes[contentEnd] != UInt8(ascii: "#") { contentEnd += 1 }
            var fields: [(Int, Int)] = []
            var position = lineStart
            while position < contentEnd {
                while position < contentEnd, Self.isSeparator(bytes[position]) { position += 1 }
                guard position < contentEnd else { break }
                let fieldStart = position
                while position < contentEnd, !Self.isSeparator(bytes[position]) { position += 1 }
                fields.append((fieldStart, position))
                if fields.count > 2 { break }
            }
            if fields.isEmpty { continue }
            guard fields.count == 2 else {
                throw PeNetError.usage(
                    "\(path):\(number): expected 'name=ip', found '\(text(UInt32(lineStart), UInt32(contentEnd)))'")
            }
            let entry = Entry(
                nameStart: UInt32(fields[0].0), nameEnd: UInt32(fields[0].1),
                addressStart: UInt32(fields[1].0), addressEnd: UInt32(fields[1].1))
            let expectation = try parse(entry, line: number)
            let index = UInt32(entries.count)
            entries.append(entry)
            let name = expectation.name
            let hash = name.hashValue
            if let first = firstByHash[hash] {
                if try parse(entries[Int(first)], line: nil).name == name {
                    repeats[first, default: []].append(index)
                } else if let first = collided[name] {
                    repeats[first, default: []].append(index)
                } else {
                    collided[name] = index
                    firsts.append(index)
                }
            } else {
                firstByHash[hash] = index
                firsts.append(index)
            }
        }
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "=")
            || byte == UInt8(ascii: "\r")
    }
}
