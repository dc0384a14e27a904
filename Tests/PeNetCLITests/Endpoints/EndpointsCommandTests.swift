import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `pe-net endpoints` against the ARM emulator: in-process, and the built binary where the
/// process itself matters (a real terminal, `--verbose` logging).
@Suite("pe-net endpoints against the ARM emulator", .tags(.emulator))
struct EndpointsCommandTests {
    @Test("Done-when: approve --all-pending, rerun, refuse the Rejected one, list -o json")
    func doneWhen() async throws {
        let mi = MIWorld(name: "mi-done")
        try await ARMEmulatorInProcess.with(
            world: mi.documents([
                ("pec-pending", "Pending"), ("pec-approved", "Approved"), ("pec-rejected", "Rejected"),
            ])
        ) { emulator in
            let first = try await PeNetRun.run(
                ["endpoints", "approve", "--instance", mi.id, "--all-pending", "--yes", "-o", "json"], emulator)
            #expect(first.status == 0, "\(first)")
            let report = try JSONDecoder().decode(ConnectionRunReport.self, from: Data(first.stdout.utf8))
            #expect(report.plan.map(\.connection.name) == ["pec-pending"])
            #expect(report.results.map(\.result) == [.succeeded])
            #expect(report.results.first?.status == .approved)
            #expect(report.failed == 0)

            let second = try await PeNetRun.run(
                ["endpoints", "approve", "--instance", mi.id, "--all-pending"], emulator)
            #expect(second.status == 0, "\(second)")
            #expect(second.stdout.contains("no Pending connections on instance mi-done; nothing to do"), "\(second)")

            let rejected = try await PeNetRun.run(
                ["endpoints", "approve", "--instance", mi.id, "--name", "pec-rejected"], emulator)
            #expect(rejected.status == 1, "\(rejected)")
            #expect(rejected.stdout.contains("cannot approve pec-rejected"), "\(rejected)")
            #expect(rejected.stdout.contains("recreate the private endpoint, or set its connection back to Pending"))
            #expect(rejected.stdout.hasPrefix("plan for mi-done:\n"), "\(rejected)")
            #expect(rejected.stderr.contains("1 of 1 selected connection(s) failed"), "\(rejected)")

            let states = try await mi.listStates(emulator)
            #expect(states == ["pec-pending": .approved, "pec-approved": .approved, "pec-rejected": .rejected])
            let puts = try await emulator.requestLog().filter { $0.method == "PUT" }
            #expect(puts.map(\.path) == ["\(mi.id)/privateEndpointConnections/pec-pending"])
        }
    }

    @Test("The state machine through every command")
    func stateMachine() async throws {
        let mi = MIWorld(name: "mi-states")
        try await ARMEmulatorInProcess.with(
            world: mi.documents([
                ("p1", "Pending"), ("p2", "Pending"), ("a1", "Approved"), ("r1", "Rejected"), ("p3", "Pending"),
            ])
        ) { emulator in
            func run(_ arguments: String...) async throws -> PeNetRun.Result {
                try await PeNetRun.run(["endpoints"] + arguments + ["--instance", mi.id], emulator)
            }
            // Dry run: prints the plan, sends no write.
            let dry = try await run("approve", "--all-pending", "--dry-run")
            #expect(dry.status == 0, "\(dry)")
            #expect(dry.stdout.contains("plan for mi-states (dry run, nothing is changed):"))
            #expect(dry.stdout.contains("approve p1 (private endpoint pe-p1): Pending -> Approved"))
            #expect(try await emulator.requestLog().allSatisfy { $0.method == "GET" })

            // Reject a Pending one chosen by its endpoint name.
            let reject = try await run("reject", "--endpoint", "pe-p1", "--description", "not ours", "--yes")
            #expect(reject.status == 0, "\(reject)")
            #expect(reject.stdout.contains("rejected p1: now Rejected"), "\(reject)")

            // Approve by full endpoint id; approving an Approved one is a no-op.
            let byID = try await run("approve", "--endpoint", mi.endpointID("p2"))
            #expect(byID.status == 0, "\(byID)")
            let again = try await run("approve", "--name", "p2", "a1")
            #expect(again.status == 0, "\(again)")
            #expect(again.stdout.contains("p2 (private endpoint pe-p2) is already Approved; nothing to do"))
            #expect(again.stdout.contains("0 done, 2 unchanged, 0 failed"), "\(again)")

            // Rejecting an Approved one is explained and refused.
            let revoke = try await run("reject", "--name", "a1", "--yes")
            #expect(revoke.status == 1, "\(revoke)")
            #expect(
                revoke.stdout.contains(
                    "to revoke it, delete it: pe-net endpoints delete --instance \(mi.id) --name a1 --yes"), "\(revoke)"
            )

            // Rejecting a Rejected one is a no-op.
            let rejectAgain = try await run("reject", "--name", "r1", "--yes")
            #expect(rejectAgain.status == 0, "\(rejectAgain)")

            // A name that matches nothing is bad input and nothing changes.
            let unknown = try await run("approve", "--name", "p3", "nope")
            #expect(unknown.status == 64, "\(unknown)")
            #expect(
                unknown.stderr.contains("no connection 'nope' on instance mi-states; nothing was changed"), "\(unknown)"
            )

