import Foundation

/// Where a step runs: on SQL Server (T-SQL as sysadmin) or against Azure Resource Manager.
public enum LinkStepTarget: String, Sendable, Codable {
    case sqlServer = "sql-server"
    case arm
}

/// One step of the link's setup or operation, in the order a DBA runs them.
public struct LinkStep: Hashable, Sendable, Codable {
    /// `S0`…`S12`, `sync-switch`, `failover`, `break`, `cleanup`.
    public var state: String
    public var target: LinkStepTarget
    /// What the step does, one line.
    public var summary: String
    /// The file the step runs or sends, relative to the output directory (nil: an ARM call without a body).
    public var file: String?
    /// The HTTP method of an ARM step.
    public var method: String?
    /// The ARM path of an ARM step, with `{subscriptionId}`/`{resourceGroupName}` left in when unknown.
    public var path: String?
    /// True for scripts that only read (they must parse in full with a T-SQL parser).
    public var readOnly: Bool
}

/// A generated file: its path relative to the output directory and its text.
public struct LinkFile: Hashable, Sendable, Codable {
    public var path: String
    public var content: String
}

/// Everything `pe-net link plan` writes: the ordered steps and the files they use.
public struct LinkPlan: Hashable, Sendable {
    public var steps: [LinkStep]
    public var files: [LinkFile]

    /// The api-version of every ARM call (the first stable one with the new link body).
    public static let apiVersion = "2025-01-01"

    /// Renders every script and body for `parameters`. `instanceCertificate` is the instance's
    /// mirroring-endpoint certificate when already known (else S5's script asks for it).
    public static func render(_ parameters: LinkParameters, instanceCertificate: PublicBlob? = nil) throws(MILinkError)
        -> LinkPlan
    {
        let scripts = LinkScripts(parameters)
        let arm = LinkARM(parameters)
        var plan = LinkPlan(steps: [], files: [])
        func sql(_ state: String, _ file: String, _ summary: String, readOnly: Bool = false, _ text: SQLText) {
            plan.steps.append(
                LinkStep(state: state, target: .sqlServer, summary: summary, file: file, readOnly: readOnly))
            plan.files.append(LinkFile(path: file, content: text.text.hasSuffix("\n") ? text.text : text.text + "\n"))
        }
        func call(_ state: String, _ request: LinkARM.Request) {
            plan.steps.append(
                LinkStep(
                    state: state, target: .arm, summary: request.summary, file: request.file, method: request.method,
                    path: request.path, readOnly: request.method == "GET"))
            if let file = request.file, let body = request.body {
                plan.files.append(LinkFile(path: file, content: body))
            }
        }
        sql(
            "S0", "00-prereqs.sql", "check version, HADR, trace flags, names (read-only)", readOnly: true,
            scripts.prerequisites())
        sql("S1", "01-database.sql", "FULL recovery and a full backup that starts the log chain", scripts.database())
        sql("S2", "02-master-key.sql", "master key in master (set @password first)", scripts.masterKey())
        sql(
            "S3", "03-sql-certificate.sql", "SQL Server certificate; prints its public key for S4",
            scripts.sqlCertificate())
        call("S4", try arm.putServerTrustCertificate())
        call("S5", arm.getEndpointCertificate())
        sql(
            "S5", "05-instance-certificate.sql", "import the instance's certificate, named by its FQDN",
            scripts.instanceCertificate(instanceCertificate))
        sql(
            "S6", "06-root-certificates.sql", "trust the Azure root CAs for the instance's domain",
            try scripts.rootCertificates())
        sql(
            "S7", "07-endpoint.sql", "database mirroring endpoint on 5022 with the certificate and AES",
            scripts.endpoint())
        sql(
            "S8", "08-network.sql", "mirroring endpoint state; test TCP 5022 both ways (read-only)", readOnly: true,
            scripts.network())
        sql("S9", "09-availability-group.sql", "availability group for the database", scripts.availabilityGroup())
        sql(
            "S10", "10-distributed-availability-group.sql", "distributed availability group with the instance",
            scripts.distributedAvailabilityGroup())
        call("S11", try arm.putDistributedAvailabilityGroup())
        call("S12", arm.getDistributedAvailabilityGroup())
        sql("S12", "12-verify.sql", "link health on SQL Server (read-only)", readOnly: true, scripts.verify())
        sql(
            "sync-switch", "13-sync-switch.sql", "synchronous commit before failover; compare LSNs",
            scripts.syncSwitch())
        call("sync-switch", try arm.patchReplicationModeSync())
        if parameters.failoverMode == .manual {
            call("failover", try arm.postFailover())
        } else {
            call("break", arm.deleteDistributedAvailabilityGroup())
        }
        sql(
            "cleanup", "15-cleanup.sql", "drop the distributed availability group after the link is gone",
            scripts.cleanup())
        return plan
    }
}
