-- pe-net link plan, S1: full recovery and a full backup
-- Run on SQL Server as sysadmin.
-- A full backup without COPY_ONLY starts the log chain (error 1475 otherwise). It goes to the
-- default backup directory; schedule log backups afterwards, or replication stops when the log is full.
USE [master]
GO

IF (SELECT d.recovery_model_desc FROM sys.databases AS d WHERE d.name = N'SalesDB') <> 'FULL'
    ALTER DATABASE [SalesDB] SET RECOVERY FULL
GO

IF NOT EXISTS (
    SELECT 1
    FROM sys.database_recovery_status AS s
    WHERE s.database_id = DB_ID(N'SalesDB') AND s.last_log_backup_lsn IS NOT NULL
)
    BACKUP DATABASE [SalesDB] TO DISK = N'pe-net-link-SalesDB.bak'
GO
