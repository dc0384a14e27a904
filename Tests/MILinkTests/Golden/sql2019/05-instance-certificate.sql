-- pe-net link plan, S5: the instance's certificate, named by the instance FQDN
-- Run on SQL Server as sysadmin.
USE [master]
GO

-- Paste properties.publicBlob of GET endpointCertificates/DATABASE_MIRRORING (S5), 0x included.
DECLARE @public_blob NVARCHAR(MAX) = N''
IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'managedinstance1.6d710bcf372b.database.windows.net')
BEGIN
    IF
        @public_blob NOT LIKE N'0x%'
        OR LEN(@public_blob) % 2 = 1
        OR SUBSTRING(@public_blob, 3, LEN(@public_blob)) LIKE N'%[^0-9A-Fa-f]%'
        RAISERROR (N'Set @public_blob in 05-instance-certificate.sql to 0x followed by hex first.', 16, 1)
    ELSE
    BEGIN
        DECLARE @create NVARCHAR(MAX) = N'CREATE CERTIFICATE ' + QUOTENAME(N'managedinstance1.6d710bcf372b.database.windows.net')
            + N' FROM BINARY = ' + @public_blob
        EXEC sp_executesql @create
    END
END
ELSE
    PRINT N'The instance certificate already exists.'
GO

SELECT
    c.name,
    c.expiry_date
FROM sys.certificates AS c
WHERE c.name = N'managedinstance1.6d710bcf372b.database.windows.net'
GO
