-- pe-net link plan, S2: master key
-- Run on SQL Server as sysadmin.
-- Set @password to a strong password and keep it in a safe place; the script refuses an empty one.
USE [master]
GO

DECLARE @password NVARCHAR(128) = N''
IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE symmetric_key_id = 101)
BEGIN
    IF @password = N''
        RAISERROR (N'Set @password in 02-master-key.sql first.', 16, 1)
    ELSE
    BEGIN
        DECLARE @create NVARCHAR(MAX) = N'CREATE MASTER KEY ENCRYPTION BY PASSWORD = '
            + QUOTENAME(@password, N'''')
        EXEC sp_executesql @create
    END
END
ELSE
    PRINT N'Master key already exists.'
GO
