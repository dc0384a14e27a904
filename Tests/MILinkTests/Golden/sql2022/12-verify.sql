-- pe-net link plan, S12: link health (read-only)
-- Run on SQL Server as sysadmin.
-- Expect connected_state_desc CONNECTED for the instance's replica and HEALTHY synchronization.
SELECT
    ag.name AS availability_group,
    ag.is_distributed,
    r.replica_server_name,
    r.endpoint_url,
    rs.role_desc,
    rs.connected_state_desc,
    rs.synchronization_health_desc,
    rs.last_connect_error_number,
    rs.last_connect_error_description,
    rs.last_connect_error_timestamp
FROM sys.dm_hadr_availability_replica_states AS rs
INNER JOIN sys.availability_replicas AS r ON rs.replica_id = r.replica_id
INNER JOIN sys.availability_groups AS ag ON r.group_id = ag.group_id
WHERE ag.name IN (N'AG_SalesDB', N'DAG_SalesDB')
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
