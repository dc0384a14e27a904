import PeNetCLI

await PeNet.start()
