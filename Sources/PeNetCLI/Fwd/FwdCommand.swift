import ArgumentParser

/// `pe-net fwd`: the forwarding VMs between the load balancer and the instances.
struct FwdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fwd",
        abstract: "Configure the Linux forwarding VMs behind the Private Link Service load balancer.",
        discussion: """
            Replaces ip_fwd.sh: one DNAT per mapping in pe-net's own nft table (or PE_NET_* iptables \
            chains), masquerade only for the forwarded flows, applied atomically and idempotently, \
            persisted with a systemd unit and re-resolved by a timer.
            """,
        subcommands: [
            FwdPlanCommand.self, FwdApplyCommand.self, FwdRemoveCommand.self, FwdStatusCommand.self,
            FwdReconcileCommand.self, FwdInstallCommand.self, FwdRenderCommand.self,
        ]
    )
}
