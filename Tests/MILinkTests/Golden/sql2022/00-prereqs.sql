-- pe-net link plan, S0: prerequisites (read-only)
-- Run on SQL Server as sysadmin.
-- Expect 1 in every *_ok column; trace flags 1800 and 9567 on (DBCC TRACESTATUS).
SELECT
    @@SERVERNAME AS server_name,
    CASE WHEN @@SERVERNAME = N'sqlserver1' THEN 1 ELSE 0 END AS server_name_ok,
    SERVERPROPERTY('ProductVersion') AS product_version,
    SERVERPROPERTY('ProductUpdateLevel') AS product_update_level,
    SERVERPROPERTY('Edition') AS edition,
    CASE
        WHEN PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)), 4) = '16' THEN 1
        ELSE 0
    END AS version_ok,
    CASE WHEN SERVERPROPERTY('IsHadrEnabled') = 1 THEN 1 ELSE 0 END AS hadr_ok
GO

DBCC TRACESTATUS (1800, 9567)
GO

SELECT
    d.name,
    d.recovery_model_desc,
    d.collation_name,
    d.state_desc,
    CASE WHEN d.recovery_model_desc = 'FULL' THEN 1 ELSE 0 END AS full_recovery_ok
FROM sys.databases AS d
WHERE d.name IN (
        N'SalesDB'
)
GO

SELECT k.symmetric_key_id
FROM sys.symmetric_keys AS k
WHERE k.symmetric_key_id = 101
GO

SELECT
    ag.name,
    ag.is_distributed
FROM sys.availability_groups AS ag
WHERE ag.name IN (N'AG_SalesDB', N'DAG_SalesDB')
GO
