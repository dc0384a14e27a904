import ARMNetwork
import DesiredState
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `pe-net import` in the sandbox: the file for each example world (golden), the round trip
/// import → `plan -f --expect-no-changes` on worlds where approvals and private DNS exist, and bad
/// input.
@Suite("pe-net import", .tags(.emulator))
struct ImportCLITests {
    static let subscription = "00000000-1111-2222-3333-444444444444"
    static let worlds = ["estate", "separate", "peered", "same", "hub-and-spoke", "forbidden-linked"]

    /// A state folder and an output folder of their own; removed afterwards.
    struct Scratch {
        let directory: URL
        let cli: InProcessCLI

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pe-net-import-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            cli = InProcessCLI(variables: ["XDG_STATE_HOME": directory.path, "HOME": directory.path])
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        static func world(_ name: String) -> String {
            TestPaths.packageRoot.appendingPathComponent("examples/worlds/\(name).json").path
        }

        /// Runs a command against the sandbox of `world`.
        func run(_ arguments: [String], world: String) async -> InProcessCLI.Result {
            await cli.run(arguments + ["--sandbox", Self.world(world)])
        }

        /// Imports the instances of the example subscription into `name` and returns the text.
        func importFile(_ name: String, world: String, extra: [String] = []) async throws -> String {
            let run = await self.run(
                ["import", "--subscription", ImportCLITests.subscription, "--out", path(name)] + extra, world: world)
            #expect(run.status == 0, "\(run)")
            return try String(contentsOfFile: path(name), encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test("the file for each example world", arguments: worlds)
    func golden(_ world: String) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = await scratch.run(
            ["import", "--subscription", Self.subscription, "--sandbox-reset", "-q"], world: world)
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.isEmpty, "\(run)")
        try Golden.check(run.stdout, named: "import/\(world).yaml", in: "PeNetCLITests")
        // What was written loads, and planning it against the same world changes nothing.
        let file = try PeNetFile.parse(run.stdout, source: "\(world).yaml")
        #expect(!file.instances.isEmpty)
        try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: scratch.path("pe-net.yaml")))
        let plan = await scratch.run(["plan", "-f", scratch.path("pe-net.yaml"), "--expect-no-changes"], world: world)
        #expect(plan.status == 0, "\(plan)")
    }

    /// The example estate applied (a partner approved, private DNS for both instances), one more
    /// connection rejected: the file approves both subscriptions, rejects the rejected endpoint,
    /// and describes both instances' DNS.
    @Test("estate after apply: import, then plan -f shows no changes")
    func estateRoundTrip() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let estate = TestPaths.packageRoot.appendingPathComponent("examples/estate.yaml").path
        let apply = await scratch.run(["apply", "-f", estate, "--yes", "--sandbox-reset"], world: "estate")
        #expect(apply.status == 0, "\(apply)")
        let sales =
            "/subscriptions/\(Self.subscription)/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"
        let reject = await scratch.run(
            ["endpoints", "reject", "--instance", sales, "--endpoint", "pe-unknown", "--yes"], world: "estate")
        #expect(reject.status == 0, "\(reject)")

        let text = try await scratch.importFile("estate.yaml", world: "estate")
        try Golden.check(text, named: "import/estate-applied.yaml", in: "PeNetCLITests")
        let file = try PeNetFile.load(path: scratch.path("estate.yaml"))
        #expect(file.instances.count == 2)
        #expect(file.instances.allSatisfy { $0.dns != nil }, "\(text)")
        let salesSpec = try #require(file.instances.first { $0.instance.name == "sales-mi" })
        #expect(salesSpec.approval.reject.count == 1 && salesSpec.approval.reject[0].hasSuffix("/pe-unknown"))
        #expect(Set(salesSpec.approval.subscriptions).count == 2, "\(text)")
        #expect(salesSpec.dns?.endpoints?.map(\.name) == ["pe-sales-mi"], "\(text)")
        let hr = try #require(file.instances.first { $0.instance.name == "hr-mi" })
        #expect(hr.dns?.options.zoneName == "privatelink.site")

        let plan = await scratch.run(
            ["plan", "-f", scratch.path("estate.yaml"), "--expect-no-changes"], world: "estate")
        #expect(plan.status == 0, "\(plan)")
        #expect(plan.stdout.contains("No changes"), "\(plan)")

        // The link is a commented block; with SQL Server's name and certificate filled in and
        // uncommented it describes the existing link: still no changes.
        let certificate = TestPaths.packageRoot.appendingPathComponent("examples/certs/sqlsrv01.cer").path
        var uncommented: [String] = []
        var inLinks = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("    # links:") && line.hasSuffix("links:") {
                inLinks = true
                uncommented.append("    links:")
                continue
            }
            if inLinks, line.hasPrefix("    #   ") {
                uncommented.append(
                    "    "
                        + line.dropFirst(6)
                        .replacingOccurrences(of: "<@@SERVERNAME of SQL Server>", with: "SQLSRV01")
                        .replacingOccurrences(
                            of: "<SQL Server's certificate: a .cer file or the 0x… blob>", with: certificate))
                continue
            }
            inLinks = false
            uncommented.append(line)
        }
        let withLinks = uncommented.joined(separator: "\n")
        #expect(
            withLinks.contains("- dag: DAG_SalesDB") && withLinks.contains("sqlEndpoint: 10.40.0.4"), "\(withLinks)")
        try withLinks.write(toFile: scratch.path("estate-links.yaml"), atomically: true, encoding: .utf8)
        let linkPlan = await scratch.run(
            ["plan", "-f", scratch.path("estate-links.yaml"), "--expect-no-changes"], world: "estate")
        #expect(linkPlan.status == 0, "\(linkPlan)\n\(withLinks)")
        #expect(linkPlan.stdout.contains("link DAG_SalesDB exists"), "\(linkPlan)")
    }

    /// Separate vnets after `dns apply` with a TTL of its own: the file keeps the TTL and names
    /// no zone (the privatelink name is the rule for separate vnets).
    @Test("separate, with DNS of its own TTL: import, then plan -f shows no changes")
    func separateRoundTrip() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let instance = SandboxTests.instance
        let dns = await scratch.run(
            [
                "dns", "apply", "--instance", instance, "--endpoint", SandboxTests.endpoint, "--ttl", "300", "--yes",
                "--sandbox-reset",
            ], world: "separate")
        #expect(dns.status == 0, "\(dns)")
        let text = try await scratch.importFile("separate.yaml", world: "separate")
        #expect(text.contains("ttl: 300"), "\(text)")
        #expect(text.contains("resourceGroup: app-rg"), "\(text)")
        #expect(!text.contains("zoneName"), "\(text)")
        let plan = await scratch.run(
            ["plan", "-f", scratch.path("separate.yaml"), "--expect-no-changes"], world: "separate")
        #expect(plan.status == 0, "\(plan)")
    }

    /// Peered vnets after `dns apply` with a zone name of its own: the file names that zone.
    @Test("peered, with a custom zone: import, then plan -f shows no changes")
    func peeredRoundTrip() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let instance =
            "/subscriptions/\(Self.subscription)/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/hr-mi"
        let endpoint =
            "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/pe-hr-mi"
        let dns = await scratch.run(
            [
                "dns", "apply", "--instance", instance, "--endpoint", endpoint, "--zone-name", "sql.corp.internal",
                "--dns-resource-group", "dns-rg", "--dns-subscription", Self.subscription, "--yes", "--sandbox-reset",
            ], world: "peered")
        #expect(dns.status == 0, "\(dns)")
        let text = try await scratch.importFile("peered.yaml", world: "peered")
        let file = try PeNetFile.load(path: scratch.path("peered.yaml"))
        let options = try #require(file.instances.first?.dns?.options, "\(text)")
        #expect(options.zoneName == "sql.corp.internal")
        #expect(options.placement == DNSPlacement(subscription: Self.subscription, resourceGroup: "dns-rg"))
        #expect(!text.contains("dns:\n      subscription:"), "the zone subscription is the default: \(text)")
        let plan = await scratch.run(
            ["plan", "-f", scratch.path("peered.yaml"), "--expect-no-changes"], world: "peered")
        #expect(plan.status == 0, "\(plan)")
    }

    /// A Data Factory path applied from a file (existing VMs as forwarders): import describes it
    /// from its Private Link Service and load balancer, and planning the import changes nothing.
    @Test("a Data Factory path: import, then plan -f shows no changes")
    func dataFactoryPathRoundTrip() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try await ARMEmulatorInProcess.with(world: DataFactoryPathWorld.documents()) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            try await DesiredStateCLITests.withFile(allowChange: true) { file in
                let apply = await cli.run(["apply", "-f", file, "--yes"])
                #expect(apply.status == 0, "\(apply)")
            }
            let out = scratch.path("adf.yaml")
            try await emulator.clearRequestLog()
            let run = await cli.run(["import", "--subscription", DataFactoryPathWorld.subscription, "--out", out])
            #expect(run.status == 0, "\(run)")
            let writes = try await emulator.requestLog().filter {
                !["GET", "POST"].contains($0.method) || ($0.method == "POST" && !$0.path.contains("ResourceGraph"))
            }
            #expect(writes.isEmpty, "import wrote: \(writes.map { "\($0.method) \($0.path)" })")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            try Golden.check(text, named: "import/adf-applied.yaml", in: "PeNetCLITests")
            let imported = try PeNetFile.load(path: out)
            let path = try #require(imported.dataFactoryPaths.first, "\(text)")
            #expect(path.instances.map(\.port) == [1433, 1434])
            #expect(path.loadBalancer == "myLoadBalancer" && path.privateLinkService == "myPrivateLinkService")
            #expect(
                path.forwarders
                    == .networkInterfaces([
                        try ResourceID(parsing: DataFactoryPathWorld.nic1),
                        try ResourceID(parsing: DataFactoryPathWorld.nic2),
                    ]))
            let plan = await cli.run(["plan", "-f", out, "--expect-no-changes"])
            #expect(plan.status == 0, "\(plan)")
        }
    }

    /// No right to list Private Link Services: the instances are still imported, and the file and
    /// standard error say the paths could not be searched.
    @Test("a failing search for Data Factory paths is a comment, not a failure")
    func pathSearchRefused() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try await ARMEmulatorInProcess.with(worldFile: URL(fileURLWithPath: Scratch.world("separate"))) { emulator in
            try await emulator.setFaults(
                #"{"script":[{"fault":"status","status":403,"code":"AuthorizationFailed","method":"GET","pathContains":"/privateLinkServices","times":100}]}"#
            )
            let run = await InProcessCLI(armEndpoint: emulator.baseURL).run(
                ["import", "--subscription", Self.subscription])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("# Data Factory paths could not be searched"), "\(run)")
            #expect(run.stderr.contains("AuthorizationFailed") || run.stderr.contains("403"), "\(run)")
            #expect(try PeNetFile.parse(run.stdout, source: "x.yaml").instances.count == 1)
        }
    }

    @Test("--instance by name, repeated, with -g; JSON summary")
    func instanceByName() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = await scratch.run(
            [
                "import", "--instance", "sales-mi", "--instance", "sales-mi", "-g", "mi-rg", "--subscription",
                Self.subscription, "-o", "json", "--sandbox-reset",
            ], world: "estate")
        #expect(run.status == 0, "\(run)")
        let report = try JSONDecoder().decode(ImportReport.self, from: Data(run.stdout.utf8))
        #expect(report.instances.map(\.instance.name) == ["sales-mi"])
        #expect(report.instances.first?.pending == 2)
        let text = try #require(report.file)
        #expect(text.contains("  - instance: sales-mi\n"), "\(text)")
    }

    @Test("an instance that does not exist: one line naming it, nothing written")
    func missingInstance() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.path("out.yaml")
        let run = await scratch.run(
            [
                "import", "--instance", "sales-mi", "--instance", "nope-mi", "-g", "mi-rg", "--subscription",
                Self.subscription, "--out", out,
            ], world: "separate")
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("nope-mi"), "\(run)")
        #expect(run.stderr.split(separator: "\n").count <= 2, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(
        "bad command lines exit 64 and write nothing",
        arguments: [
            ([String](), "needs what to import"),
            (["--force"], "--force needs --out"),
            (["-g", "mi-rg"], "needs a subscription"),
        ])
    func badInput(_ arguments: [String], _ expected: String) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = await scratch.run(["import"] + arguments, world: "separate")
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains(expected), "\(run)")
        #expect(run.stdout.isEmpty)
    }

    @Test("an existing --out is kept unless --force")
    func existingOut() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.path("pe-net.yaml")
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: out))
        let refused = await scratch.run(
            ["import", "--subscription", Self.subscription, "--out", out], world: "separate")
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("--force"), "\(refused)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "mine\n")
        let forced = await scratch.run(
            ["import", "--subscription", Self.subscription, "--out", out, "--force"], world: "separate")
        #expect(forced.status == 0, "\(forced)")
        #expect(try PeNetFile.load(path: out).instances.count == 1)
    }

    @Test("the approval policy never matches a connection that is not Approved or Rejected")
    func approvalPolicy() throws {
        let instance = try ResourceID(parsing: SandboxTests.instance)
        func connection(_ name: String, _ subscription: String, _ group: String, _ status: ConnectionStatus) throws
            -> ConnectionSnapshot
        {
            let endpoint = try ResourceID(
                subscription: subscription, resourceGroup: group, namespace: "Microsoft.Network",
                type: "privateEndpoints", name: name)
            return ConnectionSnapshot(
                name: name, id: try instance.child("privateEndpointConnections", name), privateEndpointID: endpoint,
                status: status, description: nil, provisioningState: "Succeeded")
        }
        let (a, b) = ("aaaaaaaa-0000-0000-0000-000000000000", "bbbbbbbb-0000-0000-0000-000000000000")
        let connections = [
            try connection("ok-1", a, "app", .approved),
            try connection("ok-2", b, "app", .approved),
            try connection("ok-3", b, "shared", .approved),
            try connection("wait", b, "shared", .pending),
            try connection("no", a, "other", .rejected),
        ]
        let (policy, notes) = ImportedApproval.derive(connections)
        #expect(policy.subscriptions == [a])
        #expect(policy.resourceGroups == [.init(subscription: b, name: "app")])
        #expect(policy.reject.count == 1 && policy.reject[0].hasSuffix("/privateEndpoints/no"))
        #expect(notes.count == 1 && notes[0].contains("ok-3") && notes[0].contains("wait"), "\(notes)")
        for item in connections {
            let verdict = policy.verdict(for: item)
            switch item.status {
            case .pending: #expect(verdict == .leave)
            case .rejected: #expect(verdict == .reject)
            default: #expect(verdict != .reject)
            }
        }
    }
}

