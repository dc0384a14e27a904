-- pe-net link plan, S7: database mirroring endpoint
-- Run on SQL Server as sysadmin.
USE [master]
GO

IF NOT EXISTS (SELECT 1 FROM sys.database_mirroring_endpoints)
    CREATE ENDPOINT [database_mirroring_endpoint]
        STATE = STARTED
        AS TCP (LISTENER_PORT = 5022, LISTENER_IP = ALL)
        FOR DATABASE_MIRRORING (
            ROLE = ALL,
            AUTHENTICATION = CERTIFICATE [Cert_sqlserver1_endpoint],
            ENCRYPTION = REQUIRED ALGORITHM AES
        )
ELSE
    PRINT N'A database mirroring endpoint exists; plan with --endpoint alter to add the certificate.'
GO

SELECT
    e.name,
    e.state_desc,
    e.role_desc,
    e.connection_auth_desc,
    e.is_encryption_enabled,
    e.encryption_algorithm_desc,
    t.port,
    CASE
        WHEN
            t.port = 5022
            AND e.state_desc = 'STARTED'
            AND e.connection_auth_desc LIKE '%CERTIFICATE%'
            AND e.encryption_algorithm_desc LIKE '%AES%'
            THEN 1
        ELSE 0
    END AS endpoint_ok
FROM sys.database_mirroring_endpoints AS e
INNER JOIN sys.tcp_endpoints AS t ON e.endpoint_id = t.endpoint_id
GO