            // Delete needs --yes without a terminal, and then revokes.
            let refused = try await run("delete", "--name", "a1")
            #expect(refused.status == 64, "\(refused)")
            #expect(refused.stderr.contains("fix: pe-net endpoints delete --name a1 --instance"), "\(refused)")
            #expect(refused.stderr.hasSuffix(" --yes\n"), "\(refused)")
            let deleted = try await run("delete", "--name", "a1", "--yes")
            #expect(deleted.status == 0, "\(deleted)")
            #expect(deleted.stdout.contains("deleted a1"), "\(deleted)")

            // --no-wait returns once ARM accepted; the operation still lands.
            let noWait = try await run("approve", "--name", "p3", "--no-wait", "-o", "json")
            #expect(noWait.status == 0, "\(noWait)")
            let report = try JSONDecoder().decode(ConnectionRunReport.self, from: Data(noWait.stdout.utf8))
            #expect(report.results.map(\.result) == [.accepted])
            #expect(report.wait == false)

            let states = try await mi.listStates(emulator)
            #expect(states == ["p1": .rejected, "p2": .approved, "r1": .rejected, "p3": .approved])

            let list = try await run("list", "--status", "rejected")
            #expect(list.status == 0)
            #expect(list.stdout.split(separator: "\n").count == 3, "\(list)")
            #expect(list.stdout.contains("not ours"))
        }
    }

    @Test("delete asks on a real terminal: no keeps the connection (exit 2), yes deletes it", .tags(.binary))
    func deleteAsksOnATerminal() async throws {
        let mi = MIWorld(name: "mi-tty")
        try await ARMEmulatorInProcess.with(world: mi.documents([("a1", "Approved"), ("a2", "Approved")])) { emulator in
            let arguments = ["endpoints", "delete", "--instance", mi.id, "--name", "a1"]
            let declined = try await PeNetRun.run(arguments, emulator, terminalInput: "n\n", binary: true)
            #expect(declined.status == 2, "\(declined)")
            #expect(declined.stdout.contains("delete 1 connection(s) on instance mi-tty? [y/N]"), "\(declined)")
            #expect(
                declined.stdout.contains("pe-net: error: cancelled at the confirmation prompt; nothing was changed"),
                "\(declined)")
            #expect(try await mi.listStates(emulator) == ["a1": .approved, "a2": .approved])

            let accepted = try await PeNetRun.run(arguments, emulator, terminalInput: "y\n", binary: true)
            #expect(accepted.status == 0, "\(accepted)")
            #expect(try await mi.listStates(emulator) == ["a2": .approved])
        }
    }

    @Test(
        "Help text of each endpoints command matches its golden file",
        arguments: ["list", "approve", "reject", "delete"])
    func helpText(command: String) async throws {
        let help = try await PeNetRun.run(["endpoints", command, "--help"], nil)
        #expect(help.status == 0, "\(help)")
        try FwdGolden.check(help.stdout, named: "endpoints-\(command)-help.txt", in: "PeNetCLITests")
    }

    @Test("The text of a mixed approve matches its golden file")
    func mixedApproveText() async throws {
        let mi = MIWorld(name: "mi-golden")
        try await ARMEmulatorInProcess.with(
            world: mi.documents([("p1", "Pending"), ("a1", "Approved"), ("r1", "Rejected"), ("d1", "Disconnected")])
        ) { emulator in
            let run = try await PeNetRun.run(
                ["endpoints", "approve", "--instance", mi.id, "--name", "p1", "a1", "r1", "d1", "--max-parallel", "1"],
                emulator)
            #expect(run.status == 1, "\(run)")
            try FwdGolden.check(run.stdout, named: "endpoints-approve-mixed.txt", in: "PeNetCLITests")
        }
    }

    @Test("--verbose logs each request with its ids on standard error, never the token", .tags(.binary))
    func verboseNeverPrintsTheToken() async throws {
        let mi = MIWorld(name: "mi-verbose")
        try await ARMEmulatorInProcess.with(world: mi.documents([("c1", "Pending")])) { emulator in
            let run = try await PeNetRun.run(
                [
                    "endpoints", "approve", "--instance", mi.id, "--all-pending", "--yes", "--verbose", "--cloud",
                    "AzureUSGovernment",
                ],
                emulator, binary: true)
            #expect(run.status == 0, "\(run)")
            #expect(run.stderr.contains("PUT \(mi.id)/privateEndpointConnections/c1"), "\(run)")
            #expect(run.stderr.contains("client request id"), "\(run)")
            #expect(!run.stderr.contains(PeNetRun.token) && !run.stdout.contains(PeNetRun.token))
        }
    }

    @Test("A bulk approve where one connection hits a 409: the others succeed, exit 1")
    func bulkWithOneConflict() async throws {
        let mi = MIWorld(name: "mi-409")
        let names = (1...6).map { "pec-\($0)" }
        try await ARMEmulatorInProcess.with(world: mi.documents(names.map { ($0, "Pending") })) { emulator in
            try await emulator.setFaults(
                #"{"script":[{"fault":"status","status":409,"code":"ConflictingServerOperation","message":"An operation is already in progress on connection pec-4.","method":"PUT","pathContains":"/privateEndpointConnections/pec-4","times":100}]}"#
            )
            let run = try await PeNetRun.run(
                [
                    "endpoints", "approve", "--instance", mi.id, "--all-pending", "--yes", "--max-parallel", "3", "-o",
                    "json",
                ],
                emulator)
            #expect(run.status == 1, "\(run)")
            let report = try JSONDecoder().decode(ConnectionRunReport.self, from: Data(run.stdout.utf8))
            #expect(report.failed == 1)
            let failed = try #require(report.results.first { $0.failed })
            #expect(failed.connection == "pec-4")
            #expect(failed.message.contains("409"), "\(failed.message)")
            #expect(failed.message.contains("ConflictingServerOperation"))
            let states = try await mi.listStates(emulator)
            #expect(states.filter { $0.value == .approved }.count == 5)
            #expect(states["pec-4"] == .pending)
        }
    }

    @Test("A 429 storm on reads and writes still converges")
    func throttleStorm() async throws {
        let mi = MIWorld(name: "mi-429")
        let names = (1...8).map { "pec-\($0)" }
        try await ARMEmulatorInProcess.with(world: mi.documents(names.map { ($0, "Pending") })) { emulator in
            // Every write is throttled three times (the most the retry policy allows) before it is
            // served, and the first reads are throttled too.
            let writes = names.map {
                #"{"fault":"throttle","method":"PUT","pathContains":"/privateEndpointConnections/\#($0)","times":3,"retryAfterMs":20}"#
            }
            let reads = [#"{"fault":"throttle","method":"GET","times":2,"retryAfterMs":20}"#]
            try await emulator.setFaults(#"{"script":[\#((reads + writes).joined(separator: ","))]}"#)
            let run = try await PeNetRun.run(
                ["endpoints", "approve", "--instance", mi.id, "--all-pending", "--yes"], emulator)
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("8 done, 0 unchanged, 0 failed"), "\(run)")
            let throttled = try await emulator.requestLog().filter { $0.status == 429 }
            #expect(throttled.count == 26)
            let states = try await mi.listStates(emulator)
            #expect(Set(states.values) == [.approved])
        }
    }

    @Test("A stopped instance is explained and nothing is sent")
    func stoppedInstance() async throws {
        let mi = MIWorld(name: "mi-stopped", state: "Stopped")
        try await ARMEmulatorInProcess.with(world: mi.documents([("pec-1", "Pending")])) { emulator in
            let run = try await PeNetRun.run(
                ["endpoints", "approve", "--instance", mi.id, "--all-pending", "--yes"], emulator)
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("managed instance mi-stopped is Stopped"), "\(run)")
            #expect(run.stderr.contains("az sql mi start -g rg-endpoints -n mi-stopped"), "\(run)")
            #expect(try await emulator.requestLog().allSatisfy { $0.method == "GET" })
            #expect(try await mi.listStates(emulator) == ["pec-1": .pending])
        }
    }

    @Test("An instance that stops while connections are approved: ARM's 400 is explained")
    func instanceStopsDuringApproval() async throws {
        let mi = MIWorld(name: "mi-stopping")
        try await ARMEmulatorInProcess.with(world: mi.documents([("pec-1", "Pending")])) { emulator in
            try await emulator.setFaults(
                #"{"script":[{"fault":"status","status":400,"code":"ManagedInstanceStoppingOrStopped","message":"The managed instance is stopping or stopped.","method":"PUT","times":5}]}"#
            )
            let run = try await PeNetRun.run(
                ["endpoints", "approve", "--instance", mi.id, "--all-pending", "--yes"], emulator)
            #expect(run.status == 1, "\(run)")
            #expect(run.stdout.contains("managed instance mi-stopping is stopped or stopping"), "\(run)")
            #expect(run.stdout.contains("az sql mi start"), "\(run)")
        }
    }

    @Test("list -o json decodes, with the endpoint's subscription and resource group")
    func listJSON() async throws {
        let mi = MIWorld(name: "mi-list")
        try await ARMEmulatorInProcess.with(world: mi.documents([("c1", "Pending"), ("c2", "Disconnected")])) {
            emulator in
            let run = try await PeNetRun.run(
                [
                    "endpoints", "list", "--instance", "mi-list", "-g", "rg-endpoints", "--subscription",
                    MIWorld.subscription, "-o", "json",
                ],
                emulator)
            #expect(run.status == 0, "\(run)")
            let rows = try JSONDecoder().decode([ConnectionListRow].self, from: Data(run.stdout.utf8))
            #expect(rows.map(\.name) == ["c1", "c2"])
            #expect(rows.map(\.status) == [.pending, .disconnected])
            #expect(rows[0].privateEndpoint.name == "pe-c1")
            #expect(rows[0].privateEndpoint.subscription == MIWorld.consumerSubscription)
            #expect(rows[0].privateEndpoint.resourceGroup == "consumer-rg")
            #expect(rows[0].provisioningState == "Ready")
            #expect(rows[0].description == "please approve c1")

            let missing = try await PeNetRun.run(["endpoints", "list", "--instance", "mi-list"], emulator)
            #expect(missing.status == 64, "a bare name needs -g: \(missing)")
        }
    }
}