/// The writer on its own: what no example world has (only pending connections, text that needs
/// quoting, a zone elsewhere) still loads as written.
@Suite("pe-net.yaml writer")
struct PeNetFileWriterTests {
    @Test("pending only, odd request messages, DNS in another subscription: loads back as written")
    func loadsBack() throws {
        let instance = try ResourceID(parsing: SandboxTests.instance)
        let other = try ResourceID(
            subscription: "aaaaaaaa-0000-0000-0000-000000000000", resourceGroup: "rg-2", namespace: "Microsoft.Sql",
            type: "managedInstances", name: "mi-2")
        let endpoint = try ResourceID(parsing: SandboxTests.endpoint)
        let pending = ConnectionSnapshot(
            name: "pe-1", id: try instance.child("privateEndpointConnections", "pe-1"), privateEndpointID: endpoint,
            status: .pending, description: "line one\nline: two # \"quoted\"")
        let dns = InstanceSpec.DNS(
            endpoints: [endpoint],
            options: PrivateDNSOptions(
                zoneName: "db.corp.example",
                placement: DNSPlacement(subscription: "bbbbbbbb-0000-0000-0000-000000000000", resourceGroup: "dns-rg"),
                ttl: 60))
        let text = PeNetFileWriter.render(
            [
                ImportedInstance(spec: InstanceSpec(instance: instance), connections: [pending]),
                ImportedInstance(
                    spec: InstanceSpec(instance: other, dns: dns), dnsNotes: ["a note: with # and 'quotes'"]),
            ], header: ["header"])
        let file = try PeNetFile.parse(text, source: "written.yaml")
        #expect(file.instances.map(\.instance) == [instance, other])
        #expect(file.instances[0].approval == ApprovalPolicy())
        #expect(file.instances[1].dns == dns)
        #expect(text.contains("#   ") == false)
        #expect(text.contains(#"request message "line one\nline: two # \"quoted\"""#), "\(text)")
        #expect(PeNetFileWriter.scalar("true") == "\"true\"")
        #expect(PeNetFileWriter.scalar("1433") == "\"1433\"")
        #expect(PeNetFileWriter.scalar("mi-rg") == "mi-rg")
        #expect(PeNetFileWriter.scalar("a b") == "\"a b\"")
    }
}
