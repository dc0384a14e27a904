-- pe-net link plan, sync-switch: synchronous commit before failover
-- Run on SQL Server as sysadmin.
-- Also PATCH arm/13-patch-replication-mode.json. Fail over only when last_hardened_lsn here
-- equals the instance's (GET the link: databases[].lastHardenedLsn).
USE [master]
GO

IF EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = N'DAG_SalesDB')
    ALTER AVAILABILITY GROUP [DAG_SalesDB]
        MODIFY
        AVAILABILITY GROUP ON
        N'AG_SalesDB' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT),
        N'managedinstance1' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)
GO

SELECT
    DB_NAME(drs.database_id) AS database_name,
    drs.synchronization_state_desc,
    drs.synchronization_health_desc,
    drs.last_hardened_lsn,
    drs.is_primary_replica
FROM sys.dm_hadr_database_replica_states AS drs
WHERE drs.database_id IN (DB_ID(N'SalesDB'))
GO
