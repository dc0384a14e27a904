-- Run on the Managed Instance as sysadmin; SQL Server Agent must be running.
-- Tests TCP 5022 with a PowerShell job step, as the documentation does. The step prints True when the instance reaches SQL Server's mirroring endpoint (S7 must be STARTED).
USE msdb
GO
IF EXISTS (SELECT 1 FROM msdb.dbo.sysjobs WHERE name = N'NetHelper')
    EXEC msdb.dbo.sp_delete_job @job_name = N'NetHelper'
EXEC msdb.dbo.sp_add_job @job_name = N'NetHelper', @enabled = 1
EXEC msdb.dbo.sp_add_jobstep @job_name = N'NetHelper', @step_name = N'tnc 5022', @subsystem = N'PowerShell',
    @command = N'tnc 10.0.0.4 -port 5022 -InformationLevel Quiet'
EXEC msdb.dbo.sp_add_jobserver @job_name = N'NetHelper'
EXEC msdb.dbo.sp_start_job @job_name = N'NetHelper'
GO
-- Wait until the job has finished (about a minute), then read its output and remove it.
SELECT TOP (5) h.run_date, h.run_time, h.run_status, h.message
FROM msdb.dbo.sysjobhistory AS h
INNER JOIN msdb.dbo.sysjobs AS j ON j.job_id = h.job_id
WHERE j.name = N'NetHelper'
ORDER BY h.instance_id DESC
GO
EXEC msdb.dbo.sp_delete_job @job_name = N'NetHelper'
GO
