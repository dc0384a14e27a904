import ArgumentParser
import Foundation
import MILink

/// `pe-net link plan`: checks invariants N1–N10 offline, then writes the numbered, idempotent
/// T-SQL scripts (one per setup state) and one JSON body per ARM call.
struct LinkPlanCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Check the link's names offline and write its numbered T-SQL scripts and ARM bodies.",
        discussion: """
            Nothing is contacted. Every invariant (names, FQDN, port 5022, one database per link, \
            certificate expiry, version) is checked first; any failure prints one line naming the flag \
            and the fix, and nothing is written. Otherwise writes NN-<step>.sql files (run on SQL Server, \
            each guarded so it can run again) and arm/NN-<call>.json bodies into --output-dir, rewriting \
            only files that change, and prints the order to run them in.
            """
    )

    @OptionGroup var link: LinkFlags

    @Flag(help: "Say which files would change, write nothing.")
    var dryRun = false

    @OptionGroup var output: OutputOptions

    /// The `-o json` document (documented in the README).
    struct Document: Encodable {
        /// One file and what happened to it: `wrote`, `unchanged`, `would write`.
        struct File: Encodable {
            var path: String
            var status: String
        }
        var outputDir: String
        var dryRun: Bool
        var apiVersion: String
        var steps: [LinkStep]
        var files: [File]
        var findings: [LinkFinding]
    }

    func run(_ env: Environment) async throws {
        let directory = URL(fileURLWithPath: link.outputDir)
            .standardizedFileURL
        let (parameters, findings) = LinkInvariants.validate(link.request, today: CalendarDay(env.clock.now()))
        let errors = findings.filter { $0.severity == .error }
        guard let parameters, errors.isEmpty else {
            try refuse(errors, findings: findings, directory: directory, env: env)
            return
        }
        let plan: LinkPlan
        do {
            plan = try LinkPlan.render(parameters)
        } catch {
            throw PeNetError.failure(error.description, code: "link.render")
        }
        let files = try write(plan.files, to: directory, env: env)
        if env.reporter.isJSON {
            try env.reporter.json(
                Document(
                    outputDir: directory.path, dryRun: dryRun, apiVersion: LinkPlan.apiVersion, steps: plan.steps,
                    files: files, findings: findings))
            return
        }
        for finding in findings.sorted(by: { $0.severity > $1.severity }) {
            if finding.severity == .warning {
                env.reporter.warning(finding.description)
            } else {
                env.reporter.note(finding.description)
            }
        }
        env.reporter.text(
            files.map { "\($0.status) \(directory.appendingPathComponent($0.path).path)" }.joined(separator: "\n"))
        env.reporter.text("\nRun in this order (SQL Server: the script as sysadmin; ARM: the call, @file is its body):")
        let rows = plan.steps.enumerated().map { index, step in
            var run = step.file ?? ""
            if step.target == .arm {
                run = "\(step.method ?? "") \(Self.shortPath(step.path ?? ""))" + (step.file.map { " @\($0)" } ?? "")
            }
            return [String(index + 1), step.state, step.target == .arm ? "ARM" : "SQL Server", run, step.summary]
        }
        env.reporter.table(["#", "STATE", "WHERE", "RUN", "WHAT"], rows)
    }

    /// The path after the instance, e.g. `distributedAvailabilityGroups/DAG_db`.
    static func shortPath(_ path: String) -> String {
        guard let range = path.range(of: "/managedInstances/") else { return path }
        let rest = path[range.upperBound...].split(separator: "/", maxSplits: 1)
        return rest.count == 2 ? String(rest[1].split(separator: "?").first ?? rest[1]) : path
    }

    /// Every error on its own line; nothing written. In JSON the document carries the findings.
    func refuse(_ errors: [LinkFinding], findings: [LinkFinding], directory: URL, env: Environment) throws {
        if env.reporter.isJSON {
            try env.reporter.json(
                Document(
                    outputDir: directory.path, dryRun: dryRun, apiVersion: LinkPlan.apiVersion, steps: [], files: [],
                    findings: findings))
        }
        for error in errors.dropLast() {
            env.reporter.report(.usage(error.description, code: "link.\(error.invariant)"))
        }
        let last = errors.last.map { PeNetError.usage($0.description, code: "link.\($0.invariant)") }
        throw last ?? PeNetError.usage("the link's flags are invalid; nothing was written", code: "link.invalid")
    }

    /// Write-if-changed into `directory` (created when missing), or only report with --dry-run.
    func write(_ files: [LinkFile], to directory: URL, env: Environment) throws -> [Document.File] {
        try Self.write(files, to: directory, outputDir: link.outputDir, dryRun: dryRun)
    }

    /// Write-if-changed of `files` under `directory` (nothing with `dryRun`); the status of each.
    static func write(_ files: [LinkFile], to directory: URL, outputDir: String, dryRun: Bool) throws
        -> [Document.File]
    {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw PeNetError.usage(
                "--output-dir \(outputDir) is a file, not a directory; pass a directory", resource: directory.path)
        }
        var report: [Document.File] = []
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            let current = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
            if current == file.content {
                report.append(.init(path: file.path, status: "unchanged"))
            } else if dryRun {
                report.append(.init(path: file.path, status: "would write"))
            } else {
                do {
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(file.content.utf8).write(to: url, options: .atomic)
                } catch {
                    throw PeNetError.failure(
                        "cannot write \(url.path): \(error.localizedDescription)", resource: url.path)
                }
                report.append(.init(path: file.path, status: "wrote"))
            }
        }
        return report
    }
}
