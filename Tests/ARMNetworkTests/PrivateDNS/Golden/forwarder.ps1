# pe-net: private DNS zones of instance sales-mi
if (Get-DnsServerZone -Name 'privatelink.a1b2c3d4e5f6.database.windows.net' -ErrorAction SilentlyContinue) {
    Set-DnsServerConditionalForwarderZone -Name 'privatelink.a1b2c3d4e5f6.database.windows.net' -MasterServers 168.63.129.16,10.20.0.68
} else {
    Add-DnsServerConditionalForwarderZone -Name 'privatelink.a1b2c3d4e5f6.database.windows.net' -MasterServers 168.63.129.16,10.20.0.68
}
if (Get-DnsServerZone -Name 'privatelink.site' -ErrorAction SilentlyContinue) {
    Set-DnsServerConditionalForwarderZone -Name 'privatelink.site' -MasterServers 168.63.129.16,10.20.0.68
} else {
    Add-DnsServerConditionalForwarderZone -Name 'privatelink.site' -MasterServers 168.63.129.16,10.20.0.68
}
