import Foundation

/// The reverse network checks as SQL Server Agent jobs, the way the documentation tests port
/// 5022: a PowerShell `tnc` step run where the connection starts, its output read back from
/// the job history, the job removed again. One script runs on SQL Server (towards the instance),
/// one on the instance (towards SQL Server).
public enum LinkNetworkScripts {
    /// The scripts for `miFQDN` and SQL Server at `sqlHost` (named `sqlServer` in the headers
    /// when given), under `check-net/`.
    public static func render(miFQDN: String, sqlHost: String, sqlServer: String? = nil) -> [LinkFile] {
        let server = sqlServer.map { "SQL Server \(commentText($0))" } ?? "SQL Server"
        return [
            LinkFile(
                path: "check-net/16-sql-server-to-instance.sql",
                content: job(
                    on: server, name: "TestMILinkConnection",
                    command:
                        "tnc \(miFQDN) -port 5022 | Select-Object ComputerName, RemoteAddress, TcpTestSucceeded | Format-List",
                    note: "RemoteAddress must be inside the instance's subnet; TcpTestSucceeded must be True.")),
            LinkFile(
                path: "check-net/17-instance-to-sql-server.sql",
                content: job(
                    on: "the Managed Instance", name: "NetHelper",
                    command: "tnc \(sqlHost) -port 5022 -InformationLevel Quiet",
                    note:
                        "The step prints True when the instance reaches SQL Server's mirroring endpoint (S7 must be STARTED)."
                )),
        ]
    }

    /// `text` without control characters, so it cannot end the `--` comment it is written in.
    static func commentText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
    }

    static func job(on place: String, name: String, command: String, note: String) -> String {
        let job = SQLString(name)
        return """
            -- Run on \(place) as sysadmin; SQL Server Agent must be running.
            -- Tests TCP 5022 with a PowerShell job step, as the documentation does. \(note)
            USE msdb
            GO
            IF EXISTS (SELECT 1 FROM msdb.dbo.sysjobs WHERE name = \(job))
                EXEC msdb.dbo.sp_delete_job @job_name = \(job)
            EXEC msdb.dbo.sp_add_job @job_name = \(job), @enabled = 1
            EXEC msdb.dbo.sp_add_jobstep @job_name = \(job), @step_name = N'tnc 5022', @subsystem = N'PowerShell',
                @command = \(SQLString(command))
            EXEC msdb.dbo.sp_add_jobserver @job_name = \(job)
            EXEC msdb.dbo.sp_start_job @job_name = \(job)
            GO
            -- Wait until the job has finished (about a minute), then read its output and remove it.
            SELECT TOP (5) h.run_date, h.run_time, h.run_status, h.message
            FROM msdb.dbo.sysjobhistory AS h
            INNER JOIN msdb.dbo.sysjobs AS j ON j.job_id = h.job_id
            WHERE j.name = \(job)
            ORDER BY h.instance_id DESC
            GO
            EXEC msdb.dbo.sp_delete_job @job_name = \(job)
            GO

            """
    }
}
