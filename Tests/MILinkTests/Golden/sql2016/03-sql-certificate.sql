-- pe-net link plan, S3: SQL Server certificate
-- Run on SQL Server as sysadmin.
-- Rotate the certificate before its expiry date, or the link stops.
USE [master]
GO

IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'Cert_sqlserver1_endpoint')
    CREATE CERTIFICATE [Cert_sqlserver1_endpoint]
        WITH SUBJECT = N'Certificate for Cert_sqlserver1_endpoint',
        EXPIRY_DATE = N'20271130'
GO

-- PublicKeyEncoded goes into publicBlob of arm/04-put-server-trust-certificate.json.
SELECT
    c.name,
    c.expiry_date,
    c.pvt_key_encryption_type,
    CERTENCODED(c.certificate_id) AS PublicKeyEncoded
FROM sys.certificates AS c
WHERE c.name = N'Cert_sqlserver1_endpoint'
GO
