import Dispatch
import PeNetCLI

// No `await` at the top level: that would make this an async main, which starts the concurrency
// runtime (and its threads) before `--version` could be answered.
PeNet.answerVersionIfAsked()
Task { await PeNet.start() }
dispatchMain()
