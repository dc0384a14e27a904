import DNSModel
import Foundation

/// The state file (`/etc/pe-net/fwd.json`): the mappings and the last addresses each target
/// resolved to, so `reconcile` and the boot-time restore need no arguments.
public struct FwdState: Hashable, Sendable, Codable {
    public var version: Int
    public var backend: FwdBackend
    public var config: FwdConfig
    /// Last known good address per listen port (as a string key for readable JSON).
    public var resolved: [String: IPv4Address]

    public init(backend: FwdBackend, config: FwdConfig, resolved: [Int: IPv4Address]) {
        self.version = 1
        self.backend = backend
        self.config = config
        self.resolved = Dictionary(uniqueKeysWithValues: resolved.map { (String($0.key), $0.value) })
    }

    public func lastKnown(_ port: Int) -> IPv4Address? { resolved[String(port)] }

    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func decode(_ text: String, path: String) throws -> FwdState {
        do {
            return try JSONDecoder().decode(FwdState.self, from: Data(text.utf8))
        } catch {
            throw IPFwdError.state(
                "state file \(path) is not readable (\(error)); re-run 'pe-net fwd apply --map ...' to rewrite it")
        }
    }
}

/// Reads and writes pe-net's files below `--root`, writing only when the content changed.
public struct FwdFiles: Sendable {
    public var root: String

    public init(root: String = "/") {
        self.root = root
    }

    public func path(_ path: String) -> String { FwdPaths.under(root, path) }

    public func loadState() throws -> FwdState? {
        guard let text = try read(FwdPaths.stateFile) else { return nil }
        return try FwdState.decode(text, path: path(FwdPaths.stateFile))
    }

    /// The content of one of pe-net's files below the root; nil when it does not exist. A file
    /// that exists but cannot be read throws: it is never taken for a missing one.
    public func read(_ file: String) throws -> String? {
        let full = path(file)
        guard FileManager.default.fileExists(atPath: full) else { return nil }
        guard let data = FileManager.default.contents(atPath: full) else {
            throw IPFwdError.state("cannot read \(full) (permissions?); run as root or fix the file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// True when `file` exists below the root.
    public func exists(_ file: String) -> Bool {
        FileManager.default.fileExists(atPath: path(file))
    }

    public func removeState() throws {
        try removeFile(FwdPaths.stateFile)
    }

    /// Deletes one of pe-net's files below the root, if it exists.
    public func removeFile(_ file: String) throws {
        let full = path(file)
        if FileManager.default.fileExists(atPath: full) {
            do { try FileManager.default.removeItem(atPath: full) } catch {
                throw IPFwdError.fileWrite(path: full, reason: "\(error)")
            }
        }
    }

    /// Throws `fileWrite` unless every file in `paths` (below the root) can be written or
    /// removed: the nearest existing ancestor of each must be a writable directory, and an
    /// existing file must not be a directory. Run before the first change, so that a root that
    /// is a regular file (or read-only) fails before the kernel's rules or ip_forward change.
    public func requireWritable(_ paths: [String]) throws {
        for file in paths {
            let full = path(file)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), isDirectory.boolValue {
                throw IPFwdError.fileWrite(path: full, reason: "it is a directory, not a file")
            }
            var ancestor = (full as NSString).deletingLastPathComponent
            while !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
                let parent = (ancestor as NSString).deletingLastPathComponent
                if parent == ancestor { break }
                ancestor = parent
            }
            guard isDirectory.boolValue else {
                throw IPFwdError.fileWrite(
                    path: full, reason: "\(ancestor) is not a directory; check --root (it must be a directory)")
            }
            guard access(ancestor, W_OK) == 0 else {
                throw IPFwdError.fileWrite(
                    path: full, reason: "\(ancestor) is not writable; run as root or check --root")
            }
        }
    }

    /// Writes `artifact` below the root unless it already has that content; returns whether it wrote.
    @discardableResult
    public func write(_ artifact: FwdArtifact) throws -> Bool {
        let full = path(artifact.path)
        if let existing = FileManager.default.contents(atPath: full), existing == Data(artifact.content.utf8) {
            return false
        }
        do {
            let directory = (full as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = full + ".tmp-\(getpid())"
            try Data(artifact.content.utf8).write(to: URL(fileURLWithPath: temporary))
            let mode = Int(artifact.permissions, radix: 8) ?? 0o644
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary)
            // rename(2) replaces the file atomically: a reader sees the old or the new content.
            guard rename(temporary, full) == 0 else {
                throw IPFwdError.fileWrite(path: full, reason: String(cString: strerror(errno)))
            }
        } catch {
            throw IPFwdError.fileWrite(path: full, reason: "\(error)")
        }
        return true
    }
}
