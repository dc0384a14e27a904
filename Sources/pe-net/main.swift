import PeNetCLI

await PeNet.main()
