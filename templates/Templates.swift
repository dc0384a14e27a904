/// Artifact templates embedded in the binary (iptables-restore, nft, sysctl.d, systemd units,
/// cloud-init, zone files, ARM templates, T-SQL scripts). Files live in `templates/files/` and are
/// compiled in with `.embedInCode`, so nothing is read next to the binary at run time.
public enum Templates {
    /// Every embedded file by its name in `templates/files/`. Add a line when adding a file.
    static let all: [String: [UInt8]] = [
        "example.zone": PackageResources.example_zone,
        "fwd.nft": PackageResources.fwd_nft,
        "fwd-iptables.rules": PackageResources.fwd_iptables_rules,
        "fwd-iptables-remove.rules": PackageResources.fwd_iptables_remove_rules,
        "fwd-remove.nft": PackageResources.fwd_remove_nft,
        "fwd-sysctl.conf": PackageResources.fwd_sysctl_conf,
        "fwd-cloud-init.yaml": PackageResources.fwd_cloud_init_yaml,
        "pe-net-fwd.service": PackageResources.pe_net_fwd_service,
        "pe-net-fwd-reconcile.service": PackageResources.pe_net_fwd_reconcile_service,
        "pe-net-fwd-reconcile.timer": PackageResources.pe_net_fwd_reconcile_timer,
        "link-root-microsoftpki.hex": PackageResources.link_root_microsoftpki_hex,
        "link-root-digicertpki.hex": PackageResources.link_root_digicertpki_hex,
    ]

    /// The text of an embedded template, by file name, or nil if there is no such file.
    public static func named(_ name: String) -> String? {
        all[name].map { String(decoding: $0, as: UTF8.self) }
    }

    /// The names of all embedded templates, sorted.
    public static var names: [String] { all.keys.sorted() }
}
