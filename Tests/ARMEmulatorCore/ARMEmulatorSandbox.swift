import Foundation

/// The emulator without HTTP, for `pe-net --sandbox <world.json>`: requests are answered in the
/// calling process, and every write is saved to a state file so the next sandboxed command sees
/// it.
///
/// The state file holds the world file's path and every resource document with its etag; it is
/// replaced atomically after each write. A state file made from another world file is ignored
/// (the world file is loaded afresh), as is one written by a newer format.
public final class ARMEmulatorSandbox: Sendable {
    /// The base URL requests are addressed to (never contacted: requests are answered in-process).
    public static let baseURL = URL(string: "http://127.0.0.1:9")!

    /// The bearer token the sandbox accepts; it grants nothing anywhere else.
    public static let token = "pe-net-sandbox"

    let emulator: Emulator
    let worldPath: String
    let statePath: String

    private init(emulator: Emulator, worldPath: String, statePath: String) {
        self.emulator = emulator
        self.worldPath = worldPath
        self.statePath = statePath
    }

    /// Opens the sandbox for the world file at `worldPath`, continuing from `statePath` when it
    /// holds the state of that same world (and `reset` is false).
    public static func open(worldPath: String, statePath: String, reset: Bool) async throws -> ARMEmulatorSandbox {
        let absoluteWorld = URL(fileURLWithPath: worldPath).standardizedFileURL.path
        let emulator = try await Emulator.make(world: [], options: ARMEmulatorOptions(operationMs: 0, pollAfterMs: 0))
        if !reset, let state = try loadState(at: statePath, world: absoluteWorld) {
            await emulator.world.restore(state)
        } else {
            try await emulator.world.load([try JSON.parse(worldFile(at: worldPath))])
        }
        let sandbox = ARMEmulatorSandbox(emulator: emulator, worldPath: absoluteWorld, statePath: statePath)
        try await sandbox.save()
        return sandbox
    }

    /// Answers one request; writes (anything but GET) are saved to the state file before the
    /// answer is returned.
    public func handle(method: String, url: URL, headers: [(String, String)], body: Data) async throws
        -> (status: Int, headers: [(String, String)], body: Data)
    {
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let rawQuery = components?.percentEncodedQuery
        let incoming = IncomingRequest(
            method: method.uppercased(), path: components?.path ?? url.path, query: parseForm(rawQuery ?? ""),
            rawQuery: rawQuery, headers: lowered, body: body,
            base: "\(Self.baseURL.scheme ?? "http")://\(Self.baseURL.host ?? "127.0.0.1"):\(Self.baseURL.port ?? 9)")
        let reply = await emulator.handle(incoming)
        if method.uppercased() != "GET" { try await save() }
        var replyHeaders = [
            ("x-ms-request-id", UUID().uuidString.lowercased()),
            ("x-ms-correlation-request-id", UUID().uuidString.lowercased()),
        ]
        replyHeaders += reply.headers
        var data = Data()
        if let json = reply.body {
            replyHeaders.append(("Content-Type", "application/json; charset=utf-8"))
            data = json.data()
        }
        return (reply.status, replyHeaders, data)
    }

    /// Writes the world's resources to the state file (atomically). The snapshot and the write
    /// happen in one step of the world's actor, so concurrent writers cannot save an older
    /// snapshot over a newer one.
    public func save() async throws {
        try await emulator.world.saveSnapshot(to: statePath, world: worldPath)
    }

    /// Reads the world file (a JSON array of documents, or one document / example file).
    static func worldFile(at path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmulatorError("cannot read the sandbox world file \(path)")
        }
        do { _ = try JSON.parse(data) } catch { throw EmulatorError("the sandbox world file \(path) is not JSON") }
        return data
    }

    private static func loadState(at path: String, world: String) throws -> [World.Stored]? {
        guard let data = FileManager.default.contents(atPath: path), let state = try? JSON.parse(data),
            state["format"] == .int(1), state["world"]?.string == world, let items = state["resources"]?.array
        else { return nil }
        return items.compactMap { item in
            guard let doc = item["document"], let etag = item["etag"]?.string else { return nil }
            return World.Stored(doc: doc, etag: etag)
        }
    }
}

extension World {
    /// Every stored resource document with its etag, ordered by id.
    func snapshot() -> [Stored] {
        resources.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Writes ``snapshot()`` to the sandbox state file at `path`, atomically, without suspending.
    func saveSnapshot(to path: String, world: String) throws {
        let state = JSON.object([
            "format": .int(1), "world": .string(world),
            "resources": .array(snapshot().map { .object(["etag": .string($0.etag), "document": $0.doc]) }),
        ])
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try state.data().write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Puts back resources saved by ``snapshot()``.
    func restore(_ entries: [Stored]) {
        for entry in entries {
            guard let id = entry.doc["id"]?.string, let path = ResourcePath(id: id) else { continue }
            resources[path.key] = entry
        }
    }
}
