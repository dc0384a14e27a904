-- pe-net link plan, S9: availability group
-- Run on SQL Server as sysadmin.
USE [master]
GO

IF NOT EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = N'AG_SalesDB')
    CREATE AVAILABILITY GROUP [AG_SalesDB]
        WITH (CLUSTER_TYPE = NONE)
        FOR DATABASE [SalesDB]
        REPLICA ON
            N'sqlserver1' WITH (
                ENDPOINT_URL = N'TCP://10.0.0.4:5022',
                AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
                FAILOVER_MODE = MANUAL,
                SEEDING_MODE = AUTOMATIC
            )
GO