/// A managed instance with connections, as emulator documents.
struct MIWorld {
    static let subscription = "0e0e0e0e-1111-2222-3333-444444444444"
    static let consumerSubscription = "55555555-6666-7777-8888-999999999999"
    let name: String
    var state = "Ready"

    var id: String {
        "/subscriptions/\(Self.subscription)/resourceGroups/rg-endpoints/providers/Microsoft.Sql/managedInstances/\(name)"
    }

    func endpointID(_ connection: String) -> String {
        "/subscriptions/\(Self.consumerSubscription)/resourceGroups/consumer-rg/providers/Microsoft.Network/privateEndpoints/pe-\(connection)"
    }

    func documents(_ connections: [(String, String)]) throws -> [Data] {
        let instance: [String: Any] = [
            "id": id, "name": name, "type": "Microsoft.Sql/managedInstances", "location": "westeurope",
            "properties": [
                "state": state, "provisioningState": "Succeeded", "dnsZone": "abc123",
                "fullyQualifiedDomainName": "\(name).abc123.database.windows.net",
            ],
        ]
        let children: [[String: Any]] = connections.map { connection, status in
            [
                "id": "\(id)/privateEndpointConnections/\(connection)", "name": connection,
                "type": "Microsoft.Sql/managedInstances/privateEndpointConnections",
                "properties": [
                    "privateEndpoint": ["id": endpointID(connection)],
                    "privateLinkServiceConnectionState": [
                        "status": status, "description": "please approve \(connection)", "actionsRequired": "None",
                    ],
                    "provisioningState": "Ready",
                ],
            ]
        }
        return try ([instance] + children).map { try JSONSerialization.data(withJSONObject: $0) }
    }

