-- pe-net link plan, cleanup: drop the distributed availability group
-- Run on SQL Server as sysadmin.
-- Run after the link is deleted. The availability group may stay for other links.
USE [master]
GO

IF EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = N'DAG_SalesDB')
    DROP AVAILABILITY GROUP [DAG_SalesDB]
GO
