-- pe-net link plan, S8: network (read-only)
-- Run on SQL Server as sysadmin.
-- The link needs TCP 5022 open both ways between SQL Server and the instance's subnet, and
-- TCP 11000-11999 from SQL Server to the instance's subnet. Test from SQL Server with
-- Test-NetConnection <instance FQDN> -Port 5022, and from the instance's side towards this
-- server's endpoint address on 5022. From this machine or a Linux host in its network,
-- pe-net tests DNS, 5022, 11000-11999 and 1433 and writes both directions' SQL Agent jobs:
--   pe-net link check-net --mi-fqdn managedinstance1.6d710bcf372b.database.windows.net --mi-subnet <instance subnet>
--     --sql-endpoint 10.0.0.4 --output-dir <dir>
-- This query shows this server's endpoint.
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
