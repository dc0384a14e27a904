import ARMEmulatorCore
import ArgumentParser
import Foundation

/// `arm-emulator`: a local Azure Resource Manager for pe-net's tests and benchmarks.
@main
struct ARMEmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arm-emulator",
        abstract: "A local Azure Resource Manager emulator (resources, async operations, etags, faults, tokens).",
        discussion: """
            Prints 'listening on http://127.0.0.1:<port>' once ready. Admin endpoints: GET/DELETE \
            /_emulator/requests (request log), GET/PUT /_emulator/faults (fault plan), POST /_emulator/world \
            (load more documents).

            A fault plan is a JSON object with any of: seed, latencyMs, throttleRate, retryAfterSeconds, \
            serverErrorRate, resetRate, conflictRate (writes only), concurrentWriteRate (If-Match writes \
            another writer beats: 412), readBudget, writeBudget, budgetWindowSeconds (per subscription), \
            failOperations, operationErrorCode, operationErrorMessage, and script: [{fault: \
            throttle|serverError|unavailable|reset|conflict|status|concurrentWrite, method, pathContains, times, \
            status, code, message, retryAfterSeconds, retryAfterMs, merge}]. Scripted faults apply first, in \
            order; rates draw from a generator seeded with seed.
            """
    )

    @OptionGroup var flags: ARMEmulatorFlags

    func run() async throws {
        try await ARMEmulatorServer.run(world: flags.worldDocuments(), options: flags.options()) { port in
            FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(port)\n".utf8))
        }
    }
}
