-- Run on SQL Server BOX1\SQL22DROP TABLE t as sysadmin; SQL Server Agent must be running.
-- Tests TCP 5022 with a PowerShell job step, as the documentation does. RemoteAddress must be inside the instance's subnet; TcpTestSucceeded must be True.
USE msdb
GO
IF EXISTS (SELECT 1 FROM msdb.dbo.sysjobs WHERE name = N'TestMILinkConnection')
    EXEC msdb.dbo.sp_delete_job @job_name = N'TestMILinkConnection'
EXEC msdb.dbo.sp_add_job @job_name = N'TestMILinkConnection', @enabled = 1
EXEC msdb.dbo.sp_add_jobstep @job_name = N'TestMILinkConnection', @step_name = N'tnc 5022', @subsystem = N'PowerShell',
    @command = N'tnc mi1.abc123.database.windows.net -port 5022 | Select-Object ComputerName, RemoteAddress, TcpTestSucceeded | Format-List'
EXEC msdb.dbo.sp_add_jobserver @job_name = N'TestMILinkConnection'
EXEC msdb.dbo.sp_start_job @job_name = N'TestMILinkConnection'
GO
-- Wait until the job has finished (about a minute), then read its output and remove it.
SELECT TOP (5) h.run_date, h.run_time, h.run_status, h.message
FROM msdb.dbo.sysjobhistory AS h
INNER JOIN msdb.dbo.sysjobs AS j ON j.job_id = h.job_id
WHERE j.name = N'TestMILinkConnection'
ORDER BY h.instance_id DESC
GO
EXEC msdb.dbo.sp_delete_job @job_name = N'TestMILinkConnection'
GO
