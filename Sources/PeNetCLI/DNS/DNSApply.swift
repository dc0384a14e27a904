import ARMNetwork
import ArgumentParser
import Foundation
import Resolver

/// `pe-net dns apply`: make the private DNS match the plan, exactly as `dns plan` prints it.
struct DNSApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create or correct the private DNS zone, vnet links and A record the endpoints need.",
        discussion: """
            Runs the same discovery and plan as `dns plan`, prints it, asks for confirmation (--yes \
            skips it; without a terminal --yes is required), then performs exactly those changes: \
            creates with If-None-Match: *, updates with If-Match on the etag read for the plan, waits \
            for each operation and for links to reach Completed. A resource changed by someone else \
            in between fails with 'run plan again'. --plan-file executes a plan saved with `dns plan -o json` \
            instead of planning again. --verify-with <ip[:port]> then asks that DNS \
            server for the name clients use and fails (exit 3) unless it resolves to the endpoint IP.
            """
    )

    @OptionGroup var target: PrivateDNSTargetOptions
    @OptionGroup var behaviour: PrivateDNSPlanOptions

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Flag(help: "Print the plan and stop (same as dns plan).")
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "Execute this saved plan (`dns plan -o json > plan.json`) instead of planning again; etags read for it guard against changes since.",
            valueName: "file"))
    var planFile: String?

    @Option(
        help: ArgumentHelp(
            "After applying, check resolution through this DNS server (ip, ip:port or [ipv6]:port).",
            valueName: "server"))
    var verifyWith: String?

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let verifyWith {
            do { _ = try DNSServer(parsing: verifyWith) } catch { throw ValidationError("--verify-with: \(error)") }
        }
    }

    /// The JSON document `-o json` prints.
    struct Report: Encodable {
        var plan: PrivateDNSPlan
        var outcomes: [PrivateDNSOutcome]
        var verification: [ResolutionResult]?
    }

    func run() async throws {
        let (plan, client) = try await planAndClient()
        if !output.format.isJSON { print(PrivateDNSReport.text(plan, guidance: false, strict: behaviour.strict)) }
        if dryRun || plan.blockingFindings(strict: behaviour.strict).isEmpty == false {
            if output.format.isJSON { try CLIOutput.printJSON(Report(plan: plan, outcomes: [])) }
            try PrivateDNSSession.stopIfBlocked(plan, strict: behaviour.strict)
            return
        }
        var outcomes: [PrivateDNSOutcome] = []
        if plan.hasChanges {
            try confirm(plan)
            let text = !output.format.isJSON
            outcomes = await PrivateDNSExecutor(client: client).apply(plan) { outcome in
                guard text, outcome.change.isWrite else { return }
                let status = outcome.result.rawValue
                let detail = outcome.error.map { ": \($0)" } ?? ""
                print(
                    "\(status.padding(7)) \(outcome.change.action.rawValue) \(outcome.change.resource.kind) \(outcome.change.resource.displayName)\(detail)"
                )
            }
        }
        let failed = outcomes.filter(\.failed)
        var verification: [ResolutionResult]?
        if failed.isEmpty, let verifyWith {
            let server = try DNSServer(parsing: verifyWith)
            let results = await ResolutionVerifier(resolver: DNSClient(server: server)).verify(
                try PrivateDNSSession.expectations(for: plan))
            verification = results
            if !output.format.isJSON {
                for result in results { print(DNSVerify.line(for: result)) }
            }
        }
        if output.format.isJSON {
            try CLIOutput.printJSON(Report(plan: plan, outcomes: outcomes, verification: verification))
        } else {
            let written = outcomes.filter { $0.result == .done }.count
            print(
                plan.hasChanges
                    ? "Applied \(written) of \(plan.changes.filter(\.isWrite).count) change(s)."
                    : PrivateDNSReport.summary(plan))
            for item in plan.guidance {
                print("")
                print(item.text)
            }
        }
        if !failed.isEmpty {
            for outcome in failed { CLIOutput.printError("error: \(outcome.error ?? outcome.change.resource.id.path)") }
            throw PeNetExit.failure
        }
        if let verification, !verification.allSatisfy(\.passed) { throw PeNetExit.checkFailed }
    }

    /// The plan to execute: the saved one (checked against --instance and --endpoint), or a new one.
    func planAndClient() async throws -> (PrivateDNSPlan, ARMClient) {
        guard let planFile else {
            return try await PrivateDNSSession.plan(
                target: target, azure: azure, output: output, adopt: behaviour.adopt)
        }
        let plan: PrivateDNSPlan
        do {
            plan = try JSONDecoder().decode(PrivateDNSPlan.self, from: Data(contentsOf: URL(fileURLWithPath: planFile)))
        } catch {
            throw ValidationError(
                "--plan-file \(planFile) is not a plan written by `pe-net dns plan -o json`: \(error)")
        }
        let (instanceID, endpointIDs, _) = try target.resolve(azure: azure, adopt: behaviour.adopt)
        let planned = Set(plan.placements.map(\.endpoint.id))
        guard plan.instance.id == instanceID, planned == Set(endpointIDs)
        else {
            throw ValidationError(
                "--plan-file \(planFile) was made for instance \(plan.instance.name) and other endpoints; plan again for these"
            )
        }
        return (plan, try azure.makeClient(verbose: output.verbose))
    }

    /// Asks on a terminal; without one, `--yes` is required (nothing has been written yet).
    func confirm(_ plan: PrivateDNSPlan) throws {
        guard !yes else { return }
        guard isatty(STDIN_FILENO) == 1 else {
            CLIOutput.printError("apply needs --yes when standard input is not a terminal; nothing was changed")
            throw PeNetExit.usage
        }
        FileHandle.standardOutput.write(Data("Apply \(plan.changes.filter(\.isWrite).count) change(s)? [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            print("Nothing was changed.")
            throw PeNetExit.success
        }
    }
}