    /// The connections' states as the emulator holds them (read directly, not through pe-net).
    func listStates(_ emulator: some ARMEmulatorHarness) async throws -> [String: ConnectionSnapshot.Status] {
        let connections = try await ManagedInstanceConnections(
            client: emulator.client(), instance: ResourceID(parsing: id)
        ).list()
        return Dictionary(uniqueKeysWithValues: connections.map { ($0.name, $0.status) })
    }
}

/// One run of `pe-net`: in-process (the default) or the built binary with standard input from
/// /dev/null (not a terminal), or under `script` with `terminalInput`.
enum PeNetRun {
    typealias Result = InProcessCLI.Result

    /// The bearer token every run hands to pe-net; it must never appear in any output.
    static let token = InProcessCLI.token

    static var binary: URL { ARMEmulatorProcess.binaryURL.deletingLastPathComponent().appendingPathComponent("pe-net") }

    /// Runs `pe-net <arguments> --arm-endpoint <emulator>`. In-process, `terminalInput` lines are
    /// the answers of an interactive terminal. With `binary`, the built binary runs with
    /// `--access-token-file <tmp>`; with `terminalInput` too, under `script` so that its standard
    /// streams are a terminal fed that text (standard error then arrives merged into `stdout`).
    static func run(
        _ arguments: [String], _ emulator: (any ARMEmulatorHarness)?, terminalInput: String? = nil, binary: Bool = false
    ) async throws -> Result {
        guard binary else {
            var cli = InProcessCLI(armEndpoint: emulator?.baseURL)
            if let terminalInput {
                cli.terminal = ScriptedTerminal(
                    interactive: true, answers: terminalInput.split(separator: "\n").map(String.init))
            }
            return await cli.run(arguments)
        }
        return try await runBinary(arguments, emulator, terminalInput: terminalInput)
    }

    private static func runBinary(_ arguments: [String], _ emulator: (any ARMEmulatorHarness)?, terminalInput: String?)
        async throws -> Result
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pe-net-endpoints-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = directory.appendingPathComponent("token")
        try Data(Self.token.utf8).write(to: token)
        let out = directory.appendingPathComponent("stdout")
        let err = directory.appendingPathComponent("stderr")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        let full =
            arguments
            + (emulator.map { ["--arm-endpoint", $0.baseURL.absoluteString, "--access-token-file", token.path] } ?? [])
        if let terminalInput {
            let input = directory.appendingPathComponent("stdin")
            try Data(terminalInput.utf8).write(to: input)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            let command = ([binary.path] + full).map { "'\($0)'" }.joined(separator: " ")
            process.arguments = ["-qec", command, "/dev/null"]
            process.standardInput = try FileHandle(forReadingFrom: input)
        } else {
            process.executableURL = binary
            process.arguments = full
            process.standardInput = FileHandle.nullDevice
        }
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "AZURE_SUBSCRIPTION_ID")
        environment["COLUMNS"] = "100"
        process.environment = environment
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Result(
            status: status, stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}
