-- pe-net link plan, S10: distributed availability group
-- Run on SQL Server as sysadmin.
USE [master]
GO

IF NOT EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = N'DAG_SalesDB')
    CREATE AVAILABILITY GROUP [DAG_SalesDB]
        WITH (DISTRIBUTED)
        AVAILABILITY GROUP ON
        N'AG_SalesDB' WITH (
            LISTENER_URL = N'TCP://10.0.0.4:5022',
            AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT,
            FAILOVER_MODE = MANUAL,
            SEEDING_MODE = AUTOMATIC,
            SESSION_TIMEOUT = 20
        ),
        N'managedinstance1' WITH (
            LISTENER_URL = N'tcp://managedinstance1.6d710bcf372b.database.windows.net:5022;Server=[managedinstance1]',
            AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT,
            FAILOVER_MODE = MANUAL,
            SEEDING_MODE = AUTOMATIC
        )
GO
